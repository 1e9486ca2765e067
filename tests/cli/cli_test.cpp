// Exit codes and files of the slsim program (docs/architecture.md §10, §11).
#include <gtest/gtest.h>

#include <sstream>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "cli_support.hpp"

namespace slsim::testing {
namespace {

TEST(cli, bare_check_passes_the_reference_handler) {
  const auto dir = scratch_dir("bare-check");
  const auto r = slsim("check --out " + dir);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("checked 100 case(s) of handler reference"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("100 passed, 0 failed"), std::string::npos) << r.output;
}

TEST(cli, check_covers_every_fault_path_probe_within_a_small_bound) {
  // docs/architecture.md §6: --require-coverage all fails a run where a probe never fired; the
  // built-in scenario and swarm faults reach each one — errors surfaced to the handler and
  // crashes between two writes included — within 500 seeds.
  const auto dir = scratch_dir("coverage");
  const auto r = slsim("check --seeds 500 --require-coverage all --out " + dir);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.find("never fired"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("throttled_invocation="), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("store_error_surfaced="), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("crash_between_writes="), std::string::npos) << r.output;
  EXPECT_EQ(slsim("check --seeds 3 --no-faults --require-coverage handler_crash --out " + dir).exit_code, 1);
}

// F2: on the FIFO example scenario a group's next message is held back behind a failing
// one within a small bound; on a standard queue the probe cannot fire, so "all" leaves it out.
TEST(cli, fifo_group_blocked_is_covered_on_the_fifo_scenario_within_a_small_bound) {
  const auto dir = scratch_dir("coverage_fifo");
  const auto r = slsim(
      "check --seeds 100 --scenario " + std::string(SLSIM_SOURCE_DIR) +
      "/examples/scenarios/fifo.json --require-coverage fifo_group_blocked,dlq_move,partial_batch_failure --out " +
      dir);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.find("never fired"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("fifo_group_blocked=0"), std::string::npos) << r.output;
}

TEST(cli, run_output_is_identical_for_a_seed_and_differs_for_another) {
  const auto a = slsim("run --seed 4 --json");
  const auto b = slsim("run --seed 4 --json");
  const auto c = slsim("run --seed 5 --json");
  ASSERT_EQ(a.exit_code, 0) << a.output;
  EXPECT_EQ(a.output, b.output);
  EXPECT_NE(a.output, c.output);
  const auto j = nlohmann::json::parse(a.output);
  for (const char* key : {"seed", "trace_hash", "accepted", "results", "dlq", "virtual_seconds"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["verdict"], "pass");
}

TEST(cli, malformed_scenario_exits_2_naming_the_file_and_path) {
  const auto dir = scratch_dir("bad-scenario");
  std::ofstream(dir + "/s.json") << R"({"queue": {"visibility_timeout_s": "thirty"}})";
  const auto r = slsim("run --scenario " + dir + "/s.json");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find(dir + "/s.json"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("/queue/visibility_timeout_s"), std::string::npos) << r.output;
  std::ofstream(dir + "/t.json") << R"({"queue": )";
  EXPECT_EQ(slsim("run --scenario " + dir + "/t.json").exit_code, 2);
  EXPECT_EQ(slsim("run --no-such-flag").exit_code, 2);
  EXPECT_EQ(slsim("run --handler no/such/handler").exit_code, 2);
}

TEST(cli, run_writes_metric_series_in_virtual_time) {
  const auto dir = scratch_dir("metrics");
  ASSERT_EQ(slsim("run --seed 3 --metrics " + dir + "/m.csv").exit_code, 0);
  std::ifstream in(dir + "/m.csv");
  std::string header;
  std::getline(in, header);
  EXPECT_EQ(header, "series,unit,timestamp_s,value");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Every model of the pipeline publishes in the run's one registry (docs/architecture.md, "Model shape").
  for (const char* series : {"gateway.requests,", "iam.checks,", "queue.requests.sends,", "queue.requests.dlq_moves,",
                             "esm.batches,", "runtime.cold_starts,", "store.calls.PutItem,"})
    EXPECT_NE(text.find(series), std::string::npos) << series;
}

TEST(cli, replay_of_a_recorded_trace_is_byte_identical) {
  const auto dir = scratch_dir("replay");
  ASSERT_EQ(slsim("run --seed 9 --trace " + dir + "/t.jsonl").exit_code, 0);
  const auto r = slsim("replay " + dir + "/t.jsonl");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("replay identical"), std::string::npos);
}

TEST(cli, replay_of_an_edited_trace_exits_3_at_the_first_divergence) {
  const auto dir = scratch_dir("replay-edited");
  ASSERT_EQ(slsim("run --seed 9 --trace " + dir + "/t.jsonl").exit_code, 0);
  std::ifstream in(dir + "/t.jsonl");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto line3 = text.find('\n', text.find('\n', text.find('\n') + 1) + 1) + 1;  // start of line 4
  text.replace(text.find("\"t\":", line3), 5, "\"t\":9");
  std::ofstream(dir + "/edited.jsonl") << text;
  const auto r = slsim("replay " + dir + "/edited.jsonl");
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_NE(r.output.find("first divergence at line 4"), std::string::npos) << r.output;
}

TEST(cli, truncated_or_corrupted_trace_exits_2_with_the_line) {
  const auto dir = scratch_dir("corrupt");
  ASSERT_EQ(slsim("run --seed 9 --trace " + dir + "/t.jsonl").exit_code, 0);
  std::ifstream in(dir + "/t.jsonl");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::ofstream(dir + "/cut.jsonl") << text.substr(0, text.find('\n', text.find('\n') + 1) + 20);
  const auto cut = slsim("replay " + dir + "/cut.jsonl");
  EXPECT_EQ(cut.exit_code, 2) << cut.output;
  EXPECT_NE(cut.output.find("cut.jsonl:3"), std::string::npos) << cut.output;
  std::ofstream(dir + "/junk.jsonl") << "not a trace\n";
  const auto junk = slsim("diff " + dir + "/junk.jsonl " + dir + "/t.jsonl");
  EXPECT_EQ(junk.exit_code, 2) << junk.output;
  EXPECT_NE(junk.output.find("junk.jsonl:1"), std::string::npos) << junk.output;
}

TEST(cli, a_handler_plugin_runs_and_passes_like_the_handler_it_wraps) {
  const auto r = slsim(std::string("run --seed 2 --handler ") + SLSIM_TEST_PLUGIN);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("verdict      pass"), std::string::npos) << r.output;
  const auto c =
      slsim(std::string("check --seeds 10 --out ") + scratch_dir("plugin") + " --handler " + SLSIM_TEST_PLUGIN);
  EXPECT_EQ(c.exit_code, 0) << c.output;
  const auto bad = slsim("run --handler /etc/hostname");
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_NE(bad.output.find("cannot load handler plugin"), std::string::npos) << bad.output;
}

TEST(cli, timeline_follows_one_request_from_gateway_to_result) {
  const auto dir = scratch_dir("timeline");
  ASSERT_EQ(slsim("run --seed 6 --trace " + dir + "/t.jsonl").exit_code, 0);
  const auto run = slsim("run --seed 6 --json");
  const auto results = nlohmann::json::parse(run.output)["results"];
  ASSERT_FALSE(results.empty());
  const std::string request = results[0]["request_id"];
  const auto r = slsim("timeline " + dir + "/t.jsonl --request " + request);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  for (const char* step : {"gateway: attempt 1 received", "queue: enqueued as message",
                           "store: TransactWriteItems results", "deleted after 1 receive(s)", "handler (invocation"})
    EXPECT_NE(r.output.find(step), std::string::npos) << step << "\n" << r.output;
  EXPECT_EQ(slsim("timeline " + dir + "/t.jsonl --request req-none").exit_code, 2);
}

TEST(cli, timeline_stamps_each_receive_at_its_own_time) {
  // A poison message is received max_receive_count (5) times, 30 s (the visibility
  // timeout) apart, then moved to the DLQ: each "receive #k" must carry its own instant.
  const auto dir = scratch_dir("timeline-receives");
  std::string message;
  int seed = 1;
  for (; seed <= 30 && message.empty(); ++seed) {
    const auto run = nlohmann::json::parse(slsim("run --json --seed " + std::to_string(seed)).output);
    if (!run["dlq"].empty()) message = run["dlq"][0]["message_id"];
  }
  ASSERT_FALSE(message.empty()) << "no seed in 1..30 put a message in the DLQ";
  --seed;
  ASSERT_EQ(slsim("run --seed " + std::to_string(seed) + " --trace " + dir + "/t.jsonl").exit_code, 0);
  const auto r = slsim("timeline " + dir + "/t.jsonl --message " + message);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::vector<double> receives;
  double stored = -1;
  std::istringstream lines(r.output);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    double t = 0;
    std::string rest;
    if (!(words >> t)) continue;
    std::getline(words, rest);
    if (rest.find("queue: receive #") != std::string::npos && rest.find(message) != std::string::npos)
      receives.push_back(t);
    if (rest.find("queue: message " + message + " stored") != std::string::npos) stored = t;
  }
  ASSERT_EQ(receives.size(), 5u) << r.output;
  EXPECT_GE(receives[0], stored);
  for (std::size_t k = 1; k < receives.size(); ++k)
    EXPECT_GE(receives[k] - receives[k - 1], 30.0 - 1e-5) << "receive #" << k + 1 << "\n" << r.output;
}

