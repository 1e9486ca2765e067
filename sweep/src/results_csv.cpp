#include "slsim/sweep/results_csv.hpp"

#include <fmt/format.h>

namespace slsim::sweep {
namespace {
// RFC 4180: quote fields holding a comma, quote or newline; double inner quotes.
std::string field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string causes(const point_summary& p) {
  std::string out;
  for (const auto& [cause, n] : p.false_dlq_causes) out += fmt::format("{}{}:{}", out.empty() ? "" : ";", cause, n);
  return out;
}

std::string violated(const point_summary& p) {
  std::string out;
  for (const auto& [name, n] : p.violated) out += fmt::format("{}{}:{}", out.empty() ? "" : ";", name, n);
  return out;
}
}  // namespace

std::string results_csv(const sweep_results& r, const std::vector<point_summary>& points) {
  const grid g = r.spec.points();
  std::string out;
  for (const auto& a : g.axes()) out += field(a.label()) + ",";
  out += "valid,reason,seeds,properties_held,errors";
  for (const auto& m : metric_catalogue()) out += fmt::format(",{0}_mean,{0}_sd", m.name);
  out += ",false_dlq_causes,violated\n";
  for (const auto& p : points) {
    const auto at = g.coordinates(p.point);
    for (std::size_t i = 0; i < at.size(); ++i) {
      const auto& v = g.axes()[i].values[at[i]];
      out += field(v.is_string() ? v.get<std::string>() : v.dump()) + ",";
    }
    out += fmt::format("{},{},{},{},{}", p.valid ? "yes" : "no", field(p.reason), p.cases, p.held, p.errors);
    for (const auto& s : p.metrics) out += fmt::format(",{:.9g},{:.9g}", s.mean, s.stddev);
    out += "," + field(causes(p)) + "," + field(violated(p)) + "\n";
  }
  return out;
}

}  // namespace slsim::sweep
