#pragma once
// Handler log lines, gathered from the trace stream by whoever wants them (`timeline`,
// tests). A run does not keep them itself: every line is already a trace record, and a
// long run's logs would otherwise grow with its length (docs/architecture.md §8).
#include <cstdint>
#include <string>
#include <vector>

#include "slsim/sim/trace_record.hpp"

namespace slsim::pipeline {

/// A log line a handler wrote (ctx.log), with its invocation (0: init).
struct log_line {
  sim::time_ns t = 0;
  std::uint64_t invocation = 0;
  std::string text;
};

/// A trace listener that keeps the handler's log lines and passes every record on to
/// `next` (may be null). Attach it as a run's trace listener.
class log_collector final : public sim::trace_listener {
 public:
  explicit log_collector(sim::trace_listener* next = nullptr) : next_(next) {}
  void on_record(const sim::trace_record& record) override;

  const std::vector<log_line>& lines() const noexcept { return lines_; }

 private:
  sim::trace_listener* next_;
  std::vector<log_line> lines_;
};

}  // namespace slsim::pipeline
