#include "slsim/models/json_input.hpp"
#include "slsim/models/json_scan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <system_error>
#include <vector>

namespace slsim::models {
namespace {

std::string size_text(std::size_t bytes) {
  if (bytes >= (std::size_t{1} << 20) && bytes % (std::size_t{1} << 20) == 0) return fmt::format("{} MiB", bytes >> 20);
  if (bytes >= 1024 && bytes % 1024 == 0) return fmt::format("{} KiB", bytes >> 10);
  return fmt::format("{} bytes", bytes);
}

// "[json.exception.parse_error.101] parse error at line 1, column 2: x" → "line 1, column 2: x"
std::string strip_library_prefix(std::string text) {
  if (text.rfind("[json.exception.", 0) == 0)
    if (const auto end = text.find("] "); end != std::string::npos) text.erase(0, end + 2);
  for (const char* noise : {"parse error at ", "parse error: "})
    if (text.rfind(noise, 0) == 0) text.erase(0, std::char_traits<char>::length(noise));
  return text;
}

bool only_whitespace(std::string_view text) { return text.find_first_not_of(" \t\r\n") == std::string_view::npos; }

}  // namespace

input_error::input_error(const std::string& source, const std::string& where, const std::string& message)
    : std::runtime_error(where.empty() ? fmt::format("{}: {}", source, message)
                                       : fmt::format("{}: {}: {}", source, where, message)),
      source_(source),
      where_(where) {}

std::string check_json_bounds(std::string_view text, const json_limits& limits) {
  if (text.size() > limits.max_bytes)
    return fmt::format("{} bytes is larger than the limit of {}", text.size(), size_text(limits.max_bytes));
  std::size_t depth = 0;
  std::size_t line = 1;
  std::size_t line_start = 0;
  bool in_string = false;
  bool escaped = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      else if (c == '\n')  // invalid in JSON strings; the parser reports it, the count stays right
        in_string = false;
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        break;
      case '[':
      case '{':
        if (++depth > limits.max_depth)
          return fmt::format("nesting deeper than the limit of {} levels at line {}, column {}", limits.max_depth, line,
                             i - line_start + 1);
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;
        break;
      case '\n':
        ++line;
        line_start = i + 1;
        break;
      default:
        break;
    }
  }
  return {};
}

namespace {
// The first key that occurs twice in one object, as a JSON pointer ("" if none). nlohmann
// keeps the last value silently; in a file a person wrote, the first one was meant too.
class duplicate_key_finder {
 public:
  bool operator()(int /*depth*/, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    using e = nlohmann::json::parse_event_t;
    if (!found.empty()) return true;
    switch (event) {
      case e::object_start:
      case e::array_start:
        enter_value();
        frames_.push_back({event == e::array_start, 0, {}, {}});
        break;
      case e::object_end:
      case e::array_end:
        frames_.pop_back();
        break;
      case e::key: {
        auto& f = frames_.back();
        f.key = parsed.get<std::string>();
        if (!f.keys.insert(f.key).second) found = pointer();
        break;
      }
      case e::value:
        enter_value();
        break;
    }
    return true;
  }
  std::string found;

 private:
  struct frame {
    bool array = false;
    std::size_t count = 0;  // elements begun (arrays)
    std::string key;        // the current member (objects)
    std::set<std::string> keys;
  };
  void enter_value() {
    if (!frames_.empty() && frames_.back().array) ++frames_.back().count;
  }
  std::string pointer() const {
    std::string out;
    for (const auto& f : frames_) {
      out += '/';
      if (f.array) {
        out += std::to_string(f.count - 1);
        continue;
      }
      for (const char c : f.key) out += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
    }
    return out;
  }
  std::vector<frame> frames_;
};
}  // namespace

