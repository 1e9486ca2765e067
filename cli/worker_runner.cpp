#include "worker_runner.hpp"

#include "case_eval.hpp"
#include "check_report.hpp"
#include "interruption.hpp"
#include "progress.hpp"
#include "workers.hpp"

namespace slsim::cli {

properties::batch_run worker_runner::run(const std::vector<properties::case_job>& jobs,
                                         const properties::case_source& cases) {
  // A key is a job's position; generated cases are made where they run (in the worker): a
  // parent holding thousands of scenario documents makes every fork slower.
  std::vector<std::uint64_t> keys(jobs.size());
  for (std::size_t i = 0; i < keys.size(); ++i) keys[i] = i;
  progress_line progress(keys.size(), "runs");
  worker_options options;
  options.jobs = jobs_;
  options.reuse = reuse_;
  options.fresh = [&](std::uint64_t key) { return jobs[key].fresh; };
  // Anything but a clean pass from a shared worker is confirmed alone (as a replay runs it).
  options.confirm = [](const worker_result& r) {
    const auto report = report_of(r);
    return !report || !report->ok;
  };
  options.deadline_s = [&](std::uint64_t key) { return cases.wall_seconds(jobs[key].index); };
  options.progress = [&](std::size_t finished, std::uint64_t) { progress.update(finished); };
  const auto batch = run_in_workers(
      keys,
      [&](std::uint64_t key, breadcrumb& crumb) {
        return nlohmann::json(evaluate_case(cases.at(jobs[key].index), handler_, crumb));
      },
      options);
  progress.finish();
  properties::batch_run out;
  out.interrupted_by = batch.interrupted_by;
  out.stopped_after_timeout = batch.stopped_after_timeout;
  for (const auto& r : batch.results) out.results.push_back(classify(r));
  return out;
}

properties::checked_case worker_runner::run_alone(const properties::case_spec& c) {
  worker_options one;
  one.deadline_s = [&](std::uint64_t) { return wall_seconds_of(c.scenario); };
  return classify(
      run_in_workers(
          {0}, [&](std::uint64_t, breadcrumb& crumb) { return nlohmann::json(evaluate_case(c, handler_, crumb)); }, one)
          .results[0]);
}

properties::trace_run worker_runner::trace(const properties::case_spec& c, const std::string& path) {
  worker_options one;
  one.deadline_s = [&](std::uint64_t) { return wall_seconds_of(c.scenario); };
  const auto r =
      run_in_workers(
          {0},
          [&](std::uint64_t, breadcrumb& crumb) { return nlohmann::json(write_case_trace(c, handler_, path, crumb)); },
          one)
          .results[0];
  properties::trace_run out;
  out.ran = r.end != worker_end::not_run;
  if (r.reported() && r.payload.is_object() && !r.payload.contains("error")) out.traced = r.payload.get<traced_case>();
  return out;
}

int worker_runner::interrupted() const { return cli::interrupted(); }

}  // namespace slsim::cli
