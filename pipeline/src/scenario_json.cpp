// Loading a scenario: overrides are merged over the built-in document, then checked
// generically against it (unknown fields, wrong types), converted, converted back to
// catch values the converters silently replaced (unknown enum names), and validated by
// each model. Every problem is reported with its JSON pointer, all at once.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>

#include "legacy_fields.hpp"
#include "slsim/external/shim_channel.hpp"
#include "slsim/models/json_input.hpp"
#include "slsim/pipeline/scenario.hpp"
#include "slsim/sim/tie_order.hpp"

namespace slsim::pipeline {
namespace {
using json = nlohmann::json;

// The names `effects.expected` may take ("" = no expected-item check); each has an
// implementation in properties::find_expected. Anything else is rejected at load time,
// since a typo would silently switch off part of exactly_once.
constexpr std::array<std::string_view, 2> k_expected_functions{"", "reference_transform"};

const char* type_word(const json& j) {
  if (j.is_number_integer()) return "an integer";
  if (j.is_object()) return "an object";
  if (j.is_array()) return "an array";
  if (j.is_string()) return "a string";
  if (j.is_boolean()) return "a boolean";
  if (j.is_number()) return "a number";
  return "null";
}

bool same_kind(const json& given, const json& reference) {
  if (given.is_number() && reference.is_number()) {
    // An integer field takes 30 or 30.0, not 30.5.
    if (reference.is_number_integer() && given.is_number_float())
      return given.get<double>() == std::floor(given.get<double>());
    return true;
  }
  return given.type() == reference.type();
}

std::string escape_pointer(const std::string& key) {
  if (key.find_first_of("~/") == std::string::npos) return key;
  std::string out;
  for (char c : key) out += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
  return out;
}

// Objects whose keys are the user's names, not fields (the built-in scenario's keys are
// examples): any key is accepted, every value must be a string.
bool is_string_map(const std::string& path) { return path == "/function/environment"; }

// Element samples of the arrays the built-in scenario leaves empty, whose elements the
// walk could otherwise not check (an element of the wrong type was reported at its section
// by the converter, not at its own path). Arrays of objects are left to their converters.
const json* empty_array_element(const std::string& path) {
  static const std::map<std::string, json, std::less<>> samples{{"/clients/amount_boundaries", 0},
                                                                {"/clients/arrival/only_requests", 0},
                                                                {"/dlq/redrive_allow_policy/source_queue_names", ""},
                                                                {"/queue/redrive_allow_policy/source_queue_names", ""},
                                                                {"/esm/filter_patterns", ""},
                                                                {"/gateway/auth/allow_tokens", ""},
                                                                {"/gateway/auth/api_keys", ""},
                                                                {"/gateway/auth/deny_tokens", ""},
                                                                {"/gateway/auth/failing_tokens", ""}};
  const auto it = samples.find(path);
  return it == samples.end() ? nullptr : &it->second;
}

// Checks `given` against the built-in `reference` shape. `path` is a buffer the walk
// extends and truncates (a scenario is checked per generated case: no string per node).
void check_shape(const json& given, const json& reference, std::string& path, std::vector<scenario_issue>& out) {
  if (reference.is_null()) return;  // optional field: any value, checked by conversion and validate()
  if (!same_kind(given, reference)) {
    out.push_back({path, fmt::format("expected {}, found {}", type_word(reference), type_word(given))});
    return;
  }
  const std::size_t length = path.size();
  if (is_string_map(path)) {
    for (const auto& [key, value] : given.items())
      if (!value.is_string())
        out.push_back({path + "/" + escape_pointer(key), fmt::format("expected a string, found {}", type_word(value))});
    return;
  }
  if (given.is_object() && !reference.empty()) {
    for (const auto& [key, value] : given.items()) {
      path += '/';
      path += escape_pointer(key);
      const auto it = reference.find(key);
      if (it == reference.end())
        out.push_back({path, "unknown field"});
      else
        check_shape(value, *it, path, out);
      path.resize(length);
    }
  } else if (given.is_array()) {
    const json* element = !reference.empty() ? &reference.front() : empty_array_element(path);
    if (element == nullptr) return;
    for (std::size_t i = 0; i < given.size(); ++i) {
      path += '/';
      path += std::to_string(i);
      check_shape(given[i], *element, path, out);
      path.resize(length);
    }
  }
}

// Values the converters replaced without an error (an unknown enum name becomes the first).
void check_round_trip(const json& given, const json& back, const std::string& path, std::vector<scenario_issue>& out) {
  if (given.is_object() && back.is_object()) {
    for (const auto& [key, value] : given.items())
      if (const auto it = back.find(key); it != back.end())
        check_round_trip(value, *it, path + "/" + escape_pointer(key), out);
    return;
  }
  if (given.is_array() && back.is_array() && given.size() == back.size()) {
    for (std::size_t i = 0; i < given.size(); ++i)
      check_round_trip(given[i], back[i], path + "/" + std::to_string(i), out);
    return;
  }
  if (given.is_string() && back.is_string() && given != back)
    out.push_back({path, fmt::format("unexpected value \"{}\"", given.get<std::string>())});
}

// "queue.redrive_policy.max_receive_count" / "iam.roles[1].actions[0]" → JSON pointer in `section`.
std::string pointer_of(const std::string& dotted, const std::string& section) {
  std::string rest = dotted;
  if (const auto dot = rest.find_first_of(".["); dot != std::string::npos)
    rest = rest.substr(dot);
  else
    rest.clear();
  std::string out = "/" + section;
  for (std::size_t i = 0; i < rest.size(); ++i) {
    const char c = rest[i];
    if (c == '.' || c == '[')
      out += '/';
    else if (c != ']')
      out += c;
  }
  return out;
}

// A value quoted in a message: a 3 MB name is shown by its start and its length.
std::string shortened(const std::string& value) {
  constexpr std::size_t k_shown = 80;
  if (value.size() <= k_shown) return value;
  return fmt::format("{}... ({} bytes)", value.substr(0, k_shown), value.size());
}

// A violation names its model's own fields ("queue.x" for the DLQ's queue_config too) or,
// for cross-model rules such as L6, another section's field ("function.timeout_s").
void add_violations(const std::vector<models::violation>& vs, const std::string& section,
                    std::vector<scenario_issue>& out, const std::string& own_prefix = "") {
  const std::string own = own_prefix.empty() ? section : own_prefix;
  for (const auto& v : vs)
    out.push_back(
        {pointer_of(v.path, v.path.rfind(own, 0) == 0 ? section : v.path.substr(0, v.path.find_first_of(".["))),
         fmt::format("{} is outside what AWS accepts: allowed {}{}", shortened(v.value), v.allowed,
                     v.fact.empty() ? "" : " (" + v.fact + ")")});
}

// Recent results for one section, kept per thread: `check` loads a scenario per case and
// a section's content repeats across cases (the `vary` fields take few values; most
// sections never change), so a section equal to a recent one reuses its result.
template <class Result>
class section_memo {
 public:
  const Result* find(const json& input) const {
    for (const auto& [seen, result] : entries_)
      if (seen == input) return &result;
    return nullptr;
  }
  void add(const json& input, Result result) {
    if (entries_.size() < k_entries) {
      entries_.emplace_back(input, std::move(result));
    } else {
      entries_[next_] = {input, std::move(result)};
      next_ = (next_ + 1) % k_entries;
    }
  }

