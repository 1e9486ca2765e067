// The built-in scenario: the reference pipeline of docs/architecture.md §0 at a scale that checks
// in milliseconds. Every value that deviates from AWS's default says why.
#include "slsim/pipeline/scenario.hpp"

namespace slsim::pipeline {
namespace {
scenario make_builtin() {
  scenario s;
  s.name = "builtin";
  // Queue + DLQ. L6: visibility ≥ 6 × function timeout (3 s) → 30 s is AWS's default and
  // already long enough... for 3 s functions; L7: maxReceiveCount 5.
  s.dlq.name = "requests-dlq";
  s.dlq.message_retention_period_s = 1'209'600;  // P3: DLQ retention longer than the source's
  s.queue.name = "requests";
  s.queue.visibility_timeout_s = 30;
  s.queue.redrive_policy.dead_letter_target_name = "requests-dlq";
  s.queue.redrive_policy.max_receive_count = 5;  // L7 (AWS's doc default of 10 is [?], S12)
  // ESM: partial batch responses on, as the reference handler reports poison messages (L13).
  s.esm.report_batch_item_failures = true;
  // Function: AWS defaults (3 s timeout, 128 MB) with the tables named by environment.
  s.function.function_name = "orders-handler";
  s.function.environment = {
      {"RESULT_TABLE", "results"}, {"TOTALS_TABLE", "totals"}, {"IDEMPOTENCY_TABLE", "idempotency"}};
  // Store: the result table keyed by requestId, per-customer totals, and an idempotency
  // table with TTL for handlers that keep one. TTL deletion is lazy (D10): hours to days
  // after expiry by default (MD34); `check` also draws the adversarial 120 s preset (MD19),
  // so late client retries can meet a deleted record within one run.
  s.store.tables = {store::table_config{.name = "results"}, store::table_config{.name = "totals"},
                    store::table_config{.name = "idempotency", .ttl_attribute = "expires_at"}};
  // IAM: docs/architecture.md §0 roles. TransactWriteItems is authorised per contained action.
  // Clients: a small workload with retries; rare late retries make TTL bugs reachable.
  s.clients.clients = 2;
  s.clients.arrival.process = gateway::arrival_process::poisson;
  s.clients.arrival.rate_per_s = 20;
  s.clients.arrival.requests = 25;
  s.clients.customers = 5;
  s.clients.oversized_bytes = 1'100'000;  // G7: above SQS's 1 MiB, below the gateway's 10 MB
  s.clients.retry.late_retry_probability = 0.05;
  s.clients.retry.late_retry_min_s = 300;
  s.clients.retry.late_retry_max_s = 900;
  s.clients.mix.poison = 0.10;  // enough poison messages to share batches with valid ones (P4)
  // `check` varies the batching window (0 = AWS's default; larger windows fill batches, L3),
  // reserved concurrency (below the five pollers' pull, invocations are throttled and
  // retried until their batch's visibility runs out: L9, L11, MD14, P2), the SDK's retry
  // policy (MD20: with 3 attempts a throttle or a 5xx reaches the handler within the 3 s
  // timeout; the C++ SDK's 10 retries outlast it), the kill lag (MD5: code keeps
  // running past the deadline, and its writes land) and TTL deletion (D10: AWS may delete
  // an expired item at any time, MD19's adversarial preset, or days later, MD34).
  s.vary = {{"/esm/maximum_batching_window_s", {0, 2}},
            {"/function/reserved_concurrency", {1, 10}},
            {"/store/retry/preset", {"aws_sdk_cpp", "js_v3", "boto3_standard", "boto3_legacy"}},
            {"/function/kill_lag_ms", {0, 2000}},
            {"/store/ttl_deletion/preset", {"adversarial", "realistic"}}};
  return s;
}
}  // namespace

const scenario& builtin_scenario() {
  static const scenario s = make_builtin();
  return s;
}

}  // namespace slsim::pipeline
