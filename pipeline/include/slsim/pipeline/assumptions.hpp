#pragma once
// The inferred behaviours a scenario's results depend on: every modelled behaviour AWS does
// not document is a fact marked *inferred* in docs/aws-facts.md, and a scenario feature that
// reaches it (a DLQ, a batching window, a TTL table, ...) names it, so `slsim lint` and the
// sweep report can say which assumptions stand behind a result.
#include <string>
#include <vector>

#include "slsim/pipeline/scenario.hpp"

namespace slsim::pipeline {

/// One inferred behaviour a scenario relies on.
struct assumption {
  std::string fact;     ///< docs/aws-facts.md id of the *inferred* fact, e.g. "MD1"
  std::string path;     ///< the JSON pointer of the setting that reaches it ("" = every scenario)
  std::string feature;  ///< what in the scenario reaches it, e.g. "a DLQ is configured"
  std::string assumed;  ///< what slsim assumes, in one line
};

/// The inferred facts `s` depends on, in catalogue order (each fact once).
std::vector<assumption> inferred_assumptions(const scenario& s);

/// Every fact id inferred_assumptions() can name (for the catalogue check).
std::vector<std::string> assumption_fact_ids();

/// Catalogue order of fact ids: section (S, F, L, D, G, P, MD), then number.
bool catalogue_less(const std::string& a, const std::string& b);

/// "MD1, MD14, MD32" — the ids of `as`, comma separated.
std::string fact_list(const std::vector<assumption>& as);

}  // namespace slsim::pipeline
