#include "slsim/gateway/amounts.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "amount_limit.hpp"

namespace slsim::gateway {
namespace {
void add_with_neighbours(std::vector<std::int64_t>& out, std::int64_t v) {
  for (std::int64_t d : {-1, 0, 1}) out.push_back(v + d);
}

// A schema limit as an amount: within ±k_max_amount, so that bounds, neighbours and the
// span hi - lo stay far from overflow (a schema may say "minimum": -1e308).
std::int64_t to_amount(double limit) {
  const double bound = static_cast<double>(k_max_amount);
  return static_cast<std::int64_t>(std::clamp(limit, -bound, bound));
}
}  // namespace

amount_model amount_model::make(const client_config& config) { return make(config, nlohmann::json::object()); }

amount_model amount_model::make(const client_config& config, const nlohmann::json& request_schema) {
  amount_model m;
  m.lo = config.amount_min;
  m.hi = config.amount_max;
  if (request_schema.is_object()) {
    const auto props = request_schema.find("properties");
    if (props != request_schema.end() && props->is_object()) {
      const auto amount = props->find("amount");
      if (amount != props->end() && amount->is_object()) {
        if (const auto it = amount->find("minimum"); it != amount->end() && it->is_number())
          m.lo = to_amount(std::ceil(it->get<double>()));
        if (const auto it = amount->find("maximum"); it != amount->end() && it->is_number())
          m.hi = to_amount(std::floor(it->get<double>()));
      }
    }
  }
  if (m.hi < m.lo) m.hi = m.lo;
  std::vector<std::int64_t> all;
  for (std::int64_t v : {config.amount_min, config.amount_max, m.lo, m.hi}) add_with_neighbours(all, v);
  for (std::int64_t p = 1; p <= m.hi && p <= INT64_MAX / 10; p *= 10) add_with_neighbours(all, p);
  for (std::int64_t b : config.amount_boundaries) add_with_neighbours(all, b);
  for (std::int64_t v : all)
    if (v >= m.lo && v <= m.hi) m.boundaries.push_back(v);
  std::sort(m.boundaries.begin(), m.boundaries.end());
  m.boundaries.erase(std::unique(m.boundaries.begin(), m.boundaries.end()), m.boundaries.end());
  return m;
}

std::int64_t amount_model::draw(sim::rng& random, const client_config& config) const {
  const double u = random.uniform01();
  if (u < config.amount_boundary_probability && !boundaries.empty())
    return boundaries[static_cast<std::size_t>(
        random.uniform_int(0, static_cast<std::int64_t>(boundaries.size()) - 1))];
  if (u < config.amount_boundary_probability + config.amount_wide_probability && hi > lo) {
    // Log-uniform, so every order of magnitude the schema allows is as likely.
    const double top = std::log(static_cast<double>(hi - lo) + 1.0);
    const auto v = lo + static_cast<std::int64_t>(std::floor(std::exp(random.uniform(0, top)))) - 1;
    return std::clamp(v, lo, hi);
  }
  return random.uniform_int(config.amount_min, config.amount_max);
}

}  // namespace slsim::gateway
