// The simulated service and the SDK-like client: latency, throttling and retries
// (D9, MD9), timeouts, transaction conflicts (D5), the TTL daemon (D10), traces.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <set>

#include "slsim/sim/timer.hpp"
#include "slsim/sim/trace_record.hpp"
#include "slsim/store/retrying_store_client.hpp"
#include "slsim/store/service.hpp"
#include "store_test_util.hpp"

namespace slsim::store {
namespace {
using namespace testing;
namespace asio = boost::asio;

store_config fixed_latency_config(double ms = 10) {
  store_config c;
  c.tables = {table("tbl", false, "exp")};
  // A fixed round trip, the request reaching the table halfway, a transaction as long as a
  // write: the figures the timing tests below spell out.
  c.latency.fixed_ms = ms;
  c.latency.jitter = models::duration_dist::constant(0);
  c.latency.transaction_factor = 1;
  c.latency.apply_at_min = c.latency.apply_at_max = 0.5;
  return c;
}

struct outcome {
  std::error_code ec;
  store_result result;
  sim::time_ns at = -1;
};

asio::awaitable<void> call_once(sim::context& ctx, store_api& api, any_request r, outcome& out) {
  auto [ec, res] = co_await api.async_call(std::move(r), call_context{7}, asio::use_awaitable);
  out = {ec, std::move(res), ctx.now()};
}

asio::awaitable<void> put_once(sim::context& ctx, store_api& api, put_request r, outcome& out) {
  return call_once(ctx, api, std::move(r), out);
}

TEST(store_service, completes_after_the_configured_latency) {
  sim::context ctx;
  store_service svc(ctx, sim::rng(1), fixed_latency_config(10));
  outcome o;
  ctx.spawn("w", put_once(ctx, svc, put({{"pk", S("a")}}), o));
  const auto run = ctx.run();
  ASSERT_TRUE(run.ok()) << run.describe();
  EXPECT_FALSE(o.ec);
  EXPECT_EQ(o.at, sim::milliseconds(10));
  EXPECT_EQ(svc.core().changes().at(0).writer, 7u);                  // D11: the writer identity travels with the call
  EXPECT_EQ(svc.core().changes().at(0).time, sim::milliseconds(5));  // applied halfway through the round trip
}

TEST(store_service, default_latency_is_heavy_tailed_with_p99_about_six_times_the_median) {  // MD36
  sim::context ctx;
  auto cfg = fixed_latency_config(0);
  cfg.latency = {};  // the defaults
  store_service svc(ctx, sim::rng(11), cfg);
  std::vector<outcome> outs(2000);
  for (std::size_t i = 0; i < outs.size(); ++i)
    ctx.spawn("w", put_once(ctx, svc, put({{"pk", S("k" + std::to_string(i))}}), outs[i]));
  ASSERT_TRUE(ctx.run().ok());
  std::vector<double> ms;
  for (const auto& o : outs) ms.push_back(sim::to_seconds(o.at) * 1000);
  std::sort(ms.begin(), ms.end());
  const double p50 = ms[1000], p99 = ms[1980];
  EXPECT_NEAR(p50, 5, 0.5);
  EXPECT_GT(p99 / p50, 4.5);  // a heavy right tail, not σ 0.5's 3.2×
  EXPECT_LT(p99 / p50, 10);
}

TEST(store_service, a_transaction_takes_twice_a_single_write) {  // MD38
  sim::context ctx;
  auto cfg = fixed_latency_config(10);
  cfg.latency.transaction_factor = 2;
  store_service svc(ctx, sim::rng(1), cfg);
  outcome tx, plain;
  transact_write_request r;
  transact_action a;
  a.table = "tbl";
  a.item = {{"pk", S("t")}, {"v", N(1)}};
  r.actions = {a};
  ctx.spawn("tx", call_once(ctx, svc, std::move(r), tx));
  ctx.spawn("plain", put_once(ctx, svc, put({{"pk", S("p")}, {"v", N(2)}}), plain));
  ASSERT_TRUE(ctx.run().ok());
  EXPECT_FALSE(tx.ec);
  EXPECT_EQ(tx.at, sim::milliseconds(20));
  EXPECT_EQ(plain.at, sim::milliseconds(10));
}

TEST(store_service, a_write_applies_at_a_point_drawn_inside_its_round_trip) {  // MD37
  sim::context ctx;
  auto cfg = fixed_latency_config(10);
  cfg.latency.apply_at_min = 0.2;
  cfg.latency.apply_at_max = 0.8;
  store_service svc(ctx, sim::rng(5), cfg);
  std::vector<outcome> outs(200);
  for (std::size_t i = 0; i < outs.size(); ++i)
    ctx.spawn("w", put_once(ctx, svc, put({{"pk", S("k" + std::to_string(i))}}), outs[i]));
  ASSERT_TRUE(ctx.run().ok());
  sim::time_ns lo = sim::seconds(1), hi = 0;
  for (const auto& c : svc.core().changes()) {
    lo = std::min(lo, c.time);
    hi = std::max(hi, c.time);
  }
  EXPECT_GE(lo, sim::milliseconds(2));
  EXPECT_LE(hi, sim::milliseconds(8));
  EXPECT_LT(lo, sim::milliseconds(3));  // spread over the range, not one fixed point
  EXPECT_GT(hi, sim::milliseconds(7));
  for (const auto& o : outs) EXPECT_EQ(o.at, sim::milliseconds(10));  // the reply still takes the whole trip
}

TEST(store_config, latency_shape_is_validated_with_its_facts) {  // MD36, MD37, MD38
  store_config c;
  c.latency.jitter = models::duration_dist::empirical(2, 5, 9, 7);  // p99 below p90
  c.latency.transaction_factor = 0.5;
  c.latency.apply_at_min = 0.9;
  c.latency.apply_at_max = 0.3;
  const auto vs = c.validate();
  const auto has = [&](const std::string& path, const std::string& fact) {
    return std::any_of(vs.begin(), vs.end(), [&](const auto& v) { return v.path == path && v.fact == fact; });
  };
  EXPECT_TRUE(has("store.latency.jitter", "MD36"));
  EXPECT_TRUE(has("store.latency.transaction_factor", "MD38"));
  EXPECT_TRUE(has("store.latency.apply_at_min", "MD37"));
  EXPECT_TRUE(store_config{}.validate().empty());
}

TEST(retrying_store_client, retries_throttling_with_exponential_backoff) {  // D9, MD9
  sim::context ctx;
  store_service svc(ctx, sim::rng(1), fixed_latency_config(10));
  retrying_store_client client(ctx, svc);
  svc.throttle_next(2);
  outcome o;
  ctx.spawn("w", put_once(ctx, client, put({{"pk", S("a")}}), o));
  ASSERT_TRUE(ctx.run().ok());
  EXPECT_FALSE(o.ec);
  EXPECT_EQ(client.retries(), 2u);
  EXPECT_EQ(o.at, sim::milliseconds(10 + 25 + 10 + 50 + 10));  // 25 ms × 2^n between attempts
  EXPECT_EQ(svc.stats().throttled, 2u);
}

TEST(retrying_store_client, gives_up_after_ten_retries) {  // MD9: AWS SDK for C++ default
  sim::context ctx;
  store_service svc(ctx, sim::rng(1), fixed_latency_config(1));
  retrying_store_client client(ctx, svc);
  svc.throttle_next(50);
  outcome o;
  ctx.spawn("w", put_once(ctx, client, put({{"pk", S("a")}}), o));
  ASSERT_TRUE(ctx.run().ok());
  EXPECT_EQ(o.ec, store_errc::throttling);  // on-demand table → ThrottlingException
  EXPECT_EQ(client.retries(), 10u);
  EXPECT_EQ(svc.stats().calls, 11u);
}

TEST(retrying_store_client, never_retries_a_failed_condition) {  // D2, MD9
  sim::context ctx;
  store_service svc(ctx, sim::rng(1), fixed_latency_config());
  retrying_store_client client(ctx, svc);
  svc.core().put_item(put({{"pk", S("a")}}), 0);
  outcome o;
  ctx.spawn("w", put_once(ctx, client, put({{"pk", S("a")}}, "attribute_not_exists(pk)"), o));
  ASSERT_TRUE(ctx.run().ok());
  EXPECT_EQ(o.ec, store_errc::conditional_check_failed);
  EXPECT_EQ(client.retries(), 0u);
}

TEST(store_service, ambiguous_timeout_applies_the_write_but_reports_an_error) {
  sim::context ctx;
  store_service svc(ctx, sim::rng(1), fixed_latency_config());
  svc.timeout_next(1, true);
  svc.timeout_next(1, false);
  outcome a, b;
  ctx.spawn("a", put_once(ctx, svc, put({{"pk", S("applied")}}), a));
  ctx.spawn("b", put_once(ctx, svc, put({{"pk", S("lost")}}), b));
  ASSERT_TRUE(ctx.run().ok());
  EXPECT_EQ(a.ec, store_errc::timeout);
  EXPECT_EQ(b.ec, store_errc::timeout);
  EXPECT_NE(svc.core().find("tbl", {{"pk", S("applied")}}), nullptr);
  EXPECT_EQ(svc.core().find("tbl", {{"pk", S("lost")}}), nullptr);
}

TEST(retrying_store_client, a_retried_ambiguous_timeout_writes_twice) {  // why idempotency matters
  sim::context ctx;
  store_service svc(ctx, sim::rng(1), fixed_latency_config());
  retrying_store_client client(ctx, svc);
  svc.timeout_next(1, true);
  outcome o;
  ctx.spawn("w", call_once(ctx, client, update("k", "ADD n :one", values({{":one", N(1)}})), o));
  ASSERT_TRUE(ctx.run().ok());
  EXPECT_FALSE(o.ec);
  EXPECT_EQ(svc.core().find("tbl", {{"pk", S("k")}})->at("n"), N(2));  // D4: ADD applied twice
}

TEST(store_service, provisioned_capacity_throttles_bursts) {  // D9
  sim::context ctx;
  auto cfg = fixed_latency_config(1);
  cfg.tables[0].write_capacity = 1;  // burst = 300 units
  store_service svc(ctx, sim::rng(1), cfg);
  std::vector<outcome> outs(310);
  for (std::size_t i = 0; i < outs.size(); ++i)
    ctx.spawn("w", put_once(ctx, svc, put({{"pk", S("k" + std::to_string(i))}}), outs[i]));
  ASSERT_TRUE(ctx.run().ok());
  std::size_t throttled = 0;
  for (const auto& o : outs) throttled += o.ec == store_errc::provisioned_throughput_exceeded;
  EXPECT_EQ(throttled, 10u);
}

TEST(store_service, plain_write_on_an_item_in_a_transaction_conflicts) {  // D5
  sim::context ctx;
  store_service svc(ctx, sim::rng(1), fixed_latency_config(10));
  outcome tx, plain;
  transact_write_request r;
  transact_action a;
  a.table = "tbl";
  a.item = {{"pk", S("k")}, {"v", N(1)}};
  r.actions = {a};
  ctx.spawn("tx", call_once(ctx, svc, std::move(r), tx));
  ctx.spawn("plain", put_once(ctx, svc, put({{"pk", S("k")}, {"v", N(2)}}), plain));
  ASSERT_TRUE(ctx.run().ok());
  EXPECT_FALSE(tx.ec);
  EXPECT_EQ(plain.ec, store_errc::transaction_conflict);
}

TEST(store_service, ttl_daemon_deletes_expired_items_lazily) {  // D10
  sim::context ctx;
  auto cfg = fixed_latency_config(1);
  cfg.ttl_scan_interval_s = 60;
  cfg.ttl_deletion.preset = "adversarial";  // MD19: a fixed 120 s
  store_service svc(ctx, sim::rng(1), cfg);
  svc.core().put_item(put({{"pk", S("k")}, {"exp", N(cfg.epoch_s + 10)}}), 0);
  svc.start_ttl_deleter();
  bool seen_at_100s = false;
  bool gone_at_200s = false;
  ctx.spawn("observer", [](sim::context& c, store_service& s, bool& seen, bool& gone) -> asio::awaitable<void> {
    co_await sim::async_sleep_for(c, sim::seconds(100), asio::use_awaitable);
    seen = s.core().find("tbl", {{"pk", S("k")}}) != nullptr;  // expired at 10 s, still there
    co_await sim::async_sleep_for(c, sim::seconds(100), asio::use_awaitable);
    gone = s.core().find("tbl", {{"pk", S("k")}}) == nullptr;
  }(ctx, svc, seen_at_100s, gone_at_200s));
  const auto run = ctx.run();
  ASSERT_TRUE(run.ok()) << run.describe();
  EXPECT_TRUE(seen_at_100s);
  EXPECT_TRUE(gone_at_200s);
  EXPECT_TRUE(svc.core().changes().back().ttl_delete);
  EXPECT_EQ(run.end_time, sim::seconds(200));  // the daemon did not keep the run alive
}

// How many of `n` items that expired at 10 s are still there at each of `at` (MD19).
std::vector<int> ttl_survivors(store_config cfg, int n, const std::vector<sim::time_ns>& at) {
  sim::context ctx;
  store_service svc(ctx, sim::rng(7), cfg);
  for (int i = 0; i < n; ++i)
    svc.core().put_item(put({{"pk", S("k" + std::to_string(i))}, {"exp", N(cfg.epoch_s + 10)}}), 0);
  svc.start_ttl_deleter();
  std::vector<int> out;
  ctx.spawn("observer",
            [](sim::context& c, store_service& s, int items, std::vector<sim::time_ns> instants,
               std::vector<int>& counts) -> asio::awaitable<void> {
              for (const auto t : instants) {
                co_await sim::async_sleep_until(c, t, asio::use_awaitable);
                int left = 0;
                for (int i = 0; i < items; ++i)
                  left += s.core().find("tbl", {{"pk", S("k" + std::to_string(i))}}) != nullptr;
                counts.push_back(left);
              }
            }(ctx, svc, n, at, out));
  const auto run = ctx.run();
  EXPECT_TRUE(run.ok()) << run.describe();
  return out;
}

TEST(store_service, realistic_ttl_deletion_takes_hours_to_days_drawn_per_item) {  // D10, MD19, MD34
  auto cfg = fixed_latency_config(1);
  cfg.ttl_scan_interval_s = 600;
  ASSERT_EQ(cfg.ttl_deletion.preset, "realistic");  // the default
  const auto left = ttl_survivors(cfg, 200, {sim::seconds(3600), sim::seconds(12 * 3600), sim::seconds(7 * 86400)});
  ASSERT_EQ(left.size(), 3u);
  EXPECT_GE(left[0], 190);  // after an hour almost every expired item is still readable
  EXPECT_GT(left[1], 70);   // the median is 12 h: about half are gone
  EXPECT_LT(left[1], 130);
  EXPECT_LE(left[2], 5);  // "typically within a few days"
}

TEST(store_service, custom_ttl_deletion_delay_is_a_distribution) {  // MD19
  auto cfg = fixed_latency_config(1);
  cfg.ttl_scan_interval_s = 10;
  cfg.ttl_deletion.preset = "custom";
  cfg.ttl_deletion.delay = models::duration_dist::empirical(0, 60'000, 120'000, 300'000, 300'000);
  const auto left = ttl_survivors(cfg, 100, {sim::seconds(10), sim::seconds(75), sim::seconds(320)});
  ASSERT_EQ(left.size(), 3u);
  EXPECT_EQ(left[0], 100);
  EXPECT_GT(left[1], 30);  // p50 of the delay is 60 s
  EXPECT_LT(left[1], 70);
  EXPECT_EQ(left[2], 0);  // capped at 300 s
}

TEST(store_service, widened_staleness_lets_eventual_reads_see_old_values) {  // D7, MD8
  sim::context ctx;
  store_service svc(ctx, sim::rng(5), fixed_latency_config(2));
  svc.set_staleness_window(sim::seconds(1));  // the fault hook
  svc.core().put_item(put({{"pk", S("k")}, {"v", N(1)}}), 0);
  std::vector<outcome> eventual(20), consistent(5);
  // Requests are built outside the coroutine (GCC 12 miscompiles braced lists in it).
  ctx.spawn("reads",
            [](sim::context& c, store_api& api, put_request write, get_request ev_get, get_request co_get,
               std::vector<outcome>& ev, std::vector<outcome>& co) -> asio::awaitable<void> {
              co_await sim::async_sleep_for(c, sim::milliseconds(100), asio::use_awaitable);
              co_await call_once(c, api, write, ev[0]);
              for (auto& o : ev) {  // spread over 2 s: early reads may be stale, late ones cannot
                co_await sim::async_sleep_for(c, sim::milliseconds(100), asio::use_awaitable);
                co_await call_once(c, api, ev_get, o);
              }
              for (auto& o : co) co_await call_once(c, api, co_get, o);
            }(ctx, svc, put({{"pk", S("k")}, {"v", N(2)}}), get("k", false), get("k", true), eventual, consistent));
  ASSERT_TRUE(ctx.run().ok());
  std::size_t stale = 0;
  // Stale = as of before the second write: the first version, or (before t=0) no item.
  for (const auto& o : eventual) stale += !o.result.attributes || o.result.attributes->at("v") == N(1);
  EXPECT_GT(stale, 0u);
  EXPECT_LT(stale, eventual.size());
  for (const auto& o : consistent) EXPECT_EQ(o.result.attributes->at("v"), N(2));  // D7
}

TEST(store_service, same_token_while_running_is_transaction_in_progress) {  // D6
  sim::context ctx;
  store_service svc(ctx, sim::rng(1), fixed_latency_config(10));
  transact_write_request r;
  r.client_request_token = "tok";
  transact_action a;
  a.table = "tbl";
  a.item = {{"pk", S("k")}};
  r.actions = {a};
  outcome first, second;
  ctx.spawn("first", call_once(ctx, svc, r, first));
  ctx.spawn("second", call_once(ctx, svc, r, second));
  ASSERT_TRUE(ctx.run().ok());
  EXPECT_FALSE(first.ec);
  EXPECT_EQ(second.ec, store_errc::transaction_in_progress);
}

TEST(retrying_store_client, a_cancelled_call_returns_at_once_but_the_write_may_land) {  // MD5
  using namespace asio::experimental::awaitable_operators;
  sim::context ctx;
  store_service svc(ctx, sim::rng(1), fixed_latency_config(10));
  retrying_store_client client(ctx, svc);
  std::size_t winner = 9;
  sim::time_ns at = -1;
  ctx.spawn(
      "w",
      [](sim::context& c, store_api& api, put_request r, std::size_t& w, sim::time_ns& when) -> asio::awaitable<void> {
        auto res = co_await (api.async_put_item(std::move(r), call_context{1}, asio::use_awaitable) ||
                             sim::async_sleep_for(c, sim::milliseconds(1), asio::use_awaitable));
        w = res.index();
        when = c.now();
      }(ctx, client, put({{"pk", S("k")}}), winner, at));
  ASSERT_TRUE(ctx.run().ok());
  EXPECT_EQ(winner, 1u);
  EXPECT_EQ(at, sim::milliseconds(1));                           // not held up by the 10 ms call
  EXPECT_NE(svc.core().find("tbl", {{"pk", S("k")}}), nullptr);  // applied at 5 ms anyway
}

/// Sets a flag when the coroutine frame holding it is destroyed.
struct frame_sentinel {
  bool* destroyed;
  ~frame_sentinel() { *destroyed = true; }
};

// A run a guard stops leaves callers suspended in store calls whose handlers carry a
// cancellation slot (`call || timer`); tearing the run down must destroy their frames, not
// keep them alive through the slot (a leak per abandoned call in every in-process check).
bool frame_destroyed_after_a_stopped_run(bool through_retrying_client) {
  using namespace asio::experimental::awaitable_operators;
  bool destroyed = false;
  {
    sim::context ctx;
    store_service svc(ctx, sim::rng(1), fixed_latency_config(10));
    retrying_store_client client(ctx, svc);
    store_api& api = through_retrying_client ? static_cast<store_api&>(client) : svc;
    ctx.spawn("w", [](sim::context& c, store_api& target, put_request r, bool* flag) -> asio::awaitable<void> {
      frame_sentinel sentinel{flag};
      co_await (target.async_put_item(std::move(r), call_context{1}, asio::use_awaitable) ||
                sim::async_sleep_for(c, sim::seconds(3600), asio::use_awaitable));
    }(ctx, api, put({{"pk", S("k")}}), &destroyed));
    sim::run_limits limits;
    limits.max_events = 2;  // the call is still in flight when the guard stops the run
    EXPECT_EQ(ctx.run(limits).status, sim::run_status::event_budget);
    EXPECT_FALSE(destroyed);
  }
  return destroyed;
}

TEST(store_service, a_run_stopped_mid_call_destroys_the_suspended_caller) {
  EXPECT_TRUE(frame_destroyed_after_a_stopped_run(false));
}

TEST(retrying_store_client, a_run_stopped_mid_call_destroys_the_suspended_caller) {
  EXPECT_TRUE(frame_destroyed_after_a_stopped_run(true));
}

/// Collects the store's record kinds and every non-zero field without a name.
struct naming_listener final : sim::trace_listener {
  std::set<std::string> kinds;
  std::vector<std::string> unnamed;
  void on_record(const sim::trace_record& r) override {
    if (r.kind->component != "store") return;
    kinds.insert(std::string(r.kind->name));
    for (std::size_t i = 0; i < 4; ++i)
      if (r.ids[i] != 0 && r.kind->id_names[i].empty())
        unnamed.push_back(std::string(r.kind->name) + ".id" + std::to_string(i));
    if (r.value != 0 && r.kind->value_name.empty()) unnamed.push_back(std::string(r.kind->name) + ".value");
  }
};

TEST(store_service, every_trace_record_names_its_ids_and_value) {  // trace files show names, not id0..id3
  sim::context ctx;
  naming_listener names;
  ctx.set_trace_listener(&names);
  store_service svc(ctx, sim::rng(3), fixed_latency_config(5));
  outcome first, second;
  ctx.spawn("w1", put_once(ctx, svc, put({{"pk", S("a")}, {"v", N(1)}}), first));
  ctx.spawn("w2", put_once(ctx, svc, put({{"pk", S("a")}, {"v", N(2)}}), second));
  ASSERT_TRUE(ctx.run().ok());
  EXPECT_EQ(names.kinds, (std::set<std::string>{"call", "change", "op"}));
  EXPECT_TRUE(names.unnamed.empty()) << names.unnamed.front();
}

std::uint64_t trace_hash_of_run(std::int64_t value) {
  sim::context ctx;
  store_service svc(ctx, sim::rng(3), [] {
    auto c = fixed_latency_config(5);
    c.latency.jitter = models::duration_dist::lognormal(2, 0.5);
    return c;
  }());
  outcome o;
  ctx.spawn("w", put_once(ctx, svc, put({{"pk", S("a")}, {"v", N(value)}}), o));
  return ctx.run().trace_hash;
}

TEST(store_service, trace_hash_changes_when_a_stored_value_changes) {
  EXPECT_EQ(trace_hash_of_run(1), trace_hash_of_run(1));
  EXPECT_NE(trace_hash_of_run(1), trace_hash_of_run(2));
}

TEST(store_config, validate_lists_every_violation) {
  store_config c;
  c.tables = {table("x"), table("tbl")};
  c.tables[1].partition_key.type = "BOOL";
  c.retry.max_retries = -1;
  c.staleness_window_ms = -5;
  const auto v = c.validate();
  ASSERT_EQ(v.size(), 4u);
  EXPECT_EQ(v[0].path, "store.tables[0].name");
  EXPECT_EQ(v[1].path, "store.tables[1].partition_key.type");
  EXPECT_THROW(store_core{c.tables}, models::config_error);
  const auto j = nlohmann::json(fixed_latency_config());
  EXPECT_EQ(j["retry"]["max_retries"], 10);
  EXPECT_EQ(j.get<store_config>().tables.at(0).ttl_attribute, "exp");
}

std::int64_t counted(const metrics::registry& r, const std::string& name) {
  metrics::counter c;
  EXPECT_TRUE(r.find_counter(name, c)) << name;
  return r.total(c);
}

TEST(store_metrics, count_calls_by_kind_conditional_failures_and_throttles) {  // D2, D9
  sim::context ctx;
  metrics::registry registry;
  store_service svc(ctx, sim::rng(1), fixed_latency_config(), &registry);
  svc.core().put_item(put({{"pk", S("a")}}), 0);  // directly in the core: not a call
  svc.throttle_next(1);
  outcome throttled, failed, written, read;
  ctx.spawn("t", put_once(ctx, svc, put({{"pk", S("b")}}), throttled));
  ctx.spawn("c", put_once(ctx, svc, put({{"pk", S("a")}}, "attribute_not_exists(pk)"), failed));
  ctx.spawn("w", put_once(ctx, svc, put({{"pk", S("c")}}), written));
  ctx.spawn("r", call_once(ctx, svc, get("a"), read));
  ASSERT_TRUE(ctx.run().ok());
  ASSERT_EQ(throttled.ec, store_errc::throttling);
  ASSERT_EQ(failed.ec, store_errc::conditional_check_failed);
  EXPECT_EQ(counted(registry, "store.calls.PutItem"), 3);
  EXPECT_EQ(counted(registry, "store.calls.GetItem"), 1);
  EXPECT_EQ(counted(registry, "store.calls.UpdateItem"), 0);
  EXPECT_EQ(counted(registry, "store.throttles"), 1);
  EXPECT_EQ(counted(registry, "store.conditional_failures"), 1);
  EXPECT_EQ(counted(registry, "store.timeouts"), 0);
  EXPECT_EQ(static_cast<std::uint64_t>(counted(registry, "store.throttles")), svc.stats().throttled);
}

}  // namespace
}  // namespace slsim::store
