#pragma once
// A strict JSON scanner for hot paths that read a message body's events without keeping
// its document (the gateway's schema check, a body's requestId). It accepts exactly the
// texts nlohmann::json::parse accepts (RFC 8259, a leading UTF-8 byte order mark, no
// comments, finite numbers, well-formed UTF-8 and surrogate pairs), within json_limits'
// size and depth, and reports values as nlohmann would: a number without fraction or
// exponent is unsigned or signed when it fits, else a double. It never allocates beyond
// one scratch string for the strings and numbers that need decoding; nlohmann's lexer
// costs several times more per byte, as it keeps every token's text for its messages.
#include <charconv>
#include <clocale>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "slsim/models/json_input.hpp"

namespace slsim::models {

/// Scans `text`, calling `events`' members in document order:
///   null(), boolean(bool), number_integer(std::int64_t), number_unsigned(std::uint64_t),
///   number_float(double), string(std::string_view), key(std::string_view),
///   start_object(), end_object(), start_array(), end_array();
/// each returns false to stop. A string or key view is valid only during its call.
/// Returns true when `text` is one valid JSON value within `limits` and no call stopped it.
template <typename Events>
bool scan_json(std::string_view text, Events& events, const json_limits& limits = k_payload_limits);

namespace detail {

template <typename Events>
class json_scanner {
 public:
  json_scanner(std::string_view text, Events& events, const json_limits& limits)
      : p_(text.data()), end_(text.data() + text.size()), events_(events), limits_(limits) {}

  bool run() {
    // A UTF-8 byte order mark may open the text (nlohmann skips it; a partial one is an error).
    if (end_ - p_ >= 1 && static_cast<unsigned char>(*p_) == 0xEF) {
      if (end_ - p_ < 3 || static_cast<unsigned char>(p_[1]) != 0xBB || static_cast<unsigned char>(p_[2]) != 0xBF)
        return false;
      p_ += 3;
    }
    skip_space();
    if (!value()) return false;
    skip_space();
    return p_ == end_;
  }

 private:
  void skip_space() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  bool literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) return false;
    p_ += word.size();
    return true;
  }

  // Iterative over containers: one bit per open level says object or array.
  bool value() {
    for (;;) {
      if (p_ == end_) return false;
      bool opened = false;
      switch (*p_) {
        case '{':
        case '[': {
          const bool object = *p_ == '{';
          if (++depth_ > limits_.max_depth) return false;
          ++p_;
          if (!(object ? events_.start_object() : events_.start_array())) return false;
          push(object);
          skip_space();
          if (p_ != end_ && *p_ == (object ? '}' : ']')) {
            ++p_;
            if (!close()) return false;
          } else {
            if (object && !member_key()) return false;
            opened = true;
          }
          break;
        }
        case '"':
          if (!string_token() || !events_.string(view_)) return false;
          break;
        case 't':
          if (!literal("true") || !events_.boolean(true)) return false;
          break;
        case 'f':
          if (!literal("false") || !events_.boolean(false)) return false;
          break;
        case 'n':
          if (!literal("null") || !events_.null()) return false;
          break;
        default:
          if (!number()) return false;
          break;
      }
      if (opened) continue;  // the container's first value
      // After a value: close what ends here, or move to the next element.
      for (;;) {
        if (depth_ == 0) return true;
        skip_space();
        if (p_ == end_) return false;
        const bool object = top_is_object();
        if (*p_ == ',') {
          ++p_;
          skip_space();
          if (object && !member_key()) return false;
          break;
        }
        if (*p_ != (object ? '}' : ']')) return false;
        ++p_;
        if (!close()) return false;
      }
    }
  }

  // At a member's key: reads it, its colon and the space before its value.
  bool member_key() {
    if (p_ == end_ || *p_ != '"' || !string_token() || !events_.key(view_)) return false;
    skip_space();
    if (p_ == end_ || *p_ != ':') return false;
    ++p_;
    skip_space();
    return true;
  }

  void push(bool object) {
    const std::size_t level = depth_ - 1;
    if (level < 64) {
      const std::uint64_t bit = std::uint64_t{1} << level;
      shallow_ = object ? (shallow_ | bit) : (shallow_ & ~bit);
    } else {
      if (deep_.size() < level - 63) deep_.resize(level - 63);
      deep_[level - 64] = object ? '{' : '[';
    }
  }
  bool top_is_object() const {
    const std::size_t level = depth_ - 1;
    return level < 64 ? (shallow_ >> level) & 1 : deep_[level - 64] == '{';
  }
  bool close() {
    const bool object = top_is_object();
    --depth_;
    return object ? events_.end_object() : events_.end_array();
  }

  static int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  bool four_hex(std::uint32_t& out) {
    if (end_ - p_ < 4) return false;
    out = 0;
    for (int i = 0; i < 4; ++i) {
      const int d = hex_digit(p_[i]);
      if (d < 0) return false;
      out = out * 16 + static_cast<std::uint32_t>(d);
    }
    p_ += 4;
    return true;
  }

