#pragma once
// Reads and validates a trace file. Any malformed line is reported with the file and
// line number (the CLI turns it into exit code 2); a trace never crashes the reader.
#include <istream>
#include <memory>
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

/// Reads a trace one line at a time: memory is bounded by the longest line, not the file,
/// whatever the trace's length. Each line is validated as it is read.
class trace_stream {
 public:
  /// Opens `path` and reads its header (line 1). Throws trace_format_error naming the file.
  explicit trace_stream(const std::string& path, bool require_end = true);
  /// Reads from `in` (kept by reference); `name` is used in messages.
  trace_stream(std::istream& in, std::string name, bool require_end = true);
  ~trace_stream();
  trace_stream(const trace_stream&) = delete;
  trace_stream& operator=(const trace_stream&) = delete;

  const trace_header& header() const noexcept { return header_; }
  /// The header line as written.
  const std::string& header_line() const noexcept { return header_line_; }
  /// Advances to the next line after the header (a record or the end line); false at
  /// the end of the file. Throws trace_format_error for a malformed or missing line.
  bool next();
  /// The current line as written (without its newline).
  const std::string& line() const noexcept { return line_; }
  /// The current line is the end line (footer() holds it).
  bool at_end_line() const noexcept { return at_end_line_; }
  /// The current record, parsed (not valid on the end line).
  const nlohmann::json& record() const noexcept { return record_; }
  std::size_t line_number() const noexcept { return line_no_; }
  std::uint64_t records() const noexcept { return records_; }
  const std::optional<trace_footer>& footer() const noexcept { return footer_; }
  const std::string& name() const noexcept { return name_; }

 private:
  void read_header();
  std::unique_ptr<std::istream> owned_;
  std::istream* in_;
  std::string name_;
  bool require_end_;
  trace_header header_;
  std::string header_line_;
  std::string line_;
  nlohmann::json record_;
  std::size_t line_no_ = 0;
  std::uint64_t records_ = 0;
  bool at_end_line_ = false;
  bool done_ = false;
  std::optional<trace_footer> footer_;
};

/// A whole trace in memory (small traces, tests). For traces of any size, use trace_stream.
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
