#pragma once
// The simulated SQS service: every queue of a run, by name. Synchronous calls act at
// the context's current virtual time; the long poll waits in virtual time (S4).
// Time-driven changes (visibility expiry, delays, retention) are applied lazily but
// exactly: every call first brings the queue up to now, so nothing expired is ever
// delivered or counted (S9).
#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/async_result.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "slsim/metrics/registry.hpp"
#include "slsim/queue/config.hpp"
#include "slsim/queue/errors.hpp"
#include "slsim/queue/messages.hpp"
#include "slsim/sim/context.hpp"
#include "slsim/sim/random.hpp"
#include "slsim/sim/record_storage.hpp"

namespace slsim::queue {

namespace detail {
class service_impl;
}

/// The completion signature of async_receive_message.
using receive_signature = void(std::error_code, std::vector<received_message>);

/// The API an injected failure applies to (docs/architecture.md §5).
enum class api_call : std::uint8_t { send, receive, delete_message, change_visibility };

/// How an injected API failure behaves.
enum class failure_mode : std::uint8_t {
  before,         ///< the call fails with no effect
  lost_response,  ///< the call takes effect, then the caller sees the error (S17: received messages stay invisible and
                  ///< counted)
};

/// What happened, for observers (oracles, metrics). Views are valid during the call only.
enum class queue_event_kind : std::uint8_t {
  sent,
  deduplicated,
  received,
  deleted,
  stale_delete,
  visibility_changed,
  moved_to_dlq,
  expired,
  duplicated
};

/// One observed queue event.
struct queue_event {
  queue_event_kind kind = queue_event_kind::sent;
  sim::time_ns t = 0;
  std::string_view queue;  ///< the queue it happened on (for moved_to_dlq: the source)
  std::string_view message_id;
  std::string_view other_queue;  ///< moved_to_dlq: the DLQ
  int receive_count = 0;
  std::string_view body;              ///< the message body (what observers of sends need)
  std::string_view message_group_id;  ///< F1: its group ("" without one)
};

/// Receives every queue event synchronously; must not call back into the service.
class queue_observer {
 public:
  virtual ~queue_observer() = default;
  virtual void on_event(const queue_event& event) = 0;
};

/// The ARN the model reports for queue `name` (account k_account_id, region k_region).
std::string queue_arn(std::string_view name);

/// All queues of one simulated run. Not thread-safe (nothing in a run is). The context
/// must outlive the service; destroying the service aborts pending long polls.
class queue_service {
 public:
  /// `random` is the queue model's own stream (ids, handles, MD3 order). Each queue publishes
  /// its counters (`queue.<name>.*`, see the README) in `metrics`; without one they go to a
  /// private registry.
  queue_service(sim::context& ctx, sim::rng random, metrics::registry* metrics = nullptr);
  /// The registry the queues' counters are in.
  const metrics::registry& metric_registry() const noexcept;
  ~queue_service();
  queue_service(const queue_service&) = delete;
  queue_service& operator=(const queue_service&) = delete;

  /// Creates a queue. Throws models::config_error listing every violation, including a
  /// missing DLQ, a DLQ of the other type (S12, F8), a DLQ whose redrive allow policy
  /// refuses this queue (S15) or a duplicate name. A DLQ must be created before its sources.
  void create_queue(const queue_config& config);
  /// True if a queue of that name exists.
  bool has_queue(std::string_view name) const;
  /// The queue's configuration; throws std::out_of_range for an unknown name.
  const queue_config& config(std::string_view name) const;

  /// SendMessage (S10, S11, F1, F5).
  send_result send_message(std::string_view queue, const send_request& request);
  /// SendMessageBatch: at most 10 entries, distinct ids, total size ≤ the maximum.
  batch_result send_message_batch(std::string_view queue, const std::vector<send_batch_entry>& entries);

  /// ReceiveMessage without waiting (a short poll, whatever wait_time_s says). Errors:
  /// OverLimit (S3), InvalidParameterValue, QueueDoesNotExist, injected failures.
  std::error_code try_receive(std::string_view queue, const receive_request& request,
                              std::vector<received_message>& out);
  /// Convenience form of try_receive that drops the error (empty on error).
  std::vector<received_message> try_receive(std::string_view queue, const receive_request& request);

