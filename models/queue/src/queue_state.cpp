// One queue's storage and lazily applied timers (see queue_state.hpp).
#include "queue_state.hpp"

#include <algorithm>

#include "slsim/queue/service.hpp"
#include "slsim/sim/assert.hpp"

namespace slsim::queue::detail {

queue_state::queue_state(sim::context& ctx, queue_config cfg, std::uint32_t idx)
    : config(std::move(cfg)), index(idx), arn(queue_arn(config.name)), waiters(ctx) {}

void queue_state::push_timer(std::vector<timer_entry>& heap, sim::time_ns t, std::uint32_t slot, std::uint32_t epoch) {
  heap.push_back({t, slot, epoch});
  std::push_heap(heap.begin(), heap.end(), later{});
}

std::uint32_t queue_state::group_index(const std::string& name) {
  const auto it = group_ids_.find(name);
  if (it != group_ids_.end()) return it->second;
  const auto g = static_cast<std::uint32_t>(groups_.size());
  groups_.push_back(fifo_group{name, {}, 0, false, 0});
  group_ids_.emplace(name, g);
  return g;
}

std::uint32_t queue_state::insert(stored_message&& m) {
  std::uint32_t slot;
  if (!free_.empty()) {
    slot = free_.back();
    free_.pop_back();
  } else {
    slot = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
    generations_.push_back(0);
  }
  stored_message& s = slots_[slot];
  SLSIM_ASSERT(!s.live, "queue invariant: a message was stored into an occupied slot");
  // A slot's epoch only ever grows, across occupants too: a pending visibility or delay
  // timer of the slot's previous message carries an older epoch and must never match the
  // new one (it would make the new message visible while it is in flight, S5).
  const std::uint32_t epoch = s.epoch;
  s = std::move(m);
  s.epoch = epoch;
  s.live = true;
  // S9/S14: retention runs from the enqueue time, which a standard DLQ move keeps.
  const sim::time_ns expiry = s.enqueue_time + sim::seconds(config.message_retention_period_s);
  push_timer(expiry_, expiry, slot, generations_[slot]);
  // A deleted message's retention entry stays in the heap until its time, days away: once
  // the dead entries outnumber the live ones they go, so the heap follows what is stored,
  // not every message a long run sent. Entries are totally ordered (time, slot, epoch), so
  // the live ones pop in the same order whatever the heap's layout.
  if (expiry_.size() >= 2 * (slots_.size() - free_.size()) + 4096) {
    std::erase_if(expiry_, [this](const timer_entry& e) { return generations_[e.slot] != e.epoch; });
    std::make_heap(expiry_.begin(), expiry_.end(), later{});
  }
  if (s.state == message_state::delayed) {
    ++delayed_;
    push_timer(timers_, s.visible_at, slot, s.epoch);
  } else {
    s.state = message_state::visible;
    ++visible_;
    if (!fifo()) ready_.emplace(s.visible_at, s.seq, slot);
  }
  if (fifo()) window_insert(slot);
  if (fifo() && s.group != k_no_group) {
    groups_[s.group].members.push_back(slot);
    refresh_group(s.group);
  }
  return slot;
}

void queue_state::leave_state(std::uint32_t slot) {
  stored_message& s = slots_[slot];
  SLSIM_ASSERT(s.live, "queue invariant: a state change of a free slot");
  switch (s.state) {
    case message_state::visible:
      --visible_;
      if (!fifo()) ready_.erase({s.visible_at, s.seq, slot});
      break;
    case message_state::in_flight:
      --in_flight_;
      if (fifo() && s.group != k_no_group) {
        SLSIM_ASSERT(groups_[s.group].in_flight > 0, "queue invariant: a FIFO group's in-flight count went negative");
        --groups_[s.group].in_flight;
      }
      break;
    case message_state::delayed:
      --delayed_;
      break;
  }
  SLSIM_ASSERT(visible_ >= 0 && in_flight_ >= 0 && delayed_ >= 0, "queue invariant: a message count went negative");
  ++s.epoch;
}

void queue_state::remove(std::uint32_t slot) {
  stored_message& s = slots_[slot];
  leave_state(slot);
  const std::uint32_t g = s.group;
  if (fifo() && g != k_no_group) {
    auto& members = groups_[g].members;
    members.erase(std::find(members.begin(), members.end(), slot));
  }
  s.live = false;
  s.duplicate_after_delete = false;
  texts.release(s.body);
  texts.release(s.packed_attributes);
  std::string().swap(s.dedup_id);
  ++generations_[slot];
  free_.push_back(slot);
  if (fifo()) window_remove(s.seq);
  if (fifo() && g != k_no_group) refresh_group(g);
}

void queue_state::window_insert(std::uint32_t slot) {
  // Sequence numbers only grow, so the new message is last in queue order (F3).
  order_.push_back({slots_[slot].seq, slot});
  if (in_window_ < k_fifo_scan_window) {
    window_end_ = order_.size();
    ++in_window_;
  }
}

void queue_state::window_remove(std::uint64_t seq) {
  // F3: a message leaving the first 120,000 lets the next stored one in.
  if (seq < scan_window_end()) {
    --in_window_;
    while (in_window_ < k_fifo_scan_window && window_end_ < order_.size()) {
      if (entry_live(order_[window_end_])) ++in_window_;
      ++window_end_;
    }
  }
  while (!order_.empty() && !entry_live(order_.front())) {
    order_.pop_front();
    --window_end_;
  }
  // Entries of messages removed behind a long-lived head: compact when they dominate,
  // so memory stays proportional to what is stored (amortised O(1) per removal).
  const auto live = static_cast<std::size_t>(visible_ + in_flight_ + delayed_);
  if (order_.size() <= 2 * live + 1024) return;
  std::size_t kept = 0;
  std::size_t new_end = 0;
  for (std::size_t i = 0; i < order_.size(); ++i) {
    if (!entry_live(order_[i])) continue;
    if (i < window_end_) new_end = kept + 1;
    order_[kept++] = order_[i];
  }
  order_.resize(kept);
  window_end_ = new_end;
}

void queue_state::make_in_flight(std::uint32_t slot, sim::time_ns deadline) {
  SLSIM_ASSERT(slots_[slot].state == message_state::visible, "queue invariant: only a visible message is received");
  leave_state(slot);
  stored_message& s = slots_[slot];
  s.state = message_state::in_flight;
  s.visible_at = deadline;
  ++in_flight_;
  SLSIM_ASSERT(in_flight_ <= config.inflight_limit, "queue invariant: more messages in flight than the limit (S3, F4)");
  push_timer(timers_, deadline, slot, s.epoch);
  if (fifo() && s.group != k_no_group) {
    ++groups_[s.group].in_flight;
    refresh_group(s.group);
  }
}

void queue_state::set_deadline(std::uint32_t slot, sim::time_ns deadline) {
  stored_message& s = slots_[slot];
  SLSIM_ASSERT(s.live && s.state == message_state::in_flight,
               "queue invariant: a deadline for a message not in flight");
  ++s.epoch;
  s.visible_at = deadline;
  push_timer(timers_, deadline, slot, s.epoch);
}

void queue_state::end_visibility_now(std::uint32_t slot, sim::time_ns now) {
  stored_message& s = slots_[slot];
  SLSIM_ASSERT(s.live && s.state == message_state::in_flight,
               "queue invariant: ending the visibility of a message not in flight");
  s.visible_at = now;  // S6: ChangeMessageVisibility(0) moves the deadline to now
  make_visible(slot, now);
}

void queue_state::make_visible(std::uint32_t slot, sim::time_ns t) {
  // The always-on visibility invariant (S5, S6, S10): an in-flight message becomes visible
  // at its deadline (visible_at), never before, and only ChangeMessageVisibility moves that
  // deadline; a delayed one at the end of its delay.
  SLSIM_ASSERT(slots_[slot].live && slots_[slot].state != message_state::visible && t >= slots_[slot].visible_at,
               "queue invariant: a message became visible before its visibility deadline or delay");
  leave_state(slot);
  stored_message& s = slots_[slot];
  s.state = message_state::visible;
  s.visible_at = t;
  ++visible_;
  if (!fifo()) ready_.emplace(t, s.seq, slot);
  if (fifo() && s.group != k_no_group) refresh_group(s.group);
}

bool queue_state::advance(sim::time_ns now, const std::function<void(std::uint32_t)>& on_expire) {
  while (!expiry_.empty() && expiry_.front().t <= now) {
    const timer_entry e = expiry_.front();
    std::pop_heap(expiry_.begin(), expiry_.end(), later{});
    expiry_.pop_back();
    if (slots_[e.slot].live && generations_[e.slot] == e.epoch) {
      on_expire(e.slot);
      remove(e.slot);
    }
  }
  bool became_visible = false;
  while (!timers_.empty() && timers_.front().t <= now) {
    const timer_entry e = timers_.front();
    std::pop_heap(timers_.begin(), timers_.end(), later{});
    timers_.pop_back();
    const stored_message& s = slots_[e.slot];
    if (!s.live || s.epoch != e.epoch || s.state == message_state::visible) continue;
    // The time it became visible is its place in the delivery order (MD3).
    make_visible(e.slot, e.t);
    became_visible = true;
  }
  return became_visible;
}

void queue_state::refresh_group(std::uint32_t g) {
  fifo_group& grp = groups_[g];
  // F2: a group with a message in flight delivers nothing until it is deleted, moved or visible again.
  const bool available =
      grp.in_flight == 0 && !grp.members.empty() && slots_[grp.members.front()].state == message_state::visible;
  const std::uint64_t head_seq = grp.members.empty() ? 0 : slots_[grp.members.front()].seq;
  if (grp.listed && (!available || grp.listed_seq != head_seq)) {
    available_.erase({grp.listed_seq, g});
    grp.listed = false;
  }
  if (available && !grp.listed) {
    available_.emplace(head_seq, g);
    grp.listed = true;
    grp.listed_seq = head_seq;
  }
}

sim::time_ns queue_state::oldest_enqueue_time() {
  while (!expiry_.empty()) {
    const timer_entry& e = expiry_.front();
    if (slots_[e.slot].live && generations_[e.slot] == e.epoch)
      return e.t - sim::seconds(config.message_retention_period_s);
    std::pop_heap(expiry_.begin(), expiry_.end(), later{});
    expiry_.pop_back();
  }
  return sim::k_never;
}

std::vector<std::uint32_t> queue_state::live_slots_in_order() const {
  // One pass over the slots (a long run's DLQ: tens of megabytes), releasing their pages as
  // it goes; the sort then reads (seq, slot) pairs, not the slots again at random.
  std::vector<std::pair<std::uint64_t, std::uint32_t>> order;
  std::uint32_t next = 0;  // the slot for_each_released is at
  sim::record_storage::for_each_released(slots_, [&](const stored_message& s) {
    if (s.live) order.emplace_back(s.seq, next);
    ++next;
  });
  std::sort(order.begin(), order.end());
  std::vector<std::uint32_t> out;
  out.reserve(order.size());
  for (const auto& [seq, slot] : order) out.push_back(slot);
  return out;
}

}  // namespace slsim::queue::detail
