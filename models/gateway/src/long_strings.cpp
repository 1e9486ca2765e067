#include "long_strings.hpp"

#include <charconv>
#include <cstdint>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace slsim::gateway::detail {
namespace {

bool plain(unsigned char c) noexcept { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; }

// Whether any byte of `w` is not a plain string character: below 0x20, above 0x7e, a quote
// or a backslash (bit tricks on eight bytes at once; exact, since they only gate the
// byte-wise loop below).
bool word_has_special(std::uint64_t w) noexcept {
  constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
  const auto has_zero = [](std::uint64_t x) { return (x - ones) & ~x & highs; };
  const std::uint64_t below_space = (w - ones * 0x20) & ~w & highs;
  const std::uint64_t above_tilde = ((w + ones * (127 - 0x7e)) | w) & highs;
  return (below_space | above_tilde | has_zero(w ^ (ones * '"')) | has_zero(w ^ (ones * '\\'))) != 0;
}

// Index of the first byte of `text` from `at` that is not a plain string character.
std::size_t end_of_plain_run(std::string_view text, std::size_t at) noexcept {
#if defined(__SSE2__)
  // Sixteen bytes per step (an oversized body is a megabyte of one string). Signed bytes:
  // everything from 0x80 is negative, so "below 0x20" also catches the non-ASCII bytes.
  const __m128i space = _mm_set1_epi8(0x20), del = _mm_set1_epi8(0x7f);
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
  for (; at + 16 <= text.size(); at += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + at));
    const __m128i special = _mm_or_si128(_mm_or_si128(_mm_cmplt_epi8(v, space), _mm_cmpeq_epi8(v, del)),
                                         _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)));
    if (_mm_movemask_epi8(special) != 0) break;
  }
#endif
  for (; at + 8 <= text.size(); at += 8) {
    std::uint64_t w;
    std::memcpy(&w, text.data() + at, 8);
    if (word_has_special(w)) break;
  }
  while (at < text.size() && plain(static_cast<unsigned char>(text[at]))) ++at;
  return at;
}

// Whether the escape starting at `at` (a backslash) is \u0000.
bool is_nul_escape(std::string_view text, std::size_t at) noexcept { return text.compare(at, 6, "\\u0000") == 0; }

// Whether the string closed just before `after` is an object's key (a ':' follows): keys
// are compared with property names, so they are never compacted.
bool is_key(std::string_view text, std::size_t after) noexcept {
  const std::size_t next = text.find_first_not_of(" \t\r\n", after);
  return next != std::string_view::npos && text[next] == ':';
}

}  // namespace

std::optional<std::string> compact_long_strings(std::string_view text, std::vector<std::string_view>* runs) {
  std::string out;
  std::size_t copied = 0;  // text[0, copied) is in `out` already (or was replaced)
  bool replaced = false;
  std::size_t at = 0;
  while (true) {
    const void* quote = std::memchr(text.data() + at, '"', text.size() - at);
    if (quote == nullptr) break;
    const std::size_t open = static_cast<std::size_t>(static_cast<const char*>(quote) - text.data());
    const std::size_t run_end = end_of_plain_run(text, open + 1);
    if (run_end < text.size() && text[run_end] == '"' && run_end - open - 1 >= k_long_string &&
        !is_key(text, run_end + 1)) {
      if (out.empty()) out.reserve(text.size() < 4096 ? text.size() : 4096);
      out.append(text.substr(copied, open + 1 - copied));
      out += "\\u0000";
      if (runs) {
        out += std::to_string(runs->size());
        runs->push_back(text.substr(open + 1, run_end - open - 1));
      } else {
        out += std::to_string(run_end - open - 1);
      }
      copied = run_end;  // the closing quote is copied with what follows
      replaced = true;
      at = run_end + 1;
      continue;
    }
    // An ordinary string: walk to its closing quote, stepping over escapes.
    std::size_t i = run_end;
    while (i < text.size() && text[i] != '"') {
      if (text[i] == '\\') {
        if (is_nul_escape(text, i)) return std::nullopt;
        i += 2;
      } else {
        ++i;
      }
    }
    if (i >= text.size()) break;  // unterminated: left to the parser to reject
    at = i + 1;
  }
  if (!replaced) return std::nullopt;
  out.append(text.substr(copied));
  return out;
}

std::optional<std::size_t> compacted_run(std::string_view value) {
  if (value.size() < 2 || value[0] != '\0') return std::nullopt;
  std::size_t n = 0;
  const auto [end, ec] = std::from_chars(value.data() + 1, value.data() + value.size(), n);
  if (ec != std::errc{} || end != value.data() + value.size()) return std::nullopt;
  return n;
}

std::optional<std::int64_t> compacted_length(std::string_view value) {
  if (value.size() < 2 || value[0] != '\0') return std::nullopt;
  std::int64_t n = 0;
  const auto [end, ec] = std::from_chars(value.data() + 1, value.data() + value.size(), n);
  if (ec != std::errc{} || end != value.data() + value.size()) return std::nullopt;
  return n;
}

}  // namespace slsim::gateway::detail
