#pragma once
// `slsim check --junit FILE`: one <testcase> per checked case, in the JUnit XML that Jenkins'
// xUnit plugin (and GitLab, GitHub test reporters) read; tests/fixtures/junit-xunit.xsd.
#include <string>
#include <vector>

namespace slsim::cli {

/// One checked case as the report shows it.
struct junit_case {
  enum class outcome { passed, failed, error, skipped };
  std::string name;  ///< "seed_17", "corpus/x.json"
  outcome result = outcome::passed;
  std::string property;   ///< the violated property (failed)
  std::string violation;  ///< the violation in one line (failed), or the error message (error)
  std::string details;    ///< the body: the case in words and the replay line
};

/// The whole report as XML text; `partial` (an interrupted run) is recorded as a suite property.
std::string junit_xml(const std::string& suite, const std::vector<junit_case>& cases, bool partial = false);

}  // namespace slsim::cli
