#include "slsim/traces/trace_diff.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "slsim/models/json_input.hpp"
#include "slsim/traces/trace_writer.hpp"

namespace slsim::traces {
namespace {
constexpr std::size_t k_context_lines = 3;

std::string kind_of(std::string_view line) {
  const auto j = models::try_parse_json(line, models::k_trace_line_limits);
  if (!j || !j->is_object() || !j->contains("c") || !j->contains("e") || !(*j)["c"].is_string() ||
      !(*j)["e"].is_string())
    return "(other)";
  return (*j)["c"].get<std::string>() + "." + (*j)["e"].get<std::string>();
}
// The first id field a line has, found without parsing it (this runs on every equal line).
std::optional<request_ref> request_of(std::string_view line) {
  for (std::string_view field : {"invocation", "request", "batch", "writer"}) {
    const std::string key = fmt::format("\"{}\":", field);
    const auto at = line.find(key);
    if (at == std::string_view::npos) continue;
    std::uint64_t id = 0;
    std::size_t i = at + key.size();
    if (i >= line.size() || line[i] < '0' || line[i] > '9') continue;
    for (; i < line.size() && line[i] >= '0' && line[i] <= '9'; ++i)
      id = id * 10 + static_cast<std::uint64_t>(line[i] - '0');
    if (id == 0) continue;  // unused ids are 0
    return request_ref{std::string(field), id, true};
  }
  return std::nullopt;
}
}  // namespace

void line_comparer::diverge(std::string_view left, std::string_view right, bool has_left, bool has_right) {
  diverged_ = true;
  d_.line = std::max(left_lines_, right_lines_);
  d_.left = std::string(left);
  d_.right = std::string(right);
  d_.kind = kind_of(has_left ? left : right);
  d_.request = request_of(has_left ? left : right);
  if (!d_.request && has_left && has_right) d_.request = request_of(right);
  if (!d_.request && last_request_) {
    d_.request = last_request_;
    d_.request->on_line = false;
  }
  if (has_left) ++d_.after_counts[kind_of(left)].first;
  if (has_right) ++d_.after_counts[kind_of(right)].second;
}

void line_comparer::both(std::string_view left, std::string_view right) {
  ++left_lines_;
  ++right_lines_;
  if (diverged_) {
    ++d_.after_counts[kind_of(left)].first;
    ++d_.after_counts[kind_of(right)].second;
    return;
  }
  if (left == right) {
    if (d_.context.size() == k_context_lines) d_.context.erase(d_.context.begin());
    d_.context.emplace_back(left);
    if (auto r = request_of(left)) last_request_ = std::move(r);
    return;
  }
  diverge(left, right, true, true);
}

void line_comparer::left_only(std::string_view left) {
  ++left_lines_;
  if (diverged_) {
    ++d_.after_counts[kind_of(left)].first;
    return;
  }
  diverge(left, "", true, false);
}

void line_comparer::right_only(std::string_view right) {
  ++right_lines_;
  if (diverged_) {
    ++d_.after_counts[kind_of(right)].second;
    return;
  }
  diverge("", right, false, true);
}

std::optional<trace_divergence> line_comparer::result() const {
  if (!diverged_) return std::nullopt;
  trace_divergence d = d_;
  d.left_lines = left_lines_;
  d.right_lines = right_lines_;
  return d;
}

std::optional<trace_divergence> first_divergence(const trace_file& left, const trace_file& right) {
  line_comparer c;
  const std::size_t common = std::min(left.lines.size(), right.lines.size());
  for (std::size_t i = 0; i < common; ++i) c.both(left.lines[i], right.lines[i]);
  for (std::size_t i = common; i < left.lines.size(); ++i) c.left_only(left.lines[i]);
  for (std::size_t i = common; i < right.lines.size(); ++i) c.right_only(right.lines[i]);
  return c.result();
}

std::optional<trace_divergence> first_divergence(trace_stream& left, trace_stream& right) {
  line_comparer c;
  c.both(left.header_line(), right.header_line());
  bool more_left = true, more_right = true;
  while (more_left || more_right) {
    more_left = more_left && left.next();
    more_right = more_right && right.next();
    if (more_left && more_right)
      c.both(left.line(), right.line());
    else if (more_left)
      c.left_only(left.line());
    else if (more_right)
      c.right_only(right.line());
  }
  return c.result();
}

replay_comparer::replay_comparer(trace_stream& recorded, const trace_header& fresh_header) : recorded_(recorded) {
  comparer_.both(recorded.header_line(), header_line(fresh_header));
}

void replay_comparer::fresh_line(std::string_view line) {
  if (!recorded_done_ && !error_) {
    try {
      if (recorded_.next()) {
        comparer_.both(recorded_.line(), line);
        return;
      }
    } catch (...) {
      error_ = std::current_exception();
    }
    recorded_done_ = true;
  }
  comparer_.right_only(line);
}

void replay_comparer::on_record(const sim::trace_record& record) {
  line_.clear();
  append_record_line(line_, record);
  fresh_line(line_);
}

std::optional<trace_divergence> replay_comparer::finish(const trace_footer& footer) {
  fresh_line(footer_line(footer));
  while (!recorded_done_ && !error_) {
    try {
      if (!recorded_.next()) break;
      comparer_.left_only(recorded_.line());
    } catch (...) {
      error_ = std::current_exception();
    }
  }
  if (error_) std::rethrow_exception(error_);
  return comparer_.result();
}

std::string trace_divergence::describe(const std::string& left_name, const std::string& right_name) const {
  std::string out = fmt::format("first divergence at line {}\n", line);
  for (const auto& c : context) out += fmt::format("  = {}\n", c);
  out += fmt::format("  < {}: {}\n", left_name, left.empty() ? "(trace ended)" : left);
  out += fmt::format("  > {}: {}\n", right_name, right.empty() ? "(trace ended)" : right);
  if (request)
    out += fmt::format("first differing request: {} {} ({}{})\n", request->field, request->id, kind,
                       request->on_line ? "" : "; named by the nearest line before it");
  out += fmt::format("after it: {} lines vs {} lines\n", left_lines - line + 1, right_lines - line + 1);
  for (const auto& [what, counts] : after_counts)
    if (counts.first != counts.second)
      out += fmt::format("  {:<28} {:>8} vs {:>8}\n", what, counts.first, counts.second);
  return out;
}

}  // namespace slsim::traces
