#pragma once
// Escaping for the XML and HTML that slsim writes (JUnit reports, the sweep report and its
// SVG heatmaps): one function, so every writer escapes the same characters.
#include <string>
#include <string_view>

namespace slsim::io {

/// Where the escaped text goes: element content, or a quoted attribute value (where quotes
/// must be escaped and a newline would otherwise be normalised to a space by XML parsers).
enum class markup_context { text, attribute };

/// `text` with `& < >` escaped (and `" '` plus newlines in attributes); control characters
/// that XML 1.0 forbids become '?'.
std::string markup_escape(std::string_view text, markup_context where);

}  // namespace slsim::io
