// One warm execution environment in the live world: init once, then invocations with
// Lambda's event, judged as the event source mapping would (L13).
#include "slsim/live/live_runner.hpp"

#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>

#include "slsim/api/handler_function.hpp"
#include "slsim/models/json_input.hpp"

namespace slsim::live {

namespace asio = boost::asio;

namespace {

// The live world's hooks: real time (outside the simulator, so allowed), no buggify.
class live_hooks final : public handler_hooks {
 public:
  explicit live_hooks(log_sink sink) : sink_(std::move(sink)) {}
  void log(std::uint64_t invocation, std::string_view line) override {
    if (sink_) sink_(invocation, line);
  }
  bool buggify(std::string_view) override { return false; }
  std::chrono::nanoseconds now() const override { return std::chrono::steady_clock::now().time_since_epoch(); }

 private:
  log_sink sink_;
};

// The live world's clock: the system clock, and busy waits that really wait (a steady
// timer on the runner's executor), cancellable through the caller's slot.
class live_clock final : public handler_clock {
 public:
  explicit live_clock(asio::any_io_executor executor) : executor_(std::move(executor)) {}
  std::chrono::system_clock::time_point now() const override { return std::chrono::system_clock::now(); }
  void wait(std::chrono::nanoseconds d, asio::any_completion_handler<busy_signature> done) override {
    auto timer = std::make_shared<asio::steady_timer>(executor_, d);
    auto slot = asio::get_associated_cancellation_slot(done);
    timer->async_wait(asio::bind_cancellation_slot(
        slot, [timer, h = std::move(done)](boost::system::error_code ec) mutable { std::move(h)(ec); }));
  }

 private:
  asio::any_io_executor executor_;
};

std::string describe(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown exception";
  }
}

std::vector<std::string> ids_of(const sqs_event& event) {
  std::vector<std::string> ids;
  ids.reserve(event.records.size());
  for (const auto& r : event.records) ids.push_back(r.message_id);
  return ids;
}

}  // namespace

struct live_runner::impl {
  asio::any_io_executor executor;
  const handler_definition* handler;
  store_client* store;
  live_hooks hooks;
  live_function_options options;
  environment_state state;  // what init left, seen by every invocation (a warm environment)
  bool initialized = false;
  std::uint64_t invocations = 0;
  std::uint64_t deliveries = 0;

  static constexpr std::uint64_t k_environment = 1;

  asio::awaitable<void> init() {
    if (initialized) co_return;
    if (handler->init) {
      init_context ctx(*store, state, hooks, k_environment, options.variables, executor);
      co_await handler->init(ctx);
    }
    initialized = true;
  }

  asio::awaitable<void> invoke(const sqs_event& event, live_invocation& out) {
    const auto deadline = hooks.now() + std::chrono::nanoseconds(options.timeout);
    live_clock clock(executor);
    lambda_context ctx(*store, state, hooks,
                       {out.invocation, k_environment, api::aws_request_id(out.invocation), options.function_name},
                       deadline, options.variables, executor, clock);
    if (handler->typed) {
      out.response = co_await handler->typed(event, ctx);
      out.payload = nlohmann::json(out.response).dump();
      co_return;
    }
    const std::string payload = nlohmann::json(event).dump();
    out.payload = co_await handler->raw(payload, ctx);
    const auto parsed = models::parse_or_discarded(out.payload);
    if (parsed.is_object()) {
      try {
        out.response = parsed.get<batch_response>();
      } catch (const nlohmann::json::exception&) {
        out.response = {};  // malformed: the verdict below says how the ESM reads it (L13)
      }
    }
  }
};

live_runner::live_runner(asio::any_io_executor executor, const handler_definition& handler, store_client& store,
                         log_sink sink, live_function_options options)
    : impl_(std::make_unique<impl>(impl{
          std::move(executor), &handler, &store, live_hooks(std::move(sink)), std::move(options), {}, false, 0, 0})) {
  if (static_cast<bool>(handler.typed) == static_cast<bool>(handler.raw))
    throw std::invalid_argument("handler '" + handler.name + "' must have exactly one of a typed and a raw form");
}

live_runner::~live_runner() = default;

bool live_runner::initialized() const noexcept { return impl_->initialized; }

asio::awaitable<live_invocation> live_runner::async_invoke(std::vector<live_message> messages) {
  sqs_event event =
      build_sqs_event(messages, impl_->options.source, std::chrono::system_clock::now(), ++impl_->deliveries);
  live_invocation out = co_await async_invoke(std::move(event));
  co_return out;
}

asio::awaitable<live_invocation> live_runner::async_invoke(sqs_event event) {
  live_invocation out;
  out.invocation = ++impl_->invocations;
  out.event = std::move(event);
  std::exception_ptr error;
  // co_await is not allowed in a catch block: capture the error, judge after.
  try {
    co_await impl_->init();
    co_await impl_->invoke(out.event, out);
  } catch (...) {
    error = std::current_exception();
  }
  const std::vector<std::string> ids = ids_of(out.event);
  if (error) {
    out.error = describe(error);  // L13: a thrown exception fails the whole batch
    out.verdict = {runtime::verdict_kind::complete_failure, {}, "function error: " + out.error};
  } else if (impl_->handler->typed) {
    out.verdict = runtime::judge_response(runtime::invocation_output(out.response), ids,
                                          impl_->options.report_batch_item_failures);
  } else {
    out.verdict = runtime::judge_response(out.payload, ids, impl_->options.report_batch_item_failures);
  }
  co_return out;
}

live_invocation live_runner::invoke(asio::io_context& io, std::vector<live_message> messages) {
  std::optional<live_invocation> result;
  std::exception_ptr error;
  asio::co_spawn(io, async_invoke(std::move(messages)), [&](std::exception_ptr e, live_invocation r) {
    error = e;
    result = std::move(r);
  });
  io.restart();
  while (!result && !error) {
    if (io.run_one() == 0) break;  // nothing left to run: cannot happen while the call is pending
  }
  if (error) std::rethrow_exception(error);
  if (!result) throw std::logic_error("live_runner::invoke: the io_context stopped before the invocation finished");
  return std::move(*result);
}

}  // namespace slsim::live
