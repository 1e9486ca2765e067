#pragma once
// First divergence between two traces of (supposedly) the same case, found while reading
// them line by line: memory holds a few lines, never a whole trace.
#include <cstdint>
#include <exception>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "slsim/sim/trace_record.hpp"
#include "slsim/traces/trace_reader.hpp"

namespace slsim::traces {

/// The request a trace line belongs to: its first id field among "invocation" (a Lambda
/// invocation), "request" (a client's request), "batch" (an ESM batch), "writer".
struct request_ref {
  std::string field;
  std::uint64_t id = 0;
  bool on_line = true;  ///< false: the differing line names none; this is the nearest earlier line's
};

struct trace_divergence {
  std::size_t line = 0;              ///< 1-based line number of the first differing line
  std::string left, right;           ///< the differing lines ("" when one trace ended)
  std::vector<std::string> context;  ///< up to 3 equal lines before it
  /// After the divergence: per "component.event", how many records each side has.
  std::map<std::string, std::pair<std::size_t, std::size_t>> after_counts;
  std::size_t left_lines = 0, right_lines = 0;
  std::string kind;                    ///< "component.event" of the first differing line
  std::optional<request_ref> request;  ///< the first differing request, when the trace names one

  /// A human report: the context, both versions, and the summary of what differs after.
  std::string describe(const std::string& left_name, const std::string& right_name) const;
};

/// Compares two traces fed one line at a time (header first).
class line_comparer {
 public:
  /// The next line of both sides (before a divergence).
  void both(std::string_view left, std::string_view right);
  /// A line of one side only (the other ended, or they already diverged).
  void left_only(std::string_view left);
  void right_only(std::string_view right);
  bool diverged() const noexcept { return diverged_; }
  /// Lines fed so far per side.
  std::size_t left_lines() const noexcept { return left_lines_; }
  std::size_t right_lines() const noexcept { return right_lines_; }
  /// nullopt when both sides were byte-identical.
  std::optional<trace_divergence> result() const;

 private:
  void diverge(std::string_view left, std::string_view right, bool has_left, bool has_right);
  bool diverged_ = false;
  std::size_t left_lines_ = 0, right_lines_ = 0;
  std::optional<request_ref> last_request_;  // of the equal lines so far
  trace_divergence d_;
};

/// Compares two traces line by line; nullopt when byte-identical.
std::optional<trace_divergence> first_divergence(const trace_file& left, const trace_file& right);
/// The same, streaming both files (bounded memory). Throws trace_format_error.
std::optional<trace_divergence> first_divergence(trace_stream& left, trace_stream& right);

/// Compares a run's trace with a recorded one while the run produces it (`slsim replay`):
/// attach it as the run's trace listener. Holds one line of each side at a time.
class replay_comparer final : public sim::trace_listener {
 public:
  /// `fresh_header` is the header the run would write.
  replay_comparer(trace_stream& recorded, const trace_header& fresh_header);
  /// Never throws (it runs inside the simulation): a malformed recorded line is kept for finish().
  void on_record(const sim::trace_record& record) override;
  /// Compares the run's end line and whatever the recording has left. Throws the
  /// recording's trace_format_error if it had one.
  std::optional<trace_divergence> finish(const trace_footer& footer);
  /// Lines of the run's trace so far.
  std::size_t lines() const noexcept { return comparer_.right_lines(); }

 private:
  void fresh_line(std::string_view line);
  trace_stream& recorded_;
  bool recorded_done_ = false;
  std::exception_ptr error_;
  std::string line_;
  line_comparer comparer_;
};

}  // namespace slsim::traces
