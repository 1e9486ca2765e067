#include "check_report.hpp"

#include <fmt/format.h>

namespace slsim::cli {
namespace {
std::string xml_escape(const std::string& text) {
  std::string out;
  for (const char ch : text) {
    switch (ch) {
      case '"':
        out += "&quot;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        // XML 1.0 allows no control characters but tab, newline and carriage return.
        if (static_cast<unsigned char>(ch) < 0x20 && ch != '\t' && ch != '\n' && ch != '\r')
          out += ' ';
        else
          out += ch;
    }
  }
  return out;
}
}  // namespace

const char* to_string(case_outcome o) noexcept {
  switch (o) {
    case case_outcome::pass:
      return "pass";
    case case_outcome::violation:
      return "violation";
    case case_outcome::crash:
      return "crash";
    case case_outcome::hang:
      return "hang";
    case case_outcome::model_bug:
      return "model_bug";
    case case_outcome::error:
      return "error";
    case case_outcome::not_run:
      return "not_run";
  }
  return "?";
}

checked_case classify(std::string name, worker_result r) {
  checked_case c{std::move(name), std::move(r), case_outcome::not_run, "", ""};
  const auto& w = c.run;
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
  if (p.contains("error")) {
    c.outcome = case_outcome::error;
    c.property = "error";
    c.message = p["error"].is_string() ? p["error"].get<std::string>() : p["error"].dump();
  } else if (p.value("hang", false)) {
    c.outcome = case_outcome::hang;
    c.property = p.value("guard", "");
    c.message = fmt::format("guard {}: {}{}", c.property, p.value("guard_detail", ""),
                            p.value("last_event", "").empty() ? "" : "; last event: " + p.value("last_event", ""));
  } else if (!p.value("ok", false)) {
    c.outcome = case_outcome::violation;
    if (p.contains("primary")) {
      const auto& v = p["primary"];
      c.property = v.value("property", "");
      c.message = fmt::format("{} {} {}", v.value("request_id", ""), v.value("message_id", ""), v.value("detail", ""));
    }
  } else {
    c.outcome = case_outcome::pass;
  }
  return c;
}

std::string junit_xml(const std::vector<checked_case>& cases, bool partial) {
  std::size_t failures = 0, errors = 0, skipped = 0;
  for (const auto& c : cases) {
    failures += c.outcome == case_outcome::violation || c.outcome == case_outcome::crash ? 1 : 0;
    errors +=
        c.outcome == case_outcome::hang || c.outcome == case_outcome::model_bug || c.outcome == case_outcome::error ? 1
                                                                                                                    : 0;
    skipped += c.outcome == case_outcome::not_run ? 1 : 0;
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format(R"x(<testsuite name="slsim.check" tests="{}" failures="{}" errors="{}" skipped="{}">)x",
                     cases.size(), failures, errors, skipped);
  out += "\n";
  if (partial)
    out += R"x(  <properties><property name="partial" value="true (interrupted: not every case ran)"/></properties>)x"
           "\n";
  for (const auto& c : cases) {
    out += fmt::format(R"x(  <testcase classname="slsim.check" name="{}")x", xml_escape(c.name));
    switch (c.outcome) {
      case case_outcome::pass:
        out += "/>\n";
        break;
      case case_outcome::violation:
      case case_outcome::crash:
        out +=
            fmt::format(R"x(><failure message="{}: {}"/></testcase>)x", xml_escape(c.property), xml_escape(c.message));
        out += "\n";
        break;
      case case_outcome::hang:
      case case_outcome::model_bug:
      case case_outcome::error:
        out += fmt::format(R"x(><error message="{}: {}"/></testcase>)x", to_string(c.outcome), xml_escape(c.message));
        out += "\n";
        break;
      case case_outcome::not_run:
        out += R"x(><skipped message="not run: interrupted or stopped after a hang"/></testcase>)x";
        out += "\n";
        break;
    }
  }
  out += "</testsuite>\n";
  return out;
}

nlohmann::json results_json(const std::vector<checked_case>& cases) {
  nlohmann::json per_case = nlohmann::json::array();
  for (const auto& c : cases) {
    nlohmann::json entry{{"name", c.name},
                         {"outcome", to_string(c.outcome)},
                         {"crashed", c.outcome == case_outcome::crash},
                         {"result", c.run.payload}};
    if (!c.message.empty() && c.outcome != case_outcome::pass) entry["message"] = c.message;
    per_case.push_back(std::move(entry));
  }
  return per_case;
}

}  // namespace slsim::cli
