#include "check_report.hpp"

#include <fmt/format.h>

namespace slsim::cli {

std::optional<case_report> report_of(const worker_result& r) {
  if (!r.reported() || !r.payload.is_object() || r.payload.contains("error")) return std::nullopt;
  try {
    return r.payload.get<case_report>();
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

checked_case classify(const worker_result& w) {
  checked_case c;
  c.result = w.payload;
  c.confirmed_alone = w.confirmed_alone;
  const std::string last = w.last_event.empty() ? "" : "; last event: " + w.last_event;
  switch (w.end) {
    case worker_end::not_run:
      c.message = "not run (interrupted, or stopped after a hang)";
      return c;
    case worker_end::signaled:
    case worker_end::exited:
      c.outcome = case_outcome::crash;
      c.property = "no_crash";
      c.message = "the handler's process " + w.how_it_ended() + last;
      return c;
    case worker_end::model_bug:
      c.outcome = case_outcome::model_bug;
      c.message = "model invariant violated (a bug in slsim, not in the handler)" + last;
      return c;
    case worker_end::timed_out:
      c.outcome = case_outcome::hang;
      c.property = "bounds.wall_seconds";
      c.message = "guard bounds.wall_seconds: the worker " + w.how_it_ended() +
                  " (handler code that never yields to the simulation)" + last;
      return c;
    case worker_end::reported:
      break;
  }
  const auto& p = w.payload;
  auto report = report_of(w);
  if (!report) {
    c.outcome = case_outcome::error;
    c.property = "error";
    if (!p.is_object() || !p.contains("error"))
      c.message = "malformed worker result: " + p.dump();
    else
      c.message = p["error"].is_string() ? p["error"].get<std::string>() : p["error"].dump();
    return c;
  }
  auto out = properties::checked_from(std::move(*report), w.payload);
  out.confirmed_alone = w.confirmed_alone;
  return out;
}

checked_case classify(std::string name, const worker_result& r) {
  auto c = classify(r);
  c.name = std::move(name);
  return c;
}

nlohmann::json results_json(const std::vector<checked_case>& cases) {
  nlohmann::json per_case = nlohmann::json::array();
  for (const auto& c : cases) {
    nlohmann::json entry{{"name", c.name},
                         {"outcome", to_string(c.outcome)},
                         {"crashed", c.outcome == case_outcome::crash},
                         {"result", c.result}};
    if (!c.message.empty() && c.outcome != case_outcome::pass) entry["message"] = c.message;
    if (c.confirmed_alone) entry["confirmed_alone"] = true;  // a reused worker's failure, rerun fresh
    per_case.push_back(std::move(entry));
  }
  return per_case;
}

}  // namespace slsim::cli
