// Python handlers with Debian's python3-boto3 (1.26, older than AWS_ENDPOINT_URL_*) run
// unmodified through examples/python/bootstrap.py (docs/other-languages.md).
#include <gtest/gtest.h>

#include "external_support.hpp"

namespace slsim::external::testing {
namespace {

using faults::fault;
using faults::fault_kind;

void require_debian_boto3() {
  ASSERT_EQ(std::system("/usr/bin/python3 -c 'import boto3' > /dev/null 2>&1"), 0)
      << "Debian's python3-boto3 is not installed (apt-get install python3-boto3)";
}

std::string python_handler(const std::string& spec) { return "/usr/bin/python3 examples/python/bootstrap.py " + spec; }

TEST(external_python, boto3_reference_handler_passes_under_a_crash_after_a_write) {
  require_debian_boto3();
  const auto r = run(case_of(small_scenario(python_handler("app.handler"), 4), 2,
                             {fault{.kind = fault_kind::handler_crash, .nth = 1, .point = 1, .after = true}}));
  ASSERT_TRUE(r.outcome.run.ok()) << r.outcome.run.describe();
  EXPECT_EQ(r.outcome.runtime.crashes, 1u);
  EXPECT_TRUE(r.result.ok()) << why(r);
  EXPECT_FALSE(r.outcome.tables.at("results").empty()) << "boto3 never reached slsim's endpoint";
}

TEST(external_python, boto3_unconditional_put_is_caught_by_exactly_once) {
  require_debian_boto3();
  const auto r = run(case_of(small_scenario(python_handler("unconditional_put.handler"), 4), 2,
                             {fault{.kind = fault_kind::handler_crash, .nth = 1, .point = 1, .after = true}}));
  ASSERT_TRUE(r.outcome.run.ok()) << r.outcome.run.describe();
  ASSERT_FALSE(r.result.ok());
  EXPECT_TRUE(r.result.violated().count(properties::property::exactly_once));
}

}  // namespace
}  // namespace slsim::external::testing
