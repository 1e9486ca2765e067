// The Runtime API's routes and documents as slsim serves them (L16, L14).
#include "slsim/external/runtime_api.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "slsim/api/sim_clock.hpp"
#include "slsim/models/json_input.hpp"

namespace slsim::external {
namespace {
constexpr std::string_view k_invocation = "invocation/";
}

route route_of(const http_request& r) {
  route out;
  if (r.header("x-amz-target") != nullptr && r.method == "POST") {
    out.what = route::kind::dynamodb;
    return out;
  }
  std::string_view path(r.target);
  if (path.rfind(k_runtime_prefix, 0) != 0) return out;
  path.remove_prefix(k_runtime_prefix.size());
  if (path == "init/error" && r.method == "POST") {
    out.what = route::kind::init_error;
  } else if (path == "invocation/next" && r.method == "GET") {
    out.what = route::kind::next;
  } else if (path.rfind(k_invocation, 0) == 0 && r.method == "POST") {
    path.remove_prefix(k_invocation.size());
    const std::size_t slash = path.find('/');
    if (slash == std::string_view::npos) return out;
    out.request_id = std::string(path.substr(0, slash));
    const std::string_view action = path.substr(slash + 1);
    if (action == "response") out.what = route::kind::response;
    if (action == "error") out.what = route::kind::error;
  }
  return out;
}

std::string next_answer(const sqs_event& event, const std::string& request_id, sim::time_ns deadline,
                        std::string_view function_name) {
  // L14: the exact event document the C++ path's raw handlers receive.
  const std::string body = nlohmann::json(event).dump();
  const auto deadline_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(api::virtual_epoch(deadline).time_since_epoch()).count();
  // L16: the four invocation headers; the trace id is derived from the request id only.
  return format_response(
      200, body,
      {{"Content-Type", "application/json"},
       {"Lambda-Runtime-Aws-Request-Id", request_id},
       {"Lambda-Runtime-Deadline-Ms", std::to_string(deadline_ms)},
       {"Lambda-Runtime-Invoked-Function-Arn",
        fmt::format("arn:aws:lambda:us-east-1:123456789012:function:{}", function_name)},
       {"Lambda-Runtime-Trace-Id", fmt::format("Root=1-00000000-{};Parent={};Sampled=0",
                                               request_id.substr(request_id.size() - 12) + "000000000000",
                                               request_id.substr(request_id.size() - 12) + "0000")}});
}

std::string describe_error_document(std::string_view body, std::string_view fallback_type) {
  const auto j = models::parse_or_discarded(body);
  if (j.is_object()) {
    const auto type = j.value("errorType", std::string(fallback_type));
    const auto message = j.value("errorMessage", std::string());
    return type + ": " + message;
  }
  return std::string(fallback_type) + ": " + std::string(body.substr(0, 200));
}

std::map<std::string, std::string> process_environment(const std::map<std::string, std::string>& function_env,
                                                       const std::map<std::string, std::string>& runtime_env,
                                                       std::string_view function_name, const std::string& task_root,
                                                       std::uint16_t port, std::uint64_t hash_seed) {
  std::map<std::string, std::string> env;
  // Only what a runtime needs to find its interpreter: nothing else of the host leaks in.
  for (const char* name : {"PATH", "HOME", "LANG"})
    if (const char* v = std::getenv(name)) env[name] = v;
  for (const auto& [k, v] : function_env) env[k] = v;
  for (const auto& [k, v] : runtime_env) env[k] = v;
  const std::string address = "127.0.0.1:" + std::to_string(port);
  const std::string name(function_name);
  // L16: the runtime's own variables (set last: a function cannot override them on AWS either).
  env["AWS_LAMBDA_RUNTIME_API"] = address;
  env["AWS_LAMBDA_FUNCTION_NAME"] = name;
  env["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST";
  env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] =
      env.count("AWS_LAMBDA_FUNCTION_MEMORY_SIZE") ? env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] : "128";
  env["AWS_LAMBDA_LOG_GROUP_NAME"] = "/aws/lambda/" + name;
  env["LAMBDA_TASK_ROOT"] = task_root;
  env["LAMBDA_RUNTIME_DIR"] = task_root;
  if (!env.count("_HANDLER")) env["_HANDLER"] = "index.handler";
  env["AWS_REGION"] = "us-east-1";
  env["AWS_DEFAULT_REGION"] = "us-east-1";
  env["AWS_EXECUTION_ENV"] = "slsim";
  // Fake credentials of the function's role: slsim accepts any signature.
  env["AWS_ACCESS_KEY_ID"] = "AKIASLSIMFUNCTIONROLE";
  env["AWS_SECRET_ACCESS_KEY"] = "slsim-fake-secret-access-key";
  env["AWS_SESSION_TOKEN"] = "slsim-fake-session-token";
  env["AWS_ENDPOINT_URL_DYNAMODB"] = "http://" + address;
  env["SLSIM_DYNAMODB_ENDPOINT"] = "http://" + address;  // for SDKs older than AWS_ENDPOINT_URL_* (L16)
  env["TZ"] = "UTC";
  env["PYTHONHASHSEED"] = std::to_string(hash_seed % 4294967296ULL);
  return env;
}

}  // namespace slsim::external
