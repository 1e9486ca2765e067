#pragma once
// The queue service's implementation: all queues, ids and handles, tracing, observers
// and injected faults. queue_service forwards to it.
#include <array>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "queue_state.hpp"
#include "slsim/metrics/registry.hpp"
#include "slsim/models/token_bucket.hpp"
#include "slsim/queue/service.hpp"
#include "slsim/sim/trace_record.hpp"

namespace slsim::queue::detail {

/// An injected API failure waiting for its call (docs/architecture.md §5).
struct api_failure {
  std::uint32_t queue;
  api_call call;
  queue_errc code;
  failure_mode mode;
  int remaining;
};

/// One delivery in the always-on receive history.
struct delivery_entry {
  sim::time_ns t;
  message_key key;
  std::uint32_t receive_count;
};

/// F5: what a deduplication id maps to for 5 minutes.
struct dedup_entry {
  sim::time_ns expires;
  message_key key;
  std::uint64_t seq;
};

/// F6: the messages a receive attempt returned.
struct attempt_entry {
  sim::time_ns expires;
  std::vector<std::array<std::uint64_t, 3>> delivered;  // (slot, token, epoch)
};

/// F7: the quota of one API action: a bucket of `rate` calls refilled at `rate` calls/s,
/// made (full) on the action's first call.
using call_bucket = std::optional<models::token_bucket>;

/// Per-queue FIFO bookkeeping kept beside the storage.
struct fifo_memory {
  std::array<call_bucket, 4> quota{};                  // F7, by api_call
  std::unordered_map<std::string, dedup_entry> dedup;  // lookup only, never iterated
  std::deque<std::pair<sim::time_ns, std::string>> dedup_order;
  std::unordered_map<std::string, attempt_entry> attempts;  // lookup only, never iterated
  std::deque<std::pair<sim::time_ns, std::string>> attempt_order;
};

/// The counters one queue publishes (queue.<name>.<counter>), registered at creation.
struct queue_metrics {
  metrics::counter sends;           ///< messages stored by SendMessage(Batch)
  metrics::counter receives;        ///< deliveries (one per message per receive)
  metrics::counter redeliveries;    ///< deliveries of a message received before (S8)
  metrics::counter empty_receives;  ///< receive calls that returned nothing
  metrics::counter deletes;         ///< effective deletes
  metrics::counter dlq_moves;       ///< moved from this queue into its DLQ (S13, MD1)
  metrics::counter redrives;        ///< moved out of this DLQ by move_messages (S16)
  metrics::counter throttled;       ///< calls rejected by the FIFO quota (F7)
};

class service_impl {
 public:
  service_impl(sim::context& c, sim::rng r, metrics::registry* m);

  sim::context& ctx;
  sim::rng rng;
  std::uint64_t secret;
  // Draws keyed by what they are about and when (a message's content, a receive on a
  // queue), not by how many sends or receives came before: shrinking a workload keeps
  // the ids and receive orders of what it does not remove (docs/architecture.md §6).
  sim::keyed_rng keyed;
  sim::instant_keys send_keys;
  sim::instant_keys receive_keys;
  std::uint64_t next_token = 1;
  std::vector<std::unique_ptr<queue_state>> queues;
  std::vector<fifo_memory> fifo;  // by queue index
  std::map<std::string, std::uint32_t, std::less<>> by_name;
  std::vector<std::string> senders{std::string(k_default_sender_id)};
  bool keep_deliveries = false;  // receive_history() is opt-in
  std::vector<delivery_entry> deliveries;
  std::vector<api_failure> failures;
  queue_observer* observer = nullptr;
  metrics::registry own_metrics;
  metrics::registry& metric_registry;
  std::vector<queue_metrics> published;  // by queue index

  /// Adds `n` to one of queue `q`'s published counters: an array update.
  void count(const queue_state& q, metrics::counter queue_metrics::*which, std::int64_t n = 1) noexcept {
    metric_registry.increment(published[q.index].*which, n);
  }
  /// Registers queue `q`'s counters (at creation).
  void publish(const queue_state& q);

  /// The queue or nullptr.
  queue_state* find(std::string_view name) noexcept;
  /// Brings `q` up to now (S9 expiry, timers).
  void bring_up_to_date(queue_state& q);
  /// F7: true (and traced, counted) when a call of `call` on FIFO queue `q` exceeds the
  /// throughput quota now; otherwise takes one call from the quota.
  bool throttled(queue_state& q, api_call call);
  /// Consumes one injected failure of `call` on `q`, if any.
  std::optional<api_failure> take_failure(const queue_state& q, api_call call);

  // send.cpp
  send_result send(queue_state& q, const send_request& r);
  std::error_code validate_send(const queue_state& q, const send_request& r) const;
  // receive.cpp
  /// One ReceiveMessage attempt; `short_poll` enables S4's fewer-than-available option.
  std::error_code receive(queue_state& q, const receive_request& r, std::vector<received_message>& out,
                          bool short_poll);
  received_message to_received(queue_state& q, std::uint32_t slot);
  void receive_fifo(queue_state& q, std::size_t n, sim::time_ns visibility, std::vector<received_message>& out);
  void receive_standard(queue_state& q, std::size_t n, sim::time_ns visibility, std::vector<received_message>& out,
                        sim::rng& draws);
  /// F6: re-returns a FIFO receive attempt's messages if they are unmodified.
  bool replay_attempt(queue_state& q, const receive_request& r, std::vector<received_message>& out);
  void record_attempt(queue_state& q, const std::string& attempt_id, const std::vector<received_message>& out,
                      std::size_t first);
  /// Delivers one visible message: new handle, count + 1, in flight for `visibility`.
  void deliver(queue_state& q, std::uint32_t slot, sim::time_ns visibility, std::vector<received_message>& out);
  // move_into_dlq.cpp
  /// S13/MD1: moves a message that would be delivered a (max+1)th time to the DLQ.
  void move_to_dlq(queue_state& q, std::uint32_t slot);
  // handles.cpp
  std::error_code remove_by_handle(queue_state& q, std::string_view handle);
  std::error_code change_visibility(queue_state& q, std::string_view handle, int seconds);
  /// Stores a copy of a stored message, visible now (MD4).
  void store_duplicate(queue_state& q, std::uint32_t slot);

  /// Notifies the observer, if any.
  void observe(queue_event_kind kind, const queue_state& q, const stored_message& m,
               const queue_state* other = nullptr);
  /// Emits a trace record about message `m` of queue `q`.
  void trace(const sim::event_kind& kind, const queue_state& q, const stored_message& m, std::int64_t value,
             std::uint64_t digest = 0);
};

}  // namespace slsim::queue::detail
