#pragma once
// The trace file format (docs/trace-format.md): JSON Lines. Line 1 is the header, then one
// line per trace record, then an end line. Byte-for-byte reproducible for a given case.
#include <nlohmann/json.hpp>
#include <string>

#include "slsim/version.hpp"

namespace slsim::traces {

inline constexpr const char* k_format_name = "slsim-trace";
inline constexpr int k_format_version = 1;

/// What a trace was recorded from: enough to re-run it (`slsim replay`).
struct trace_header {
  std::string slsim_version{k_version};
  std::string handler;                                 ///< built-in handler name or the plugin's absolute path
  nlohmann::json run_case = nlohmann::json::object();  ///< the case: scenario, workload, faults, seed
  /// The plugin's build id (api::plugin_build_id); empty for built-in handlers. Replay
  /// compares it first: a rebuilt plugin is a changed input, not nondeterminism.
  std::string handler_build;
};

/// The last line: written when the run ended normally (absent after a crash).
struct trace_footer {
  std::uint64_t records = 0;
  std::uint64_t trace_hash = 0;
  std::string status;
  std::int64_t end_time_ns = 0;
};

}  // namespace slsim::traces
