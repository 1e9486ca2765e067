#pragma once
// The pipeline's internal parts: the recorder (always-on event record for the oracles),
// the handler hooks (logs, buggify, virtual clock) and the simulated store client.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "slsim/api/handler_function.hpp"
#include "slsim/esm/observer.hpp"
#include "slsim/pipeline/outcome.hpp"
#include "slsim/pipeline/run_case.hpp"
#include "slsim/pipeline/scenario.hpp"
#include "slsim/queue/service.hpp"
#include "slsim/sim/chunked_vector.hpp"
#include "slsim/sim/random.hpp"

namespace slsim::pipeline {
class world;
}

namespace slsim::pipeline::detail {

/// A handler's ctx.log line (read back by pipeline::log_collector).
inline constexpr sim::event_kind k_handler_log{"handler", "log", {"invocation"}};

/// Records every message's life from the queue's and the ESM's observations.
class recorder final : public queue::queue_observer, public esm::esm_observer {
 public:
  using expected_fn = std::function<std::optional<store::item>(std::string_view)>;
  /// `mode`: what is kept (record_mode). `expected` (folded only): the effect contract's
  /// expected(payload). `enqueued`: whether a request has had a message enqueued so far.
  /// `attribute`: keep invocation spans and each failure's invocation (run_options::attribute_failures).
  recorder(sim::context& ctx, const scenario& s, std::function<void(std::uint64_t, const std::string&)>& after_send,
           record_mode mode, expected_fn expected, std::function<bool(std::uint64_t)> enqueued, bool attribute);
  ~recorder() override;

  void on_event(const queue::queue_event& e) override;
  void on_message_failed(std::string_view message_id, std::uint64_t batch_id, esm::failure_cause cause) override;
  void on_invocation(const esm::invocation_report& report) override;
  void on_processed(std::string_view message_id, std::uint64_t batch_id) override;

  /// D11: the store's change records consumed as they commit: only the result table's
  /// writes are kept (the records the oracles and the summary read), without keys or old
  /// images; folded: counted into their request's fold.
  void on_change(store::change_record&& c);

  /// Makes room for the records of `requests` requests (a client retry may enqueue one more
  /// message: a quarter more is reserved for those).
  void reserve(std::size_t requests);

  /// Moves what was kept into `out` (messages, result writes, spans, folds).
  void collect(run_outcome& out);

  /// Message records held now (folded: only unsettled ones and those kept for the end).
  std::size_t held_messages() const noexcept;

  sim::record_vector<message_record> messages;
  std::vector<store::change_record> result_writes;
  std::vector<invocation_span> spans;  ///< every invocation that ran (P2 attribution)

  message_record* find(std::string_view message_id);
  const message_record* find(std::string_view message_id) const;
  /// The client requestId of a message sent to the source queue (kept in every mode; folded:
  /// while the message can still be delivered).
  const std::string* request_of(std::string_view message_id) const;

 private:
  void on_fold_event(const queue::queue_event& e);
  void settle(std::uint32_t slot);
  void settle_left();
  message_record* find_folded(std::string_view message_id, std::uint32_t* slot);
  request_fold& fold_of(std::string_view request_id);

  sim::context& ctx_;
  const scenario& scenario_;
  std::function<void(std::uint64_t, const std::string&)>& after_send_;
  record_mode mode_;
  bool keep_;       // full records
  bool attribute_;  // spans and failures' invocations
  expected_fn expected_;
  std::function<bool(std::uint64_t)> enqueued_;
  // ids mode: only each sent message's ids, in send order (indexed by index_).
  struct sent_ids {
    std::string message_id;
    std::string client_request_id;
  };
  std::vector<sent_ids> sent_;
  // Hash of a message id → its messages[] entries (folded: its live_ slot) (lookup only,
  // never iterated: its order cannot matter). A hash, not the id, keeps the index at ~40
  // bytes a message; equal hashes are told apart by comparing the ids.
  std::unordered_multimap<std::uint64_t, std::uint32_t> index_;
  std::map<std::uint64_t, std::uint64_t> batch_invocation_;  // batch id → its latest invocation
  std::map<std::uint64_t, sim::time_ns> first_throttle_;     // batch id → its first throttled attempt (MD6)
  std::uint64_t sent_count_ = 0;

  // --- folded ---
  struct live_message {
    message_record record;
    std::uint64_t seq = 0;    // send order
    std::uint32_t fold = 0;   // its request's fold
    std::int32_t copies = 0;  // stored copies in the source queue (MD4 duplicates add one)
    bool valid = false;       // expected(body) has a value
    bool in_use = false;
  };
  std::vector<live_message> live_;  // slots; free ones listed in free_
  std::vector<std::uint32_t> free_;
  // (send order, record) for the end: a DLQ's worth in a long run, never copied as it grows
  sim::chunked_vector<std::pair<std::uint64_t, message_record>> kept_;
  std::unordered_multimap<std::uint64_t, std::uint32_t> kept_index_;  // message id hash → kept_
  std::vector<std::uint32_t> unsettled_;  // slots whose last copy just left (settled at the next event)
  folded_record folded_;
  // Until a request's first write has been compared with expected(first body): the one
  // that came first of the two (a request in flight; dropped once compared).
  struct first_write_pending {
    std::optional<store::item> expected;  // expected(first body), once its first message was sent
    store::shared_item written;           // its first result write, if that came first
  };
  std::unordered_map<std::uint32_t, first_write_pending> pending_;  // fold → pending (lookup only)
  std::map<std::string, std::uint32_t, std::less<>> counter_key_index_;
};

/// Logs, buggify and the clock, as handler code sees them inside the simulator. Buggify
/// questions go to the fault layer's decision (world::buggify; faults::buggify_sites).
class sim_hooks final : public handler_hooks {
 public:
  sim_hooks(sim::context& ctx, std::function<bool(std::string_view)>& decide) : ctx_(ctx), decide_(decide) {}
  void log(std::uint64_t invocation, std::string_view line) override;
  bool buggify(std::string_view site) override { return decide_ && decide_(site); }
  std::chrono::nanoseconds now() const override { return std::chrono::nanoseconds(ctx_.now()); }

 private:
  sim::context& ctx_;
  std::function<bool(std::string_view)>& decide_;
};

/// Makes the per-invocation simulated store clients.
class sim_store_factory final : public api::store_client_factory {
 public:
  explicit sim_store_factory(world& w) : world_(w) {}
  std::unique_ptr<store_client> make(runtime::invocation_info* info, std::uint64_t environment_id) override;

 private:
  world& world_;
};

}  // namespace slsim::pipeline::detail
