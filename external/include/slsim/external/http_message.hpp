#pragma once
// A small HTTP/1.1 framing for the two protocols an external handler process speaks to
// slsim (the Lambda Runtime API and DynamoDB's JSON 1.0): requests with Content-Length
// bodies in, complete responses out. Pure functions, no I/O.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace slsim::external {

/// One request as the process sent it.
struct http_request {
  std::string method;
  std::string target;
  std::vector<std::pair<std::string, std::string>> headers;  ///< names as sent
  std::string body;

  /// The value of header `name` (case-insensitive), or nullptr.
  const std::string* header(std::string_view name) const noexcept;
};

enum class parse_status { complete, incomplete, malformed };

/// Takes one request off the front of `buffer` when it holds a whole one. `error` says
/// what is wrong with a malformed one (chunked bodies are not accepted: every client
/// slsim serves sends Content-Length).
parse_status parse_request(std::string& buffer, http_request& out, std::string& error);

/// A whole response with Content-Length; `headers` are added as given.
std::string format_response(int status, std::string_view body,
                            const std::vector<std::pair<std::string, std::string>>& headers = {});

}  // namespace slsim::external
