#include "slsim/sim/context.hpp"

#include <algorithm>
#include <boost/asio/detail/reactor.hpp>
#include <boost/asio/detail/scheduler.hpp>
#include <chrono>
#include <stdexcept>

#include "slsim/sim/assert.hpp"
#include "slsim/sim/detail/frame_recycling.hpp"
#include "slsim/sim/record_storage.hpp"

namespace slsim::sim {
namespace {
// Min-heap on (time, order key): std heap algorithms build a max-heap, so invert.
struct later {
  template <class E>
  bool operator()(const E& a, const E& b) const noexcept {
    return a.t != b.t ? a.t > b.t : a.order_key > b.order_key;
  }
};
}  // namespace

context::context() {
  // "main" is the code outside any coroutine; it is never waited for, so it is done.
  tasks_.push_back({.name = intern_task_name("main"), .signal = 0, .kind = task_kind::work, .done = true});
  // Pre-register a scheduler that owns no thread: if handler code creates a real Asio
  // I/O object (steady_timer, socket) on this context, its reactor parks the operation
  // instead of starting a hidden thread, and the tripwire in run() reports it.
  asio::make_service<asio::detail::scheduler>(*this, 1, false);
}

context::context(tie_order order, rng scheduler) : context() {
  tie_order_ = order;
  scheduler_ = scheduler;
}

void context::enable_pct(const pct_config& config, rng stream, std::string task_name) {
  pct_ = pct_schedule(config, stream);
  pct_task_name_ = pct_.on() ? intern_task_name(std::move(task_name)) : UINT32_MAX;
}

context::~context() {
  closed_ = true;
  shutdown();
  destroy();
  pool_.destroy_all();
}

void context::tag_slot(std::uint32_t index, detail::fire_code natural) noexcept {
  detail::event_slot& slot = pool_.at(index);
  slot.task = current_task_;
  task_record& task = tasks_[current_task_];
  slot.daemon = task.kind == task_kind::daemon;
  ++task.live_events;
  slot.on_fire = natural;
  slot.queued = false;
}

void context::enqueue(std::uint32_t index, time_ns t) {
  detail::event_slot& slot = pool_.at(index);
  if (!slot.queued && !slot.daemon) ++work_pending_;
  slot.queued = true;
  heap_.push_back({t, next_order_key(), index, slot.generation});
  std::push_heap(heap_.begin(), heap_.end(), later{});
}

std::uint64_t context::next_order_key() noexcept {
  const std::uint64_t seq = next_seq_++;
  switch (tie_order_) {
    case tie_order::fifo:
      return seq;
    case tie_order::reverse:
      // With PCT on, keys stay below 2^63: the keys above are those of held events.
      return pct_.on() ? static_cast<std::uint64_t>(INT64_MAX) - seq : UINT64_MAX - seq;
    case tie_order::random:
      // 64 random bits: a repeat is as likely as never; if it happens, the heap still
      // orders the pair the same way on replay, since the push/pop sequence is the same.
      return pct_.on() ? scheduler_.next_u64() >> 1 : scheduler_.next_u64();
  }
  return seq;
}

bool context::is_pending(event_id event) noexcept {
  if (event.slot == UINT32_MAX || pool_.live_count() == 0) return false;
  detail::event_slot& slot = pool_.at(event.slot);
  return slot.live && slot.generation == event.generation;
}

bool context::fire_now(event_id event, detail::fire_code code) {
  if (closed_ || !is_pending(event)) return false;
  detail::event_slot& slot = pool_.at(event.slot);
  ++slot.generation;  // the old heap entry, if any, becomes a tombstone
  slot.on_fire = code;
  enqueue(event.slot, now_);
  return true;
}

bool context::pop_live(heap_entry& out) {
  while (!heap_.empty()) {
    std::pop_heap(heap_.begin(), heap_.end(), later{});
    out = heap_.back();
    heap_.pop_back();
    detail::event_slot& slot = pool_.at(out.slot);
    if (slot.live && slot.generation == out.generation) return true;
    // Tombstone of a cancelled or re-fired wait: skipped without touching the clock.
  }
  return false;
}

// PCT (sim/pct.hpp): holds `entry`, an event of a task PCT schedules, while a task of higher
// priority has an event due within the window of `entry`'s own due time: it is pushed back
// to that event's time, after everything due then, and looked at again there. Every other
// event runs at its time, so only the held invocation's hop arrives late, by at most the
// window: the latency it could have drawn (docs/exploration.md). True if it was held.
bool context::pct_defer(const heap_entry& entry) {
  task_record& task = tasks_[pool_.at(entry.slot).task];
  const std::uint64_t own = task.priority;
  if (own == 0) return false;
  if (entry.slot >= pct_due_.size()) pct_due_.resize(entry.slot + 1);
  pct_hold& hold = pct_due_[entry.slot];
  if (!hold.held || hold.generation != entry.generation) hold = {entry.t, entry.generation, true};
  // Held events sort after every event not held at their instant (keys below 2^63), higher
  // priority first, then the longest held: a task's events keep their time order.
  const auto push_held = [&](time_ns at) {
    const auto late = static_cast<std::uint64_t>(at - hold.due);
    const std::uint64_t key = (std::uint64_t{1} << 63) | (((std::uint64_t{1} << 23) - 1 - own) << 40) |
                              ((std::uint64_t{1} << 40) - 1 - std::min(late, (std::uint64_t{1} << 40) - 1));
    heap_.push_back({at, key, entry.slot, entry.generation});
    std::push_heap(heap_.begin(), heap_.end(), later{});
  };
  // A later event of a task whose earlier event is held waits behind it (a store call's
  // completion never overtakes its own apply).
  if (task.held_slot != UINT32_MAX) {
    const detail::event_slot& first = pool_.at(task.held_slot);
    const bool still_held = first.live && first.generation == task.held_generation &&
                            task.held_slot < pct_due_.size() && pct_due_[task.held_slot].held;
    if (!still_held) {
      task.held_slot = UINT32_MAX;
    } else if (task.held_slot != entry.slot && pct_due_[task.held_slot].due < hold.due) {
      push_held(std::max(entry.t, task.held_at));
      return true;
    }
  }
  const time_ns horizon = hold.due + pct_.window();
  time_ns next = horizon + 1;
  for (const heap_entry& e : heap_) {
    if (e.t >= next) continue;
    const detail::event_slot& s = pool_.at(e.slot);
    if (s.live && s.generation == e.generation && tasks_[s.task].priority > own) next = e.t;
  }
  if (next > horizon) {
    hold.held = false;
    if (task.held_slot == entry.slot) task.held_slot = UINT32_MAX;
    return false;
  }
  if (task.held_slot == UINT32_MAX || task.held_slot == entry.slot) {
    task.held_slot = entry.slot;
    task.held_generation = entry.generation;
    task.held_at = next;
  }
  push_held(next);
  return true;
}

void context::record_failure(run_status kind, std::string task, std::string message) {
  failures_.push_back({kind, std::move(task), std::move(message), now_});
}

std::uint32_t context::intern_task_name(std::string name) {
  if (const auto it = task_name_index_.find(name); it != task_name_index_.end()) return it->second;
  const auto index = static_cast<std::uint32_t>(task_names_.size());
  task_name_index_.emplace(name, index);
  task_names_.push_back(std::move(name));
  return index;
}

void context::fail(std::string message) { record_failure(run_status::failed, current_task_name(), std::move(message)); }

void context::emit(trace_record record) {
  record.t = now_;
  record.seq = next_record_++;
  hasher_.fold(record);
  if (listener_) listener_->on_record(record);
}

void context::release_task_event(std::uint32_t task_id) noexcept {
  task_record& task = tasks_[task_id];
  SLSIM_ASSERT(task.live_events > 0, "a task's pending-event count went below zero");
  // "main" (0) is never reused: events outside any task keep pointing at it.
  if (--task.live_events == 0 && task.done && task_id != 0) free_tasks_.push_back(task_id);
}

std::vector<std::uint32_t> context::tasks_in_spawn_order(task_kind kind) const {
  std::vector<std::uint32_t> out;
  for (std::uint32_t i = 1; i < tasks_.size(); ++i)
    if (!tasks_[i].done && tasks_[i].kind == kind) out.push_back(i);
  std::sort(out.begin(), out.end(),
            [this](std::uint32_t a, std::uint32_t b) { return tasks_[a].spawned < tasks_[b].spawned; });
  return out;
}

void context::begin_shutdown() {
  shutting_down_ = true;
  // A daemon whose coroutine has not started yet is cancelled as it starts: cancelled
  // before its first resumption, Asio's co_spawn would throw out of its entry point
  // (a ready cancellation at its final post), past every handler. Reachable only when
  // the start is ordered after the shutdown at one instant (tie_order reverse/random).
  // Spawn order, not record order: records are reused, and the signals' order is the
  // order of the cancellations' events.
  for (const std::uint32_t daemon : tasks_in_spawn_order(task_kind::daemon)) {
    task_record& task = tasks_[daemon];
    if (task.started)
      daemon_signals_[task.signal - 1].emit(asio::cancellation_type::terminal);
    else
      task.cancel_on_start = true;
  }
}

run_result context::run(const run_limits& limits) {
  if (ran_) throw std::logic_error("sim::context::run: a context runs once");
  ran_ = true;
  detail::frame_recycling_scope recycling;                   // reuse coroutine frames as io_context::run() does
  const auto wall_start = std::chrono::steady_clock::now();  // wall-clock ok: watchdog outside the simulated world
  run_result result;
  heap_entry entry{};
  bool stopped = false;
  std::size_t failures_seen = failures_.size();
  const std::uint64_t release_mask = record_storage::release_mask();
  while (!stopped) {
    if (work_pending_ == 0 && !shutting_down_) {
      // Quiescence: nothing of the run's work is scheduled. Work coroutines still
      // suspended now can never resume.
      for (const std::uint32_t stuck : tasks_in_spawn_order(task_kind::work))
        record_failure(run_status::deadlock, task_names_[tasks_[stuck].name],
                       "still suspended when no work was pending (deadlock)");
      begin_shutdown();
    }
    if (!pop_live(entry)) break;
    if (pct_.on()) [[unlikely]]
      if (pct_defer(entry)) continue;
    if (entry.t > limits.max_time) {
      record_failure(run_status::event_budget, "main", "virtual-time horizon reached");
      break;
    }
    if (entry.t > now_) now_ = entry.t;  // an event PCT held back runs late, never in the past
    detail::event_slot& slot = pool_.at(entry.slot);
    const std::uint32_t task = slot.task;
    if (pct_.on() && tasks_[task].priority != 0) [[unlikely]]
      if (const std::uint64_t lowered = pct_.step(); lowered != 0) tasks_[task].priority = lowered;
    current_task_ = task;
    if (task_record& record = tasks_[task]; !record.started) {
      record.started = true;
      // Posted now, the cancellation runs after this start event, once the coroutine waits.
      if (record.cancel_on_start) daemon_signals_[record.signal - 1].emit(asio::cancellation_type::terminal);
    }
    if (!slot.daemon) --work_pending_;
    slot.queued = false;
    pool_.invoke(entry.slot, slot.on_fire);
    release_task_event(task);
    current_task_ = 0;
    ++result.events;
    // Long runs: the per-request records' pages touched since the last release go back to
    // the kernel (record_storage.hpp); what they hold is unchanged.
    if ((result.events & release_mask) == 0) [[unlikely]]
      record_storage::release_pages();
    if (result.events >= limits.max_events) {
      record_failure(run_status::event_budget, task_names_[tasks_[task].name],
                     "event budget of " + std::to_string(limits.max_events) + " events exhausted (livelock?)");
      stopped = true;
    } else if ((result.events & 0xFFF) == 0) {
      const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - wall_start;  // wall-clock ok
      if (elapsed.count() > limits.wall_seconds) {
        record_failure(run_status::watchdog, "main",
                       "wall-clock watchdog: run exceeded " + std::to_string(limits.wall_seconds) + " s");
        stopped = true;
      }
    }
    if (failures_.size() != failures_seen) [[unlikely]] {
      // A hang a component reported (report_hang: an external process that stopped
      // talking) ends the run now, as the wall-clock watchdog does; other failures do not.
      for (; failures_seen < failures_.size(); ++failures_seen)
        if (failures_[failures_seen].kind == run_status::watchdog) stopped = true;
    }
  }
  // Tripwire: a real I/O object on this context parks its operation in a reactor that
  // nothing ever runs, so the coroutine waiting on it would hang silently.
  if (asio::has_service<asio::detail::reactor>(*this))
    record_failure(run_status::real_io, "main",
                   "a real Asio I/O object (steady_timer, socket, ...) was used on the simulated executor; "
                   "use sim::timer / the simulated services instead");
  result.end_time = now_;
  result.records = next_record_;
  result.trace_hash = hasher_.value();
  result.failures = failures_;
  for (const auto& f : result.failures) result.status = std::max(result.status, f.kind);
  return result;
}

context& context_of(const asio::any_io_executor& ex) {
  if (const auto* sim_ex = ex.target<context::executor_type>()) return asio::query(*sim_ex, asio::execution::context);
  throw std::logic_error("executor is not a slsim::sim::context executor");
}

}  // namespace slsim::sim
