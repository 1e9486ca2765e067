#pragma once
// Validating a body of megabytes (G7: the gateway accepts 10 MB) through a JSON DOM costs
// milliseconds per request, almost all of it in lexing one long string byte by byte. A
// long string of plain characters has nothing a schema can check but its length, so the
// body is validated through a compact copy in which each such string's content is replaced
// by a marker holding its length. The JSON parser still decides well-formedness: the
// replacement keeps every token boundary and is itself a valid string.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slsim::gateway::detail {

/// Strings with at least this many characters are compacted.
inline constexpr std::size_t k_long_string = 1024;

/// `text` with the content of every long string value (not key) of printable ASCII (no escapes) replaced by
/// "\u0000" followed by its length in decimal; nullopt when nothing would be replaced, or
/// when the text already holds a "\u0000" escape (a marker must be unambiguous).
///
/// With `runs`, each replaced content is appended to it (views into `text`) and the marker
/// holds its index in `runs` instead of its length, so a reader can put the content back.
std::optional<std::string> compact_long_strings(std::string_view text, std::vector<std::string_view>* runs = nullptr);

/// The index in `runs` a string compacted with runs stood for; nullopt for an ordinary string.
std::optional<std::size_t> compacted_run(std::string_view value);

/// The length in code points a compacted string stood for; nullopt for an ordinary string.
std::optional<std::int64_t> compacted_length(std::string_view value);

}  // namespace slsim::gateway::detail
