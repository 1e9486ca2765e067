#include "slsim/io/markup_escape.hpp"

namespace slsim::io {

std::string markup_escape(std::string_view text, markup_context where) {
  const bool attribute = where == markup_context::attribute;
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += attribute ? "&quot;" : "\"";
        break;
      case '\'':
        out += attribute ? "&#39;" : "'";
        break;
      case '\n':
        out += attribute ? "&#10;" : "\n";
        break;
      default:
        // XML 1.0 allows only tab, CR and LF below 0x20.
        if (static_cast<unsigned char>(ch) < 0x20 && ch != '\t' && ch != '\r')
          out += '?';
        else
          out += ch;
    }
  }
  return out;
}

}  // namespace slsim::io
