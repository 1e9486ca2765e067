#include "slsim/metrics/export.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace slsim::metrics {

void write_csv(std::ostream& out, const registry& reg) {
  out << "series,unit,timestamp_s,value\n";
  const auto& series = reg.series();
  for (const point& p : reg.points()) {
    const series_info& s = series[p.series];
    out << fmt::format("{},{},{},{}\n", s.name, s.unit, sim::to_seconds(p.t), p.value);
  }
}

nlohmann::json to_json(const registry& reg) {
  nlohmann::json list = nlohmann::json::array();
  for (const series_info& s : reg.series())
    list.push_back({{"name", s.name}, {"unit", s.unit}, {"points", nlohmann::json::array()}});
  for (const point& p : reg.points()) list[p.series]["points"].push_back({sim::to_seconds(p.t), p.value});
  return nlohmann::json{{"series", std::move(list)}};
}

}  // namespace slsim::metrics
