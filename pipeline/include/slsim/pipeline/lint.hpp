#pragma once
// `slsim lint`: known pitfalls of a scenario's settings, each with the fact it comes from.
#include <string>
#include <vector>

#include "slsim/pipeline/scenario.hpp"

namespace slsim::pipeline {

struct lint_warning {
  std::string rule;     ///< short name, e.g. "visibility_timeout_too_short"
  std::string facts;    ///< docs/aws-facts.md ids, e.g. "L6, P1"
  std::string path;     ///< the JSON pointer to change
  std::string message;  ///< what goes wrong and what to do
};

/// Every pitfall the scenario's settings walk into (empty for the built-in scenario).
std::vector<lint_warning> lint(const scenario& s);

}  // namespace slsim::pipeline
