#pragma once
// Runs a registered handler (slsim::handler_definition) in the live world: on a real
// io_context, against a real store (usually live_store_client), like one warm Lambda
// execution environment — init once, then each invocation with an SQS event (L14),
// returning the partial batch response as the event source mapping judges it (L13).
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "slsim/handler.hpp"
#include "slsim/live/event_builder.hpp"
#include "slsim/runtime/judge.hpp"

namespace slsim::live {

/// Receives each handler log line: the invocation number (0 during init) and the line.
using log_sink = std::function<void(std::uint64_t invocation, std::string_view line)>;

/// The function's settings in the live world.
struct live_function_options {
  std::string function_name = "slsim-live";
  std::map<std::string, std::string> variables;  ///< what ctx.env(NAME) returns
  std::chrono::milliseconds timeout{3000};       ///< what remaining_time() counts down from (not enforced)
  bool report_batch_item_failures = true;        ///< L13: the ESM's FunctionResponseTypes setting
  event_source source;                           ///< the queue the events claim to come from
};

/// What one invocation gave.
struct live_invocation {
  std::uint64_t invocation = 0;    ///< 1, 2, ... in call order
  sqs_event event;                 ///< exactly what the handler received
  batch_response response;         ///< typed: as returned; raw: parsed when well formed
  std::string payload;             ///< the response JSON (raw: exactly as returned)
  std::string error;               ///< non-empty: init or the handler threw (the whole batch fails)
  runtime::batch_verdict verdict;  ///< L13: which messages the ESM would keep for a retry
};

/// One warm execution environment of `handler`. Handler coroutines run on `executor`;
/// log lines go to `sink`; buggify() is always false; now() is the steady clock.
class live_runner {
 public:
  /// `handler` and `store` must outlive the runner. Throws std::invalid_argument unless
  /// the handler has exactly one of the typed and raw forms.
  live_runner(boost::asio::any_io_executor executor, const handler_definition& handler, store_client& store,
              log_sink sink, live_function_options options = {});
  ~live_runner();
  live_runner(const live_runner&) = delete;
  live_runner& operator=(const live_runner&) = delete;

  /// Builds the event for `messages` (a fresh receive) and invokes the handler with it;
  /// init runs first on the first call (and again after an init that threw, as Lambda does).
  boost::asio::awaitable<live_invocation> async_invoke(std::vector<live_message> messages);
  /// The same for an event built by the caller.
  boost::asio::awaitable<live_invocation> async_invoke(sqs_event event);

  /// Blocking form: spawns the invocation on `io` and runs `io` until it completes
  /// (other work on `io`, e.g. a local server, runs meanwhile). `io` must not be run by
  /// another thread at the same time, and must be the context of the runner's executor.
  live_invocation invoke(boost::asio::io_context& io, std::vector<live_message> messages);

  /// Whether init has completed.
  bool initialized() const noexcept;

  struct impl;

 private:
  std::unique_ptr<impl> impl_;
};

}  // namespace slsim::live
