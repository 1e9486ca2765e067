// `slsim explore` (docs/exploration.md): bounded-exhaustive fault placement over one case
// finds a bug that needs two faults at specific points where random cases with the same
// budget do not, never loses it to pruning, certifies a correct handler, and its
// counterexample replays byte for byte.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "../support/release_pass_only.hpp"
#include "cli_support.hpp"
#include "slsim/properties/case.hpp"

namespace slsim::testing {
namespace {

// A case of `requests` valid requests from one client, no faults of its own.
std::string write_case(const std::string& dir, const std::string& handler, int requests) {
  const nlohmann::json mix{{"valid", 1}, {"poison", 0}, {"invalid", 0}, {"oversized", 0}, {"unauthenticated", 0}};
  const nlohmann::json c{
      {"format", "slsim-case"},
      {"version", 1},
      {"handler", handler},
      {"seed", 1},
      {"faults", {{"faults", nlohmann::json::array()}}},
      {"scenario", {{"clients", {{"clients", 1}, {"arrival", {{"requests", requests}}}, {"mix", mix}}}}}};
  const std::string path = dir + "/case.json";
  std::ofstream(path) << c.dump(2);
  return path;
}

// The same workload as write_case, as `check` flags: check generates its cases from it.
std::string one_request_flags() {
  return "--set clients.clients=1 --set clients.arrival.requests=1 --set clients.mix.valid=1 "
         "--set clients.mix.poison=0 --set clients.mix.invalid=0 --set clients.mix.oversized=0 "
         "--set clients.mix.unauthenticated=0";
}

nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(explore, finds_the_unguarded_resume_with_two_faults_where_check_with_the_same_budget_does_not) {
  SLSIM_RELEASE_PASS_ONLY();
  const auto dir = scratch_dir("explore-unguarded");
  const auto case_file = write_case(dir, "zoo/unguarded_resume", 1);
  // One fault anywhere is harmless: a certificate.
  const auto single = slsim("explore --case " + case_file + " --max-faults 1 --jobs 2 -o " + dir + "/one");
  ASSERT_EQ(single.exit_code, 0) << single.output;
  EXPECT_NE(single.output.find("certificate: no counterexample with <= 1 fault(s)"), std::string::npos)
      << single.output;

  const auto r = slsim("explore --case " + case_file + " --max-faults 2 --jobs 2 -o " + dir + "/two");
  ASSERT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("property exactly_once violated"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("with 2 fault(s)"), std::string::npos) << r.output;
  const auto summary = read_json(dir + "/two/explore.json");
  const auto runs = summary.at("runs").get<int>();
  const auto found = properties::read_case_file(summary.at("counterexample").at("case_file").get<std::string>());
  ASSERT_EQ(found.plan.faults.size(), 2u);
  // The second fault sits on a later delivery the first one created.
  EXPECT_GT(found.plan.faults[1].request->delivery, 1u) << r.output;

  // Plain check of the same workload, with as many runs as explore made: no failure.
  const auto check = slsim("check --handler zoo/unguarded_resume " + one_request_flags() + " --seeds " +
                           std::to_string(runs) + " --jobs 2 --out " + dir + "/check");
  EXPECT_EQ(check.exit_code, 0) << check.output;
  EXPECT_NE(check.output.find(std::to_string(runs) + " passed, 0 failed"), std::string::npos) << check.output;
}

TEST(explore, pruning_never_hides_the_unguarded_resume) {
  SLSIM_RELEASE_PASS_ONLY();
  const auto dir = scratch_dir("explore-prune");
  const auto case_file = write_case(dir, "zoo/unguarded_resume", 1);
  const auto pruned = slsim("explore --case " + case_file + " --max-faults 2 --jobs 2 -o " + dir + "/p");
  const auto all = slsim("explore --case " + case_file + " --max-faults 2 --no-prune --jobs 2 -o " + dir + "/a");
  ASSERT_EQ(pruned.exit_code, 1) << pruned.output;
  ASSERT_EQ(all.exit_code, 1) << all.output;
  const auto p = read_json(dir + "/p/explore.json"), a = read_json(dir + "/a/explore.json");
  EXPECT_EQ(p.at("counterexample").at("property"), "exactly_once");
  EXPECT_EQ(a.at("counterexample").at("property"), "exactly_once");
  EXPECT_GT(p.at("placements").at("pruned").at("total").get<int>(), 0);
  EXPECT_EQ(a.at("placements").at("pruned").at("total").get<int>(), 0);
  EXPECT_LT(p.at("runs").get<int>(), a.at("runs").get<int>());
}

TEST(explore, certifies_the_reference_handler_on_three_requests_with_up_to_two_faults) {
  SLSIM_RELEASE_PASS_ONLY();
  const auto dir = scratch_dir("explore-reference");
  const auto case_file = write_case(dir, "reference", 3);
  const auto r = slsim("explore --case " + case_file + " --max-faults 2 --jobs 2 -o " + dir);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("certificate: no counterexample with <= 2 fault(s)"), std::string::npos) << r.output;
  const auto cert = read_json(dir + "/certificate.json");
  EXPECT_TRUE(cert.at("certificate").at("complete").get<bool>());
  EXPECT_EQ(cert.at("max_faults"), 2);
  ASSERT_EQ(cert.at("levels").size(), 2u);
  const auto& placements = cert.at("placements");
  EXPECT_EQ(placements.at("enumerated").get<int>(),
            placements.at("run").get<int>() + placements.at("pruned").at("total").get<int>());
  EXPECT_GT(cert.at("levels")[1].at("run").get<int>(), cert.at("levels")[0].at("run").get<int>());
  EXPECT_GT(cert.at("wall_seconds").get<double>(), 0);
}

TEST(explore, shards_split_the_placements_without_overlap) {
  const auto dir = scratch_dir("explore-shards");
  const auto case_file = write_case(dir, "reference", 1);
  const auto whole = slsim("explore --case " + case_file + " --max-faults 2 --jobs 2 -o " + dir + "/w");
  const auto s0 = slsim("explore --case " + case_file + " --max-faults 2 --jobs 2 --shard 0/2 -o " + dir + "/0");
  const auto s1 = slsim("explore --case " + case_file + " --max-faults 2 --jobs 2 --shard 1/2 -o " + dir + "/1");
  ASSERT_EQ(whole.exit_code, 0) << whole.output;
  ASSERT_EQ(s0.exit_code, 0) << s0.output;
  ASSERT_EQ(s1.exit_code, 0) << s1.output;
  auto enumerated = [&](const std::string& d) {
    return read_json(dir + "/" + d + "/certificate.json").at("placements").at("enumerated").get<int>();
  };
  EXPECT_EQ(enumerated("0") + enumerated("1"), enumerated("w"));
  EXPECT_GT(enumerated("0"), 0);
  EXPECT_GT(enumerated("1"), 0);
}

TEST(explore, counterexample_replays_byte_identically) {
  const auto dir = scratch_dir("explore-replay");
  const auto case_file = write_case(dir, "zoo/unguarded_resume", 1);
  const auto r = slsim("explore --case " + case_file + " --max-faults 2 --jobs 2 -o " + dir);
  ASSERT_EQ(r.exit_code, 1) << r.output;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.output, m, std::regex("\nreplay: slsim (run --case \\S+ --handler \\S+)\n")))
      << r.output;
  const std::string replay = m[1];
  const auto first = slsim(replay + " --trace " + dir + "/a.jsonl");
  const auto second = slsim(replay + " --trace " + dir + "/b.jsonl");
  EXPECT_EQ(first.exit_code, 1) << first.output;
  EXPECT_EQ(second.exit_code, 1) << second.output;
  EXPECT_NE(first.output.find("exactly_once"), std::string::npos) << first.output;
  const auto a = read_file(dir + "/a.jsonl");
  EXPECT_FALSE(a.empty());
  EXPECT_EQ(a, read_file(dir + "/b.jsonl"));
  const auto replayed = slsim("replay " + dir + "/a.jsonl");
  EXPECT_NE(replayed.exit_code, 3) << replayed.output;
  // Exploring again finds the same counterexample.
  const auto again = slsim("explore --case " + case_file + " --max-faults 2 --jobs 1 -o " + dir + "/again");
  EXPECT_EQ(read_file(dir + "/again/explore-case-1.json"), read_file(dir + "/explore-case-1.json"));
}

