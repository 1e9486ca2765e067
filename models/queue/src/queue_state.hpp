#pragma once
// One queue's storage: message slots, the visible order (standard) or the groups
// (FIFO), and the timers applied lazily. It knows nothing of other queues, tracing or
// the API; service_impl drives it.
#include <cstdint>
#include <deque>
#include <functional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "codec.hpp"
#include "slsim/queue/config.hpp"
#include "slsim/queue/messages.hpp"
#include "slsim/sim/chunked_vector.hpp"
#include "slsim/sim/record_storage.hpp"
#include "slsim/sim/text_arena.hpp"
#include "slsim/sim/wait_queue.hpp"

namespace slsim::queue::detail {

inline constexpr std::uint32_t k_no_group = UINT32_MAX;
/// F3: a FIFO receive looks through only the first 120,000 stored messages (queue order).
inline constexpr std::int64_t k_fifo_scan_window = 120000;

/// One stored message (~200 bytes; its body and attributes are in its queue's texts).
struct stored_message {
  sim::text_ref body;
  sim::text_ref packed_attributes;  // empty without attributes
  std::string dedup_id;             // FIFO
  message_key key;
  md5_digest md5_body{};
  md5_digest md5_attributes{};
  sim::time_ns enqueue_time = 0;  // retention clock (S9, S14)
  sim::time_ns sent_time = 0;     // SentTimestamp
  sim::time_ns first_receive_time = -1;
  sim::time_ns visible_at = 0;   // delayed: when it shows; visible: order key; in flight: deadline
  sim::time_ns received_at = 0;  // start of the current receive (S6 12 h cap)
  std::uint64_t seq = 0;         // send order; FIFO sequence number
  std::uint64_t token = 0;       // current receipt handle's token (0: never received)
  std::uint32_t receive_count = 0;
  std::uint32_t group = k_no_group;
  std::uint32_t sender = 0;
  std::uint32_t epoch = 0;            // invalidates timer entries on every state change; kept across slot reuse
  std::uint32_t origin = UINT32_MAX;  // DLQ messages: index of the source queue (S16)
  message_state state = message_state::visible;
  bool live = false;
  bool duplicate_after_delete = false;  // MD4
};

/// A FIFO message group (F1, F2): members in sequence order.
struct fifo_group {
  std::string name;
  std::deque<std::uint32_t> members;
  std::uint32_t in_flight = 0;
  bool listed = false;  // present in available_groups_
  std::uint64_t listed_seq = 0;
};

class queue_state {
 public:
  queue_state(sim::context& ctx, queue_config config, std::uint32_t index);

  queue_config config;
  std::uint32_t index;
  std::string arn;
  queue_state* dlq = nullptr;
  queue_counters counters;
  sim::wait_queue waiters;  // long polls (S4)
  std::uint64_t next_seq = 1;
  /// The stored messages' bodies and attributes: a DLQ keeps them for its retention period,
  /// so they live in record storage, not one heap block each (docs/architecture.md §8).
  sim::text_arena texts;

  bool fifo() const noexcept { return config.type == queue_type::fifo; }
  stored_message& at(std::uint32_t slot) noexcept { return slots_[slot]; }
  bool valid_slot(std::uint32_t slot) const noexcept { return slot < slots_.size() && slots_[slot].live; }
  std::string_view body(const stored_message& m) const noexcept { return texts.view(m.body); }
  std::string_view attributes(const stored_message& m) const noexcept { return texts.view(m.packed_attributes); }

  /// Stores `m` (state delayed or visible, visible_at set) and registers its timers.
  std::uint32_t insert(stored_message&& m);
  /// Removes a stored message from wherever it is and frees its slot.
  void remove(std::uint32_t slot);
  /// Visible → in flight until `deadline`.
  void make_in_flight(std::uint32_t slot, sim::time_ns deadline);
  /// In flight → in flight with a new deadline (S6).
  void set_deadline(std::uint32_t slot, sim::time_ns deadline);
  /// Delayed or in flight → visible at `t` (the order key). An in-flight message must not
  /// become visible before its deadline (a model bug, exit 70).
  void make_visible(std::uint32_t slot, sim::time_ns t);
  /// S6 ChangeMessageVisibility(0): in flight → visible now, its deadline moved to now.
  void end_visibility_now(std::uint32_t slot, sim::time_ns now);

