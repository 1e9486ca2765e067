// Detection power (issue: faults that reach every path): generated fault triggers cover
// their declared ranges, a killed invocation issues no store request afterwards (MD5),
// multi-call faults are credited to every invocation they hit, errors the SDK gives up
// on reach handlers (MD20), and a run that checked nothing fails as `vacuous`.
#include <gtest/gtest.h>

#include <map>

#include "slsim/examples/handlers.hpp"
#include "slsim/pipeline/scenario.hpp"
#include "slsim/properties/case.hpp"
#include "slsim/properties/generate.hpp"

namespace slsim::testing {
namespace {
using faults::fault_kind;

TEST(generated_faults, triggers_cover_their_declared_ranges) {
  const nlohmann::json base = pipeline::builtin_scenario();
  std::uint32_t max_point = 0, max_call = 0, max_burst = 0, max_resend = 0, max_index = 0, max_client = 0,
                max_delivery = 0;
  int after_crashes = 0, surfaced_errors = 0, counted = 0, short_spikes = 0;
  std::size_t max_faults = 0;
  std::map<std::string, int> presets;
  for (std::uint64_t seed = 1; seed <= 400; ++seed) {
    const auto c = properties::generate_case(base, seed, {});
    max_faults = std::max(max_faults, c.plan.faults.size());
    presets[c.scenario.at("store").at("retry").at("preset").get<std::string>()]++;
    for (const auto& f : c.plan.faults) {
      // Every generated trigger is keyed by a request (faults::request_target).
      if (!f.request) {
        ++counted;
        continue;
      }
      max_index = std::max(max_index, f.request->index);
      max_client = std::max(max_client, f.request->client);
      max_delivery = std::max(max_delivery, f.request->delivery);
      switch (f.kind) {
        case fault_kind::handler_crash:
          max_point = std::max(max_point, f.point);
          after_crashes += f.after ? 1 : 0;
          break;
        case fault_kind::store_throttle:
          max_burst = std::max(max_burst, f.count);
          max_call = std::max(max_call, f.nth);
          break;
        case fault_kind::store_timeout_applied:
        case fault_kind::store_timeout_lost:
          max_call = std::max(max_call, f.nth);
          break;
        case fault_kind::store_latency_spike:
          short_spikes += f.seconds < 3 ? 1 : 0;
          break;
        case fault_kind::duplicate_delivery:
          max_resend = std::max(max_resend, f.nth);
          break;
        case fault_kind::store_error:
          ++surfaced_errors;
          break;
        default:
          break;
      }
    }
  }
  EXPECT_EQ(counted, 0);
  EXPECT_GE(max_point, 8u);  // crashes land past the first await points, not only "before returning"
  EXPECT_GT(after_crashes, 0);
  EXPECT_GE(max_call, 15u);     // a call within its invocation: declared range 1..20
  EXPECT_GE(max_burst, 10u);    // declared range 1..15
  EXPECT_EQ(max_resend, 3u);    // a request's messages: declared range 1..3
  EXPECT_GE(max_index, 20u);    // the built-in workload's requests per client: 0..24
  EXPECT_EQ(max_client, 1u);    // its two clients
  EXPECT_EQ(max_delivery, 5u);  // up to maxReceiveCount (L7)
  EXPECT_GT(short_spikes, 0);   // spikes that end inside a kill lag after the 3 s timeout (MD5)
  EXPECT_GT(surfaced_errors, 0);
  EXPECT_LE(max_faults, 6u);  // the count keeps its own small range
  EXPECT_EQ(presets.size(), 4u) << "every SDK retry preset of the built-in vary is drawn";
}

// Records every SDK attempt and every kill (timeout or crash) per invocation.
struct kill_watch final : sim::trace_listener {
  std::map<std::uint64_t, std::uint64_t> killed_at_seq;  // invocation → seq of its kill
  std::vector<std::string> late;
  int attempts = 0;
  void on_record(const sim::trace_record& r) override {
    if (r.kind->component == "runtime" && (r.kind->name == "timeout" || r.kind->name == "crash"))
      killed_at_seq.emplace(r.ids[0], r.seq);
    if (r.kind->component == "sdk" && r.kind->name == "attempt") {
      ++attempts;
      if (const auto it = killed_at_seq.find(r.ids[0]); it != killed_at_seq.end())
        late.push_back("invocation " + std::to_string(r.ids[0]) + " attempt " + std::to_string(r.ids[1]) +
                       " at t=" + std::to_string(r.t));
    }
  }
};

TEST(cancellation, no_store_request_is_issued_after_an_invocation_is_killed) {  // MD5
  // Long throttle bursts with the C++ SDK's 10 retries outlast the 3 s timeout; crashes
  // land while calls are in flight. Before the fix the SDK kept retrying for the dead
  // invocation and its late writes landed.
  const auto base = pipeline::apply_settings(nlohmann::json(pipeline::builtin_scenario()),
                                             {"store.retry.preset=\"aws_sdk_cpp\"", "function.kill_lag_ms=500",
                                              "function.reserved_concurrency=1", "esm.maximum_batching_window_s=2"});
  int kills = 0, attempts = 0;
  for (std::uint32_t seed = 1; seed <= 30; ++seed) {
    properties::case_spec c;
    c.seed = seed;
    c.scenario = base;
    c.plan.faults = {
        faults::fault{.kind = fault_kind::store_throttle, .nth = 1 + seed % 5, .count = 30},
        faults::fault{.kind = fault_kind::store_throttle, .nth = 20 + seed % 7, .count = 14},
        faults::fault{
            .kind = fault_kind::handler_crash, .nth = 2 + seed % 3, .point = 1 + seed % 3, .after = seed % 2 == 0}};
    kill_watch watch;
    const auto r = properties::run_and_check(c, examples::reference_handler(), &watch);
    EXPECT_TRUE(watch.late.empty()) << "seed " << seed << ": " << watch.late.front();
    kills += static_cast<int>(watch.killed_at_seq.size());
    attempts += watch.attempts;
    EXPECT_TRUE(r.result.ok()) << "seed " << seed << ": " << r.result.primary()->detail;
  }
  EXPECT_GT(kills, 20);
  EXPECT_GT(attempts, 100);
}

TEST(attribution, a_throttle_burst_is_credited_to_every_invocation_it_hits) {
  // With three attempts per call (MD20) a long burst surfaces throttling in several
  // invocations in turn; a correct handler reports those messages for a retry, and
  // the DLQ oracle must not blame it for the later failures of the burst.
  const auto base = pipeline::apply_settings(
      nlohmann::json(pipeline::builtin_scenario()),
      {"store.retry.preset=\"js_v3\"", "clients.arrival.requests=12", "clients.retry.late_retry_probability=0"});
  int multi = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    properties::case_spec c;
    c.seed = seed;
    c.scenario = base;
    c.plan.faults = {faults::fault{.kind = fault_kind::store_throttle, .nth = 1, .count = 15}};
    const auto r = properties::run_and_check(c, examples::reference_handler());
    EXPECT_TRUE(r.result.ok()) << "seed " << seed << ": " << r.result.primary()->detail;
    multi += r.outcome.faulted_invocations.size() > 1 ? 1 : 0;
    EXPECT_GT(r.outcome.store_errors_surfaced, 0u) << "seed " << seed;
  }
  EXPECT_GT(multi, 10);
}

TEST(store_errors, reach_the_handler_when_the_sdk_gives_up_and_correct_handlers_retry) {
  for (const auto* error : {"throttling", "internal_error", "validation"}) {
    properties::case_spec c;
    c.seed = 3;
    c.scenario = pipeline::apply_settings(nlohmann::json(pipeline::builtin_scenario()),
                                          {"clients.arrival.requests=4", "clients.retry.late_retry_probability=0"});
    c.plan = nlohmann::json::parse(std::string(R"({"faults":[{"kind":"store_error","nth":1,"error":")") + error +
                                   R"("},{"kind":"store_error","nth":3,"error":")" + error + R"("}]})")
                 .get<faults::fault_plan>();
    for (const auto* h : {&examples::reference_handler(), &examples::applied_set_handler()}) {
      const auto r = properties::run_and_check(c, *h);
      EXPECT_EQ(r.outcome.store_errors_surfaced, 2u) << error;
      EXPECT_TRUE(r.result.ok()) << h->name << " " << error << ": " << r.result.primary()->detail;
    }
  }
}