TEST(cli, a_crashing_handler_is_a_no_crash_violation_and_leaves_a_readable_trace) {
  const auto dir = scratch_dir("crash");
  const auto c = slsim("check --seeds 4 --out " + dir + " --handler " + SLSIM_TEST_CRASHING_PLUGIN);
  EXPECT_EQ(c.exit_code, 1) << c.output;
  // SIGSEGV; under AddressSanitizer its own SEGV report ends in SIGABRT.
  EXPECT_NE(c.output.find("property no_crash violated (the handler's process died by SIG"), std::string::npos)
      << c.output;
  EXPECT_NE(c.output.find("replay: "), std::string::npos) << c.output;
  // `run` reports the crash (the handler runs in a worker) and the trace up to it is readable.
  const auto r = slsim(std::string("run --seed 1 --trace ") + dir + "/t.jsonl --handler " + SLSIM_TEST_CRASHING_PLUGIN);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("no_crash"), std::string::npos) << r.output;
  const auto diff = slsim("diff " + dir + "/t.jsonl " + dir + "/t.jsonl");
  EXPECT_EQ(diff.exit_code, 0) << diff.output;
  std::ifstream in(dir + "/t.jsonl");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("\"e\":\"log\""), std::string::npos) << "no handler log line survived";
  EXPECT_EQ(text.find("\"end\":true"), std::string::npos);
}