  /// ReceiveMessage with long polling (S4): completes as soon as at least one message is
  /// available, or with an empty list when the wait (virtual time) ends. Cancellation
  /// (e.g. a daemon's terminal cancellation) completes it with std::errc::operation_canceled (as the store does).
  template <class Token>
  auto async_receive_message(std::string_view queue, receive_request request, Token&& token) {
    return boost::asio::async_initiate<Token, receive_signature>(
        [this](auto handler, std::string q, receive_request r) {
          receive_impl(std::move(q), std::move(r),
                       boost::asio::any_completion_handler<receive_signature>(std::move(handler)));
        },
        token, std::string(queue), std::move(request));
  }

  /// DeleteMessage (S7, MD2): a stale handle succeeds with no effect.
  std::error_code delete_message(std::string_view queue, std::string_view receipt_handle);
  /// DeleteMessageBatch.
  batch_result delete_message_batch(std::string_view queue, const std::vector<handle_batch_entry>& entries);
  /// ChangeMessageVisibility (S6): `seconds` from now; beyond 12 h since the receive is rejected.
  std::error_code change_message_visibility(std::string_view queue, std::string_view receipt_handle, int seconds);
  /// ChangeMessageVisibilityBatch.
  batch_result change_message_visibility_batch(std::string_view queue, const std::vector<handle_batch_entry>& entries);
  /// GetQueueAttributes (counters brought up to now).
  std::error_code get_queue_attributes(std::string_view queue, queue_attributes& out);
  /// Convenience form; throws std::out_of_range for an unknown queue.
  queue_attributes get_queue_attributes(std::string_view queue);

  /// S16 StartMessageMoveTask, applied at once (no rate limit): moves up to `max_messages`
  /// of the dead-letter queue `dlq`, oldest first, to `destination` (empty: each message's
  /// original source queue) as new messages with a new messageId, a new enqueue time and
  /// a receive count of 0. InvalidParameterValue if `dlq` is no queue's DLQ or a
  /// destination has the other type; QueueDoesNotExist for unknown names.
  std::error_code move_messages(std::string_view dlq, std::string_view destination = {}, int max_messages = 1 << 30);

  /// Visible messages of `queue` now (brought up to date): what the event source mapping's
  /// scaler reads as backlog (MD7). Internal to AWS, so not an API call and not billed.
  /// Throws std::out_of_range for an unknown queue.
  std::int64_t visible_backlog(std::string_view queue);

  // --- fault hooks (MD4, docs/architecture.md §5) ---
  /// MD4: stores a second copy of a stored message (same messageId, body, attributes and
  /// receive count), visible now, independent of the original (deleting one keeps the other).
  /// invalid_parameter_value if no stored message has that id.
  std::error_code inject_duplicate(std::string_view queue, std::string_view message_id);
  /// MD4/S1: when this stored message is next deleted, a copy comes back (visible at once).
  std::error_code duplicate_after_delete(std::string_view queue, std::string_view message_id);
  /// The next `count` calls of `call` on `queue` fail with `code` (see failure_mode).
  void inject_api_failure(std::string_view queue, api_call call, queue_errc code,
                          failure_mode mode = failure_mode::before, int count = 1);

  // --- observers (always on, cheap) ---
  /// Counters of one queue; throws std::out_of_range for an unknown queue.
  const queue_counters& counters(std::string_view queue) const;
  /// Stored messages in queue order (FIFO: by sequence; standard: by send order), brought
  /// up to now. For a DLQ this is its contents.
  sim::record_vector<message_snapshot> stored_messages(std::string_view queue);
  /// stored_messages() for a run's end: moves the bodies out instead of copying them, so a
  /// long run's DLQ is not held twice. The queue is left with its messages bodiless: call
  /// it once the simulation is over, when nothing will receive from it again.
  sim::record_vector<message_snapshot> take_stored_messages(std::string_view queue);
  /// Keeps every delivery from now on for receive_history(). Off by default: a run's
  /// observers (queue_observer) see each receive already, and a history kept by the queue
  /// would grow with the run's length.
  void keep_receive_history() noexcept;
  /// Every delivery of the message (across queues) since keep_receive_history(), oldest
  /// first. Throws std::logic_error when the history is not kept.
  std::vector<delivery_record> receive_history(std::string_view message_id) const;
  /// Attaches an observer (nullptr detaches). Not owned.
  void set_observer(queue_observer* observer) noexcept;
  /// The context the service runs on.
  sim::context& context() noexcept;

 private:
  void receive_impl(std::string queue, receive_request request,
                    boost::asio::any_completion_handler<receive_signature> handler);
  std::unique_ptr<detail::service_impl> impl_;
};

}  // namespace slsim::queue