 private:
  static constexpr std::size_t k_entries = 16;
  std::vector<std::pair<json, Result>> entries_;
  std::size_t next_ = 0;
};

template <class Result>
section_memo<Result>& memo_of(std::string_view section) {
  thread_local std::map<std::string, section_memo<Result>, std::less<>> memos;
  if (const auto it = memos.find(section); it != memos.end()) return it->second;
  return memos.emplace(std::string(section), section_memo<Result>{}).first->second;
}

template <class T>
struct converted {
  T value{};
  std::vector<scenario_issue> issues;
};

template <class T>
void convert(const json& document, const char* section, T& target, std::vector<scenario_issue>& out) {
  auto& memo = memo_of<converted<T>>(section);
  const json& input = document.at(section);
  if (const auto* hit = memo.find(input)) {
    target = hit->value;
    out.insert(out.end(), hit->issues.begin(), hit->issues.end());
    return;
  }
  std::vector<scenario_issue> issues;
  try {
    input.get_to(target);
    json back = target;
    check_round_trip(input, back, std::string("/") + section, issues);
  } catch (const json::exception& e) {
    issues.push_back({std::string("/") + section, models::describe_json_error(e)});
  }
  out.insert(out.end(), issues.begin(), issues.end());
  memo.add(input, {target, std::move(issues)});
}

// check_shape of one top-level section, remembered the same way.
void check_section_shape(const std::string& key, const json& value, const json& reference,
                         std::vector<scenario_issue>& out) {
  auto& memo = memo_of<std::vector<scenario_issue>>(key);
  if (const auto* hit = memo.find(value)) {
    out.insert(out.end(), hit->begin(), hit->end());
    return;
  }
  std::vector<scenario_issue> issues;
  std::string path = "/" + escape_pointer(key);
  check_shape(value, reference, path, issues);
  out.insert(out.end(), issues.begin(), issues.end());
  memo.add(value, std::move(issues));
}

// `patch` laid over `base` (objects merged key by key, anything else replaced), built in
// place in `patch`: only what the patch lacks is copied from the base.
void fill_from(json& patch, const json& base) {
  if (!base.is_object() || !patch.is_object()) return;  // the patch's value wins
  for (const auto& [key, value] : base.items()) {
    const auto it = patch.find(key);
    if (it == patch.end())
      patch.emplace(key, value);
    else if (value.is_object() && !value.empty())
      fill_from(*it, value);
  }
}
// `vary` (docs/architecture.md §6): JSON pointer of an integer (or optional) scenario field → [lo, hi],
// or of a string field (an enumeration) → the list of values to choose from.
void check_vary(const json& vary, const json& reference, std::vector<scenario_issue>& out) {
  if (!vary.is_object()) {
    out.push_back({"/vary", "expected an object of JSON pointer → [lowest, highest] or [\"choice\", ...]"});
    return;
  }
  for (const auto& [key, range] : vary.items()) {
    const std::string where = "/vary/" + escape_pointer(key);
    const json::json_pointer field(key.empty() || key.front() != '/' ? "/" : key);
    if (key.empty() || key.front() != '/' || !reference.contains(field) ||
        !(reference.at(field).is_number_integer() || reference.at(field).is_null() ||
          reference.at(field).is_string())) {
      out.push_back({where,
                     "expected the JSON pointer of an integer or string scenario field, e.g. /esm/batch_size or "
                     "/store/retry/preset"});
      continue;
    }
    if (reference.at(field).is_string()) {
      if (!range.is_array() || range.empty() ||
          !std::all_of(range.begin(), range.end(), [](const json& v) { return v.is_string(); }))
        out.push_back(
            {where, "expected a non-empty list of the values to choose from, e.g. [\"js_v3\", \"aws_sdk_cpp\"]"});
      continue;
    }
    if (!range.is_array() || range.size() != 2 || !range[0].is_number_integer() || !range[1].is_number_integer() ||
        range[0].get<std::int64_t>() > range[1].get<std::int64_t>())
      out.push_back({where, "expected [lowest, highest] integers"});
  }
}

// The run's guards: a value outside these ranges cannot bound a run (a zero poll never
// advances the liveness phase; a huge one overflows virtual time).
void add_bounds_issues(const run_bounds& b, std::vector<scenario_issue>& out) {
  const auto outside = [&](const char* field, double value, double low, double high, const char* unit) {
    if (value >= low && value <= high) return;  // also false for NaN
    out.push_back({fmt::format("/bounds/{}", field), fmt::format("{} is outside [{}, {}]{}", value, low, high, unit)});
  };
  outside("max_events", static_cast<double>(b.max_events), 1, 1e13, " events");
  outside("wall_seconds", b.wall_seconds, 0.001, 7 * 86400.0, " s");
  outside("drain_poll_s", b.drain_poll_s, 0.001, 3600, " s");
  outside("extra_drain_s", b.extra_drain_s, 0, 30 * 86400.0, " s");
}

// The program an external handler's command starts, when the command is a plain program
// and arguments: "" if it can be run, else why not. A mistyped path would otherwise fail
// every execution environment's INIT (the shell's exit 127) and read as a handler bug.
// Commands with shell syntax (variables, pipes, `cd x &&`) are left to the shell.
std::string missing_program(const std::string& command, const std::string& cwd) {
  const auto start = command.find_first_not_of(" \t");
  if (start == std::string::npos) return "expected a command (empty)";
  const std::string program = command.substr(start, command.find_first_of(" \t", start) - start);
  if (program.find_first_of("=$`'\"\\;|&<>(){}*?~") != std::string::npos) return "";
  for (const char* builtin : {"exec", "cd", ".", "eval", "export", "ulimit", "umask", "set", "exit", "true"})
    if (program == builtin) return "";  // the shell's own: what follows is the program
  namespace fs = std::filesystem;
  const auto runnable = [](const fs::path& p) {
    std::error_code ec;
    return fs::is_regular_file(p, ec) && ::access(p.c_str(), X_OK) == 0;
  };
  if (program.find('/') != std::string::npos) {
    const fs::path path = fs::path(program).is_absolute() || cwd.empty() ? fs::path(program) : fs::path(cwd) / program;
    return runnable(path) ? "" : fmt::format("\"{}\": {} is not an executable file", command, path.string());
  }
  // A name: looked up in PATH as the shell will (the command's environment is this process's).
  const char* path_variable = std::getenv("PATH");  // outside the simulated world: the scenario's loader
  const std::string search = path_variable ? path_variable : "/usr/bin:/bin";
  for (std::size_t at = 0; at <= search.size();) {
    const auto colon = std::min(search.find(':', at), search.size());
    const std::string dir = search.substr(at, colon - at);
    if (runnable(fs::path(dir.empty() ? "." : dir) / program)) return "";
    at = colon + 1;
  }
  return fmt::format("\"{}\": no program \"{}\" in PATH", command, program);
}

// Rules between sections that the models would otherwise find only when a run builds its
// world: a scenario that cannot be built is bad input (exit 2, with its path), never a
// property failure of every case.
void add_wiring_issues(const scenario& s, std::vector<scenario_issue>& out) {
  const auto& roles = s.iam.roles;
  const auto& gateway_role = s.gateway.integration.role;
  if (std::none_of(roles.begin(), roles.end(), [&](const iam::role_config& r) { return r.name == gateway_role; })) {
    std::string names;
    for (const auto& r : roles) names += (names.empty() ? "\"" : ", \"") + r.name + "\"";
    out.push_back(
        {"/gateway/integration/role",
         fmt::format("no role named \"{}\": expected one of the roles of /iam/roles ({})", gateway_role, names)});
  }
  // The DLQ is created before the source queue (S12), and the world has no third queue.
  if (s.dlq.redrive_policy.enabled())
    out.push_back({"/dlq/redrive_policy/dead_letter_target_name",
                   fmt::format("\"{}\": the DLQ cannot have a DLQ of its own here; expected no redrive policy (S12)",
                               s.dlq.redrive_policy.dead_letter_target_name)});
  if (!s.queue.redrive_policy.enabled()) return;
  if (s.dlq.type != s.queue.type)
    out.push_back({"/dlq/type", "expected the source queue's type: a DLQ has the type of its source (S12, F8)"});
  const auto& allow = s.dlq.redrive_allow_policy;  // S15
  const auto& sources = allow.source_queue_names;
  const bool admitted = allow.redrive_permission == queue::redrive_permission_kind::allow_all ||
                        (allow.redrive_permission == queue::redrive_permission_kind::by_queue &&
                         std::find(sources.begin(), sources.end(), s.queue.name) != sources.end());
  if (!admitted)
    out.push_back({"/dlq/redrive_allow_policy",
                   fmt::format("does not admit the source queue \"{}\", whose redrive policy names this DLQ (S15)",
                               s.queue.name)});
}

}  // namespace

scenario_error::scenario_error(const std::string& source, std::vector<scenario_issue> issues)
    : std::runtime_error([&] {
        std::string text = fmt::format("{}: invalid scenario", source);
        for (const auto& i : issues) text += fmt::format("\n  {}: {}", i.path.empty() ? "/" : i.path, i.message);
        return text;
      }()),
      issues_(std::move(issues)) {}

void to_json(json& j, const scenario& s) {
  j = json{{"version", s.version}, {"name", s.name},     {"gateway", s.gateway}, {"clients", s.clients},
           {"queue", s.queue},     {"dlq", s.dlq},       {"esm", s.esm},         {"function", s.function},
           {"store", s.store},     {"iam", s.iam},       {"metrics", s.metrics}, {"effects", s.effects},
           {"vary", s.vary},       {"faults", s.faults}, {"bounds", s.bounds},   {"schedule", s.schedule},
           {"expect", s.expect}};
}

scenario load_scenario(const json& given, const std::string& source) {
  std::vector<scenario_issue> issues;
  static const json reference = builtin_scenario();  // the shape every scenario is checked against
  if (!given.is_object()) throw scenario_error(source, {{"", "expected a JSON object (a scenario)"}});
  json overrides = given;
  detail::migrate_legacy_fields(overrides, issues);  // MD18, MD19: constants that became distributions
  for (const auto& [key, value] : overrides.items()) {
    if (key == "vary") {
      check_vary(value, reference, issues);
      continue;
    }
    if (const auto it = reference.find(key); it != reference.end())
      check_section_shape(key, value, *it, issues);
    else
      issues.push_back({"/" + escape_pointer(key), "unknown field"});
  }
  if (overrides.contains("version") && overrides["version"] != k_scenario_version)
    issues.push_back(
        {"/version", fmt::format("expected {} (the scenario format this slsim reads)", k_scenario_version)});
  if (!issues.empty()) throw scenario_error(source, std::move(issues));

  json document = std::move(overrides);
  // A scenario's `vary` replaces the built-in one: the built-in ranges (a batching window)
  // can be invalid for it (L3 on a FIFO queue).
  json own_vary;
  const bool has_vary = document.contains("vary");
  if (has_vary) {
    own_vary = std::move(document["vary"]);
    document.erase("vary");
  }
  fill_from(document, reference);
  if (has_vary) document["vary"] = std::move(own_vary);
  scenario s;
  document.at("name").get_to(s.name);
  convert(document, "gateway", s.gateway, issues);
  convert(document, "clients", s.clients, issues);
  convert(document, "queue", s.queue, issues);
  convert(document, "dlq", s.dlq, issues);
  convert(document, "esm", s.esm, issues);
  convert(document, "function", s.function, issues);
  convert(document, "store", s.store, issues);
  convert(document, "iam", s.iam, issues);
  convert(document, "metrics", s.metrics, issues);
  convert(document, "effects", s.effects, issues);
  convert(document, "bounds", s.bounds, issues);
  convert(document, "schedule", s.schedule, issues);
  convert(document, "expect", s.expect, issues);
  s.vary = document.at("vary");
  s.faults = document.at("faults");
  if (!issues.empty()) throw scenario_error(source, std::move(issues));

  add_violations(s.gateway.validate(), "gateway", issues);
  if (s.gateway.integration.queue == s.queue.name)
    add_violations(
        s.gateway.validate_for_queue(s.queue.type == queue::queue_type::fifo, s.queue.content_based_deduplication),
        "gateway", issues);
  add_violations(s.clients.validate(), "clients", issues);
  add_violations(s.queue.validate(), "queue", issues);
  add_violations(s.dlq.validate(), "dlq", issues, "queue");
  add_violations(s.esm.validate(s.queue, s.function), "esm", issues);
  add_violations(s.function.validate(), "function", issues);
  add_violations(s.store.validate(), "store", issues);
  add_violations(s.iam.validate(), "iam", issues);
  add_violations(s.metrics.validate(), "metrics", issues);
  if (!sim::parse_tie_order(s.schedule.tie_order))
    issues.push_back(
        {"/schedule/tie_order",
         fmt::format("unknown tie order \"{}\": expected \"fifo\", \"reverse\" or \"random\"", s.schedule.tie_order)});
  if (s.schedule.pct.depth < 0 || s.schedule.pct.depth > 10)
    issues.push_back({"/schedule/pct/depth",
                      fmt::format("{} is outside [0, 10] (0: PCT off; d: bugs of depth d)", s.schedule.pct.depth)});
  if (!(s.schedule.pct.window_ms >= 0 && s.schedule.pct.window_ms <= 1000))
    issues.push_back({"/schedule/pct/window_ms", fmt::format("{} is outside [0, 1000] ms", s.schedule.pct.window_ms)});
  if (!(s.schedule.hop_delays.probability >= 0 && s.schedule.hop_delays.probability <= 1))
    issues.push_back(
        {"/schedule/hop_delays/probability",
         fmt::format("{} is outside [0, 1] (the share of network hops delayed)", s.schedule.hop_delays.probability)});
  if (!(s.schedule.hop_delays.max_ms >= 1 && s.schedule.hop_delays.max_ms <= 60000))
    issues.push_back(
        {"/schedule/hop_delays/max_ms", fmt::format("{} is outside [1, 60000] ms", s.schedule.hop_delays.max_ms)});
  add_bounds_issues(s.bounds, issues);
  if (s.schedule.pct.steps < 0)
    issues.push_back(
        {"/schedule/pct/steps", fmt::format("{} is negative (0: estimated per case)", s.schedule.pct.steps)});
  if (std::find(k_expected_functions.begin(), k_expected_functions.end(), s.effects.expected) ==
      k_expected_functions.end())
    issues.push_back({"/effects/expected", fmt::format("unknown function \"{}\": expected \"reference_transform\" or "
                                                       "\"\" (no expected-item check)",
                                                       s.effects.expected)});
  // An external handler's working directory must exist when the scenario is loaded, not
  // when the first environment starts in the middle of a run.
  if (s.function.runtime && !s.function.runtime->cwd.empty() && !std::filesystem::is_directory(s.function.runtime->cwd))
    issues.push_back({"/function/runtime/cwd", fmt::format("\"{}\" is not a directory", s.function.runtime->cwd)});
  if (s.function.runtime)
    if (auto problem = missing_program(s.function.runtime->command, s.function.runtime->cwd); !problem.empty())
      issues.push_back({"/function/runtime/command", problem});
  // The shim is looked for when the scenario loads, too: a missing library is bad input.
  if (s.function.runtime && s.function.runtime->shim && !external::shim_library())
    issues.push_back({"/function/runtime/shim",
                      fmt::format("libslsim_shim.so not found (looked in {}); build the slsim_shim target, install "
                                  "slsim, or set SLSIM_SHIM_LIBRARY to its path",
                                  external::shim_library_search_path())});
  if (s.queue.redrive_policy.dead_letter_target_name != s.dlq.name &&
      !s.queue.redrive_policy.dead_letter_target_name.empty())
    issues.push_back(
        {"/queue/redrive_policy/dead_letter_target_name", fmt::format("expected the DLQ's name \"{}\"", s.dlq.name)});
  add_wiring_issues(s, issues);
  if (!issues.empty()) throw scenario_error(source, std::move(issues));
  return s;
}

scenario load_scenario_file(const std::string& path) {
  return load_scenario(models::read_json_file(path, "scenario"), path);
}

namespace {
// "" when `pointer` can be assigned in `document` without unbounded growth: an array index
// may name an element or the one past the end, never further (nlohmann would resize).
// The reference tokens of a (syntactically valid) JSON pointer, unescaped.
std::vector<std::string> tokens_of(const std::string& pointer) {
  std::vector<std::string> out;
  for (std::size_t at = 1; at <= pointer.size();) {
    const auto slash = std::min(pointer.find('/', at), pointer.size());
    std::string token = pointer.substr(at, slash - at);
    for (std::size_t i = 0; (i = token.find('~', i)) != std::string::npos; ++i)
      token.replace(i, 2, token[i + 1] == '1' ? "/" : "~");
    out.push_back(std::move(token));
    at = slash + 1;
  }
  return out;
}

std::string check_settable(const json& document, const std::string& pointer) {
  static const json k_created;  // what a step that does not exist yet holds: null
  const json* at = &document;
  std::string walked;
  for (const auto& token : tokens_of(pointer)) {
    const std::string here = walked.empty() ? "/" : walked;
    walked += "/" + escape_pointer(token);
    if (at->is_object()) {
      const auto it = at->find(token);
      at = it == at->end() ? &k_created : &*it;  // a new key: load_scenario reports unknown fields
      continue;
    }
    const bool numeric = !token.empty() && token.find_first_not_of("0123456789") == std::string::npos;
    if (at->is_null()) {
      // nlohmann makes a null into an array for a numeric token, resized to the index.
      if (numeric && token != "0")
        return fmt::format("index {} is past the end of the new array {} (use 0 or -)", token, here);
      at = &k_created;
      continue;
    }
    if (!at->is_array()) return fmt::format("{} is {}, not an object or array", here, models::json_type_word(*at));
    if (token == "-") {
      at = &k_created;
      continue;
    }
    if (!numeric)
      return fmt::format("\"{}\" is not an index of the array {} (expected 0..{} or -)", token, here, at->size());
    const auto index = token.size() > 9 ? std::numeric_limits<std::size_t>::max() : std::stoul(token);
    if (index > at->size())
      return fmt::format("index {} is past the end of the array {} ({} element(s): use 0..{} or -)", token, here,
                         at->size(), at->size());
    at = index == at->size() ? &k_created : &(*at)[index];
  }
  return {};
}
}  // namespace

json apply_settings(json document, const std::vector<std::string>& settings, const std::string& source) {
  std::vector<scenario_issue> issues;
  for (const auto& setting : settings) {
    const auto eq = setting.find('=');
    if (eq == std::string::npos || eq == 0) {
      issues.push_back({setting, "expected PATH=VALUE, e.g. /queue/visibility_timeout_s=60"});
      continue;
    }
    std::string path = setting.substr(0, eq);
    if (path.front() != '/') {  // accept dotted paths too: queue.visibility_timeout_s
      for (auto& c : path)
        if (c == '.') c = '/';
      path = "/" + path;
    }
    const std::string text = setting.substr(eq + 1);
    json value;
    if (auto parsed = models::try_parse_json(text, models::k_flag_value_limits)) {
      value = std::move(*parsed);
    } else if (const auto first = text.find_first_not_of(" \t");
               first != std::string::npos && std::string_view("[{\"").find(text[first]) != std::string_view::npos) {
      // It was meant as JSON: say why it is not, rather than storing a string.
      const auto problem = models::check_json_bounds(text, models::k_flag_value_limits);
      issues.push_back(
          {path, problem.empty() ? "the value is not valid JSON" : "the value is too large or too deep: " + problem});
      continue;
    } else {
      value = text;  // a bare string
    }
    try {
      const json::json_pointer pointer(path);
      if (auto problem = check_settable(document, path); !problem.empty()) {
        issues.push_back({path, problem});
        continue;
      }
      document[pointer] = std::move(value);
    } catch (const json::exception& e) {
      issues.push_back({path, models::describe_json_error(e)});
    }
  }
  if (!issues.empty()) throw scenario_error(source, std::move(issues));
  return document;
}

json scenario_schema() {
  // Derived from the built-in scenario: every field, its type, no unknown fields.
  std::function<json(const json&, const std::string&)> schema_of = [&](const json& v, const std::string& path) -> json {
    if (is_string_map(path))
      return {{"type", "object"}, {"additionalProperties", {{"type", "string"}}}, {"default", v}};
    if (v.is_object()) {
      json props = json::object();
      for (const auto& [key, value] : v.items()) props[key] = schema_of(value, path + "/" + escape_pointer(key));
      json out{{"type", "object"}, {"properties", props}};
      if (!v.empty()) out["additionalProperties"] = false;
      return out;
    }
    if (v.is_array())
      return v.empty() ? json{{"type", "array"}}
                       : json{{"type", "array"}, {"items", schema_of(v.front(), path + "/0")}};
    if (v.is_string()) return {{"type", "string"}, {"default", v}};
    if (v.is_boolean()) return {{"type", "boolean"}, {"default", v}};
    if (v.is_number_integer()) return {{"type", "integer"}, {"default", v}};
    if (v.is_number()) return {{"type", "number"}, {"default", v}};
    return json::object();
  };
  json schema = schema_of(json(builtin_scenario()), "");
  schema["$schema"] = "https://json-schema.org/draft/2020-12/schema";
  schema["title"] = "slsim scenario";
  schema["description"] = "A pipeline scenario; every field is optional and defaults to the built-in scenario.";
  return schema;
}

}  // namespace slsim::pipeline