TEST(explore, a_handler_that_crashes_its_process_is_a_no_crash_counterexample) {
  const auto dir = scratch_dir("explore-crash");
  const auto case_file = write_case(dir, "reference", 3);
  const auto r = slsim("explore --case " + case_file + " --handler " + SLSIM_TEST_CRASHING_PLUGIN +
                       " --max-faults 1 --jobs 2 -o " + dir);
  ASSERT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("property no_crash violated"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("with 0 fault(s)"), std::string::npos) << r.output;
}

TEST(explore, a_placement_stopped_by_a_hang_guard_is_exit_4_without_a_certificate) {
  const auto dir = scratch_dir("explore-hang");
  auto c = nlohmann::json::parse(read_file(write_case(dir, "reference", 1)));
  c["scenario"]["bounds"] = {{"wall_seconds", 1}};
  std::ofstream(dir + "/case.json") << c.dump();
  const auto r = shell(std::string("SLSIM_TEST_MISBEHAVIOUR=spin ") + SLSIM_BINARY + " explore --case " + dir +
                       "/case.json --handler " + SLSIM_TEST_MISBEHAVING_PLUGIN + " --max-faults 1 --jobs 2 -o " + dir);
  EXPECT_EQ(r.exit_code, 4) << r.output;
  EXPECT_NE(r.output.find("HANG"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("certificate: no counterexample"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(dir + "/certificate.json"));
}

TEST(explore, bad_input_is_exit_2_naming_what_was_wrong) {
  const auto dir = scratch_dir("explore-bad");
  const auto case_file = write_case(dir, "reference", 1);
  const auto kinds = slsim("explore --case " + case_file + " --kinds crash,bogus -o " + dir);
  EXPECT_EQ(kinds.exit_code, 2) << kinds.output;
  EXPECT_NE(kinds.output.find("--kinds"), std::string::npos) << kinds.output;
  EXPECT_NE(kinds.output.find("bogus"), std::string::npos) << kinds.output;
  const auto missing = slsim("explore --case " + dir + "/nope.json -o " + dir);
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
  EXPECT_NE(missing.output.find("nope.json"), std::string::npos) << missing.output;
  const auto faults = slsim("explore --case " + case_file + " --max-faults 9 -o " + dir);
  EXPECT_EQ(faults.exit_code, 2) << faults.output;
}

}  // namespace
}  // namespace slsim::testing
