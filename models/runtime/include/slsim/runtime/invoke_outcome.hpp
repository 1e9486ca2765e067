#pragma once
// The result of one synchronous invocation as the event source mapping sees it.
#include <cstdint>
#include <string>

#include "slsim/runtime/batch_response.hpp"
#include "slsim/sim/time.hpp"

namespace slsim::runtime {

/// How an invocation ended.
enum class invoke_status : std::uint8_t {
  ok,             ///< the handler returned; `output` holds its result
  handler_error,  ///< the handler (or its init phase) threw
  timeout,        ///< cut at timeout + kill lag (L5, MD5)
  crash,          ///< an injected crash killed the environment
  throttled,      ///< no concurrency available: the handler never ran (L11)
};

/// Lower-case name ("ok", "handler_error", ...).
const char* to_string(invoke_status s) noexcept;

/// One invocation's outcome, timing and billing (MD11).
struct invoke_outcome {
  invoke_status status = invoke_status::ok;
  invocation_output output;          ///< ok only
  std::string error;                 ///< handler_error: the exception's message
  std::uint64_t invocation_id = 0;   ///< 1-based, per runtime; its text form is aws_request_id (glossary)
  std::uint64_t environment_id = 0;  ///< 0 when throttled
  bool cold = false;                 ///< this invocation created its environment
  sim::time_ns init_duration = 0;    ///< cold start time spent before the handler ran
  sim::time_ns duration = 0;         ///< handler time, start to end (or to the kill)
  sim::time_ns billed_duration = 0;  ///< INIT + duration rounded up to 1 ms (MD11, MD18)
  double gb_seconds = 0;             ///< memory GB x billed seconds (MD11)

  bool ok() const noexcept { return status == invoke_status::ok; }
};

}  // namespace slsim::runtime
