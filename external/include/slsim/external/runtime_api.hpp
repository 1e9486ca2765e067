#pragma once
// The Lambda Runtime API as slsim serves it to a handler process (L16): the routes, the
// answer to GET .../invocation/next, and the error document of .../error.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "slsim/external/http_message.hpp"
#include "slsim/runtime/sqs_event.hpp"
#include "slsim/sim/time.hpp"

namespace slsim::external {

/// The API version prefix of every Runtime API path.
inline constexpr std::string_view k_runtime_prefix = "/2018-06-01/runtime/";

/// What a request to slsim is.
struct route {
  enum class kind { next, response, error, init_error, dynamodb, unknown } what = kind::unknown;
  std::string request_id;  ///< response / error: the id in the path
};
route route_of(const http_request& r);

/// The answer to GET .../invocation/next: the event JSON and the invocation's headers.
std::string next_answer(const sqs_event& event, const std::string& request_id, sim::time_ns deadline,
                        std::string_view function_name);

/// "Runtime.ExitError: ..." from a POSTed error document ({"errorType", "errorMessage"}),
/// or the raw text (cut) when it is not one.
std::string describe_error_document(std::string_view body, std::string_view fallback_type);

/// The variables a process starts with: the function's, the runtime's own, then the
/// Lambda runtime's (AWS_LAMBDA_RUNTIME_API, _HANDLER, ...) and fake credentials.
std::map<std::string, std::string> process_environment(const std::map<std::string, std::string>& function_env,
                                                       const std::map<std::string, std::string>& runtime_env,
                                                       std::string_view function_name, const std::string& task_root,
                                                       std::uint16_t port, std::uint64_t hash_seed);

}  // namespace slsim::external
