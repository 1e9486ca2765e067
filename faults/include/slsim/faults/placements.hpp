#pragma once
// Bounded-exhaustive fault placement (`slsim explore`, docs/exploration.md): every fault of
// the chosen kinds at every trigger point one run reached, addressed by keyed triggers, in
// a fixed order, each marked with the pruning rule that makes it redundant, if any.
#include <cstdint>
#include <optional>
#include <vector>

#include "slsim/faults/fault_plan.hpp"
#include "slsim/faults/point_log.hpp"

namespace slsim::faults {

/// Why a placement need not run.
enum class prune_rule : std::uint8_t {
  none,
  /// (i) state: the same point (same trace hash there) as an earlier placement of the same
  /// fault, addressed by another key (several records of one batch): the same run.
  state,
  /// (ii) lineage: the fault cannot reach an outcome an oracle reads (it would fire in the
  /// liveness phase, where faults are off; a duplicate of a message never deleted; a recycle
  /// after which no invocation starts).
  lineage,
  /// (iii) equivalent to another placement that runs (a crash right after a call ≡ a crash
  /// at the next await point; a crash before a read ≡ right after it; an ambiguous timeout
  /// of a read ≡ a lost one). The second and third are heuristics (docs/exploration.md).
  equivalent,
};
inline constexpr std::size_t k_prune_rules = 4;
const char* to_string(prune_rule r) noexcept;

struct placement {
  fault f;                  ///< keyed: fault::request set
  std::uint64_t seq = 0;    ///< the point's position in its run (point_position::seq)
  std::uint64_t hash = 0;   ///< the trace hash at the point (point_position::hash)
  std::uint32_t order = 0;  ///< the placement's rank among those at the same point
  prune_rule pruned = prune_rule::none;

  /// Whether this placement (found in the run of a plan ending with placement `last`) comes
  /// after `last`: at a later point, or at the same point with a higher rank. A point of
  /// that run with `last`'s position but another state is one reached after `last` fired
  /// (a crash removes the call it killed from the numbering).
  bool after(const placement& last) const noexcept {
    return seq > last.seq || (seq == last.seq && (hash != last.hash || order > last.order));
  }
};

struct placement_options {
  std::vector<fault_kind> kinds;  ///< the kinds to place (empty: none)
  /// Only placements after this one in the total order (a child of an explored placement:
  /// the pairs in the other order are the children of the other placement).
  std::optional<placement> after;
  std::vector<double> spike_seconds{4, 60};  ///< store_latency_spike variants
  double gateway_slow_seconds = 30;          ///< past the 29 s integration limit (G3)
  std::uint32_t throttle_burst = 15;         ///< a burst the SDK's retries do not outlast (MD9)
};

struct placement_stats {
  std::uint64_t unaddressable_invocations = 0;  ///< invocations no key addresses (a resent copy's first receive)
  std::uint64_t unaddressable_calls = 0;        ///< their store calls
};

/// The placements of `o.kinds` at every point of `log`, in the total order. Pruned ones
/// are included and marked (callers count them); `prune` false marks none.
std::vector<placement> enumerate_placements(const point_log& log, const placement_options& o, bool prune,
                                            placement_stats* stats = nullptr);

}  // namespace slsim::faults
