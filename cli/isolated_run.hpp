#pragma once
// The parent's side of a command that ran one unit of handler code in a worker (run,
// replay, timeline): print what the worker returned, or say how the worker ended.
#include <cstdint>
#include <string>

#include "workers.hpp"

namespace slsim::cli {

struct isolated_context {
  std::string command;     ///< "run", "replay", "timeline"
  std::uint64_t seed = 0;  ///< the case's seed
  std::string handler;
  std::string trace_file;  ///< a trace being written, kept readable after a crash ("" if none)
  bool json = false;
};

/// A reported result {"text", "code"} prints its text and returns its code; an error is
/// exit 2; a crash or exit() of the handler is no_crash (exit 1); a killed worker is the
/// wall-clock guard (exit 4); exit status 70 is a model bug (exit 70).
int report_isolated_run(const worker_result& r, const isolated_context& context);

}  // namespace slsim::cli