TEST(scenario, retry_presets_and_enumeration_choices_are_validated_by_name) {
  try {
    pipeline::load_scenario(nlohmann::json::parse(R"({"store": {"retry": {"preset": "boto4"}}})"), "s.json");
    FAIL() << "an unknown preset was accepted";
  } catch (const pipeline::scenario_error& e) {
    EXPECT_NE(std::string(e.what()).find("/store/retry/preset"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("js_v3"), std::string::npos) << e.what();
  }
  try {
    // Choices are checked once per command (check_vary_values), not on every case's load.
    pipeline::check_vary_values(pipeline::load_scenario(
        nlohmann::json::parse(R"({"vary": {"/store/retry/preset": ["js_v3", "boto4"]}})"), "s.json"));
    FAIL() << "an unknown vary choice was accepted";
  } catch (const pipeline::scenario_error& e) {
    EXPECT_NE(std::string(e.what()).find("/vary/~1store~1retry~1preset/1"), std::string::npos) << e.what();
  }
  EXPECT_THROW(pipeline::load_scenario(nlohmann::json::parse(R"({"vary": {"/store/retry/preset": [1, 2]}})")),
               pipeline::scenario_error);
}

TEST(vacuous, a_run_where_nothing_reaches_the_handler_fails_unless_declared) {
  properties::case_spec c;
  c.seed = 1;
  c.scenario = pipeline::apply_settings(nlohmann::json(pipeline::builtin_scenario()),
                                        {"clients.arrival.requests=3", "function.reserved_concurrency=0"});
  auto r = properties::run_and_check(c, examples::reference_handler());
  const auto vacuous = [](const properties::verdict& v) { return v.violated().count(properties::property::vacuous); };
  EXPECT_TRUE(vacuous(r.result)) << "accepted: " << r.outcome.runtime.invocations;
  c.scenario["expect"]["vacuous"] = true;
  r = properties::run_and_check(c, examples::reference_handler());
  EXPECT_FALSE(vacuous(r.result));
  // An ordinary run is not vacuous.
  c = properties::generate_case(nlohmann::json(pipeline::builtin_scenario()), 1, {.faults = false});
  EXPECT_FALSE(vacuous(properties::run_and_check(c, examples::reference_handler()).result));
}

}  // namespace
}  // namespace slsim::testing
