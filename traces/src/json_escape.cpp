#include "slsim/traces/json_escape.hpp"

#include <cstdint>

namespace slsim::traces {
namespace {
constexpr char k_hex[] = "0123456789abcdef";

void append_u_escape(std::string& out, unsigned code) {
  out += "\\u00";
  out += k_hex[(code >> 4) & 0xF];
  out += k_hex[code & 0xF];
}

// Length of the valid UTF-8 sequence starting at text[i], or 0 if it is not valid.
std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  std::size_t n = lead < 0xC2 ? 0 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : lead < 0xF5 ? 4 : 0;
  if (n == 0 || i + n > text.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return 0;
  return n;
}
}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      switch (c) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        default:
          if (c < 0x20)
            append_u_escape(out, c);
          else
            out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    const std::size_t n = utf8_length(text, i);
    if (n == 0) {  // not UTF-8: keep the byte visible, keep the line valid JSON
      out += "\\ufffd";
      ++i;
      continue;
    }
    out.append(text.data() + i, n);
    i += n;
  }
  out += '"';
}

}  // namespace slsim::traces