  /// Applies retention expiry (S9) and visibility/delay timers up to `now`; calls
  /// on_expire(slot) before an expired message is removed. Returns true if any message
  /// became visible.
  bool advance(sim::time_ns now, const std::function<void(std::uint32_t)>& on_expire);
  /// The earliest pending timer (k_never if none); may be a stale entry.
  sim::time_ns next_timer() const noexcept { return timers_.empty() ? sim::k_never : timers_.front().t; }

  /// Standard: visible messages in delivery order (MD3 oldest-visible-first).
  const std::set<std::tuple<sim::time_ns, std::uint64_t, std::uint32_t>>& ready() const noexcept { return ready_; }
  /// FIFO: groups with a deliverable head, oldest head first.
  const std::set<std::pair<std::uint64_t, std::uint32_t>>& available_groups() const noexcept { return available_; }
  /// F3 (FIFO): the sequence number of the first stored message beyond the scan window
  /// (all stored messages, any state, in sequence order); UINT64_MAX when every stored
  /// message is inside it. Messages at or past it are invisible to a receive.
  std::uint64_t scan_window_end() const noexcept {
    return window_end_ < order_.size() ? order_[window_end_].seq : UINT64_MAX;
  }
  fifo_group& group(std::uint32_t g) noexcept { return groups_[g]; }
  const fifo_group& group(std::uint32_t g) const noexcept { return groups_[g]; }
  /// The index of group `name`, created on first use.
  std::uint32_t group_index(const std::string& name);

  std::int64_t visible_count() const noexcept { return visible_; }
  std::int64_t in_flight_count() const noexcept { return in_flight_; }
  std::int64_t delayed_count() const noexcept { return delayed_; }
  /// Enqueue time of the oldest stored message, or k_never when empty.
  sim::time_ns oldest_enqueue_time();
  /// Live slots in send order (snapshots).
  std::vector<std::uint32_t> live_slots_in_order() const;

 private:
  struct timer_entry {
    sim::time_ns t;
    std::uint32_t slot;
    std::uint32_t epoch;
  };
  struct later {
    bool operator()(const timer_entry& a, const timer_entry& b) const noexcept {
      return a.t != b.t ? a.t > b.t : (a.slot != b.slot ? a.slot > b.slot : a.epoch > b.epoch);
    }
  };
  void push_timer(std::vector<timer_entry>& heap, sim::time_ns t, std::uint32_t slot, std::uint32_t epoch);
  void leave_state(std::uint32_t slot);
  void refresh_group(std::uint32_t g);
  /// F3 bookkeeping: a message entered / left the queue.
  void window_insert(std::uint32_t slot);
  void window_remove(std::uint64_t seq);
  struct order_entry {
    std::uint64_t seq;
    std::uint32_t slot;
  };
  bool entry_live(const order_entry& e) const noexcept { return slots_[e.slot].live && slots_[e.slot].seq == e.seq; }

  // Record storage: a DLQ keeps its messages for their retention period, so a long run's
  // DLQ grows with the run; its slots leave memory once written (record_storage.hpp), and
  // growing never copies the ones already there (chunked_vector.hpp).
  sim::chunked_vector<stored_message> slots_;
  std::vector<std::uint32_t> generations_;  // per slot, for retention entries
  std::vector<std::uint32_t> free_;
  std::vector<timer_entry> timers_;  // delay / visibility (epoch-checked)
  std::vector<timer_entry> expiry_;  // retention (generation-checked)
  std::set<std::tuple<sim::time_ns, std::uint64_t, std::uint32_t>> ready_;
  std::set<std::pair<std::uint64_t, std::uint32_t>> available_;
  std::vector<fifo_group> groups_;
  std::unordered_map<std::string, std::uint32_t> group_ids_;  // lookup only, never iterated
  // F3 (FIFO only): every stored message in sequence order (seqs only grow, so inserts
  // append); entries of removed messages are dropped lazily. order_[0, window_end_)
  // holds in_window_ = min(stored, k_fifo_scan_window) live messages.
  std::deque<order_entry> order_;
  std::size_t window_end_ = 0;
  std::int64_t in_window_ = 0;
  std::int64_t visible_ = 0;
  std::int64_t in_flight_ = 0;
  std::int64_t delayed_ = 0;
};

}  // namespace slsim::queue::detail
