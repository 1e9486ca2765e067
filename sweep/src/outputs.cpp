#include "slsim/sweep/outputs.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "slsim/io/output_file.hpp"
#include "slsim/models/json_input.hpp"
#include "slsim/sweep/report_html.hpp"
#include "slsim/sweep/results_csv.hpp"

namespace slsim::sweep {
namespace {
void write_file(const std::filesystem::path& path, const std::string& text) { io::write_file(path.string(), text); }
}  // namespace

written_outputs write_outputs(const std::string& directory, const sweep_results& results, const constraints& limits) {
  namespace fs = std::filesystem;
  fs::create_directories(directory);
  written_outputs out{aggregate(results), {}, directory};
  out.best = recommend(out.points, limits);
  write_file(fs::path(directory) / "results.json", nlohmann::json(results).dump(1) + "\n");
  write_file(fs::path(directory) / "results.csv", results_csv(results, out.points));
  write_file(fs::path(directory) / "report.html", report_html(results, out.points, limits, out.best));
  return out;
}

sweep_results read_results(const std::string& directory) {
  const std::string path = (std::filesystem::path(directory) / "results.json").string();
  if (!std::filesystem::exists(path))
    throw models::input_error(path, "", "cannot open (expected the output directory of a sweep)");
  return sweep_results_from_json(models::read_json_file(path, "sweep results", models::k_results_limits), path);
}

std::string terminal_table(const std::vector<point_summary>& points, const recommendation& best) {
  std::size_t width = 8;
  for (const auto& p : points) width = std::max(width, p.settings.size());
  std::string out = fmt::format("{:<{}}  {:>6} {:>8} {:>8} {:>8} {:>8} {:>10} {:>12}\n", "point", width, "held",
                                "p99 s", "redeliv", "conc dup", "falseDLQ", "GB-s", "cost USD");
  for (const auto& p : points) {
    const std::string mark = best.point == p.point ? "  ← recommended" : "";
    if (!p.valid) {
      out += fmt::format("{:<{}}  invalid: {}\n", p.settings, width, p.reason);
      continue;
    }
    out += fmt::format("{:<{}}  {:>6} {:>8.3f} {:>8.2f} {:>8.2f} {:>8.2f} {:>10.4f} {:>12.8f}{}\n", p.settings, width,
                       fmt::format("{}/{}", p.held, p.cases), p[metric::latency_p99_s].mean,
                       p[metric::redeliveries].mean, p[metric::concurrent_duplicates].mean, p[metric::false_dlq].mean,
                       p[metric::gb_seconds].mean, p[metric::cost_usd].mean, mark);
  }
  return out + (best.point ? "recommended: " + points[*best.point].settings + " — " + best.reason : best.reason) + "\n";
}

}  // namespace slsim::sweep
