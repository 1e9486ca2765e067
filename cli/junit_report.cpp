#include "junit_report.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace slsim::cli {
namespace {

// XML 1.0 text and attribute values: the five special characters escaped; control
// characters XML forbids (all below 0x20 but tab, newline, carriage return) replaced.
std::string xml_escape(std::string_view text, bool attribute) {
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += attribute ? "&quot;" : "\"";
        break;
      case '\n':
        out += attribute ? "&#10;" : "\n";
        break;
      default:
        if (static_cast<unsigned char>(ch) < 0x20 && ch != '\t' && ch != '\r')
          out += '?';
        else
          out += ch;
    }
  }
  return out;
}
}  // namespace

std::string junit_xml(const std::string& suite, const std::vector<junit_case>& cases, bool partial) {
  using outcome = junit_case::outcome;
  const auto count = [&](outcome o) {
    return std::count_if(cases.begin(), cases.end(), [&](const junit_case& c) { return c.result == o; });
  };
  std::string out = R"(<?xml version="1.0" encoding="UTF-8"?>)";
  out += fmt::format("\n<testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">\n",
                     xml_escape(suite, true), cases.size(), count(outcome::failed), count(outcome::error),
                     count(outcome::skipped));
  if (partial)
    out +=
        "  <properties>\n    <property name=\"partial\" value=\"true (interrupted: not every case ran)\"/>\n"
        "  </properties>\n";
  for (const auto& c : cases) {
    out += fmt::format(R"(  <testcase classname="{}" name="{}")", xml_escape(suite, true), xml_escape(c.name, true));
    if (c.result == outcome::passed) {
      out += "/>\n";
      continue;
    }
    if (c.result == outcome::skipped) {
      out += fmt::format(">\n    <skipped message=\"{}\"/>\n  </testcase>\n", xml_escape(c.violation, true));
      continue;
    }
    const bool failed = c.result == outcome::failed;
    const std::string message = failed ? c.property + ": " + c.violation : c.violation;
    out += fmt::format(">\n    <{0} message=\"{1}\" type=\"{2}\">{3}</{0}>\n  </testcase>\n",
                       failed ? "failure" : "error", xml_escape(message, true),
                       xml_escape(failed ? c.property : "error", true), xml_escape(c.details, false));
  }
  return out + "</testsuite>\n";
}

}  // namespace slsim::cli
