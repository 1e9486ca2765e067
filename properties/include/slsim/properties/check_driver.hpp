#pragma once
// The one check driver behind `slsim::check` (in-process, for a user's test suite) and
// `slsim check` (worker processes) (docs/architecture.md §6, §10). It owns the case loop —
// generation order, the determinism re-runs, shrinking the first failure, writing the
// failing case and its trace — and the aggregation into one report (check_report). What
// differs between the two entry points is only how a case is run: a case_runner.
#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "slsim/handler.hpp"
#include "slsim/properties/case.hpp"
#include "slsim/properties/case_report.hpp"
#include "slsim/properties/generate.hpp"
#include "slsim/properties/oracles.hpp"
#include "slsim/traces/trace_diff.hpp"

namespace slsim::properties {

/// One case's verdict.
enum class case_outcome { pass, violation, crash, hang, model_bug, error, not_run };

const char* to_string(case_outcome o) noexcept;

/// What a runner found running one case.
struct checked_case {
  std::string name;  ///< "seed_17", "corpus/x.json", a case file's path ("" from a runner)
  case_outcome outcome = case_outcome::not_run;
  std::string property;   ///< violation/crash: the property ("no_crash" for a crash); hang: the guard
  std::string message;    ///< one line: what happened
  bool reported = false;  ///< `report` holds what the run reported (not a crash, kill or error)
  case_report report;
  nlohmann::json result;         ///< results.json's "result" of the case: the report as JSON, or an error
  bool confirmed_alone = false;  ///< a shared worker's failure, run again in a fresh process
};

/// The verdict of a run that reported: a hang (guard), a violation or a pass.
checked_case checked_from(case_report report, nlohmann::json result);

/// One run of a case of the check: the case's position, and whether the run must start
/// from pristine process state (the two runs of a determinism check).
struct case_job {
  std::size_t index = 0;
  bool fresh = false;
};

/// The cases of a check, made on demand (a worker makes its case where it runs it).
struct case_source {
  std::function<case_spec(std::size_t index)> at;
  std::function<double(std::size_t index)> wall_seconds;  ///< the case's bounds.wall_seconds
};

struct batch_run {
  std::vector<checked_case> results;   ///< one per job, in job order (not_run: never finished)
  int interrupted_by = 0;              ///< a signal stopped the runs (SIGINT/SIGTERM)
  bool stopped_after_timeout = false;  ///< a wall-clock kill stopped the remaining runs
};

/// A case that was run to write its trace: `ran` when it was started and ended (a crash
/// ends it without a result).
struct trace_run {
  bool ran = false;
  std::optional<traced_case> traced;
};

/// How the driver runs cases: in the calling process (in_process_runner) or in worker
/// processes (the CLI's).
class case_runner {
 public:
  virtual ~case_runner() = default;
  /// Runs every job; names are left to the driver.
  virtual batch_run run(const std::vector<case_job>& jobs, const case_source& cases) = 0;
  /// Runs one case alone (a shrinking candidate).
  virtual checked_case run_alone(const case_spec& c) = 0;
  /// Runs one case alone writing its trace to `path` ("" : no file, only the violations).
  virtual trace_run trace(const case_spec& c, const std::string& path) = 0;
  /// The signal that asked the check to stop (0: none): no more shrinking or tracing.
  virtual int interrupted() const { return 0; }
};

/// Runs cases in the calling process, in order. A handler that crashes the process ends
/// it; a case that throws (a case the models reject) throws from run(), and is a
/// non-failing candidate when shrinking.
class in_process_runner final : public case_runner {
 public:
  /// `only`: the properties that count (empty: all). `stop_at_first_failure`: after a case
  /// that does not pass, the remaining jobs are not run.
  in_process_runner(const handler_definition& handler, std::vector<property> only, bool stop_at_first_failure);
  batch_run run(const std::vector<case_job>& jobs, const case_source& cases) override;
  checked_case run_alone(const case_spec& c) override;
  trace_run trace(const case_spec& c, const std::string& path) override;

