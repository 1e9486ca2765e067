#include "slsim/live/sigv4.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <stdexcept>

namespace slsim::live {
namespace {
constexpr char k_hex[] = "0123456789abcdef";

std::string to_hex(const unsigned char* data, std::size_t size) {
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out += k_hex[data[i] >> 4];
    out += k_hex[data[i] & 0xF];
  }
  return out;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Header values are trimmed and runs of spaces collapse to one (SigV4 canonical form).
std::string canonical_value(std::string_view v) {
  std::string out;
  bool space = false;
  for (char c : v) {
    if (c == ' ' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string canonical_query(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> params;
  std::size_t start = 0;
  while (start < query.size()) {
    std::size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    const auto pair = query.substr(start, end - start);
    const auto eq = pair.find('=');
    if (!pair.empty())
      params.emplace_back(uri_encode(pair.substr(0, eq), false),
                          eq == std::string_view::npos ? "" : uri_encode(pair.substr(eq + 1), false));
    start = end + 1;
  }
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [k, v] : params) {
    if (!out.empty()) out += '&';
    out += k + "=" + v;
  }
  return out;
}
}  // namespace

std::string sha256_hex(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), md, &size, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 failed");
  return to_hex(md, size);
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  std::size_t size = 0;
  if (!EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key.data(), key.size(),
                 reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, sizeof out, &size))
    throw std::runtime_error("HMAC-SHA256 failed");
  return std::string(reinterpret_cast<const char*>(out), size);
}

std::string uri_encode(std::string_view text, bool keep_slash) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || (keep_slash && c == '/')) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += static_cast<char>(std::toupper(k_hex[c >> 4]));
      out += static_cast<char>(std::toupper(k_hex[c & 0xF]));
    }
  }
  return out;
}

sigv4_signature sign_v4(const sigv4_request& request, const sigv4_credentials& credentials, const sigv4_scope& scope) {
  // Canonical headers: lower-case names, sorted; repeated names join their values with ','.
  std::map<std::string, std::string> headers;
  for (const auto& [name, value] : request.headers) {
    auto& slot = headers[lower(name)];
    slot += (slot.empty() ? "" : ",") + canonical_value(value);
  }
  headers.try_emplace("x-amz-date", scope.amz_date);
  if (!credentials.session_token.empty()) headers.try_emplace("x-amz-security-token", credentials.session_token);
  if (!headers.contains("host")) throw std::invalid_argument("sigv4: the request needs a host header");

  sigv4_signature s;
  std::string canonical_headers;
  for (const auto& [name, value] : headers) {
    canonical_headers += name + ":" + value + "\n";
    s.signed_headers += (s.signed_headers.empty() ? "" : ";") + name;
  }
  s.canonical_request = request.method + "\n" + uri_encode(request.path.empty() ? "/" : request.path, true) + "\n" +
                        canonical_query(request.query) + "\n" + canonical_headers + "\n" + s.signed_headers + "\n" +
                        sha256_hex(request.body);
  const std::string date = scope.amz_date.substr(0, 8);
  const std::string credential_scope = date + "/" + scope.region + "/" + scope.service + "/aws4_request";
  s.string_to_sign =
      "AWS4-HMAC-SHA256\n" + scope.amz_date + "\n" + credential_scope + "\n" + sha256_hex(s.canonical_request);
  const std::string k_date = hmac_sha256("AWS4" + credentials.secret_access_key, date);
  const std::string k_region = hmac_sha256(k_date, scope.region);
  const std::string k_service = hmac_sha256(k_region, scope.service);
  const std::string k_signing = hmac_sha256(k_service, "aws4_request");
  const std::string raw = hmac_sha256(k_signing, s.string_to_sign);
  s.signature = to_hex(reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
  s.authorization = "AWS4-HMAC-SHA256 Credential=" + credentials.access_key_id + "/" + credential_scope +
                    ", SignedHeaders=" + s.signed_headers + ", Signature=" + s.signature;
  return s;
}

}  // namespace slsim::live
