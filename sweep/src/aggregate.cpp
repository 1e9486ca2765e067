#include "slsim/sweep/aggregate.hpp"

#include <algorithm>
#include <cmath>

namespace slsim::sweep {

std::vector<point_summary> aggregate(const sweep_results& r) {
  const grid g = r.spec.points();
  std::vector<point_summary> out(g.size());
  std::vector<std::vector<const case_metrics*>> figures(g.size());
  for (std::size_t p = 0; p < out.size(); ++p) {
    out[p].point = p;
    out[p].settings = g.describe(p);
    out[p].valid = r.points[p].valid;
    out[p].reason = r.points[p].reason;
  }
  for (const auto& row : r.rows) {
    auto& s = out[row.point];
    if (!row.error.empty()) {
      if (s.errors++ == 0) s.first_error = row.error;
      continue;
    }
    figures[row.point].push_back(&row.figures);
    ++s.cases;
    s.held += row.figures.properties_held ? 1 : 0;
    for (const auto& [cause, n] : row.figures.false_dlq_causes) s.false_dlq_causes[cause] += n;
    for (const auto& v : row.figures.violated) ++s.violated[v];
  }
  for (std::size_t p = 0; p < out.size(); ++p) {
    const auto& f = figures[p];
    if (f.empty()) continue;
    const double n = static_cast<double>(f.size());
    for (std::size_t m = 0; m < k_metric_count; ++m) {
      auto& s = out[p].metrics[m];
      double sum = 0;
      s.min = s.max = f.front()->values[m];
      for (const auto* c : f) {
        sum += c->values[m];
        s.min = std::min(s.min, c->values[m]);
        s.max = std::max(s.max, c->values[m]);
      }
      s.mean = sum / n;
      double squares = 0;
      for (const auto* c : f) squares += (c->values[m] - s.mean) * (c->values[m] - s.mean);
      s.stddev = f.size() > 1 ? std::sqrt(squares / (n - 1)) : 0;
    }
  }
  return out;
}

}  // namespace slsim::sweep
