#include "junit_report.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "slsim/io/markup_escape.hpp"

namespace slsim::cli {
namespace {

constexpr auto k_attribute = io::markup_context::attribute;
constexpr auto k_text = io::markup_context::text;
}  // namespace

std::string junit_xml(const std::string& suite, const std::vector<junit_case>& cases, bool partial) {
  using outcome = junit_case::outcome;
  const auto count = [&](outcome o) {
    return std::count_if(cases.begin(), cases.end(), [&](const junit_case& c) { return c.result == o; });
  };
  std::string out = R"(<?xml version="1.0" encoding="UTF-8"?>)";
  out += fmt::format("\n<testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">\n",
                     io::markup_escape(suite, k_attribute), cases.size(), count(outcome::failed), count(outcome::error),
                     count(outcome::skipped));
  if (partial)
    out +=
        "  <properties>\n    <property name=\"partial\" value=\"true (interrupted: not every case ran)\"/>\n"
        "  </properties>\n";
  for (const auto& c : cases) {
    out += fmt::format(R"(  <testcase classname="{}" name="{}")", io::markup_escape(suite, k_attribute),
                       io::markup_escape(c.name, k_attribute));
    if (c.result == outcome::passed) {
      out += "/>\n";
      continue;
    }
    if (c.result == outcome::skipped) {
      out +=
          fmt::format(">\n    <skipped message=\"{}\"/>\n  </testcase>\n", io::markup_escape(c.violation, k_attribute));
      continue;
    }
    const bool failed = c.result == outcome::failed;
    const std::string message = failed ? c.property + ": " + c.violation : c.violation;
    out += fmt::format(">\n    <{0} message=\"{1}\" type=\"{2}\">{3}</{0}>\n  </testcase>\n",
                       failed ? "failure" : "error", io::markup_escape(message, k_attribute),
                       io::markup_escape(failed ? c.property : "error", k_attribute),
                       io::markup_escape(c.details, k_text));
  }
  return out + "</testsuite>\n";
}

}  // namespace slsim::cli
