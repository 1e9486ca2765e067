#pragma once
// A sweep's results as data: what was swept (the spec), which points AWS would reject,
// and the figures of every (point, seed) case that ran. Shards of one sweep hold disjoint
// cases of the same spec, so merging is a union (`slsim merge`).
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "slsim/sweep/case_metrics.hpp"
#include "slsim/sweep/grid.hpp"
#include "slsim/sweep/price_table.hpp"

namespace slsim::sweep {

inline constexpr int k_results_version = 1;

/// Everything that decides a sweep's outcome (identical across its shards).
struct sweep_spec {
  std::string handler = "reference";
  std::string scenario_source = "builtin";             ///< the scenario file, for people
  nlohmann::json scenario = nlohmann::json::object();  ///< the effective base scenario document
  std::vector<axis> axes;
  std::uint64_t base_seed = 1;
  int seeds = 20;
  price_table prices;

  grid points() const { return grid(axes); }
  /// The seeds every point runs (common random numbers).
  std::vector<std::uint64_t> seed_list() const;
};

/// A point's standing before it runs: AWS would reject its configuration, or not.
struct point_status {
  bool valid = true;
  std::string reason;  ///< why AWS would reject it (field, value, range, fact)
};

/// One case: a point run with one seed.
struct case_row {
  std::size_t point = 0;
  std::uint64_t seed = 0;
  std::string error;  ///< non-empty: the case did not produce figures (worker crash, ...)
  case_metrics figures;
};

struct sweep_results {
  sweep_spec spec;
  std::vector<point_status> points;  ///< one per grid point
  std::vector<case_row> rows;        ///< sorted by (point, seed)
  std::string shard;                 ///< "I/N" of a shard, "" for a whole sweep
  bool partial = false;              ///< interrupted: some cases of the grid never ran
};

/// Which (point, seed) cases shard I of N runs: case index (point × seeds + k) mod N == I.
bool in_shard(std::size_t point, std::size_t seed_index, int seeds, std::uint64_t shard_index,
              std::uint64_t shard_count) noexcept;

void to_json(nlohmann::json& j, const sweep_spec& s);
sweep_spec sweep_spec_from_json(const nlohmann::json& j, const std::string& source);
void to_json(nlohmann::json& j, const sweep_results& r);
/// Throws std::invalid_argument naming `source` and what is malformed.
sweep_results sweep_results_from_json(const nlohmann::json& j, const std::string& source);

/// Combines shards of one sweep. Throws std::invalid_argument when the specs differ or
/// two shards hold the same case.
sweep_results merge(const std::vector<sweep_results>& shards, const std::vector<std::string>& names);

}  // namespace slsim::sweep