TEST(cli, perfetto_export_is_trace_event_json_with_balanced_invocation_slices) {
  const auto dir = scratch_dir("perfetto");
  ASSERT_EQ(slsim("run --seed 8 --trace " + dir + "/t.jsonl").exit_code, 0);
  const auto r = slsim("export " + dir + "/t.jsonl --format perfetto -o " + dir + "/p.json");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::ifstream in(dir + "/p.json");
  const auto j = nlohmann::json::parse(in);
  ASSERT_TRUE(j["traceEvents"].is_array());
  std::map<std::pair<int, std::uint64_t>, int> depth;
  std::size_t slices = 0, flows = 0;
  for (const auto& e : j["traceEvents"]) {
    for (const char* field : {"ph", "ts", "pid", "tid", "name"}) ASSERT_TRUE(e.contains(field)) << field << " in " << e;
    const std::string ph = e["ph"];
    auto& d = depth[{e["pid"].get<int>(), e["tid"].get<std::uint64_t>()}];
    if (ph == "B") {
      ++d;
      ++slices;
    } else if (ph == "E") {
      ASSERT_GT(d--, 0) << "an end without a begin: " << e;
    } else if (ph == "s") {
      ++flows;
    }
  }
  for (const auto& [track, d] : depth) EXPECT_EQ(d, 0);
  EXPECT_GT(slices, 10u);
  EXPECT_GT(flows, 10u);
}

TEST(cli, handlers_lists_the_reference_and_the_zoo_name_first) {
  const auto r = slsim("handlers");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.output.rfind("reference ", 0), 0u) << r.output;
  EXPECT_NE(r.output.find("\nzoo/ttl_idempotency "), std::string::npos) << r.output;
}

TEST(cli, check_writes_junit_and_results_and_shards_partition_the_seeds) {
  const auto dir = scratch_dir("junit");
  const auto a = slsim("check --seeds 10 --shard 0/2 --out " + dir + "/a --junit " + dir + "/a.xml");
  const auto b = slsim("check --seeds 10 --shard 1/2 --out " + dir + "/b");
  ASSERT_EQ(a.exit_code, 0) << a.output;
  ASSERT_EQ(b.exit_code, 0) << b.output;
  EXPECT_NE(a.output.find("checked 5 case(s)"), std::string::npos) << a.output;
  EXPECT_NE(b.output.find("checked 5 case(s)"), std::string::npos) << b.output;
  std::ifstream xml(dir + "/a.xml");
  std::string text((std::istreambuf_iterator<char>(xml)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find(R"(tests="5" failures="0")"), std::string::npos) << text;
  EXPECT_NE(text.find("seed_1"), std::string::npos);
  EXPECT_EQ(text.find("seed_2\""), std::string::npos);  // seed 2 is shard 1's
  std::ifstream results(dir + "/a/results.json");
  EXPECT_EQ(nlohmann::json::parse(results)["cases"], 5);
}

}  // namespace
}  // namespace slsim::testing
