#include "slsim/sweep/results.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "slsim/models/json_input.hpp"

namespace slsim::sweep {

std::vector<std::uint64_t> sweep_spec::seed_list() const {
  std::vector<std::uint64_t> out;
  for (int i = 0; i < seeds; ++i) out.push_back(base_seed + static_cast<std::uint64_t>(i));
  return out;
}

bool in_shard(std::size_t point, std::size_t seed_index, int seeds, std::uint64_t shard_index,
              std::uint64_t shard_count) noexcept {
  const std::uint64_t index = point * static_cast<std::uint64_t>(seeds) + seed_index;
  return index % shard_count == shard_index;
}

void to_json(nlohmann::json& j, const sweep_spec& s) {
  j = {{"handler", s.handler},     {"scenario_source", s.scenario_source},
       {"scenario", s.scenario},   {"axes", s.axes},
       {"base_seed", s.base_seed}, {"seeds", s.seeds},
       {"prices", s.prices}};
}

sweep_spec sweep_spec_from_json(const nlohmann::json& j, const std::string& source) {
  try {
    sweep_spec s;
    s.handler = j.at("handler").get<std::string>();
    s.scenario_source = j.at("scenario_source").get<std::string>();
    s.scenario = j.at("scenario");
    s.axes = j.at("axes").get<std::vector<axis>>();
    s.base_seed = j.at("base_seed").get<std::uint64_t>();
    s.seeds = j.at("seeds").get<int>();
    s.prices = price_table_from_json(j.at("prices"), source + ": /spec/prices");
    return s;
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument(source + ": /spec: " + e.what());
  }
}

void to_json(nlohmann::json& j, const sweep_results& r) {
  nlohmann::json points = nlohmann::json::array();
  for (const auto& p : r.points) points.push_back({{"valid", p.valid}, {"reason", p.reason}});
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& c : r.rows) {
    nlohmann::json row{{"point", c.point}, {"seed", c.seed}};
    if (!c.error.empty())
      row["error"] = c.error;
    else
      row["figures"] = c.figures;
    rows.push_back(std::move(row));
  }
  j = {{"format", "slsim-sweep"},
       {"version", k_results_version},
       {"shard", r.shard},
       {"partial", r.partial},
       {"spec", r.spec},
       {"points", points},
       {"cases", rows}};
}

sweep_results sweep_results_from_json(const nlohmann::json& j, const std::string& source) {
  if (!j.is_object() || j.value("format", "") != "slsim-sweep")
    throw std::invalid_argument(source + ": not a sweep result (expected \"format\": \"slsim-sweep\")");
  if (j.value("version", 0) != k_results_version)
    throw std::invalid_argument(fmt::format("{}: /version: expected {}", source, k_results_version));
  sweep_results r;
  r.spec = sweep_spec_from_json(j.at("spec"), source);
  r.shard = j.value("shard", "");
  r.partial = j.value("partial", false);
  try {
    for (const auto& p : j.at("points"))
      r.points.push_back({p.at("valid").get<bool>(), p.at("reason").get<std::string>()});
    std::size_t index = 0;
    for (const auto& c : j.at("cases")) {
      const std::string where = fmt::format("{}: /cases/{}", source, index++);
      case_row row{c.at("point").get<std::size_t>(), c.at("seed").get<std::uint64_t>(), c.value("error", ""), {}};
      if (row.error.empty()) row.figures = case_metrics_from_json(c.at("figures"), where);
      if (row.point >= r.points.size()) throw std::invalid_argument(where + "/point: outside the grid");
      r.rows.push_back(std::move(row));
    }
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument(source + ": " + models::describe_json_error(e));
  }
  if (r.points.size() != r.spec.points().size())
    throw std::invalid_argument(source + ": /points: expected one entry per grid point");
  return r;
}

sweep_results merge(const std::vector<sweep_results>& shards, const std::vector<std::string>& names) {
  if (shards.empty()) throw std::invalid_argument("merge: nothing to merge");
  sweep_results out;
  out.spec = shards.front().spec;
  out.points = shards.front().points;
  const nlohmann::json spec = out.spec;
  for (std::size_t i = 0; i < shards.size(); ++i) {
    if (nlohmann::json(shards[i].spec) != spec)
      throw std::invalid_argument(
          fmt::format("merge: {} is a different sweep than {} (spec differs)", names[i], names[0]));
    out.rows.insert(out.rows.end(), shards[i].rows.begin(), shards[i].rows.end());
    out.partial = out.partial || shards[i].partial;
  }
  std::sort(out.rows.begin(), out.rows.end(),
            [](const case_row& a, const case_row& b) { return std::tie(a.point, a.seed) < std::tie(b.point, b.seed); });
  for (std::size_t i = 1; i < out.rows.size(); ++i)
    if (out.rows[i].point == out.rows[i - 1].point && out.rows[i].seed == out.rows[i - 1].seed)
      throw std::invalid_argument(fmt::format("merge: the case (point {}, seed {}) appears in two shards",
                                              out.rows[i].point, out.rows[i].seed));
  return out;
}

}  // namespace slsim::sweep
