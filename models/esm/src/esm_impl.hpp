#pragma once
// Internals of event_source_mapping: pollers (daemons), batch jobs (work), the scaler.
#include <boost/asio/awaitable.hpp>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "filter.hpp"
#include "slsim/esm/event_source_mapping.hpp"
#include "slsim/metrics/registry.hpp"
#include "slsim/sim/trace_record.hpp"
#include "slsim/sim/wait_queue.hpp"

namespace slsim::esm::detail {

namespace asio = boost::asio;

/// Trace kinds of the ESM (unused ids are 0).
/// receive: ids {wait_s, messages, error value}.
inline constexpr sim::event_kind k_receive{"esm", "receive", {"wait_s", "messages", "error_code"}};
/// batch: ids {batch, poller, size}, digest = message ids.
inline constexpr sim::event_kind k_batch{"esm", "batch", {"batch", "poller", "size"}};
/// invoke: ids {batch, attempt, invoke_status, verdict_kind}, value = duration.
inline constexpr sim::event_kind k_invoke{
    "esm", "invoke", {"batch", "attempt", "invoke_status", "verdict"}, "duration_ns"};
/// deliver (one per message of an invocation attempt, when the attempt returns): ids {batch,
/// attempt, invocation, message_index}, text = message id. Links messages to invocations
/// (the Perfetto export draws its flows from it).
inline constexpr sim::event_kind k_deliver{"esm", "deliver", {"batch", "attempt", "invocation", "message_index"}};
/// delete: ids {batch, deleted, kept}.
inline constexpr sim::event_kind k_delete{"esm", "delete", {"batch", "deleted", "kept"}};
/// returned (a message goes back to the queue): ids {batch, failure_cause, index}, digest = message id.
inline constexpr sim::event_kind k_returned{"esm", "returned", {"batch", "failure_cause", "message_index"}};
/// throttle_drop: ids {batch, attempts, size}.
inline constexpr sim::event_kind k_drop{"esm", "throttle_drop", {"batch", "attempts", "size"}};
/// concurrent_duplicate (P1): ids {batch, other batch}, digest = message id.
inline constexpr sim::event_kind k_duplicate{"esm", "concurrent_duplicate", {"batch", "other_batch"}};
/// filtered (L15): digest = message id.
inline constexpr sim::event_kind k_filtered{"esm", "filtered"};
/// scale: ids {target, active batches}.
inline constexpr sim::event_kind k_scale{"esm", "scale", {"target", "active_batches"}};

/// One assembled batch on its way through invocation and deletion.
struct batch_job {
  explicit batch_job(sim::context& ctx) : done(ctx) {}
  std::uint64_t id = 0;
  std::uint32_t attempts = 0;
  sim::time_ns attempt_started = 0;                                  ///< when the latest invocation attempt was made
  std::vector<std::string> ids;                                      ///< message ids, batch order
  std::vector<std::string> handles;                                  ///< receipt handles, batch order (for the deletes)
  std::shared_ptr<sqs_event> event = std::make_shared<sqs_event>();  ///< built once, shared by retries
  sim::time_ns visibility_deadline = 0;  ///< earliest instant one of its messages becomes visible again
  sim::wait_queue done;                  ///< the poller waits here
  bool finished = false;
  std::uint64_t key = 0;     ///< runtime::delivery_key of the event: its latencies' draw key
  std::vector<bool> let_go;  ///< per message: its hold already ended (deleted), see esm_impl::let_go
};

/// A received message that did not fit its batch's payload (L4); it opens the next batch.
struct carried {
  queue::received_message message;
  sim::time_ns visible_again = 0;
};

/// Who holds a message right now (P1 detection). Looked up by id only, never iterated.
struct holding {
  int count = 0;
  std::uint64_t last_batch = 0;
};

/// The counters the ESM publishes (esm.*), registered once; the hot path increments by handle.
struct esm_metrics {
  metrics::counter polls;              ///< ReceiveMessage calls (long polls)
  metrics::counter empty_polls;        ///< receive calls that returned no message
  metrics::counter messages_received;  ///< messages those calls returned
  metrics::counter batches;            ///< batches built (each invoked at least once)
  metrics::counter invocations;        ///< invocation attempts, throttled ones included
  metrics::counter throttles;          ///< attempts the function throttled (L11)
  metrics::counter throttle_drops;     ///< batches given up after throttling (MD6)
  metrics::counter deletes;            ///< messages deleted after processing (L1, L13)
  metrics::counter messages_returned;  ///< messages that went back to the queue, any cause
  metrics::counter filtered;           ///< messages deleted without an invocation (L15)
};

class esm_impl {
 public:
  esm_impl(sim::context& ctx, sim::rng rng, esm_config config, queue::queue_service& queues, std::string queue_name,
           runtime::lambda_runtime& function, metrics::registry* metrics);

  void start();

  sim::context& ctx_;
  sim::keyed_rng rng_;  // MD16 hop latencies, keyed per batch delivery (runtime::delivery_key)
  esm_config config_;
  queue::queue_service& queues_;
  std::string queue_;
  runtime::lambda_runtime& function_;
  esm_observer* observer_ = nullptr;
  esm_stats stats_;
  int active_ = 0;

 private:
  asio::awaitable<void> poller(int index);
  asio::awaitable<std::shared_ptr<batch_job>> assemble(std::vector<carried>& carry);
  asio::awaitable<int> receive_into(batch_job& job, std::vector<carried>& carry, int wait_s, std::size_t& bytes);
  void admit(batch_job& job, queue::received_message&& m, sim::time_ns visible_again);
  asio::awaitable<void> process(std::shared_ptr<batch_job> job);
  asio::awaitable<runtime::invoke_outcome> invoke_with_retries(batch_job& job, bool& dropped);
  asio::awaitable<void> settle(batch_job& job, const runtime::invoke_outcome& outcome, bool dropped);
  asio::awaitable<void> delete_messages(batch_job& job, const runtime::batch_verdict& verdict);
  /// Waits one draw of `d` from the ESM's stream (nothing at all when `d` is zero).
  asio::awaitable<void> spend(const models::duration_dist& d, std::uint64_t key);
  void hold(batch_job& job);
  void release(batch_job& job);
  /// Ends the job's hold on message `index` once its delete took effect: a copy received
  /// after that is a new delivery (MD4), not a visibility expiry of this receive (P1).
  void let_go(batch_job& job, std::size_t index);
  void fail_message(const batch_job& job, std::size_t index, failure_cause cause);
  /// Tells the observer (the recorder) how one invocation attempt of `job` ended.
  void report_invocation(const batch_job& job, const runtime::invoke_outcome& outcome, runtime::verdict_kind verdict);
  asio::awaitable<void> scaler();
  void set_target(int target);
  int effective_window_s() const noexcept;
  int receive_visibility_s() const noexcept;

  std::string arn_;
  int visibility_s_ = 30;
  bool fifo_ = false;
  body_filter filter_;
  sim::wait_queue scale_wq_;  ///< pollers above the target park here
  metrics::registry own_metrics_;
  metrics::registry& metrics_;
  esm_metrics m_;
  std::unordered_map<std::string, holding> holders_;
  std::uint64_t next_batch_ = 0;
  int pollers_ = 0;
  int target_ = 0;
  bool started_ = false;
  // Scaler inputs since its last tick.
  std::uint64_t tick_backlog_receives_ = 0;  ///< receives after which messages were still visible (MD7)
  std::uint64_t tick_failures_ = 0;
  sim::time_ns last_message_at_ = 0;
  int scale_credit_ = 0;
};

}  // namespace slsim::esm::detail