 private:
  const handler_definition& handler_;
  std::vector<property> only_;
  bool stop_at_first_failure_;
};

/// A case given as it is (a case file, a corpus file), with its name in the report.
struct named_case {
  std::string name;
  case_spec spec;
};

/// What a check runs and how it reports.
struct check_plan {
  nlohmann::json base;               ///< the effective scenario generated cases vary
  generation_options gen;            ///< faults on/off
  std::string handler_label;         ///< case_spec::handler of generated and shrunk cases
  std::vector<named_case> given;     ///< run first, as they are (never shrunk)
  std::vector<std::uint64_t> seeds;  ///< generated cases, after the given ones
  std::vector<property> counted;     ///< the properties that fail the check (empty: all)
  double determinism_ratio = 0;      ///< share of cases run twice from pristine processes
  bool shrink = true;
  int max_shrink_runs = 1000;
  std::string out_dir;                       ///< failing/hung case files; "" : nothing is written
  std::string trace_dir;                     ///< the failing case's trace ("" : out_dir)
  std::vector<std::string> required_probes;  ///< probes that must fire (already validated)
  /// The replay line of a case file the check wrote.
  std::function<std::string(const std::string& case_file)> replay;

  std::size_t case_count() const noexcept { return given.size() + seeds.size(); }
  /// The case at `index` (given cases first, then generated ones).
  case_spec case_at(std::size_t index) const;
  /// "seed_17", or the given case's name.
  std::string name_at(std::size_t index) const;
};

/// Whether a generated case of `seed` is one of the `ratio` of cases run twice.
bool chosen_for_determinism(std::uint64_t seed, double ratio);

/// What a check found: the one report of `slsim::check` (check_result) and `slsim check`,
/// which print it each in their form (describe(); the CLI's report, results.json, JUnit).
struct check_report {
  bool passed = true;
  int cases_run = 0;                             ///< cases that ran to a verdict (not stopped early or interrupted)
  int vacuous_cases = 0;                         ///< cases in which nothing was accepted or nothing reached the handler
  std::string handler;                           ///< the handler's name
  std::string failing_case;                      ///< "seed_17" or the case file's path
  std::optional<std::uint64_t> failing_seed;     ///< the generated case's seed (first_seed = it, seeds = 1)
  std::optional<properties::property> violated;  ///< the property the failure is reported under
  std::optional<properties::violation> detail;   ///< its first violation in the shrunk case
  std::optional<properties::case_spec> shrunk;   ///< the (shrunk) failing case
  std::string description;                       ///< the shrunk case in words (describe_case)
  int shrink_runs = 0;                           ///< candidate runs shrinking took
  std::string case_file;                         ///< where the shrunk case was written ("" if not)
  std::string trace_file;                        ///< its trace ("" if not written)
  std::string replay;                            ///< "slsim run --case FILE --handler NAME" ("" without a file)
  std::map<std::string, int> probe_hits;         ///< per coverage probe: cases in which it fired
  std::vector<std::string> missing_coverage;     ///< required probes that never fired
  /// A hang guard stopped a case ("bounds.wall_seconds", "bounds.max_events"; "" if none did):
  /// no property verdict for that case (`violated` stays empty unless another case failed).
  std::string guard;
  std::string guard_detail;  ///< the guard's message

  /// Every case in generation order (given cases first); not_run for those never finished.
  std::vector<checked_case> cases;
  /// The first case that failed a property, crashed or errored (what was shrunk and reported).
  std::optional<std::size_t> failure;
  std::string failure_property;          ///< its property as text ("no_crash" for a crash, "error")
  std::optional<std::size_t> hang;       ///< the first case a guard stopped
  std::string hang_case_file;            ///< its (unshrunk) case file ("" if not written)
  std::optional<std::size_t> model_bug;  ///< the first case that hit a model invariant
  std::string model_bug_case_file;
  /// The first case chosen for the determinism check whose two runs gave two trace hashes.
  std::optional<std::size_t> nondeterministic;
  std::vector<std::string> nondeterminism_traces;        ///< the two runs' traces
  std::string divergence;                                ///< their first divergence in words
  std::optional<traces::request_ref> divergent_request;  ///< the first differing request, when named
  /// A handler that changed its process-global state in a warm invocation: the first case.
  std::optional<std::size_t> global_state;
  bool all_vacuous = false;  ///< every case passed and none accepted a request that reached the handler
  int interrupted_by = 0;
  bool stopped_after_timeout = false;

  std::size_t count(case_outcome o) const;
  /// The report `slsim::check` prints: counts, coverage, and for a failure the property,
  /// the shrunk case in words, the case file and the `replay:` line.
  std::string describe() const;
};

std::ostream& operator<<(std::ostream& os, const check_report& r);

/// Runs the check: every case through `runner`, the chosen ones twice, then the first
/// failure shrunk (generated cases only), written with its trace, and the report.
check_report run_check(const check_plan& plan, case_runner& runner);

}  // namespace slsim::properties
