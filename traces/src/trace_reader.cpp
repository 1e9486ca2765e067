#include "slsim/traces/trace_reader.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "slsim/models/json_input.hpp"

namespace slsim::traces {
namespace {

std::uint64_t parse_hex(const nlohmann::json& v) {
  if (!v.is_string()) throw std::invalid_argument("not a hex string");
  std::size_t used = 0;
  const auto s = v.get<std::string>();
  const auto n = std::stoull(s, &used, 16);
  if (used != s.size()) throw std::invalid_argument("not a hex string");
  return n;
}

trace_header parse_header(const nlohmann::json& j, const std::string& name) {
  const auto text = [&](const char* key) {
    const auto it = j.find(key);
    if (it == j.end()) return std::string();
    if (!it->is_string()) throw trace_format_error(name, 1, fmt::format("header: expected \"{}\" to be a string", key));
    return it->get<std::string>();
  };
  if (!j.is_object() || text("format") != k_format_name)
    throw trace_format_error(name, 1, fmt::format("expected a header with \"format\": \"{}\"", k_format_name));
  if (!j.contains("version") || !j["version"].is_number_integer() || j["version"].get<int>() != k_format_version)
    throw trace_format_error(name, 1, fmt::format("expected \"version\": {}", k_format_version));
  trace_header h;
  if (!j.contains("case") || !j["case"].is_object()) throw trace_format_error(name, 1, "expected \"case\": {...}");
  h.run_case = j["case"];
  h.slsim_version = text("slsim");
  h.handler = text("handler");
  h.handler_build = text("handler_build");
  return h;
}

void check_record(const nlohmann::json& j, const std::string& name, std::size_t line) {
  if (!j.is_object()) throw trace_format_error(name, line, "expected a JSON object");
  for (const char* key : {"t", "seq"})
    if (!j.contains(key) || !j[key].is_number_integer())
      throw trace_format_error(name, line, fmt::format("expected an integer \"{}\"", key));
  for (const char* key : {"c", "e"})
    if (!j.contains(key) || !j[key].is_string())
      throw trace_format_error(name, line, fmt::format("expected a string \"{}\"", key));
}

trace_footer parse_footer(const nlohmann::json& j, const std::string& name, std::size_t line) {
  trace_footer f;
  try {
    f.records = j.at("records").get<std::uint64_t>();
    f.trace_hash = parse_hex(j.at("trace_hash"));
    f.status = j.at("status").get<std::string>();
    f.end_time_ns = j.at("t").get<std::int64_t>();
  } catch (const std::exception&) {
    throw trace_format_error(name, line, "expected an end line with records, trace_hash (hex), status and t");
  }
  return f;
}

}  // namespace

trace_format_error::trace_format_error(const std::string& file, std::size_t line, const std::string& message)
    : std::runtime_error(line == 0 ? fmt::format("{}: {}", file, message)
                                   : fmt::format("{}:{}: {}", file, line, message)),
      line_(line) {}

trace_file parse_trace(const std::string& text, const std::string& name, bool require_end) {
  trace_file out;
  std::size_t line_no = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    ++line_no;
    if (end == std::string::npos)
      throw trace_format_error(name, line_no, "line is cut off (no newline): the trace is truncated");
    std::string line = text.substr(start, end - start);
    start = end + 1;
    if (out.footer) throw trace_format_error(name, line_no, "nothing may follow the end line");
    auto parsed = models::try_parse_json(line, models::k_trace_line_limits);
    if (!parsed) {
      const auto problem = models::check_json_bounds(line, models::k_trace_line_limits);
      throw trace_format_error(name, line_no, problem.empty() ? "not valid JSON" : problem);
    }
    auto& j = *parsed;
    if (line_no == 1) {
      out.header = parse_header(j, name);
    } else if (j.is_object() && j.contains("end")) {
      out.footer = parse_footer(j, name, line_no);
      if (out.footer->records != out.records.size())
        throw trace_format_error(
            name, line_no,
            fmt::format("end line counts {} records, the trace has {}", out.footer->records, out.records.size()));
    } else {
      check_record(j, name, line_no);
      if (j["seq"].get<std::uint64_t>() != out.records.size())
        throw trace_format_error(name, line_no, fmt::format("expected \"seq\": {}", out.records.size()));
      out.records.push_back(std::move(j));
    }
    out.lines.push_back(std::move(line));
  }
  if (line_no == 0) throw trace_format_error(name, 1, "empty file: expected a trace header");
  if (require_end && !out.footer)
    throw trace_format_error(name, line_no + 1, "expected an end line: the trace is truncated (did the run crash?)");
  return out;
}

trace_file read_trace(const std::string& path, bool require_end) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw trace_format_error(path, 0, "cannot open the file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_trace(text.str(), path, require_end);
}

}  // namespace slsim::traces
