#pragma once
// What one run leaves behind for the oracles, the summary and reports: the always-on
// event record (per-request ledger, store change stream, DLQ contents, receive causes),
// final tables and counters. Plain data: it outlives the simulated world.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "slsim/api/process_state.hpp"
#include "slsim/esm/observer.hpp"
#include "slsim/gateway/clients.hpp"
#include "slsim/gateway/ledger.hpp"
#include "slsim/queue/messages.hpp"
#include "slsim/runtime/lambda_runtime.hpp"
#include "slsim/sim/id_index.hpp"
#include "slsim/sim/record_storage.hpp"
#include "slsim/sim/run_result.hpp"
#include "slsim/store/store_core.hpp"

namespace slsim::pipeline {

/// Why one receive of a message did not end in its deletion, and in which invocation.
struct receive_failure {
  esm::failure_cause cause = esm::failure_cause::handler_error;
  std::uint64_t invocation = 0;  ///< the runtime's invocation id (0: the batch never ran, e.g. throttled)
  sim::time_ns t = 0;            ///< when the ESM knew it came back (a visibility expiry: at the next receive)
  /// A throttle (MD6): when the batch's first throttled attempt was made; from then to `t`
  /// its retries found the concurrency taken (L11, P2). Otherwise equal to `t`.
  sim::time_ns since = 0;
};

/// When one invocation that ran (not a throttled one) held concurrency: from its start,
/// INIT included, to its end or kill (L11). For attributing throttles (P2).
struct invocation_span {
  std::uint64_t invocation = 0;  ///< the runtime's invocation id
  sim::time_ns start = 0;
  sim::time_ns end = 0;
};

/// One message's life as the oracles need it.
struct message_record {
  std::string message_id;
  std::string body;               ///< the payload as enqueued
  std::string client_request_id;  ///< the client's requestId, "req-…" (read from the body); "" if none
  std::string group;              ///< F1: its MessageGroupId ("" without one)
  sim::time_ns sent_at = 0;
  sim::time_ns processed_at = -1;  ///< first invocation that processed it (L1, L13; -1: never)
  sim::time_ns deleted_at = -1;    ///< first effective delete (-1: never)
  sim::time_ns moved_to_dlq_at = -1;
  int receives = 0;
  std::vector<sim::time_ns> received_at;  ///< when each receive returned it, in order
  std::vector<receive_failure> failures;  ///< why each unsuccessful receive came back, in order
};

/// One request id's oracle facts, folded as its messages and result writes happened
/// (record_mode::folded): a few dozen bytes, whatever its messages and writes were.
struct request_fold {
  std::uint64_t front_hi = 0;  ///< the first message's id (SQS ids are UUIDs: 128 bits)
  std::uint64_t front_lo = 0;
  sim::time_ns first_sent = -1;       ///< when its first message was sent (-1: none)
  sim::time_ns first_write = -1;      ///< its first result write (-1: none)
  std::uint32_t messages = 0;         ///< messages sent to the source queue carrying this requestId
  std::uint32_t moved = 0;            ///< of them, moved to the DLQ
  std::uint32_t writes = 0;           ///< result writes naming this requestId
  std::uint32_t shares = UINT32_MAX;  ///< its first body's counter amounts in folded_record::shares
  bool any_deleted = false;           ///< one of its messages was deleted
  bool front_valid = false;           ///< expected(first body) has a value
  bool differs = false;               ///< its first result write differs from expected(first body)
};

/// A counter amount a payload carries (effects_config::counters), by interned key.
struct counter_share {
  static constexpr std::uint32_t k_none = UINT32_MAX;
  std::uint32_t key = k_none;  ///< index into folded_record::counter_keys; k_none: the payload has none
  std::int64_t amount = 0;
};

/// What record_mode::folded keeps instead of every message and result write.
struct folded_record {
  sim::record_vector<request_fold> folds;
  /// Canonical requestIds ("req-" and 16 hex digits, gateway::format_request_id) → folds
  /// (iterated only into something sorted).
  sim::id_index by_request;
  std::map<std::string, std::uint32_t, std::less<>> by_other_id;  ///< any other id ("" included) → folds
  /// Result writes made while their request had no message enqueued, in commit order
  /// (a rejected request reaching the store, unless an enqueue followed).
  std::vector<std::uint64_t> writes_before_enqueue;
  /// Per fold with `shares` set: one entry per effects_config::counters entry.
  sim::record_vector<counter_share> shares;
  std::vector<std::string> counter_keys;  ///< interned counter keys (customer ids)
  std::uint64_t messages_sent = 0;
  std::uint64_t messages_processed = 0;
  std::uint64_t messages_redelivered = 0;
  std::uint64_t duplicate_deliveries = 0;
  std::uint64_t result_writes = 0;

