// `slsim export --format perfetto` against the Chrome JSON trace-event format's documented rules
// (the format Perfetto's JSON importer reads): flow events bind to an enclosing slice on their
// own pid/tid, async begin/end pairs match by (pid, cat, id), ids are strings and no integer
// a JavaScript viewer would round. Perfetto's trace_processor is not installable from the
// allowed registries, so these rules stand in for it.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "cli_support.hpp"

namespace slsim::testing {
namespace {

using track = std::pair<int, std::uint64_t>;  // (pid, tid)
struct span {
  double begin, end;
  std::string name;
};

nlohmann::json exported(const std::string& name, const std::string& run_args) {
  const auto dir = scratch_dir(name);
  const auto run = slsim("run " + run_args + " --trace " + dir + "/t.jsonl");
  EXPECT_NE(run.exit_code, 2) << run.output;
  const auto r = slsim("export " + dir + "/t.jsonl --format perfetto -o " + dir + "/p.json");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  std::ifstream in(dir + "/p.json");
  return nlohmann::json::parse(in);
}

// Every integer anywhere in `j` is exactly representable as an IEEE double.
void expect_exact_integers(const nlohmann::json& j, const std::string& where) {
  if (j.is_number_integer()) {
    const bool exact = j.is_number_unsigned() ? j.get<std::uint64_t>() <= (std::uint64_t{1} << 53)
                                              : std::llabs(j.get<std::int64_t>()) <= (std::int64_t{1} << 53);
    EXPECT_TRUE(exact) << where << ": " << j.dump() << " is rounded by JavaScript viewers";
  }
  if (j.is_structured())
    for (const auto& [key, value] : j.items()) expect_exact_integers(value, where + "/" + key);
}

struct checked {
  std::size_t flows = 0, message_lives = 0, slices = 0;
};

checked check_rules(const nlohmann::json& trace) {
  checked out;
  const auto& events = trace.at("traceEvents");
  // Slices per track: "X" directly, "B"/"E" paired in order.
  std::map<track, std::vector<span>> slices;
  std::map<track, std::vector<std::pair<double, std::string>>> open;
  for (const auto& e : events) {
    const std::string ph = e.at("ph");
    if (ph == "M") continue;
    const track t{e.at("pid").get<int>(), e.at("tid").get<std::uint64_t>()};
    const double ts = e.at("ts").get<double>();
    if (ph == "X") slices[t].push_back({ts, ts + e.at("dur").get<double>(), e.at("name")});
    if (ph == "B") open[t].emplace_back(ts, e.at("name"));
    if (ph == "E") {
      EXPECT_FALSE(open[t].empty()) << "E without B: " << e;
      if (open[t].empty()) continue;
      slices[t].push_back({open[t].back().first, ts, open[t].back().second});
      open[t].pop_back();
    }
  }
  for (const auto& [t, stack] : open) EXPECT_TRUE(stack.empty()) << "unclosed B on pid " << t.first;
  for (const auto& [t, list] : slices) out.slices += list.size();
  auto enclosing = [&](const track& t, double ts) -> const span* {
    for (const auto& s : slices[t])
      if (s.begin <= ts && ts <= s.end) return &s;
    return nullptr;
  };
  // Flows: one "s" and one "f" per (cat, id), each inside a slice on its own track, s before f.
  std::map<std::pair<std::string, std::string>, std::vector<nlohmann::json>> flows;
  // Async: "b"/"e" pairs per (pid, cat, id).
  std::map<std::tuple<int, std::string, std::string>, std::vector<std::string>> lives;
  for (const auto& e : events) {
    const std::string ph = e.at("ph");
    if (e.contains("id")) {
      EXPECT_TRUE(e["id"].is_string()) << "ids must be strings: " << e;
    }
    expect_exact_integers(e, e.value("name", "?"));
    if (ph == "s" || ph == "t" || ph == "f") {
      EXPECT_TRUE(e.contains("cat") && e.contains("id") && e.contains("name")) << e;
      flows[{e.at("cat"), e.at("id")}].push_back(e);
      const track t{e.at("pid").get<int>(), e.at("tid").get<std::uint64_t>()};
      EXPECT_NE(enclosing(t, e.at("ts").get<double>()), nullptr)
          << "a flow event outside any slice of its pid/tid is dropped by the importer: " << e;
    }
    if (ph == "b" || ph == "e") {
      EXPECT_TRUE(e.contains("cat") && e.contains("id")) << e;
      lives[{e.at("pid").get<int>(), e.at("cat"), e.at("id")}].push_back(ph);
    }
  }
  for (const auto& [key, list] : flows) {
    EXPECT_EQ(list.size(), 2u) << "flow " << key.second;
    if (list.size() != 2) continue;
    EXPECT_EQ(list[0]["ph"], "s");
    EXPECT_EQ(list[1]["ph"], "f");
    EXPECT_LE(list[0]["ts"].get<double>(), list[1]["ts"].get<double>());
    // A message's receive → the invocation that got it, never two points on one track.
    EXPECT_NE(list[0]["pid"], list[1]["pid"]) << list[0] << list[1];
    const track to{list[1]["pid"].get<int>(), list[1]["tid"].get<std::uint64_t>()};
    const auto* slice = enclosing(to, list[1]["ts"].get<double>());
    if (slice) {
      EXPECT_EQ(slice->name.rfind("invocation ", 0), 0u) << slice->name;
    }
    ++out.flows;
  }
  for (const auto& [key, list] : lives) {
    EXPECT_EQ(list, (std::vector<std::string>{"b", "e"})) << "async slice " << std::get<2>(key);
    ++out.message_lives;
  }
  return out;
}

TEST(perfetto_export, follows_the_trace_event_rules_with_flows_into_invocation_slices) {
  const auto j = exported("perfetto-rules", "--seed 8");
  const auto c = check_rules(j);
  EXPECT_GT(c.flows, 10u);
  EXPECT_GT(c.message_lives, 10u);
  EXPECT_GT(c.slices, 10u);
}

TEST(perfetto_export, holds_the_rules_with_redeliveries_crashes_and_dlq_moves) {
  // Faults and a buggy handler: messages received several times, failed invocations, DLQ moves.
  const auto dir = scratch_dir("perfetto-faults-check");
  const auto check = slsim("check --handler zoo/throw_on_poison --seeds 20 --out " + dir);
  ASSERT_EQ(check.exit_code, 1) << check.output;
  std::ifstream in(dir + "/results.json");
  const std::string case_file = nlohmann::json::parse(in)["failure"]["case_file"];
  const auto j = exported("perfetto-faults", "--case " + case_file);
  const auto c = check_rules(j);
  EXPECT_GT(c.flows, 0u);
  std::size_t dlq_ends = 0;
  for (const auto& e : j["traceEvents"])
    if (e["ph"] == "e" && e["args"].value("end", "") == "moved to the DLQ") ++dlq_ends;
  EXPECT_GT(dlq_ends, 0u);
}

TEST(perfetto_export, writes_message_ids_and_64_bit_ids_as_strings) {
  const auto j = exported("perfetto-ids", "--seed 8");
  bool uuid = false, big_id_as_string = false;
  for (const auto& e : j["traceEvents"]) {
    if (e["ph"] == "b") uuid |= e["id"].get<std::string>().size() == 36;
    if (e.contains("args") && e["args"].contains("message_hi")) big_id_as_string |= e["args"]["message_hi"].is_string();
  }
  EXPECT_TRUE(uuid);
  EXPECT_TRUE(big_id_as_string);
}

}  // namespace
}  // namespace slsim::testing
