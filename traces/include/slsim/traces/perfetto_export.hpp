#pragma once
// Chrome/Perfetto trace-event JSON from a slsim trace: invocations as slices on one track per
// execution environment; each message's life (send → delete or DLQ move) as an async slice, its
// receives as short slices on the message's own track, and a flow from each receive to the
// invocation slice that got the message; faults as global instants; everything else as instants
// per component. Ids are strings and integers above 2^53 are written as strings, so JavaScript
// viewers do not round them.
#include <nlohmann/json.hpp>

#include "slsim/traces/trace_reader.hpp"

namespace slsim::traces {

/// {"traceEvents": [...], "displayTimeUnit": "ms"}; timestamps in microseconds of virtual time.
nlohmann::json to_perfetto(const trace_file& trace);

}  // namespace slsim::traces
