// The live store client: each store operation is one coroutine on the client's
// executor that signs the request, sends it over a pooled keep-alive connection with
// Boost.Beast, maps the answer to the simulated store's result, and retries like the
// simulated SDK client (MD9). The handler is completed on its own executor.
#include "slsim/live/live_store_client.hpp"

#include <algorithm>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <cmath>
#include <mutex>
#include <vector>

#include "slsim/live/dynamodb_http.hpp"

namespace slsim::live {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

namespace detail {

/// What the client and its calls in flight share.
struct client_state {
  asio::any_io_executor executor;
  live_store_config config;
  endpoint_address address;
  std::mutex mutex;  // guards idle (completions may run on other threads of a pool)
  std::vector<std::unique_ptr<beast::tcp_stream>> idle;
  std::atomic<std::size_t> opened{0};
  std::atomic<std::size_t> attempts{0};

  std::chrono::system_clock::time_point now() const {
    return config.clock ? config.clock() : std::chrono::system_clock::now();
  }
  std::unique_ptr<beast::tcp_stream> take_idle() {
    std::lock_guard lock(mutex);
    if (idle.empty()) return nullptr;
    auto stream = std::move(idle.back());
    idle.pop_back();
    return stream;
  }
  void give_back(std::unique_ptr<beast::tcp_stream> stream) {
    std::lock_guard lock(mutex);
    if (idle.size() < config.max_idle_connections) idle.push_back(std::move(stream));
  }
};

}  // namespace detail

namespace {

/// One call's outcome: the completion's error_code and the store result.
struct call_outcome {
  error_code ec;
  store::store_result result;
};

/// One HTTP exchange: a transport error, or the status and body.
struct exchange {
  error_code ec;
  int status = 0;
  std::string body;
};

// A pooled connection the server closed while idle fails at once on reuse; such a
// request never reached the server, so it is sent again on a fresh connection.
bool stale_connection(const error_code& ec) noexcept {
  return ec == http::error::end_of_stream || ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
         ec == asio::error::eof;
}

asio::awaitable<error_code> connect(detail::client_state& s, beast::tcp_stream& stream) {
  tcp::resolver resolver(s.executor);
  auto [rec, endpoints] =
      co_await resolver.async_resolve(s.address.host, s.address.port, asio::as_tuple(asio::use_awaitable));
  if (rec) co_return rec;
  stream.expires_after(s.config.request_timeout);
  auto [cec, ep] = co_await stream.async_connect(endpoints, asio::as_tuple(asio::use_awaitable));
  if (!cec) {
    ++s.opened;
    error_code ignored;  // Nagle off for small request/response pairs; best effort
    stream.socket().set_option(tcp::no_delay(true), ignored);
  }
  co_return cec;
}

asio::awaitable<exchange> send_on(detail::client_state& s, beast::tcp_stream& stream,
                                  http::request<http::string_body>& request, bool& keep) {
  exchange out;
  stream.expires_after(s.config.request_timeout);
  auto [wec, written] = co_await http::async_write(stream, request, asio::as_tuple(asio::use_awaitable));
  (void)written;
  if (wec) {
    out.ec = wec;
    co_return out;
  }
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  auto [rec, read] = co_await http::async_read(stream, buffer, response, asio::as_tuple(asio::use_awaitable));
  (void)read;
  if (rec) {
    out.ec = rec;
    co_return out;
  }
  out.status = static_cast<int>(response.result_int());
  out.body = std::move(response.body());
  keep = response.keep_alive();
  co_return out;
}

http::request<http::string_body> to_http(const wire_request& w) {
  http::request<http::string_body> request{http::verb::post, "/", 11};
  for (const auto& [name, value] : w.headers) request.set(name, value);
  request.body() = w.body;
  request.keep_alive(true);
  request.prepare_payload();
  return request;
}

// One attempt: a pooled connection if there is one (again on a fresh one if it was
// stale), else a new one.
asio::awaitable<exchange> attempt(detail::client_state& s, const wire_request& w) {
  ++s.attempts;
  auto request = to_http(w);
  std::unique_ptr<beast::tcp_stream> stream = s.take_idle();
  bool reused = stream != nullptr;
  for (;;) {
    if (!stream) {
      stream = std::make_unique<beast::tcp_stream>(s.executor);
      if (const error_code ec = co_await connect(s, *stream); ec) co_return exchange{ec, 0, {}};
    }
    bool keep = false;
    exchange out = co_await send_on(s, *stream, request, keep);
    if (out.ec && reused && stale_connection(out.ec)) {
      stream.reset();
      reused = false;
      continue;
    }
    if (!out.ec && keep) s.give_back(std::move(stream));
    co_return out;
  }
}

call_outcome to_outcome(const exchange& x, std::string_view operation, const live_store_config& config) {
  call_outcome out;
  if (x.ec == beast::error::timeout) {
    // The simulated client's timeout: it gave up waiting; the write may have applied (MD5).
    out.result.error = store::make_error_code(store::store_errc::timeout);
    out.result.message = "no response within " + std::to_string(config.request_timeout.count()) + " ms";
  } else if (x.ec) {
    out.ec = x.ec;
    out.result.error = x.ec;
    out.result.message = x.ec.message();
    return out;
  } else {
    out.result = decode_response(operation, x.status, x.body);
  }
  out.ec = error_code(out.result.error);
  return out;
}

bool retryable(const store::store_result& r) noexcept {
  return r.error && r.error.category() == store::store_category() &&
         store::is_retryable(static_cast<store::store_errc>(r.error.value()));
}

asio::awaitable<call_outcome> run_call(std::shared_ptr<detail::client_state> s, store_operation operation) {
  const std::string_view name = store::operation_name(operation);
  const auto policy = s->config.retry.effective();  // MD20: a named preset's numbers
  for (int retries = 0;; ++retries) {
    // Each attempt is signed afresh: a retry after a long backoff needs a current date.
    const wire_request w = encode_request(operation, s->address, s->config.region, s->config.credentials, s->now());
    const exchange x = co_await attempt(*s, w);
    call_outcome out = to_outcome(x, name, s->config);
    if (!retryable(out.result) || retries >= policy.max_retries) co_return out;
    // MD9: exponential backoff, capped, like the simulated SDK client (live runs take no jitter).
    const double ms = std::min(policy.max_delay_ms, policy.base_delay_ms * std::pow(2.0, retries));
    asio::steady_timer timer(s->executor, std::chrono::microseconds(std::llround(ms * 1000)));
    auto [tec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    if (tec) co_return out;  // cancelled while backing off: the last answer stands
  }
}

}  // namespace

live_store_client::live_store_client(asio::any_io_executor executor, live_store_config config)
    : state_(std::make_shared<detail::client_state>()) {
  state_->address = parse_endpoint(config.endpoint);
  state_->executor = std::move(executor);
  state_->config = std::move(config);
}

live_store_client::~live_store_client() = default;

std::size_t live_store_client::connections_opened() const noexcept { return state_->opened.load(); }
std::size_t live_store_client::attempts() const noexcept { return state_->attempts.load(); }

void live_store_client::execute(store_operation operation, asio::any_completion_handler<store_signature> handler) {
  auto slot = asio::get_associated_cancellation_slot(handler);
  auto done = [h = std::move(handler), fallback = state_->executor](std::exception_ptr error,
                                                                    call_outcome out) mutable {
    if (error) {  // only an allocation failure or a codec bug can get here
      out.result.error = store::make_error_code(store::store_errc::internal_error);
      out.result.message = "live store client failed";
      out.ec = error_code(out.result.error);
    }
    auto executor = asio::get_associated_executor(h, fallback);
    asio::dispatch(executor,
                   [h = std::move(h), out = std::move(out)]() mutable { std::move(h)(out.ec, std::move(out.result)); });
  };
  // The handler's cancellation slot reaches the coroutine: a cancelled call completes
  // with operation_aborted, and the request may still have applied (as in the simulator).
  asio::co_spawn(state_->executor, run_call(state_, std::move(operation)),
                 asio::bind_cancellation_slot(slot, std::move(done)));
}

}  // namespace slsim::live
