// RapidCheck helpers of the user API (slsim/check.hpp): a generator of cases and a
// property body that runs one case and fails the RapidCheck case on a violation.
#include <fmt/format.h>

#include <algorithm>

#include "slsim/check.hpp"

namespace slsim {

rc::Gen<properties::case_spec> gen_case(const pipeline::scenario& s, const properties::generation_options& options) {
  return properties::case_generator(nlohmann::json(s), options);
}

properties::case_result rc_check_case(const handler_definition& handler, properties::case_spec c,
                                      const std::vector<properties::property>& only) {
  c.handler = handler.name;
  auto r = properties::run_and_check(c, handler);
  const properties::violation* found = nullptr;
  for (auto p : properties::k_all_properties) {
    if (!only.empty() && std::find(only.begin(), only.end(), p) == only.end()) continue;
    // One generated case may legitimately check nothing (a single rejected request);
    // `vacuous` counts only when asked for by name.
    if (only.empty() && p == properties::property::vacuous) continue;
    const auto it = std::find_if(r.result.violations.begin(), r.result.violations.end(),
                                 [p](const properties::violation& v) { return v.what == p; });
    if (it != r.result.violations.end()) {
      found = &*it;
      break;
    }
  }
  // At function level, not inside a lambda: GCC 12 + ASan report a false stack-buffer-
  // overflow for RapidCheck's assertion macros in nested lambdas.
  // A guard that fired is a failed run with no property verdict: named, never a pass.
  if (r.result.hang())
    RC_FAIL(fmt::format("hang guard {} fired: {}; no property verdict (the run did not finish)\n  handler {}; case: {}",
                        r.result.guard, r.result.guard_detail, handler.name, properties::describe_case(c)));
  if (found)
    RC_FAIL(fmt::format("property {} violated: {} {} {}\n  handler {}; case: {}", properties::to_string(found->what),
                        found->client_request_id, found->message_id, found->detail, handler.name,
                        properties::describe_case(c)));
  return r;
}

}  // namespace slsim

namespace slsim::properties {

void showValue(const case_spec& c, std::ostream& os) {
  os << describe_case(c) << "\n    case file: " << nlohmann::json(c).dump();
}

}  // namespace slsim::properties
