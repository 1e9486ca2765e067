#pragma once
// What `slsim check` concluded about each case, and its report files (results.json,
// JUnit XML), written through io::output_file so a failed write is exit 2, never a
// silent or truncated report.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "case_eval.hpp"
#include "workers.hpp"

namespace slsim::cli {

/// One case's verdict: what `check` prints, counts and writes.
enum class case_outcome { pass, violation, crash, hang, model_bug, error, not_run };

const char* to_string(case_outcome o) noexcept;

struct checked_case {
  std::string name;
  worker_result run;
  case_report report;  ///< pass, violation, hang from a guard: what the worker reported
  case_outcome outcome = case_outcome::not_run;
  std::string property;  ///< violation/crash: the property ("no_crash" for a crash)
  std::string message;   ///< one line: what happened
};

/// The case report a worker returned; nullopt when it did not report one (it crashed, exited,
/// timed out or was not run), reported an error, or returned something malformed.
std::optional<case_report> report_of(const worker_result& r);

/// Classifies a worker's result (a handler crash or exit is no_crash; a guard is a hang).
checked_case classify(std::string name, worker_result r);

/// results.json's per-case entries.
nlohmann::json results_json(const std::vector<checked_case>& cases);

}  // namespace slsim::cli
