#pragma once
// Reads and validates a trace file. Any malformed line is reported with the file and
// line number (the CLI turns it into exit code 2); a trace never crashes the reader.
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "slsim/traces/format.hpp"

namespace slsim::traces {

/// A malformed trace: "FILE:LINE: what was expected".
class trace_format_error : public std::runtime_error {
 public:
  trace_format_error(const std::string& file, std::size_t line, const std::string& message);
  std::size_t line() const noexcept { return line_; }

 private:
  std::size_t line_;
};

struct trace_file {
  trace_header header;
  std::vector<std::string> lines;       ///< every line as written, header first (for byte comparison)
  std::vector<nlohmann::json> records;  ///< parsed record lines (not header, not end line)
  std::optional<trace_footer> footer;   ///< absent when the run did not finish (crash, truncation)
};

/// Reads `path`. With `require_end`, a trace without its end line is an error
/// ("truncated"); without it, such a trace is read as far as it goes.
trace_file read_trace(const std::string& path, bool require_end = true);
/// The same for an in-memory trace; `name` is used in messages.
trace_file parse_trace(const std::string& text, const std::string& name, bool require_end = true);

}  // namespace slsim::traces
