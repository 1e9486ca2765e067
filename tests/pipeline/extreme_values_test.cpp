// Bad input never reaches a model: every number of the effective scenario, set to a value
// at or past the edge of what its field can mean (negative, zero, 2^63, 2^64, ±1e308, a
// fraction), is either rejected by load_scenario (scenario_error: exit 2, with its path)
// or gives a run that ends without a guard firing. A value the loader lets through and a
// model asserts on ends this test process with exit 70, loudly, as SLSIM_ASSERT does.
// (Found this way: a disabled throttle level's negative burst, a zero drain poll, a TTL
// scan interval past virtual time's range.)
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "slsim/examples/handlers.hpp"
#include "slsim/pipeline/run_case.hpp"
#include "slsim/pipeline/scenario.hpp"

namespace slsim::pipeline {
namespace {

using nlohmann::json;

void numeric_leaves(const json& node, const json::json_pointer& at, std::vector<json::json_pointer>& out) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) numeric_leaves(value, at / key, out);
  } else if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i) numeric_leaves(node[i], at / i, out);
  } else if (node.is_number()) {
    out.push_back(at);
  }
}

TEST(extreme_values, every_number_of_the_scenario_is_rejected_or_runs_to_its_end) {
  const json effective = builtin_scenario();
  std::vector<json::json_pointer> leaves;
  numeric_leaves(effective, json::json_pointer(), leaves);
  ASSERT_GT(leaves.size(), 100u) << "the walk found too few fields to mean anything";
#ifdef SLSIM_SANITIZED
  const std::vector<json> values{json(-1), json::parse("9223372036854775808"), json(1e308)};
#else
  const std::vector<json> values{
      json(-1),     json(0),  json::parse("9223372036854775808"), json::parse("18446744073709551616"), json(1e308),
      json(-1e308), json(0.5)};
#endif
  std::size_t rejected = 0, ran = 0;
  for (const auto& leaf : leaves) {
    const std::string path = leaf.to_string();
    // The format version is not a setting; the wall-clock guard fires by design when set
    // below what the machine needs, which says nothing about the models.
    if (path == "/version" || path == "/bounds/wall_seconds") continue;
    for (const auto& value : values) {
      json document = effective;
      document["clients"]["arrival"]["requests"] = 2;  // a small run: the point is the value
      document["clients"]["clients"] = 1;
      document[leaf] = value;
      scenario s;
      try {
        s = load_scenario(document, "extreme");
      } catch (const scenario_error&) {
        ++rejected;
        continue;
      }
      ++ran;
      const auto o = run_case(s, examples::reference_handler(), {.seed = 1});
      EXPECT_FALSE(o.run.hang()) << path << " = " << value.dump()
                                 << " was accepted, but the run hit a guard: " << o.run.describe();
    }
  }
  // Both outcomes occur, or the test is not testing what it says.
  EXPECT_GT(rejected, leaves.size());
  EXPECT_GT(ran, leaves.size());
}

}  // namespace
}  // namespace slsim::pipeline
