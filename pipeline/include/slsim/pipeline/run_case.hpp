#pragma once
// Assembles the pipeline of a scenario around a handler and runs one case to
// quiescence: clients → gateway → queue → ESM → runtime → handler → store, then the
// liveness phase (docs/architecture.md §6).
#include <functional>
#include <string>

#include "slsim/handler.hpp"
#include "slsim/pipeline/outcome.hpp"
#include "slsim/pipeline/scenario.hpp"
#include "slsim/sim/trace_record.hpp"

namespace slsim::pipeline {

class world;

struct run_options {
  std::uint64_t seed = 1;
  sim::trace_listener* trace = nullptr;  ///< receives every trace record (tracing on)
  /// Called once the world is assembled, before it runs: the fault layer attaches here.
  std::function<void(world&)> on_assembled;
  /// Called when the workload is done, before the liveness phase: faults stop here.
  std::function<void(world&)> on_liveness;
  /// Write the run's metric series here (CSV if the name ends in .csv, else JSON); empty: none.
  std::string metrics_file;
  /// Keep what the oracles and reports read (message bodies and receive histories, result
  /// writes, invocation spans). Off for a run whose only product is its trace (`replay`):
  /// the run is the same event for event, its outcome holds only counts and ids.
  bool keep_records = true;
};

/// Runs one case. Throws scenario_error / models::config_error for a configuration the
/// models reject; everything that happens inside the run is in the outcome.
run_outcome run_case(const scenario& s, const handler_definition& handler, const run_options& options);

}  // namespace slsim::pipeline
