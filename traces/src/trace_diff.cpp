#include "slsim/traces/trace_diff.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "slsim/models/json_input.hpp"

namespace slsim::traces {
namespace {
std::string kind_of(const std::string& line) {
  const auto j = models::try_parse_json(line, models::k_trace_line_limits);
  if (!j || !j->is_object() || !(*j).contains("c") || !(*j)["c"].is_string() || !(*j).contains("e") ||
      !(*j)["e"].is_string())
    return "(other)";
  return (*j)["c"].get<std::string>() + "." + (*j)["e"].get<std::string>();
}
}  // namespace

std::optional<trace_divergence> first_divergence(const trace_file& left, const trace_file& right) {
  const std::size_t common = std::min(left.lines.size(), right.lines.size());
  std::size_t i = 0;
  while (i < common && left.lines[i] == right.lines[i]) ++i;
  if (i == left.lines.size() && i == right.lines.size()) return std::nullopt;
  trace_divergence d;
  d.line = i + 1;
  d.left = i < left.lines.size() ? left.lines[i] : "";
  d.right = i < right.lines.size() ? right.lines[i] : "";
  for (std::size_t k = i >= 3 ? i - 3 : 0; k < i; ++k) d.context.push_back(left.lines[k]);
  for (std::size_t k = i; k < left.lines.size(); ++k) ++d.after_counts[kind_of(left.lines[k])].first;
  for (std::size_t k = i; k < right.lines.size(); ++k) ++d.after_counts[kind_of(right.lines[k])].second;
  d.left_lines = left.lines.size();
  d.right_lines = right.lines.size();
  return d;
}

std::string trace_divergence::describe(const std::string& left_name, const std::string& right_name) const {
  std::string out = fmt::format("first divergence at line {}\n", line);
  for (const auto& c : context) out += fmt::format("  = {}\n", c);
  out += fmt::format("  < {}: {}\n", left_name, left.empty() ? "(trace ended)" : left);
  out += fmt::format("  > {}: {}\n", right_name, right.empty() ? "(trace ended)" : right);
  out += fmt::format("after it: {} lines vs {} lines\n", left_lines - line + 1, right_lines - line + 1);
  for (const auto& [kind, counts] : after_counts)
    if (counts.first != counts.second)
      out += fmt::format("  {:<28} {:>8} vs {:>8}\n", kind, counts.first, counts.second);
  return out;
}

}  // namespace slsim::traces
