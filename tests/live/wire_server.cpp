#include "wire_server.hpp"

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <cctype>

namespace slsim::live::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct wire_server::state {
  explicit state(asio::io_context& io) : acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {}
  tcp::acceptor acceptor;
  handler serve;
  std::vector<received_request> requests;
  std::size_t connections = 0;
  bool stopped = false;
};

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

asio::awaitable<void> session(std::shared_ptr<wire_server::state> s, tcp::socket socket, std::size_t connection) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  for (;;) {
    http::request<http::string_body> request;
    auto [rec, n] = co_await http::async_read(stream, buffer, request, asio::as_tuple(asio::use_awaitable));
    (void)n;
    if (rec || s->stopped) co_return;
    received_request r;
    for (const auto& field : request) r.headers[lower(std::string(field.name_string()))] = std::string(field.value());
    r.target = r.headers["x-amz-target"];
    r.body = request.body();
    r.connection = connection;
    s->requests.push_back(r);
    const reply answer = s->serve(r);
    if (!answer.respond) {  // hold the connection open without answering
      auto [wait_ec, m] = co_await http::async_read(stream, buffer, request, asio::as_tuple(asio::use_awaitable));
      (void)wait_ec;
      (void)m;
      co_return;
    }
    http::response<http::string_body> response{static_cast<http::status>(answer.status), 11};
    response.set(http::field::content_type, "application/x-amz-json-1.0");
    response.body() = answer.body;
    response.keep_alive(request.keep_alive());
    response.prepare_payload();
    auto [wec, w] = co_await http::async_write(stream, response, asio::as_tuple(asio::use_awaitable));
    (void)w;
    if (wec || !response.keep_alive()) co_return;
  }
}

asio::awaitable<void> accept_loop(std::shared_ptr<wire_server::state> s) {
  for (;;) {
    auto [ec, socket] = co_await s->acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
    if (ec || s->stopped) co_return;
    asio::co_spawn(s->acceptor.get_executor(), session(s, std::move(socket), ++s->connections), asio::detached);
  }
}

}  // namespace

wire_server::wire_server(asio::io_context& io, handler h) : state_(std::make_shared<state>(io)) {
  state_->serve = std::move(h);
  asio::co_spawn(io, accept_loop(state_), asio::detached);
}

wire_server::~wire_server() {
  state_->stopped = true;
  boost::system::error_code ignored;
  state_->acceptor.close(ignored);
}

std::string wire_server::endpoint() const {
  return "http://127.0.0.1:" + std::to_string(state_->acceptor.local_endpoint().port());
}

const std::vector<received_request>& wire_server::requests() const noexcept { return state_->requests; }
std::size_t wire_server::connections() const noexcept { return state_->connections; }

}  // namespace slsim::live::testing
