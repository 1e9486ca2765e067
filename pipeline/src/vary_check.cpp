// `vary` ranges against the scenario they vary (docs/architecture.md §6): each end of each
// range is applied alone and the result loaded, so a range the models would reject (a
// batching window on a FIFO queue, L3) is one clear error up front instead of a
// configuration error in whichever generated case draws it.
#include <fmt/format.h>

#include "slsim/pipeline/scenario.hpp"

namespace slsim::pipeline {

void check_vary_values(const scenario& s, const std::string& source) {
  std::vector<scenario_issue> issues;
  nlohmann::json base = s;
  base["vary"] = nlohmann::json::object();  // the probes below vary nothing themselves
  for (const auto& [path, range] : s.vary.items()) {
    if (!range.is_array() || range.size() != 2) continue;  // malformed ranges are load_scenario's
    std::string escaped;
    for (char c : path) escaped += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
    for (const auto& value : range) {
      nlohmann::json probe = base;
      probe[nlohmann::json::json_pointer(path)] = value;
      try {
        load_scenario(probe, source);
      } catch (const scenario_error& e) {
        const scenario_issue first = e.issues().empty() ? scenario_issue{"", e.what()} : e.issues().front();
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
