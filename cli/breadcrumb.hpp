#pragma once
// The last trace record a worker reached, in memory shared with the parent: when the
// parent has to kill a hung worker it can still name where the run was. The child
// updates it with three plain stores per record (no formatting, no allocation).
#include <cstdint>
#include <string>

#include "slsim/sim/trace_record.hpp"

namespace slsim::cli {

struct breadcrumb {
  volatile std::uint64_t records = 0;  ///< records seen so far
  volatile std::int64_t t = 0;         ///< virtual time of the last one
  const sim::event_kind* volatile kind = nullptr;
  volatile int exit_called = 0;  ///< the child's exit() path ran (the handler ended the process)
  volatile int exit_status = 0;
};

/// Forwards every record to `next` (may be null) after noting it in `crumb`.
class breadcrumb_listener final : public sim::trace_listener {
 public:
  breadcrumb_listener(breadcrumb& crumb, sim::trace_listener* next) : crumb_(crumb), next_(next) {}
  void on_record(const sim::trace_record& r) override {
    crumb_.records = r.seq + 1;
    crumb_.t = r.t;
    crumb_.kind = r.kind;
    if (next_) next_->on_record(r);
  }

 private:
  breadcrumb& crumb_;
  sim::trace_listener* next_;
};

/// "runtime.invoke_start at t=1.234567 s (record 812)", or "" when no record was seen.
/// Read by the parent: the kind pointer is the child's, valid here because the child is
/// a fork of this process; it is checked against the loaded objects before use.
std::string describe(const breadcrumb& crumb);

}  // namespace slsim::cli
