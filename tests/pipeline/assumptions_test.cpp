// Scenario features → the inferred facts they depend on; every fact the table can name is
// marked *inferred* in docs/aws-facts.md.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

#include "slsim/pipeline/assumptions.hpp"

namespace slsim::pipeline {
namespace {

std::vector<std::string> ids(const scenario& s) {
  std::vector<std::string> out;
  for (const auto& a : inferred_assumptions(s)) out.push_back(a.fact);
  return out;
}
bool names(const scenario& s, const std::string& fact) {
  const auto v = ids(s);
  return std::find(v.begin(), v.end(), fact) != v.end();
}

TEST(fidelity_assumptions, builtin_scenario_depends_on_the_dlq_ttl_and_cold_start_assumptions) {
  const scenario& s = builtin_scenario();
  for (const char* fact :
       {"L13", "MD1", "MD2", "MD5", "MD12", "MD15", "MD22", "MD23", "MD26", "MD29", "MD32", "MD33", "MD34"})
    EXPECT_TRUE(names(s, fact)) << fact << ": " << fact_list(inferred_assumptions(s));
  for (const char* fact : {"F9", "MD14", "MD17", "MD24", "MD27", "MD35"})
    EXPECT_FALSE(names(s, fact)) << fact << ": " << fact_list(inferred_assumptions(s));
}

TEST(fidelity_assumptions, each_feature_adds_or_removes_its_fact) {
  scenario s = builtin_scenario();
  s.queue.redrive_policy.dead_letter_target_name.clear();
  EXPECT_FALSE(names(s, "MD1"));  // no DLQ: no lazy move
  s.esm.maximum_batching_window_s = 5;
  EXPECT_TRUE(names(s, "MD35"));
  s.function.reserved_concurrency = 5;
  EXPECT_TRUE(names(s, "MD14"));
  s.store.ttl_deletion.preset = "adversarial";
  EXPECT_FALSE(names(s, "MD34"));
  s.function.init_duration = models::duration_dist::constant(0);
  s.function.environment_idle_timeout_s = 0;
  EXPECT_FALSE(names(s, "MD32"));
  EXPECT_FALSE(names(s, "MD33"));
  s.function.duration.per_record = models::duration_dist::constant(20);
  EXPECT_TRUE(names(s, "MD17") && names(s, "MD27"));
  s.queue.type = queue::queue_type::fifo;
  EXPECT_TRUE(names(s, "F9") && names(s, "MD24"));
}

TEST(fidelity_assumptions, facts_come_in_catalogue_order_each_once) {
  scenario s = builtin_scenario();
  s.queue.type = queue::queue_type::fifo;  // F9 and MD24 both come from /queue/type
  const auto v = ids(s);
  EXPECT_TRUE(std::is_sorted(v.begin(), v.end(), catalogue_less)) << fact_list(inferred_assumptions(s));
  EXPECT_EQ(std::adjacent_find(v.begin(), v.end()), v.end());
  EXPECT_TRUE(catalogue_less("L13", "MD1"));
  EXPECT_TRUE(catalogue_less("MD2", "MD10"));
}

TEST(fidelity_assumptions, every_fact_the_table_names_is_marked_inferred_in_the_catalogue) {
  std::ifstream in(std::string(SLSIM_SOURCE_DIR) + "/docs/aws-facts.md");
  ASSERT_TRUE(in) << "docs/aws-facts.md";
  std::stringstream text;
  text << in.rdbuf();
  const std::string doc = text.str();
  for (const auto& id : assumption_fact_ids()) {
    const auto heading = doc.find("\n### " + id + " — ");
    ASSERT_NE(heading, std::string::npos) << id << " has no section";
    const auto next = doc.find("\n### ", heading + 1);
    const auto section = doc.substr(heading, next == std::string::npos ? std::string::npos : next - heading);
    EXPECT_TRUE(std::regex_search(section, std::regex("\\*+inferred\\.?\\*+", std::regex::icase)))
        << id << " is not marked inferred:\n"
        << section;
  }
}

}  // namespace
}  // namespace slsim::pipeline
