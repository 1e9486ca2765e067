#include "slsim/sweep/recommend.hpp"

#include <fmt/format.h>

namespace slsim::sweep {

std::string constraints::describe() const {
  std::string out = "every property holds on every seed";
  if (max_p99_s) out += fmt::format(", mean p99 latency ≤ {}s", *max_p99_s);
  if (no_false_dlq) out += ", no false DLQ entry";
  if (max_concurrent_duplicates) out += fmt::format(", mean concurrent duplicates ≤ {}", *max_concurrent_duplicates);
  if (max_redeliveries) out += fmt::format(", mean redeliveries ≤ {}", *max_redeliveries);
  return out;
}

std::string disqualification(const point_summary& p, const constraints& c) {
  if (!p.valid) return "rejected by AWS: " + p.reason;
  if (p.errors > 0) return fmt::format("{} case(s) failed to run: {}", p.errors, p.first_error);
  if (p.cases == 0) return "no case ran";
  if (p.held != p.cases) return fmt::format("properties violated on {} of {} seeds", p.cases - p.held, p.cases);
  if (c.max_p99_s && p[metric::latency_p99_s].mean > *c.max_p99_s)
    return fmt::format("mean p99 {:.3f}s > {}s", p[metric::latency_p99_s].mean, *c.max_p99_s);
  if (c.no_false_dlq && p[metric::false_dlq].max > 0)
    return fmt::format("false DLQ entries (up to {} per run)", p[metric::false_dlq].max);
  if (c.max_concurrent_duplicates && p[metric::concurrent_duplicates].mean > *c.max_concurrent_duplicates)
    return fmt::format("mean concurrent duplicates {:.2f} > {}", p[metric::concurrent_duplicates].mean,
                       *c.max_concurrent_duplicates);
  if (c.max_redeliveries && p[metric::redeliveries].mean > *c.max_redeliveries)
    return fmt::format("mean redeliveries {:.2f} > {}", p[metric::redeliveries].mean, *c.max_redeliveries);
  return "";
}

recommendation recommend(const std::vector<point_summary>& points, const constraints& c) {
  const point_summary* best = nullptr;
  std::size_t qualifying = 0;
  for (const auto& p : points) {
    if (!disqualification(p, c).empty()) continue;
    ++qualifying;
    if (!best) {
      best = &p;
      continue;
    }
    const double cost = p[metric::cost_usd].mean, best_cost = (*best)[metric::cost_usd].mean;
    if (cost < best_cost || (cost == best_cost && p[metric::latency_p99_s].mean < (*best)[metric::latency_p99_s].mean))
      best = &p;
  }
  if (!best) return {std::nullopt, "no point meets the constraints (" + c.describe() + ")"};
  return {best->point,
          fmt::format("cheapest of {} point(s) where {} (mean cost ${:.6f} per run, mean p99 {:.3f}s)", qualifying,
                      c.describe(), (*best)[metric::cost_usd].mean, (*best)[metric::latency_p99_s].mean)};
}

}  // namespace slsim::sweep
