#pragma once
// The one way slsim reads JSON that a user wrote (scenario, case file, trace lines, price
// table, sweep results, --set values, sweep lists) and JSON that crosses a trust boundary
// (message bodies, handler responses). Size and nesting depth are bounded by a linear,
// non-recursive scan *before* nlohmann parses, so no input can exhaust memory or the stack
// of a recursive step that follows (copy, dump, comparison, shape checks): a deep or huge
// input is an input error naming the source, the limit and where it was exceeded.
#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace slsim::models {

/// Bounds on one JSON text.
struct json_limits {
  std::size_t max_bytes = std::size_t{4} << 20;  ///< 4 MiB: scenarios and case files are a few KB
  std::size_t max_depth = 64;                    ///< arrays/objects inside each other
};

/// Scenario, case file and price table (configuration a person writes).
inline constexpr json_limits k_document_limits{};
/// Outputs slsim wrote and reads back (sweep and check results.json, for merge).
inline constexpr json_limits k_results_limits{std::size_t{256} << 20, 64};
/// One line of a trace (header or record): a record can carry a message body (≤ 1 MiB, MD10).
inline constexpr json_limits k_trace_line_limits{std::size_t{8} << 20, 64};
/// A value given on the command line (--set, sweep lists).
inline constexpr json_limits k_flag_value_limits{std::size_t{1} << 20, 32};
/// Message bodies and handler responses: AWS caps their size, not their depth; the bound only
/// keeps slsim's own recursive steps safe.
inline constexpr json_limits k_payload_limits{std::size_t{16} << 20, 512};

/// A file or flag that cannot be used: names the source, where (line/column or JSON pointer)
/// and what was expected. The CLI answers it with exit 2.
class input_error : public std::runtime_error {
 public:
  input_error(const std::string& source, const std::string& where, const std::string& message);
  const std::string& source() const noexcept { return source_; }
  const std::string& where() const noexcept { return where_; }

 private:
  std::string source_;
  std::string where_;
};

/// "" when `text` is within `limits`, else the problem ("nesting deeper than 64 levels at
/// line 3, column 9"). Linear, no allocation, no recursion; brackets inside strings do not count.
std::string check_json_bounds(std::string_view text, const json_limits& limits);

/// Parses `text` after check_json_bounds; throws input_error naming `source` and the line and
/// column of a syntax error.
nlohmann::json parse_json(std::string_view text, const std::string& source,
                          const json_limits& limits = k_document_limits);

/// The JSON value of `text`, or nullopt when it is not valid JSON or is out of `limits`.
/// For texts that may legitimately be something else (a bare string on the command line,
/// a message body that is not JSON).
std::optional<nlohmann::json> try_parse_json(std::string_view text, const json_limits& limits = k_payload_limits);

/// try_parse_json for code written against nlohmann's non-throwing parse: a discarded value
/// (is_discarded()) when `text` is not valid JSON or is out of `limits`.
nlohmann::json parse_or_discarded(std::string_view text, const json_limits& limits = k_payload_limits);

/// The string value of the top-level field `key` of `text`, read without building a
/// document: exactly `parse_or_discarded(text, limits)[key]` when that is an object whose
/// `key` is a string (the last of duplicate keys, as the document keeps), else nullopt.
/// For hot paths that need one field of every message body.
std::optional<std::string> top_level_string(std::string_view text, std::string_view key,
                                            const json_limits& limits = k_payload_limits);

/// The bytes of the file at `path`: throws input_error when it does not exist, is a directory,
/// cannot be read, or is larger than `max_bytes` (checked before reading). `what` names the
/// kind of file in messages ("scenario", "case file").
std::string read_input_file(const std::string& path, std::size_t max_bytes, const std::string& what);

/// read_input_file + parse_json.
nlohmann::json read_json_file(const std::string& path, const std::string& what,
                              const json_limits& limits = k_document_limits);

/// A library exception's text without its "[json.exception.type_error.302] " prefix and in
/// slsim's words ("expected a number, found a string").
std::string describe_json_error(const std::exception& e);

/// "an object", "a string", ... for messages.
const char* json_type_word(const nlohmann::json& j);

}  // namespace slsim::models
