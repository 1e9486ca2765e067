// `vary` against the scenario it varies (docs/architecture.md §6): each end of each numeric
// range, and each choice of an enumeration, is applied alone and the result loaded, so a
// value the models would reject (a batching window on a FIFO queue, L3) is one clear error
// up front instead of a configuration error in whichever generated case draws it. Done once
// per command, never per generated case (loading is on the case's path).
#include <fmt/format.h>

#include "slsim/pipeline/scenario.hpp"

namespace slsim::pipeline {

void check_vary_values(const scenario& s, const std::string& source) {
  std::vector<scenario_issue> issues;
  nlohmann::json base = s;
  base["vary"] = nlohmann::json::object();  // the probes below vary nothing themselves
  for (const auto& [path, range] : s.vary.items()) {
    if (!range.is_array() || range.empty()) continue;  // malformed ranges are load_scenario's
    const bool choices = range[0].is_string();
    if (!choices && range.size() != 2) continue;
    std::string escaped;
    for (char c : path) escaped += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
    for (std::size_t i = 0; i < range.size(); ++i) {
      const nlohmann::json& value = range[i];
      nlohmann::json probe = base;
      probe[nlohmann::json::json_pointer(path)] = value;
      try {
        load_scenario(probe, source);
      } catch (const scenario_error& e) {
        const scenario_issue first = e.issues().empty() ? scenario_issue{"", e.what()} : e.issues().front();
        if (choices) {
          issues.push_back({"/vary/" + escaped + "/" + std::to_string(i),
                            fmt::format("choice {} is invalid: {}: {}", value.dump(), first.path, first.message)});
          continue;  // every bad choice is named
        }
        issues.push_back(
            {"/vary/" + escaped, fmt::format("{} makes the scenario invalid ({}: {}); give the scenario a `vary` whose "
                                             "ranges are valid for it",
                                             value.dump(), first.path, first.message)});
        break;
      }
    }
  }
  if (!issues.empty()) throw scenario_error(source, std::move(issues));
}

}  // namespace slsim::pipeline
