#pragma once
// The public handler API (docs/architecture.md §4): everything a handler's source includes.
// A handler receives the SQS event exactly as Lambda shapes it (L14) and returns the
// partial batch response (L13), typed or as the raw JSON payload.
#include <boost/asio/awaitable.hpp>
#include <functional>
#include <string>
#include <string_view>

#include "slsim/lambda_context.hpp"
#include "slsim/runtime/batch_response.hpp"
#include "slsim/runtime/sqs_event.hpp"

namespace slsim {

namespace asio = boost::asio;

/// The typed form: `asio::awaitable<batch_response> handle(const sqs_event&, lambda_context&)`.
using typed_handler_fn = std::function<asio::awaitable<batch_response>(const sqs_event&, lambda_context&)>;
/// The raw form: Lambda's exact JSON payload in, the response payload out (judged by L13).
using raw_handler_fn = std::function<asio::awaitable<std::string>(std::string_view payload, lambda_context&)>;
/// The init phase, once per execution environment.
using init_fn = std::function<asio::awaitable<void>(init_context&)>;

/// A handler as slsim runs it: a name, an optional init, and exactly one of the forms.
struct handler_definition {
  std::string name;
  std::string summary;       ///< one line for `slsim handlers`
  std::string must_violate;  ///< zoo handlers: the property that must catch the bug ("" for correct handlers)
  init_fn init;
  typed_handler_fn typed;
  raw_handler_fn raw;
  /// The scenario the handler is written for, as JSON overrides of the built-in one (e.g. a
  /// FIFO queue); `slsim check`/`run` use it when no --scenario is given. "" = built-in.
  std::string scenario;
};

}  // namespace slsim
