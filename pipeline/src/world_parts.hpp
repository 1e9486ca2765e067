#pragma once
// The pipeline's internal parts: the recorder (always-on event record for the oracles),
// the handler hooks (logs, buggify, virtual clock) and the simulated store client.
#include <functional>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "slsim/api/handler_function.hpp"
#include "slsim/esm/observer.hpp"
#include "slsim/pipeline/outcome.hpp"
#include "slsim/queue/service.hpp"
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
  /// `keep`: false keeps only each message's ids (the fault layer's keyed triggers read them).
  recorder(sim::context& ctx, std::string source_queue, std::string result_table,
           std::function<void(std::uint64_t, const std::string&)>& after_send, bool keep)
      : ctx_(ctx),
        source_(std::move(source_queue)),
        result_table_(std::move(result_table)),
        after_send_(after_send),
        keep_(keep) {}

  void on_event(const queue::queue_event& e) override;
  void on_message_failed(std::string_view message_id, std::uint64_t batch_id, esm::failure_cause cause) override;
  void on_invocation(const esm::invocation_report& report) override;
  void on_processed(std::string_view message_id, std::uint64_t batch_id) override;

  /// D11: the store's change records consumed as they commit: only the result table's
  /// writes are kept (the records the oracles and the summary read), without keys or old images.
  void on_change(store::change_record&& c);

  /// Makes room for the records of `requests` requests (a client retry may enqueue one more
  /// message: a quarter more is reserved for those).
  void reserve(std::size_t requests);

  std::vector<message_record> messages;
  std::vector<store::change_record> result_writes;
  std::vector<invocation_span> spans;  ///< every invocation that ran (P2 attribution)

  message_record* find(std::string_view message_id);
  const message_record* find(std::string_view message_id) const;
  /// The client requestId of a message sent to the source queue (kept in both modes).
  const std::string* request_of(std::string_view message_id) const;

 private:
  sim::context& ctx_;
  std::string source_;
  std::string result_table_;
  std::function<void(std::uint64_t, const std::string&)>& after_send_;
  bool keep_;
  // Without `keep_`: only each sent message's ids, in send order (indexed by index_).
  struct sent_ids {
    std::string message_id;
    std::string client_request_id;
  };
  std::vector<sent_ids> sent_;
  // Hash of a message id → its messages[] entries (lookup only, never iterated: its order
  // cannot matter). A hash, not the id, keeps the index at ~40 bytes a message; equal
  // hashes are told apart by comparing the ids.
  std::unordered_multimap<std::uint64_t, std::uint32_t> index_;
  std::map<std::uint64_t, std::uint64_t> batch_invocation_;  // batch id → its latest invocation
  std::map<std::uint64_t, sim::time_ns> first_throttle_;     // batch id → its first throttled attempt (MD6)
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
