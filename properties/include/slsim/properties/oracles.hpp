#pragma once
// The oracles (docs/architecture.md §6): what "correct" means for a pipeline run. They read the
// always-on event record of a run (run_outcome), never a trace file.
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "slsim/pipeline/outcome.hpp"
#include "slsim/pipeline/scenario.hpp"

namespace slsim::properties {

enum class property : std::uint8_t {
  exactly_once,  ///< one result write per accepted valid request, equal to expected(payload); counters right
  no_loss,       ///< every accepted request ends processed or in the DLQ
  dlq_routing,   ///< the DLQ holds exactly the messages that should be there, each cause named
  fifo_order,    ///< F1, F2, P11: within a FIFO group, processing follows send order (a DLQ move aside, F8)
  boundary,      ///< rejected requests never reach the queue or the store
  drains,        ///< the liveness phase reaches quiescence within its bound
  no_crash,      ///< the simulated world itself did not fail (an escaped exception, a deadlock)
  vacuous,       ///< the run checked something: a request was accepted and a message reached the handler
};
inline constexpr property k_all_properties[] = {property::exactly_once, property::no_loss,  property::dlq_routing,
                                                property::fifo_order,   property::boundary, property::drains,
                                                property::no_crash,     property::vacuous};

const char* to_string(property p) noexcept;
std::optional<property> parse_property(std::string_view name) noexcept;

/// One violation: the property, the request and message it concerns, and why.
struct violation {
  property what = property::exactly_once;
  std::string client_request_id;  ///< the client's requestId ("req-…"), "" if the violation names none
  std::string message_id;
  std::string detail;
};

struct verdict {
  std::vector<violation> violations;
  /// The hang guard that stopped the run ("bounds.wall_seconds", "bounds.max_events"), or "".
  /// A stopped run did not finish, so it has no property verdict: `violations` stays empty.
  std::string guard;
  std::string guard_detail;  ///< the guard's own message (e.g. the wall-clock limit it hit)
  bool hang() const noexcept { return !guard.empty(); }
  bool ok() const noexcept { return violations.empty() && guard.empty(); }
  std::set<property> violated() const;
  /// The first violation of the most important property (in k_all_properties order).
  const violation* primary() const noexcept;
};

/// The pure expected(payload) → item of an effect contract; nullopt for a payload that
/// has no expected result (poison, invalid).
using expected_fn = std::function<std::optional<store::item>(std::string_view payload)>;
/// The built-in expected functions by name ("reference_transform"); empty if unknown.
expected_fn find_expected(const std::string& name);

/// The scenario field of the hang guard that stopped `run` ("" when none did).
std::string guard_name(const sim::run_result& run);

/// Checks every property on one run. A run a hang guard stopped gets no property verdict
/// (verdict::guard is set instead): its unfinished requests are not losses.
verdict check(const pipeline::run_outcome& outcome, const pipeline::scenario& s);

}  // namespace slsim::properties
