#pragma once
// The metrics sampler: a daemon that samples every series once per period of
// virtual time (CloudWatch's period, default 60 s).
#include "slsim/metrics/registry.hpp"
#include "slsim/sim/context.hpp"

namespace slsim::metrics {

/// Spawns a daemon task "metrics-sampler" that calls reg.sample(t) at t = period,
/// 2*period, ... It never keeps a run alive; call sample_final() after run() for the
/// last, partial period. `reg` must outlive the run. Requires period > 0.
void start_sampler(sim::context& ctx, registry& reg, sim::time_ns period);

/// Records the last partial period at `end` (e.g. run_result::end_time) unless a
/// sample was already taken at or after it.
void sample_final(registry& reg, sim::time_ns end);

}  // namespace slsim::metrics
