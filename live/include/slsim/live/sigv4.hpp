#pragma once
// AWS Signature Version 4 (HMAC-SHA256, OpenSSL): signs requests of the live backend so
// a handler's store client can talk to a real DynamoDB-protocol endpoint. Checked against
// AWS's published SigV4 test-suite vectors.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace slsim::live {

struct sigv4_credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  ///< optional; adds x-amz-security-token when set
};

/// What gets signed. Header names may be in any case; `path` is unencoded ("/a b") and
/// `query` is "k=v&k2=v2" with raw (unencoded) keys and values.
struct sigv4_request {
  std::string method;
  std::string path = "/";
  std::string query;
  std::vector<std::pair<std::string, std::string>> headers;  ///< must include host
  std::string body;
};

struct sigv4_scope {
  std::string region;
  std::string service;
  std::string amz_date;  ///< ISO 8601 basic, e.g. "20150830T123600Z" (the caller's clock)
};

/// Every intermediate of the algorithm, so failures can be pinned to a step.
struct sigv4_signature {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signed_headers;  ///< "host;x-amz-date"
  std::string signature;       ///< lower-case hex
  std::string authorization;   ///< the Authorization header value
};

/// Signs `request`. The x-amz-date header is added if absent (and signed).
sigv4_signature sign_v4(const sigv4_request& request, const sigv4_credentials& credentials, const sigv4_scope& scope);

/// Lower-case hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);
/// Raw HMAC-SHA256 of `data` under `key`.
std::string hmac_sha256(std::string_view key, std::string_view data);
/// RFC 3986 percent-encoding of everything but unreserved characters (and '/' if kept).
std::string uri_encode(std::string_view text, bool keep_slash);

}  // namespace slsim::live
