// Scenario features → the inferred facts they depend on (docs/aws-facts.md, *inferred*).
#include "slsim/pipeline/assumptions.hpp"

#include <algorithm>
#include <functional>

namespace slsim::pipeline {
namespace {

bool has_dlq(const scenario& s) { return !s.queue.redrive_policy.dead_letter_target_name.empty(); }
bool has_ttl_table(const scenario& s) {
  return std::any_of(s.store.tables.begin(), s.store.tables.end(),
                     [](const store::table_config& t) { return !t.ttl_attribute.empty(); });
}
bool fifo(const scenario& s) { return s.queue.type == queue::queue_type::fifo; }

struct rule {
  const char* fact;
  const char* path;
  const char* feature;
  const char* assumed;
  std::function<bool(const scenario&)> applies;
};

// One row per (feature, inferred fact), in catalogue order of the facts.
const std::vector<rule>& rules() {
  static const std::vector<rule> k_rules = {
      {"L13", "/esm/report_batch_item_failures", "partial batch responses are on",
       "a response without a failure list is a complete success",
       [](const scenario& s) { return s.esm.report_batch_item_failures; }},
      {"F9", "/queue/type", "a FIFO queue", "the messages behind a failing one in a FIFO batch return with it", fifo},
      {"MD1", "/queue/redrive_policy/dead_letter_target_name", "a DLQ is configured",
       "a message moves to the DLQ on the receive that would deliver it for the (maxReceiveCount+1)th time, not when "
       "its visibility expires",
       has_dlq},
      {"MD2", "", "every scenario (the ESM deletes by receipt handle)",
       "a delete with a handle from an earlier receive succeeds without effect", [](const scenario&) { return true; }},
      {"MD5", "/function/kill_lag_ms", "every scenario (a timeout can cut an invocation)",
       "store calls already issued when a timeout cuts an invocation still land", [](const scenario&) { return true; }},
      {"MD12", "/esm/extend_visibility", "the ESM does not extend visibility (the default)",
       "the ESM does not extend a message's visibility while its batch runs",
       [](const scenario& s) { return !s.esm.extend_visibility; }},
      {"MD14", "/function/reserved_concurrency", "reserved concurrency is set (invocations can be throttled)",
       "a throttled batch is retried after 1 s, doubling, capped at 60 s, until its visibility ends",
       [](const scenario& s) { return s.function.reserved_concurrency.has_value(); }},
      {"MD15", "/esm/receive_wait_time_s", "every scenario (the ESM polls the queue)",
       "pollers long-poll with WaitTimeSeconds 20 and MaxNumberOfMessages 10", [](const scenario&) { return true; }},
      {"MD17", "/function/duration", "handler compute time is set", "compute time is drawn per invocation and record",
       [](const scenario& s) { return !s.function.duration.is_zero(); }},
      {"MD22", "/esm/latency", "SQS → Lambda hop latencies are on",
       "the hop tables beyond the published quantiles, and where a delete takes effect",
       [](const scenario& s) {
         return !s.esm.latency.invoke.is_zero() || !s.esm.latency.invoke_fifo.is_zero() ||
                !s.esm.latency.delete_call.is_zero();
       }},
      {"MD23", "/esm/scaling/scale_down_idle_s", "every scenario (pollers scale down when idle)",
       "pollers scale down to the initial concurrency after 60 s without messages, then to 2",
       [](const scenario&) { return true; }},
      {"MD24", "/queue/type", "a FIFO queue", "the liveness bound grows with the longest message-group backlog", fifo},
      {"MD26", "/esm/scaling/scale_up_per_minute", "every scenario (pollers scale up with a backlog)",
       "the scale-up signal is the visible messages left after a non-empty receive",
       [](const scenario&) { return true; }},
      {"MD27", "/function/duration", "handler compute time is set",
       "compute time is spent at the start of the invocation, before the handler body",
       [](const scenario& s) { return !s.function.duration.is_zero(); }},
      {"MD29", "/store/retry/preset", "every scenario (the handler's SDK retries store calls)",
       "the SDK retry presets' attempts and backoff", [](const scenario&) { return true; }},
      {"MD32", "/function/init_duration", "cold starts take time (the INIT phase)",
       "each cold start spends an INIT phase drawn per environment (default: a managed runtime, lognormal, median 250 "
       "ms)",
       [](const scenario& s) { return !s.function.init_duration.is_zero(); }},
      {"MD33", "/function/environment_idle_timeout_s", "idle environments are reclaimed",
       "an environment idle this long (default 10 minutes) is reclaimed; the next invocation is a cold start",
       [](const scenario& s) { return s.function.environment_idle_timeout_s > 0; }},
      {"MD34", "/store/ttl_deletion/preset", "a table has a TTL attribute (realistic deletion)",
       "expired items are deleted a lognormal delay after expiry, median 12 h, p99 about 5 days",
       [](const scenario& s) { return has_ttl_table(s) && s.store.ttl_deletion.preset == "realistic"; }},
      {"MD36", "/store/latency/jitter", "every scenario (store and gateway calls take time)",
       "store and SQS-integration round trips have a heavy right tail (p99 about 6 times the median)",
       [](const scenario&) { return true; }},
      {"MD37", "/store/latency/apply_at_min", "every scenario (store writes race each other)",
       "a store request reaches the table at a point drawn uniformly inside its round trip (default 20-80 %)",
       [](const scenario& s) { return s.store.latency.apply_at_min < s.store.latency.apply_at_max; }},
      {"MD38", "/store/latency/transaction_factor", "every scenario (a handler may write in a transaction)",
       "a TransactWriteItems takes transaction_factor (default 2) times a single call's round trip",
       [](const scenario& s) { return s.store.latency.transaction_factor != 1; }},
      {"MD35", "/esm/maximum_batching_window_s", "a batching window is set",
       "each poller gathers its own batch within its own window (pollers do not share a batch)",
       [](const scenario& s) { return s.esm.maximum_batching_window_s > 0 || s.esm.low_traffic_wait_20s; }},
  };
  return k_rules;
}

// Catalogue order: section letter order of docs/aws-facts.md, then the number.
int section_rank(const std::string& id) {
  static const char* k_order[] = {"S", "F", "L", "D", "G", "P", "MD"};
  const std::string prefix = id.substr(0, id.find_first_of("0123456789"));
  for (int i = 0; i < 7; ++i)
    if (prefix == k_order[i]) return i;
  return 7;
}
}  // namespace

bool catalogue_less(const std::string& a, const std::string& b) {
  const auto number = [](const std::string& id) { return std::stoi(id.substr(id.find_first_of("0123456789"))); };
  if (section_rank(a) != section_rank(b)) return section_rank(a) < section_rank(b);
  return number(a) < number(b);
}

std::vector<assumption> inferred_assumptions(const scenario& s) {
  std::vector<assumption> out;
  for (const auto& r : rules()) {
    if (!r.applies(s)) continue;
    if (std::any_of(out.begin(), out.end(), [&](const assumption& a) { return a.fact == r.fact; })) continue;
    out.push_back({r.fact, r.path, r.feature, r.assumed});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const assumption& a, const assumption& b) { return catalogue_less(a.fact, b.fact); });
  return out;
}

std::vector<std::string> assumption_fact_ids() {
  std::vector<std::string> out;
  for (const auto& r : rules())
    if (std::find(out.begin(), out.end(), r.fact) == out.end()) out.push_back(r.fact);
  return out;
}

std::string fact_list(const std::vector<assumption>& as) {
  std::string out;
  for (const auto& a : as) out += (out.empty() ? "" : ", ") + a.fact;
  return out;
}

}  // namespace slsim::pipeline