  /// The fold of `request_id` ("req-…" or any other), nullptr if nothing named it.
  const request_fold* find(std::string_view request_id) const;
  const request_fold* find(std::uint64_t request_id) const;
};

/// The number a canonical requestId ("req-" and 16 lowercase hex digits) carries.
std::optional<std::uint64_t> parse_request_number(std::string_view request_id) noexcept;
/// The message id (a UUID) of folded_record's front_hi/front_lo.
std::string format_message_uuid(std::uint64_t hi, std::uint64_t lo);
/// A message id's 128 bits, if it is a UUID as SQS makes them.
std::optional<std::pair<std::uint64_t, std::uint64_t>> parse_message_uuid(std::string_view id) noexcept;

struct run_outcome {
  std::uint64_t seed = 0;
  sim::run_result run;
  bool drained = true;            ///< the liveness phase reached quiescence within its bound
  sim::time_ns workload_end = 0;  ///< when the clients were done
  sim::time_ns drain_bound = 0;   ///< the liveness phase's deadline

  sim::record_vector<gateway::request_record> requests;
  std::vector<gateway::attempt_record> attempts;  ///< record_mode::folded: none (see `requests`)
  sim::record_vector<gateway::client_request> client_requests;
  gateway::client_totals client_totals;
  /// In send order. record_mode::folded: only the messages that matter at the end (moved
  /// to the DLQ, deleted although invalid, never finished); the rest are in `folded`.
  sim::record_vector<message_record> messages;
  std::optional<folded_record> folded;  ///< record_mode::folded only
  /// D11: the store's change records for the result table that carry a new image, in
  /// commit order, keys and old images dropped (other records are consumed during the run, not kept).
  /// record_mode::folded: none (each write was counted into its request's fold).
  std::vector<store::change_record> changes;
  /// Final items per table, in key order. record_mode::folded: only the tables the counter
  /// oracle reads (effects.counters); `table_items` counts every table's items.
  std::map<std::string, std::vector<store::shared_item>> tables;
  std::map<std::string, std::size_t> table_items;         ///< how many items each table holds at the end
  sim::record_vector<queue::message_snapshot> dlq;        ///< DLQ contents at the end
  sim::record_vector<queue::message_snapshot> remaining;  ///< source-queue messages left at the end
  runtime::runtime_stats runtime;
  esm::esm_stats esm;
  std::uint64_t iam_denials = 0;
  std::vector<std::uint64_t> faulted_invocations;  ///< invocations an injected fault touched (sorted)
  std::vector<invocation_span> invocation_spans;   ///< every invocation that ran, in the order they ended
  std::uint64_t store_calls = 0;
  std::uint64_t store_retries = 0;
  std::uint64_t store_errors_surfaced = 0;   ///< throttling, 5xx, timeouts, validation errors a handler received
  std::uint64_t crashes_between_writes = 0;  ///< injected crashes after a write and before the next one
  /// A plugin handler that kept state in its process-global memory (api::handler_function):
  /// a finding, not a property verdict.
  std::optional<api::global_state_finding> global_state;
  double store_read_units = 0;     ///< read request units consumed (MD11 pricing)
  double store_write_units = 0;    ///< write request units consumed (MD11 pricing)
  std::uint64_t sqs_requests = 0;  ///< API calls to SQS (a batch call counts once, MD11)
};

}  // namespace slsim::pipeline
