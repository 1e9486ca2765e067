// `slsim sweep`: a grid of settings over common seeds, with per-point figures, cost, a
// recommendation and an HTML report (docs/architecture.md §10; MD11 for billing).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "case_eval.hpp"
#include "commands.hpp"
#include "handler_resolution.hpp"
#include "interruption.hpp"
#include "number_options.hpp"
#include "progress.hpp"
#include "scenario_options.hpp"
#include "shard.hpp"
#include "slsim/sweep/outputs.hpp"
#include "slsim/sweep/run_point.hpp"
#include "workers.hpp"

namespace slsim::cli {
namespace {

struct sweep_options {
  scenario_options scenario;      // --set PATH=VALUE fixes a field at every point
  std::vector<std::string> axes;  // --axis PATH=LIST sweeps one
  std::string batch_sizes;
  std::string visibility_timeouts;
  int seeds = 20;
  std::uint64_t base_seed = 1;
  int jobs = 0;
  int worker_reuse = 200;
  std::string shard;
  std::string out_dir = "slsim-sweep";
  std::string prices;
  std::string max_p99;
  bool no_false_dlq = false;
  std::optional<double> max_duplicates;
  std::optional<double> max_redeliveries;
  std::size_t max_points = 1000;
};

// "5s", "500ms", "2m" or plain seconds.
double parse_duration_s(const std::string& text) {
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  const std::string unit = text.substr(used);
  const double scale = unit.empty() || unit == "s" ? 1 : unit == "ms" ? 0.001 : unit == "m" ? 60 : -1;
  if (used == 0 || scale < 0 || value < 0 || !std::isfinite(value))
    throw std::invalid_argument("--max-p99 " + text + ": expected a duration such as 5s, 500ms or 2m");
  return value * scale;
}

sweep::sweep_spec make_spec(const sweep_options& o) {
  sweep::sweep_spec spec;
  spec.handler = o.scenario.handler;
  spec.scenario_source = o.scenario.scenario_file.empty() ? "builtin" : o.scenario.scenario_file;
  if (!o.batch_sizes.empty()) spec.axes.push_back(sweep::make_axis("--batch-size", "/esm/batch_size", o.batch_sizes));
  if (!o.visibility_timeouts.empty())
    spec.axes.push_back(sweep::make_axis("--visibility-timeout", "/queue/visibility_timeout_s", o.visibility_timeouts));
  for (const auto& text : o.axes) {
    auto a = sweep::parse_axis("--axis", text);
    for (const auto& existing : spec.axes)
      if (existing.path == a.path) throw std::invalid_argument("--axis " + a.label() + ": this field is swept twice");
    spec.axes.push_back(std::move(a));
  }
  nlohmann::json document = pipeline::builtin_scenario();
  document.merge_patch(o.scenario.document());
  (void)pipeline::load_scenario(document, spec.scenario_source);  // the base must be valid on its own
  spec.scenario = document;
  spec.base_seed = o.base_seed;
  spec.seeds = o.seeds;
  if (!o.prices.empty()) spec.prices = sweep::read_price_table(o.prices);
  return spec;
}

// Item: a grid the size of 1000 × 1000 would validate and run for hours before anything
// useful appears; above --max-points the sweep stops at once and says how to go on.
void check_grid_size(const sweep::grid& g, std::size_t max_points) {
  if (g.size() <= max_points) return;
  std::string shape;
  for (const auto& a : g.axes())
    shape += fmt::format("{}{} ({})", shape.empty() ? "" : " × ", a.values.size(), a.label());
  const std::string count =
      g.size() == std::numeric_limits<std::size_t>::max() ? "more than 2^64" : std::to_string(g.size());
  throw std::invalid_argument(fmt::format(
      "--max-points: the grid has {} points ({}), more than the limit of {}; narrow the axes, split the sweep "
      "with --shard, or raise the limit with --max-points {}",
      count, shape, max_points, count));
}

// A sweep in which no point can run has measured nothing: that is bad input, not success.
void require_a_valid_point(const sweep::grid& g, const std::vector<sweep::point_status>& points) {
  if (std::any_of(points.begin(), points.end(), [](const auto& p) { return p.valid; })) return;
  std::string reasons;
  for (std::size_t p = 0; p < points.size() && p < 5; ++p)
    reasons += fmt::format("\n  {}: {}", g.describe(p), points[p].reason);
  if (points.size() > 5) reasons += fmt::format("\n  ... and {} more", points.size() - 5);
  throw std::invalid_argument(
      fmt::format("every one of the {} point(s) of the grid is invalid, nothing was run:{}", points.size(), reasons));
}

int sweep_command(const sweep_options& o) {
  interruption_scope interruption;  // SIGINT/SIGTERM: stop the workers, write what finished, exit 130/143
  const handler_definition& handler = resolve_handler(o.scenario.handler);
  sweep::constraints limits;
  if (!o.max_p99.empty()) limits.max_p99_s = parse_duration_s(o.max_p99);
  limits.no_false_dlq = o.no_false_dlq;
  limits.max_concurrent_duplicates = o.max_duplicates;
  limits.max_redeliveries = o.max_redeliveries;
  const shard_spec shard = resolve_shard(o.shard);
  if (!shard.source.empty()) fmt::print(stderr, "slsim sweep: shard {} from {}\n", shard.text(), shard.source);
  const auto shard_index = shard.index, shard_count = shard.count;

  sweep::sweep_results results;
  results.spec = make_spec(o);
  results.shard = shard.text();
  const sweep::grid g = results.spec.points();
  check_grid_size(g, o.max_points);
  {
    progress_line checking(g.size(), "points checked");
    results.points = sweep::check_points(results.spec, [&](std::size_t n) { checking.update(n); });
    checking.finish();
  }
  require_a_valid_point(g, results.points);
  const auto seeds = results.spec.seed_list();

  // The cases of this shard: every seed of every valid point (invalid points run nothing).
  std::vector<std::pair<std::size_t, std::size_t>> cases;  // (point, seed index)
  for (std::size_t p = 0; p < g.size(); ++p)
    for (std::size_t k = 0; k < seeds.size(); ++k)
      if (results.points[p].valid && sweep::in_shard(p, k, results.spec.seeds, shard_index, shard_count))
        cases.emplace_back(p, k);
  std::vector<std::uint64_t> keys(cases.size());
  for (std::size_t i = 0; i < keys.size(); ++i) keys[i] = i;
  const int jobs = o.jobs > 0 ? o.jobs : default_jobs();

  std::vector<std::size_t> left(g.size(), 0);
  for (const auto& c : cases) ++left[c.first];
  std::size_t points_done = 0, points_total = 0;
  for (auto n : left) points_total += n > 0 ? 1 : 0;
  std::vector<double> wall(g.size(), 0);  // each point's wall-clock guard (bounds.wall_seconds)
  for (std::size_t p = 0; p < g.size(); ++p)
    if (left[p] > 0) wall[p] = wall_seconds_of(sweep::point_document(results.spec, p));
  progress_line progress(cases.size(), "cases");
  worker_options options;
  options.jobs = jobs;
  options.reuse = o.worker_reuse;
  // As in check: a reused worker's case that did not hold every property is run again alone.
  options.confirm = [](const worker_result& r) {
    return !r.reported() || r.payload.contains("error") || !r.payload.value("properties_held", false);
  };
  options.deadline_s = [&](std::uint64_t key) { return wall[cases[key].first]; };
  options.stop_after_timeout = false;  // a hanging point is a row with an error; the other points still count
  options.progress = [&](std::size_t finished, std::uint64_t key) {
    if (--left[cases[key].first] == 0) ++points_done;
    progress.update(finished, fmt::format("{}/{} points", points_done, points_total));
  };
  const auto batch = run_in_workers(
      keys,
      [&](std::uint64_t i, breadcrumb&) {
        const auto [p, k] = cases[i];
        return nlohmann::json(sweep::run_sweep_case(results.spec, p, seeds[k], handler));
      },
      options);
  const double rate = progress.rate(cases.size());
  progress.finish();

  std::size_t not_run = 0;
  for (std::size_t i = 0; i < batch.results.size(); ++i) {
    const auto& r = batch.results[i];
    const auto [p, k] = cases[i];
    sweep::case_row row{p, seeds[k], {}, {}};
    if (r.end == worker_end::not_run) {
      ++not_run;  // interrupted: the row is left out, and the results say partial
      continue;
    }
    if (r.end != worker_end::reported)
      row.error = "the worker " + r.how_it_ended() + (r.last_event.empty() ? "" : "; last event: " + r.last_event);
    else if (r.payload.contains("error"))
      row.error = r.payload["error"].get<std::string>();
    else
      row.figures = sweep::case_metrics_from_json(r.payload, "worker result");
    results.rows.push_back(std::move(row));
  }
  results.partial = batch.interrupted_by != 0;
  const auto written = sweep::write_outputs(o.out_dir, results, limits);
  if (results.partial) {
    fmt::print("INTERRUPTED by {}: {} of {} case(s) finished; partial results: {}/results.json\n",
               signal_name(batch.interrupted_by), cases.size() - not_run, cases.size(), o.out_dir);
    return interrupted_exit_code();
  }
  fmt::print("{}", sweep::terminal_table(written.points, written.best));
  fmt::print("{} point(s) × {} seed(s){}: {} case(s) in {} job(s), {:.0f} cases/s\n", g.size(), seeds.size(),
             shard.given ? " (shard " + shard.text() + ")" : "", cases.size(), jobs, rate);
  fmt::print("results: {0}/results.csv {0}/results.json {0}/report.html\n", o.out_dir);
  return interrupted() != 0 ? interrupted_exit_code() : int{k_ok};
}
}  // namespace

void add_sweep_command(CLI::App& app, int& result) {
  auto* cmd = app.add_subcommand("sweep", "Compare settings over common seeds: latency, duplicates, DLQ, cost");
  auto o = std::make_shared<sweep_options>();
  o->scenario.add_to(*cmd);
  cmd->add_option("--axis", o->axes,
                  "PATH=A,B,C (or PATH=[JSON array]) sweeps a scenario field over these values, e.g. "
                  "esm.maximum_batching_window_s=0,1,5");
  // An empty list given on purpose would silently sweep nothing along that axis.
  const auto listed = [](const std::string& text) {
    return text.empty() ? std::string("expected a comma-separated list of values, e.g. 1,5,10") : std::string();
  };
  cmd->add_option("--batch-size", o->batch_sizes, "batch sizes to try, e.g. 1,5,10 (esm.batch_size)")->check(listed);
  cmd->add_option("--visibility-timeout", o->visibility_timeouts,
                  "visibility timeouts in seconds, e.g. 5,30,60 (queue.visibility_timeout_s)")
      ->check(listed);
  cmd->add_option("--seeds", o->seeds, "seeds per point (the same at every point)")
      ->check(CLI::Range(1, 1'000'000))
      ->capture_default_str();
  cmd->add_option("--base-seed", o->base_seed, "first seed")->check(whole_number())->capture_default_str();
  cmd->add_option("--jobs", o->jobs, "worker processes (default: cores)")->check(CLI::Range(1, 4096));
  cmd->add_option("--worker-reuse", o->worker_reuse,
                  "cases one worker process runs before it is replaced (1: a fresh process per case)")
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--shard", o->shard,
                  "I/N: run the cases with index = I mod N (I from 0); auto: read I and N from the CI or batch "
                  "engine (docs/scale-out.md); combine with slsim merge");
  cmd->add_option("--out", o->out_dir, "directory for results.csv, results.json and report.html")
      ->capture_default_str();
  cmd->add_option("--prices", o->prices, "price table JSON replacing the defaults (docs/prices.md)");
  cmd->add_option("--max-p99", o->max_p99, "constraint: mean p99 latency at most this (5s, 500ms)");
  cmd->add_flag("--no-false-dlq", o->no_false_dlq,
                "constraint: no valid message in the DLQ that the handler never failed");
  cmd->add_option("--max-duplicates", o->max_duplicates, "constraint: mean concurrent duplicate invocations per run")
      ->check(finite_in(0, 1e9));
  cmd->add_option("--max-redeliveries", o->max_redeliveries, "constraint: mean redeliveries per run")
      ->check(finite_in(0, 1e9));
  cmd->add_option("--max-points", o->max_points, "refuse grids with more points than this (a guard against typos)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{10'000'000}))
      ->capture_default_str();
  cmd->callback([o, &result] { result = guarded([&] { return sweep_command(*o); }); });
}

}  // namespace slsim::cli
