#pragma once
// Chrome/Perfetto trace-event JSON from a slsim trace: invocations as slices on one
// track per execution environment, messages as flows from send to delete or DLQ move,
// faults as global instant events, everything else as instants per component.
#include <nlohmann/json.hpp>

#include "slsim/io/output_file.hpp"
#include "slsim/traces/trace_reader.hpp"

namespace slsim::traces {

/// {"traceEvents": [...], "displayTimeUnit": "ms"}; timestamps in microseconds of virtual time.
nlohmann::json to_perfetto(const trace_file& trace);
/// The same document written to `out` while the trace at `trace_path` is read twice (once
/// to learn where invocations ran): memory holds per-invocation and per-message bookkeeping,
/// never the events. Throws trace_format_error or io::output_error.
void write_perfetto(const std::string& trace_path, io::output_file& out);

}  // namespace slsim::traces
