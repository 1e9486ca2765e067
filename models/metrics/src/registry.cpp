#include "slsim/metrics/registry.hpp"

#include <stdexcept>

namespace slsim::metrics {

std::int64_t registry::find_series(std::string_view name) const {
  // Registration-time only: a linear scan keeps the registry free of hash-order effects.
  for (std::size_t i = 0; i < series_.size(); ++i)
    if (series_[i].name == name) return static_cast<std::int64_t>(i);
  return -1;
}

std::uint32_t registry::add_series(std::string_view name, std::string_view unit, series_kind kind) {
  series_.push_back({std::string(name), std::string(unit), kind});
  return static_cast<std::uint32_t>(series_.size() - 1);
}

counter registry::add_counter(std::string_view name, std::string_view unit) {
  if (const auto found = find_series(name); found >= 0) {
    if (series_[static_cast<std::size_t>(found)].kind != series_kind::counter)
      throw std::invalid_argument("metric '" + std::string(name) + "' already registered with another kind");
    return {handle_of_series_[static_cast<std::size_t>(found)]};
  }
  const auto handle = static_cast<std::uint32_t>(counters_.size());
  counters_.push_back({0, 0, add_series(name, unit, series_kind::counter)});
  handle_of_series_.push_back(handle);
  return {handle};
}

gauge registry::add_gauge(std::string_view name, std::string_view unit, probe_fn probe) {
  if (const auto found = find_series(name); found >= 0) {
    if (series_[static_cast<std::size_t>(found)].kind != series_kind::gauge)
      throw std::invalid_argument("metric '" + std::string(name) + "' already registered with another kind");
    const std::uint32_t handle = handle_of_series_[static_cast<std::size_t>(found)];
    if (probe) gauges_[handle].probe = std::move(probe);
    return {handle};
  }
  const auto handle = static_cast<std::uint32_t>(gauges_.size());
  gauges_.push_back({0, std::move(probe), add_series(name, unit, series_kind::gauge)});
  handle_of_series_.push_back(handle);
  return {handle};
}

distribution registry::add_distribution(std::string_view name, std::string_view unit) {
  const std::string base(name);
  if (const auto found = find_series(base + ".count"); found >= 0) {
    if (series_[static_cast<std::size_t>(found)].kind != series_kind::distribution_count)
      throw std::invalid_argument("metric '" + base + "' already registered with another kind");
    return {handle_of_series_[static_cast<std::size_t>(found)]};
  }
  if (find_series(name) >= 0) throw std::invalid_argument("metric '" + base + "' already registered with another kind");
  const auto handle = static_cast<std::uint32_t>(distributions_.size());
  const std::uint32_t first = add_series(base + ".count", "Count", series_kind::distribution_count);
  add_series(base + ".avg", unit, series_kind::distribution_avg);
  add_series(base + ".max", unit, series_kind::distribution_max);
  distributions_.push_back({0, 0, 0, first});
  for (int i = 0; i < 3; ++i) handle_of_series_.push_back(handle);
  return {handle};
}

double registry::value(gauge g) const {
  const gauge_state& s = gauges_[g.index];
  return s.probe ? s.probe() : s.value;
}

bool registry::find_counter(std::string_view name, counter& out) const {
  const auto found = find_series(name);
  if (found < 0 || series_[static_cast<std::size_t>(found)].kind != series_kind::counter) return false;
  out = {handle_of_series_[static_cast<std::size_t>(found)]};
  return true;
}

void registry::sample(sim::time_ns t) {
  // Series order is registration order, so the point stream is deterministic.
  for (std::uint32_t i = 0; i < series_.size(); ++i) {
    const std::uint32_t handle = handle_of_series_[i];
    switch (series_[i].kind) {
      case series_kind::counter: {
        counter_state& c = counters_[handle];
        points_.push_back({i, t, static_cast<double>(c.total - c.at_last_sample)});
        c.at_last_sample = c.total;
        break;
      }
      case series_kind::gauge:
        points_.push_back({i, t, value(gauge{handle})});
        break;
      case series_kind::distribution_count: {
        distribution_state& d = distributions_[handle];
        points_.push_back({i, t, static_cast<double>(d.count)});
        if (d.count > 0) {
          points_.push_back({i + 1, t, d.sum / static_cast<double>(d.count)});
          points_.push_back({i + 2, t, d.max});
        }
        d = {0, 0, 0, d.series};
        break;
      }
      case series_kind::distribution_avg:
      case series_kind::distribution_max:
        break;  // written with their count series
    }
  }
  last_sample_ = t;
}

std::vector<point> registry::points_of(std::string_view series_name) const {
  std::vector<point> out;
  const auto found = find_series(series_name);
  if (found < 0) return out;
  for (const point& p : points_)
    if (p.series == static_cast<std::uint32_t>(found)) out.push_back(p);
  return out;
}

}  // namespace slsim::metrics
