#include "slsim/external/http_message.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace slsim::external {
namespace {

constexpr std::size_t k_max_header_bytes = 64 * 1024;
constexpr std::size_t k_max_body_bytes = 16 * 1024 * 1024;  // DynamoDB's own request limit is 16 MB

bool iequals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

const char* reason(int status) noexcept {
  switch (status) {
    case 200:
      return "OK";
    case 202:
      return "Accepted";
    case 400:
      return "Bad Request";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 413:
      return "Payload Too Large";
    case 500:
      return "Internal Server Error";
    default:
      return "Status";
  }
}

}  // namespace

const std::string* http_request::header(std::string_view name) const noexcept {
  for (const auto& [key, value] : headers)
    if (iequals(key, name)) return &value;
  return nullptr;
}

parse_status parse_request(std::string& buffer, http_request& out, std::string& error) {
  // Tolerate empty lines between requests (RFC 9112 §2.2).
  std::size_t start = 0;
  while (start + 1 < buffer.size() && buffer[start] == '\r' && buffer[start + 1] == '\n') start += 2;
  const std::size_t end = buffer.find("\r\n\r\n", start);
  if (end == std::string::npos) {
    if (buffer.size() - start > k_max_header_bytes) {
      error = "request head larger than 64 KiB";
      return parse_status::malformed;
    }
    return parse_status::incomplete;
  }
  const std::string_view head(buffer.data() + start, end - start);
  const std::size_t line_end = head.find("\r\n");
  const std::string_view line = head.substr(0, line_end);
  const std::size_t sp1 = line.find(' ');
  const std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp1 == std::string_view::npos || sp2 == std::string_view::npos || line.substr(sp2 + 1).rfind("HTTP/1.", 0) != 0) {
    error = "not an HTTP/1.x request line: \"" + std::string(line.substr(0, 80)) + "\"";
    return parse_status::malformed;
  }
  http_request r;
  r.method = std::string(line.substr(0, sp1));
  r.target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
  std::size_t pos = line_end == std::string_view::npos ? head.size() : line_end + 2;
  while (pos < head.size()) {
    std::size_t next = head.find("\r\n", pos);
    if (next == std::string_view::npos) next = head.size();
    const std::string_view field = head.substr(pos, next - pos);
    const std::size_t colon = field.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      error = "malformed header line: \"" + std::string(field.substr(0, 80)) + "\"";
      return parse_status::malformed;
    }
    r.headers.emplace_back(std::string(field.substr(0, colon)), std::string(trim(field.substr(colon + 1))));
    pos = next + 2;
  }
  if (const auto* te = r.header("transfer-encoding"); te && !iequals(*te, "identity")) {
    error = "Transfer-Encoding " + *te + " is not supported: send Content-Length";
    return parse_status::malformed;
  }
  std::size_t length = 0;
  if (const auto* cl = r.header("content-length")) {
    const auto [p, ec] = std::from_chars(cl->data(), cl->data() + cl->size(), length);
    if (ec != std::errc() || p != cl->data() + cl->size() || length > k_max_body_bytes) {
      error = "bad Content-Length \"" + *cl + "\"";
      return parse_status::malformed;
    }
  }
  const std::size_t body_at = end + 4;
  if (buffer.size() - body_at < length) return parse_status::incomplete;
  r.body.assign(buffer, body_at, length);
  buffer.erase(0, body_at + length);
  out = std::move(r);
  return parse_status::complete;
}

std::string format_response(int status, std::string_view body,
                            const std::vector<std::pair<std::string, std::string>>& headers) {
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reason(status) + "\r\n";
  for (const auto& [name, value] : headers) out += name + ": " + value + "\r\n";
  out += "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: keep-alive\r\n\r\n";
  out += body;
  return out;
}

}  // namespace slsim::external
