#pragma once
// Assembles the pipeline of a scenario around a handler and runs one case to
// quiescence: clients → gateway → queue → ESM → runtime → handler → store, then the
// liveness phase (docs/architecture.md §6).
#include <functional>
#include <optional>
#include <string>

#include "slsim/handler.hpp"
#include "slsim/pipeline/outcome.hpp"
#include "slsim/pipeline/scenario.hpp"
#include "slsim/sim/trace_record.hpp"

namespace slsim::pipeline {

class world;

/// What a run keeps of its messages and result writes.
enum class record_mode : std::uint8_t {
  /// Every message's record (body, receives, failures) and every result write, until the end:
  /// what reports (timeline, probes, sweeps) read. Memory grows with the run (~2 KB a request).
  full,
  /// The oracles' facts folded as the run goes: a message's record is dropped once it is
  /// settled cleanly (deleted, valid, no copy left), each result write is folded into its
  /// request's counts; only messages that matter at the end (moved to the DLQ, deleted
  /// although invalid, never finished) keep a record. Verdicts and summaries equal those of
  /// `full` (run_outcome::folded).
  folded,
  /// Only each sent message's ids (the fault layer's keyed triggers): a run whose only
  /// product is its trace (`replay`).
  ids,
};

struct run_options {
  std::uint64_t seed = 1;
  sim::trace_listener* trace = nullptr;  ///< receives every trace record (tracing on)
  /// Called once the world is assembled, before it runs: the fault layer attaches here.
  std::function<void(world&)> on_assembled;
  /// Called when the workload is done, before the liveness phase: faults stop here.
  std::function<void(world&)> on_liveness;
  /// Write the run's metric series here (CSV if the name ends in .csv, else JSON); empty: none.
  std::string metrics_file;
  /// What the run keeps for the oracles and reports (docs/architecture.md §8). The run is
  /// the same event for event in every mode.
  record_mode records = record_mode::full;
  /// record_mode::folded: the effect contract's expected(payload) (properties::find_expected),
  /// applied to each message's body as it is sent, so the body need not be kept.
  std::function<std::optional<store::item>(std::string_view payload)> expected;
  /// record_mode::folded: keep what attributes a failure to an injected fault (each failed
  /// receive's invocation, every invocation's span). Off when the case injects nothing, so
  /// no failure can be a fault's: then those records, one per batch, would be read by nobody.
  bool attribute_failures = true;
};

/// Runs one case. Throws scenario_error / models::config_error for a configuration the
/// models reject; everything that happens inside the run is in the outcome.
run_outcome run_case(const scenario& s, const handler_definition& handler, const run_options& options);

}  // namespace slsim::pipeline
