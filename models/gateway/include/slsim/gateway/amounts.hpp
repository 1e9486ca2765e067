#pragma once
// Boundary-biased amounts (docs/architecture.md §6 workload): business rules break at edges —
// a tier at 1,000, a schema maximum, a power of ten — which uniform draws from a narrow
// range almost never hit. Some amounts are therefore drawn from the edges, and some from
// the whole range the request schema allows, past the workload's usual range.
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <vector>

#include "slsim/gateway/config.hpp"
#include "slsim/sim/random.hpp"

namespace slsim::gateway {

/// Where a valid request's `amount` is drawn from.
struct amount_model {
  std::int64_t lo = 0;  ///< the schema's minimum (or clients.amount_min without one)
  std::int64_t hi = 0;  ///< the schema's maximum (or clients.amount_max without one)
  /// Sorted, distinct, within [lo, hi]: amount_min, amount_max, lo, hi, every power of ten
  /// and its neighbours, and each of clients.amount_boundaries with its neighbours.
  std::vector<std::int64_t> boundaries;

  /// The model for `config` under the request schema's `amount` property (JSON Schema
  /// subset: minimum, maximum); a schema without one bounds nothing beyond the config.
  static amount_model make(const client_config& config, const nlohmann::json& request_schema);
  /// Without a schema: [amount_min, amount_max] only.
  static amount_model make(const client_config& config);

  /// One amount: a boundary with amount_boundary_probability, log-uniform over [lo, hi]
  /// with amount_wide_probability, else uniform over [amount_min, amount_max].
  std::int64_t draw(sim::rng& random, const client_config& config) const;
};

}  // namespace slsim::gateway
