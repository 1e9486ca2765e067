#include "slsim/traces/trace_reader.hpp"

#include <fmt/format.h>

#include <filesystem>

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

trace_stream::trace_stream(const std::string& path, bool require_end)
    : owned_(std::make_unique<std::ifstream>(path, std::ios::binary)),
      in_(owned_.get()),
      name_(path),
      require_end_(require_end) {
  if (std::error_code ec; std::filesystem::is_directory(path, ec))
    throw trace_format_error(path, 0, "is a directory: expected a trace file");
  if (!*in_) throw trace_format_error(path, 0, "cannot open the file");
  read_header();
}

trace_stream::trace_stream(std::istream& in, std::string name, bool require_end)
    : in_(&in), name_(std::move(name)), require_end_(require_end) {
  read_header();
}

trace_stream::~trace_stream() = default;

namespace {
// One line into `out`; false at the end of the input. A last line without its newline is
// a truncated trace.
// At most the line limit is read: a file that is not a trace (a device, a huge binary
// without newlines) is reported there, not read into memory whole.
bool read_line(std::istream& in, std::string& out, const std::string& name, std::size_t line_no) {
  out.clear();
  constexpr std::size_t limit = models::k_trace_line_limits.max_bytes;
  std::streambuf& buffer = *in.rdbuf();
  for (;;) {
    const int c = buffer.sbumpc();
    if (c == std::char_traits<char>::eof()) {
      in.setstate(std::ios::eofbit);
      if (!out.empty()) throw trace_format_error(name, line_no, "line is cut off (no newline): the trace is truncated");
      return false;
    }
    if (c == '\n') return true;
    if (out.size() == limit)
      throw trace_format_error(
          name, line_no, fmt::format("line is longer than {} bytes: not a trace line (is this a trace file?)", limit));
    out.push_back(static_cast<char>(c));
  }
}

// Size and depth are checked before parsing, so a hostile line cannot exhaust the stack.
nlohmann::json parse_line(const std::string& line, const std::string& name, std::size_t line_no) {
  auto parsed = models::try_parse_json(line, models::k_trace_line_limits);
  if (!parsed) {
    const auto problem = models::check_json_bounds(line, models::k_trace_line_limits);
    throw trace_format_error(name, line_no, problem.empty() ? "not valid JSON" : problem);
  }
  return std::move(*parsed);
}
}  // namespace

void trace_stream::read_header() {
  if (!read_line(*in_, header_line_, name_, 1))
    throw trace_format_error(name_, 1, "empty file: expected a trace header");
  line_no_ = 1;
  header_ = parse_header(parse_line(header_line_, name_, 1), name_);
}

bool trace_stream::next() {
  if (done_) return false;
  at_end_line_ = false;
  if (!read_line(*in_, line_, name_, line_no_ + 1)) {
    done_ = true;
    if (require_end_ && !footer_)
      throw trace_format_error(name_, line_no_ + 1,
                               "expected an end line: the trace is truncated (did the run crash?)");
    return false;
  }
  ++line_no_;
  if (footer_) throw trace_format_error(name_, line_no_, "nothing may follow the end line");
  record_ = parse_line(line_, name_, line_no_);
  if (record_.is_object() && record_.contains("end")) {
    footer_ = parse_footer(record_, name_, line_no_);
    if (footer_->records != records_)
      throw trace_format_error(name_, line_no_,
                               fmt::format("end line counts {} records, the trace has {}", footer_->records, records_));
    at_end_line_ = true;
    return true;
  }
  check_record(record_, name_, line_no_);
  if (record_["seq"].get<std::uint64_t>() != records_)
    throw trace_format_error(name_, line_no_, fmt::format("expected \"seq\": {}", records_));
  ++records_;
  return true;
}

namespace {
trace_file collect(trace_stream& in) {
  trace_file out;
  out.header = in.header();
  out.lines.push_back(in.header_line());
  while (in.next()) {
    out.lines.push_back(in.line());
    if (!in.at_end_line()) out.records.push_back(in.record());
  }
  out.footer = in.footer();
  return out;
}
}  // namespace

trace_file parse_trace(const std::string& text, const std::string& name, bool require_end) {
  std::istringstream in(text);
  trace_stream stream(in, name, require_end);
  return collect(stream);
}

trace_file read_trace(const std::string& path, bool require_end) {
  trace_stream stream(path, require_end);
  return collect(stream);
}

}  // namespace slsim::traces
