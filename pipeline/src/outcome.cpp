#include "slsim/pipeline/outcome.hpp"

#include "slsim/gateway/request.hpp"

namespace slsim::pipeline {
namespace {
int hex_digit(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Lowercase hex digits only: the ids are formatted that way, so parse then format is the identity.
bool read_hex(std::string_view text, std::uint64_t& out) noexcept {
  for (const char c : text) {
    const int d = hex_digit(c);
    if (d < 0) return false;
    out = (out << 4) | static_cast<std::uint64_t>(d);
  }
  return true;
}
}  // namespace

std::optional<std::uint64_t> parse_request_number(std::string_view request_id) noexcept {
  constexpr std::string_view prefix = "req-";
  if (request_id.size() != prefix.size() + 16 || request_id.substr(0, prefix.size()) != prefix) return std::nullopt;
  std::uint64_t n = 0;
  if (!read_hex(request_id.substr(prefix.size()), n)) return std::nullopt;
  return n;
}

std::optional<std::pair<std::uint64_t, std::uint64_t>> parse_message_uuid(std::string_view id) noexcept {
  // 8-4-4-4-12 hex digits, as the queue model formats its 128-bit keys.
  if (id.size() != 36 || id[8] != '-' || id[13] != '-' || id[18] != '-' || id[23] != '-') return std::nullopt;
  std::uint64_t hi = 0;
  std::uint64_t lo = 0;
  if (!read_hex(id.substr(0, 8), hi) || !read_hex(id.substr(9, 4), hi) || !read_hex(id.substr(14, 4), hi) ||
      !read_hex(id.substr(19, 4), lo) || !read_hex(id.substr(24, 12), lo))
    return std::nullopt;
  return std::pair{hi, lo};
}

std::string format_message_uuid(std::uint64_t hi, std::uint64_t lo) {
  static constexpr char k_digits[] = "0123456789abcdef";
  std::string out(36, '-');
  const auto put = [&](std::size_t at, std::uint64_t value, int digits) {
    for (int i = digits - 1; i >= 0; --i, value >>= 4) out[at + static_cast<std::size_t>(i)] = k_digits[value & 0xF];
  };
  put(0, hi >> 32, 8);
  put(9, (hi >> 16) & 0xffff, 4);
  put(14, hi & 0xffff, 4);
  put(19, lo >> 48, 4);
  put(24, lo & 0xffffffffffffULL, 12);
  return out;
}

const request_fold* folded_record::find(std::uint64_t request_id) const {
  const auto at = by_request.find(request_id);
  return at ? &folds[*at] : nullptr;
}

const request_fold* folded_record::find(std::string_view request_id) const {
  if (const auto number = parse_request_number(request_id)) return find(*number);
  const auto it = by_other_id.find(request_id);
  return it == by_other_id.end() ? nullptr : &folds[it->second];
}

}  // namespace slsim::pipeline