  void append_utf8(std::uint32_t cp) {
    if (cp < 0x80) {
      scratch_ += static_cast<char>(cp);
    } else if (cp < 0x800) {
      scratch_ += static_cast<char>(0xC0 | (cp >> 6));
      scratch_ += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      scratch_ += static_cast<char>(0xE0 | (cp >> 12));
      scratch_ += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      scratch_ += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      scratch_ += static_cast<char>(0xF0 | (cp >> 18));
      scratch_ += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      scratch_ += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      scratch_ += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  // The length of the well-formed UTF-8 sequence starting at p_ (Unicode's table 3-7, as
  // nlohmann checks it), or 0.
  std::size_t utf8_sequence() const {
    const auto byte = [&](std::ptrdiff_t i) { return static_cast<unsigned char>(p_[i]); };
    const auto in = [&](std::ptrdiff_t i, unsigned lo, unsigned hi) {
      return end_ - p_ > i && byte(i) >= lo && byte(i) <= hi;
    };
    const unsigned c = byte(0);
    if (c >= 0xC2 && c <= 0xDF) return in(1, 0x80, 0xBF) ? 2 : 0;
    if (c == 0xE0) return in(1, 0xA0, 0xBF) && in(2, 0x80, 0xBF) ? 3 : 0;
    if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return in(1, 0x80, 0xBF) && in(2, 0x80, 0xBF) ? 3 : 0;
    if (c == 0xED) return in(1, 0x80, 0x9F) && in(2, 0x80, 0xBF) ? 3 : 0;
    if (c == 0xF0) return in(1, 0x90, 0xBF) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
    if (c >= 0xF1 && c <= 0xF3) return in(1, 0x80, 0xBF) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
    if (c == 0xF4) return in(1, 0x80, 0x8F) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
    return 0;
  }

  // At an opening quote: leaves the decoded content in view_ (into the text when it has no
  // escape, else into scratch_).
  bool string_token() {
    ++p_;
    const char* start = p_;
    bool escaped = false;
    for (;;) {
      if (p_ == end_) return false;
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') break;
      if (c < 0x20) return false;
      if (c == '\\') {
        if (!escaped) scratch_.assign(start, p_);
        escaped = true;
        ++p_;
        if (!escape()) return false;
        continue;
      }
      std::size_t n = 1;
      if (c >= 0x80 && (n = utf8_sequence()) == 0) return false;
      if (escaped) scratch_.append(p_, n);
      p_ += n;
    }
    view_ = escaped ? std::string_view(scratch_) : std::string_view(start, static_cast<std::size_t>(p_ - start));
    ++p_;
    return true;
  }

  // After a backslash.
  bool escape() {
    if (p_ == end_) return false;
    const char c = *p_++;
    switch (c) {
      case '"':
      case '\\':
      case '/':
        scratch_ += c;
        return true;
      case 'b':
        scratch_ += '\b';
        return true;
      case 'f':
        scratch_ += '\f';
        return true;
      case 'n':
        scratch_ += '\n';
        return true;
      case 'r':
        scratch_ += '\r';
        return true;
      case 't':
        scratch_ += '\t';
        return true;
      case 'u': {
        std::uint32_t cp = 0;
        if (!four_hex(cp)) return false;
        if (cp >= 0xDC00 && cp <= 0xDFFF) return false;  // a low surrogate alone
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          std::uint32_t low = 0;
          if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
          p_ += 2;
          if (!four_hex(low) || low < 0xDC00 || low > 0xDFFF) return false;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        append_utf8(cp);
        return true;
      }
      default:
        return false;
    }
  }

  static bool digit(char c) { return c >= '0' && c <= '9'; }

  bool number() {
    const char* start = p_;
    const bool negative = p_ != end_ && *p_ == '-';
    if (negative) ++p_;
    if (p_ == end_ || !digit(*p_)) return false;
    if (*p_ == '0') {
      ++p_;
    } else {
      while (p_ != end_ && digit(*p_)) ++p_;
    }
    bool integral = true;
    if (p_ != end_ && *p_ == '.') {
      integral = false;
      ++p_;
      if (p_ == end_ || !digit(*p_)) return false;
      while (p_ != end_ && digit(*p_)) ++p_;
    }
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
      integral = false;
      ++p_;
      if (p_ != end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (p_ == end_ || !digit(*p_)) return false;
      while (p_ != end_ && digit(*p_)) ++p_;
    }
    if (integral) {
      // Unsigned or signed when it fits, as nlohmann's lexer decides; else a double.
      if (negative) {
        std::int64_t v = 0;
        if (std::from_chars(start, p_, v).ec == std::errc()) return events_.number_integer(v);
      } else {
        std::uint64_t v = 0;
        if (std::from_chars(start, p_, v).ec == std::errc()) return events_.number_unsigned(v);
      }
    }
    // strtod, as nlohmann: an underflow is a small or zero double, an overflow an error.
    // In the C locale whatever locale the process is in (a handler may set one), as
    // nlohmann also reads '.' whatever the locale.
    static const locale_t c_numbers = newlocale(LC_NUMERIC_MASK, "C", nullptr);
    scratch_.assign(start, p_);
    const double d = strtod_l(scratch_.c_str(), nullptr, c_numbers);
    return std::isfinite(d) && events_.number_float(d);
  }

  const char* p_;
  const char* end_;
  Events& events_;
  const json_limits& limits_;
  std::size_t depth_ = 0;
  std::uint64_t shallow_ = 0;  ///< the first 64 levels: bit set for an object
  std::string deep_;           ///< deeper levels: '{' or '['
  std::string scratch_;
  std::string_view view_;
};

}  // namespace detail

template <typename Events>
bool scan_json(std::string_view text, Events& events, const json_limits& limits) {
  if (text.size() > limits.max_bytes) return false;
  return detail::json_scanner<Events>(text, events, limits).run();
}

}  // namespace slsim::models
