#include "case_eval.hpp"

namespace slsim::cli {

case_report evaluate_case(const properties::case_spec& c, const handler_definition& handler, breadcrumb& crumb) {
  breadcrumb_listener listener(crumb, nullptr);
  auto out = properties::evaluate_case(c, handler, &listener);
  if (out.hang) out.last_event = describe(crumb);
  return out;
}

traced_case write_case_trace(const properties::case_spec& c, const handler_definition& handler, const std::string& path,
                             breadcrumb& crumb) {
  breadcrumb_listener listener(crumb, nullptr);
  return properties::write_case_trace(c, handler, path, &listener);
}

}  // namespace slsim::cli