nlohmann::json parse_json(std::string_view text, const std::string& source, const json_limits& limits) {
  if (auto problem = check_json_bounds(text, limits); !problem.empty()) throw input_error(source, "", problem);
  if (only_whitespace(text)) throw input_error(source, "", "empty: expected a JSON document");
  try {
    // Configuration a person writes (scenarios, case files, price tables): a key given
    // twice is an error. Machine-written results are parsed as they are.
    if (limits.max_bytes == k_document_limits.max_bytes && limits.max_depth == k_document_limits.max_depth) {
      duplicate_key_finder duplicates;
      auto j = nlohmann::json::parse(text, std::ref(duplicates));
      if (!duplicates.found.empty())
        throw input_error(source, duplicates.found, "this key is given twice in one object: keep one");
      return j;
    }
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {  // parse_error, or out_of_range.406 for 1e999
    std::string what = strip_library_prefix(e.what());
    // An overflow names the number but not where it is: the first occurrence of its text.
    if (const auto open = what.find('\''); e.id == 406 && open != std::string::npos && what.back() == '\'') {
      const std::string number = what.substr(open + 1, what.size() - open - 2);
      if (const auto at = text.find(number); !number.empty() && at != std::string_view::npos) {
        const auto before = text.substr(0, at);
        const auto line = 1 + std::count(before.begin(), before.end(), '\n');
        const auto line_start = before.rfind('\n');
        const auto column = at - (line_start == std::string_view::npos ? 0 : line_start + 1) + 1;
        what = fmt::format("line {}, column {}: {}", line, column, what);
      }
    }
    if (what.size() > 200) what = what.substr(0, 200) + "...";  // it may quote the whole number
    throw input_error(source, "", "not valid JSON: " + what);
  }
}

std::optional<nlohmann::json> try_parse_json(std::string_view text, const json_limits& limits) {
  if (!check_json_bounds(text, limits).empty()) return std::nullopt;
  auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return std::nullopt;
  return j;
}

nlohmann::json parse_or_discarded(std::string_view text, const json_limits& limits) {
  if (!check_json_bounds(text, limits).empty()) return nlohmann::json(nlohmann::json::value_t::discarded);
  return nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
}

namespace {
// Scan events of one document: remembers the string value of the top-level field `key`.
class top_level_field {
 public:
  explicit top_level_field(std::string_view key) : key_(key) {}
  std::optional<std::string> value;
  bool top_is_object = false;

  bool null() { return scalar(); }
  bool boolean(bool) { return scalar(); }
  bool number_integer(std::int64_t) { return scalar(); }
  bool number_unsigned(std::uint64_t) { return scalar(); }
  bool number_float(double) { return scalar(); }
  bool string(std::string_view text) {
    if (at_field()) value = std::string(text);
    return after_value();
  }
  bool start_object() { return open(true); }
  bool key(std::string_view name) {
    pending_ = depth_ == 1 && name == key_;
    return true;
  }
  bool end_object() { return close(); }
  bool start_array() { return open(false); }
  bool end_array() { return close(); }

 private:
  bool at_field() const noexcept { return pending_ && depth_ == 1; }
  bool after_value() {
    pending_ = false;
    return true;
  }
  bool scalar() {
    if (at_field()) value.reset();  // a later duplicate that is not a string replaces it
    return after_value();
  }
  bool open(bool object) {
    if (depth_ == 0) top_is_object = object;
    if (at_field()) value.reset();
    pending_ = false;
    ++depth_;
    return true;
  }
  bool close() {
    --depth_;
    return true;
  }
  std::string_view key_;
  std::size_t depth_ = 0;
  bool pending_ = false;
};
}  // namespace

std::optional<std::string> top_level_string(std::string_view text, std::string_view key, const json_limits& limits) {
  top_level_field field(key);
  if (!scan_json(text, field, limits) || !field.top_is_object) return std::nullopt;
  return std::move(field.value);
}

std::string read_input_file(const std::string& path, std::size_t max_bytes, const std::string& what) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) throw input_error(path, "", fmt::format("cannot open the {}: no such file", what));
  if (fs::is_directory(status))
    throw input_error(path, "", fmt::format("cannot open the {}: it is a directory, expected a file", what));
  if (fs::is_regular_file(status)) {
    const auto size = fs::file_size(path, ec);
    if (!ec && size > max_bytes)
      throw input_error(
          path, "", fmt::format("the {} is {} bytes, larger than the limit of {}", what, size, size_text(max_bytes)));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw input_error(path, "", fmt::format("cannot open the {}: permission denied or unreadable", what));
  // Read at most max_bytes + 1 so a FIFO or a growing file cannot exhaust memory either.
  std::string text;
  std::array<char, 65536> buffer{};
  while (in) {
    in.read(buffer.data(), buffer.size());
    text.append(buffer.data(), static_cast<std::size_t>(in.gcount()));
    if (text.size() > max_bytes)
      throw input_error(path, "", fmt::format("the {} is larger than the limit of {}", what, size_text(max_bytes)));
  }
  if (in.bad()) throw input_error(path, "", fmt::format("cannot read the {}", what));
  return text;
}

nlohmann::json read_json_file(const std::string& path, const std::string& what, const json_limits& limits) {
  return parse_json(read_input_file(path, limits.max_bytes, what), path, limits);
}

std::string describe_json_error(const std::exception& e) {
  std::string text = strip_library_prefix(e.what());
  // "type must be number, but is string" → "expected a number, found a string"
  constexpr std::string_view must = "type must be ";
  constexpr std::string_view but = ", but is ";
  if (text.rfind(must, 0) == 0)
    if (const auto at = text.find(but); at != std::string::npos) {
      const auto article = [](std::string_view word) {
        return std::string(word == "object" || word == "array" ? "an "
                           : word == "null"                    ? ""
                                                               : "a ") +
               std::string(word);
      };
      const auto wanted = std::string_view(text).substr(must.size(), at - must.size());
      const auto found = std::string_view(text).substr(at + but.size());
      return "expected " + article(wanted) + ", found " + article(found);
    }
  if (text.rfind("key '", 0) == 0 && text.size() > 15 && text.ends_with("' not found"))
    return "missing field \"" + text.substr(5, text.size() - 5 - 11) + "\"";
  return text;
}

const char* json_type_word(const nlohmann::json& j) {
  if (j.is_number_unsigned() || j.is_number_integer()) return "an integer";
  if (j.is_object()) return "an object";
  if (j.is_array()) return "an array";
  if (j.is_string()) return "a string";
  if (j.is_boolean()) return "a boolean";
  if (j.is_number()) return "a number";
  return "null";
}

}  // namespace slsim::models
