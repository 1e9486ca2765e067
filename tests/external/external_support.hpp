#pragma once
// Cases that run the Node.js example handlers (examples/node/) as external processes.
// Node and the example's packages are required: a machine without them fails these
// tests (scripts/test.sh installs the packages with `npm ci --prefix examples/node`).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "slsim/examples/handlers.hpp"
#include "slsim/properties/case.hpp"

namespace slsim::external::testing {

inline const std::string k_source_dir = SLSIM_SOURCE_DIR;

/// Fails the test (never skips) when node or the example's packages are missing.
inline void require_node() {
  ASSERT_EQ(std::system("node --version > /dev/null 2>&1"), 0) << "node is not installed (apt-get install nodejs)";
  ASSERT_TRUE(std::filesystem::exists(k_source_dir + "/examples/node/node_modules/@aws-sdk/client-dynamodb"))
      << "the Node example's packages are missing: npm ci --prefix examples/node";
}

/// The built-in scenario, small: a few clients, one invocation at a time or a few.
inline pipeline::scenario small_scenario(const std::string& command, int requests = 6) {
  pipeline::scenario s = pipeline::builtin_scenario();
  s.clients.clients = 2;
  s.clients.arrival.requests = requests;
  s.clients.arrival.rate_per_s = 20;
  s.function.runtime =
      runtime::external_runtime{.command = command, .cwd = k_source_dir, .env = {}, .wall_timeout_s = 20};
  return s;
}

inline std::string node_handler(const std::string& spec) { return "node examples/node/bootstrap.mjs " + spec; }
inline std::string misbehaving(const std::string& mode) {
  return "node tests/external/misbehaving_runtime.mjs " + mode;
}

inline properties::case_spec case_of(const pipeline::scenario& s, std::uint64_t seed,
                                     std::vector<faults::fault> faults = {}) {
  properties::case_spec c;
  c.seed = seed;
  c.scenario = s;
  c.plan.faults = std::move(faults);
  return c;
}

inline properties::case_result run(const properties::case_spec& c) {
  return properties::run_and_check(c, examples::reference_handler());
}

/// The first violation in words, for assertion messages ("" when none).
inline std::string why(const properties::case_result& r) {
  const auto* v = r.result.primary();
  return v ? std::string(properties::to_string(v->what)) + ": " + v->detail : r.result.guard_detail;
}

}  // namespace slsim::external::testing
