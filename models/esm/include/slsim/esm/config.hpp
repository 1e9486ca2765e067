#pragma once
// The event source mapping's configuration (L2, L3, L6, L8, L10, L13, L15, MD7, MD12-MD15).
// Field names match the scenario file's JSON keys (section "esm").
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "slsim/models/duration_dist.hpp"
#include "slsim/models/validation.hpp"

namespace slsim::queue {
struct queue_config;
}
namespace slsim::runtime {
struct function_config;
}

namespace slsim::esm {

/// Poller scaling in standard mode (L8, MD7). Defaults are AWS's documented figures.
struct scaling_config {
  int initial_concurrency = 5;  ///< L8: concurrent batches at start
  int scale_up_per_minute =
      300;  ///< L8: added per minute while there is a backlog (visible messages after a receive, MD7)
  int max_concurrency = 1250;  ///< L8: per ESM
  int scale_down_idle_s = 60;  ///< MD7 [inf]: back to the initial concurrency after this long without messages (MD23)
  int idle_concurrency = 2;    ///< L8: the floor after a further idle period (not with MaximumConcurrency)
};

/// MD16: the time the SQS → Lambda hop takes, and the ESM's own SQS calls. Every
/// distribution may be set to constant 0 (an instantaneous hop, for queueing checks).
struct latency_config {
  /// MD16: SQS returning a batch → hand-off → the function starting, standard queues
  /// (published p10 14 / p50 16 / p90 34 / p99 105 ms).
  models::duration_dist invoke = models::duration_dist::empirical(13.5, 16, 34, 105);
  /// MD16: the same for FIFO queues (published p50 28, p99 645 ms; the minimum, p90 and
  /// the 2 s cap are inferred, MD22).
  models::duration_dist invoke_fifo = models::duration_dist::empirical(20, 28, 100, 645, 2000);
  /// MD16: one DeleteMessageBatch round trip (published 10–20 ms; the table is inferred, MD22);
  /// the delete takes effect halfway through it.
  models::duration_dist delete_call = models::duration_dist::empirical(8, 14, 20, 40);
};

/// L12 provisioned mode (ProvisionedPollerConfig). Validated only: slsim models standard
/// mode's scaling whether or not this is set.
struct provisioned_poller_config {
  int minimum_pollers = 2;    ///< L12: 2..200, default 2
  int maximum_pollers = 200;  ///< L12: minimum_pollers..2000 (older and CloudFormation docs), default 200
};

/// One ESM from an SQS queue to a function.
struct esm_config {
  int batch_size = 10;                        ///< L2: 1..10000 standard, 1..10 FIFO
  int maximum_batching_window_s = 0;          ///< L3: 0..300; required >= 1 when batch_size > 10
  bool report_batch_item_failures = false;    ///< L13: FunctionResponseTypes=["ReportBatchItemFailures"]
  std::optional<int> maximum_concurrency;     ///< L10: ScalingConfig.MaximumConcurrency, 2..1000
  scaling_config scaling;                     ///< L8, MD7
  bool low_traffic_wait_20s = false;          ///< MD13: a batch that is not full may wait up to 20 s
  bool extend_visibility = false;             ///< MD12: old rule, visibility = window + timeout + 30 s
  int throttle_backoff_initial_ms = 1000;     ///< MD14: first retry delay of a throttled batch
  int throttle_backoff_max_ms = 60000;        ///< MD14: cap of the doubling delay
  int receive_wait_time_s = 20;               ///< MD15: long-poll wait of each receive call
  int receive_max_messages = 10;              ///< MD15: MaxNumberOfMessages of each receive call
  int payload_limit_bytes = 6 * 1024 * 1024;  ///< L4: synchronous invocation payload cap
  std::vector<std::string> filter_patterns;   ///< L15: up to 5 ORed body patterns (JSON text)
  std::optional<provisioned_poller_config> provisioned_mode;  ///< L12: config only, not simulated
  latency_config latency;                                     ///< MD16: hop and call latencies

  /// Every violation that needs no other config (field paths under "esm.").
  std::vector<models::violation> validate() const;
  /// Every violation including the cross checks against the queue and the function:
  /// FIFO batch size (L2), FIFO batching window (L3), function timeout > visibility (L6).
  std::vector<models::violation> validate(const queue::queue_config& queue,
                                          const runtime::function_config& function) const;
  /// The concurrency the ESM may reach: min(scaling.max_concurrency, MaximumConcurrency).
  int concurrency_ceiling() const noexcept;
};

void to_json(nlohmann::json& j, const provisioned_poller_config& c);
void from_json(const nlohmann::json& j, provisioned_poller_config& c);
void to_json(nlohmann::json& j, const latency_config& c);
void from_json(const nlohmann::json& j, latency_config& c);
void to_json(nlohmann::json& j, const scaling_config& c);
void from_json(const nlohmann::json& j, scaling_config& c);
void to_json(nlohmann::json& j, const esm_config& c);
/// Missing keys keep defaults. Also accepts AWS's "function_response_types":
/// ["ReportBatchItemFailures"] for report_batch_item_failures.
void from_json(const nlohmann::json& j, esm_config& c);

}  // namespace slsim::esm
