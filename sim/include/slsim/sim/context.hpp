#pragma once
// The deterministic kernel: a discrete-event loop over virtual time that is also an
// Asio execution context, so ordinary asio::awaitable<T> coroutines run on it
// (docs/architecture.md §2). Events are ordered by (time, order key); by default the key is a
// global counter, so same-instant events run in scheduling order, never by address. The
// tie order can be reversed or drawn from the seed to expose order-dependent models.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/execution.hpp>
#include <boost/asio/execution_context.hpp>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "slsim/sim/detail/event_pool.hpp"
#include "slsim/sim/hop_delays.hpp"
#include "slsim/sim/pct.hpp"
#include "slsim/sim/random.hpp"
#include "slsim/sim/run_result.hpp"
#include "slsim/sim/tie_order.hpp"
#include "slsim/sim/time.hpp"
#include "slsim/sim/trace_record.hpp"

namespace slsim::sim {

namespace asio = boost::asio;

/// A handle to a scheduled or parked event; stale once the event ran or was released.
struct event_id {
  std::uint32_t slot = UINT32_MAX;
  std::uint32_t generation = 0;
};

/// Whether a spawned coroutine keeps the run alive (work) or is a background loop
/// (daemon: pollers, scalers, samplers) cancelled once all work is done.
enum class task_kind : std::uint8_t { work, daemon };

class context : public asio::execution_context {
 public:
  class executor_type;

  context();
  /// A context whose same-instant events run in `order`; `scheduler` is the stream the
  /// random order draws from (a run's stream("scheduler"), so no other model shifts).
  context(tie_order order, rng scheduler);
  context(const context&) = delete;
  context& operator=(const context&) = delete;
  /// Shuts down and destroys services before the event storage goes, so that
  /// handlers owned by services never outlive what they point into.
  ~context();

  executor_type get_executor() noexcept;
  time_ns now() const noexcept { return now_; }
  tie_order ties() const noexcept { return tie_order_; }

  /// Turns on PCT (sim/pct.hpp) for the tasks spawned from now on named `task_name`
  /// (handler invocations); `stream` is the run's stream("pct"), so no other model shifts.
  /// Call before run(). Off (the default), the kernel pays one predictable branch per event.
  void enable_pct(const pct_config& config, rng stream, std::string task_name);

  /// Turns on delay perturbation (sim/hop_delays.hpp); `stream` is the run's
  /// stream("hop_delays"). Call before run().
  void enable_hop_delays(const hop_delay_config& config, rng stream) noexcept { hop_delays_ = {config, stream}; }
  /// The extra delay a model adds to the network hop it is about to take (0 unless on).
  time_ns hop_delay() noexcept { return hop_delays_.on() ? hop_delays_.draw() : 0; }

  /// Runs `f()` at the current instant, after everything already scheduled for it.
  template <class F>
  void post(F&& f) {
    schedule_at(now_, post_op<std::decay_t<F>>{std::forward<F>(f)});
  }

  /// Schedules `f(fire_code)` at `t` (clamped to now); it receives `natural` unless the
  /// event is fired early through fire_now().
  template <class F>
  event_id schedule_at(time_ns t, F&& f, detail::fire_code natural = detail::fire_code::ok) {
    if (closed_) return {};  // teardown: drop the callable
    const std::uint32_t index = pool_.emplace(std::forward<F>(f));
    tag_slot(index, natural);
    enqueue(index, t < now_ ? now_ : t);
    return {index, pool_.at(index).generation};
  }

  /// Stores `f(fire_code)` without a time: it runs only when fire_now() is called.
  /// A parked event does not count as pending work for quiescence.
  template <class F>
  event_id park(F&& f) {
    if (closed_) return {};
    const std::uint32_t index = pool_.emplace(std::forward<F>(f));
    tag_slot(index, detail::fire_code::ok);
    return {index, pool_.at(index).generation};
  }

  /// Moves a pending or parked event to the current instant with `code`. Returns false
  /// if the event already ran or was fired (so a completion happens exactly once).
  bool fire_now(event_id event, detail::fire_code code);
  /// True while `id` has neither run nor been fired.
  bool is_pending(event_id event) noexcept;

  /// Starts `body` as a named coroutine. An exception escaping it fails the run with
  /// the name; daemons are cancelled (terminal cancellation) once no work is pending.
  void spawn(std::string name, asio::awaitable<void> body, task_kind kind = task_kind::work);

  /// Records a failure of the simulated world (not a coroutine exception).
  void fail(std::string message);

  /// Records a trace event at the current instant: folds it into the trace hash and
  /// passes it to the listener if one is attached.
  void emit(trace_record record);
  void set_trace_listener(trace_listener* listener) noexcept { listener_ = listener; }
  std::uint64_t trace_hash() const noexcept { return hasher_.value(); }

  /// Runs events until quiescence (then cancels daemons and drains), a hang guard, or
  /// the end of the event queue. A context runs once.
  run_result run(const run_limits& limits = {});

  /// A hang outside virtual time that a component detected itself (an external handler
  /// process that stopped talking): the run ends as a watchdog stop does (exit 4).
  void report_hang(std::string message) {
    record_failure(run_status::watchdog, current_task_name(), std::move(message));
  }

  /// How many task records the kernel holds: the most tasks alive at once (plus "main"),
  /// not how many were ever spawned, since a finished task's record is reused.
  std::size_t task_records() const noexcept { return tasks_.size(); }

  /// The name of the task whose event is running ("main" outside any task).
  const std::string& current_task_name() const noexcept { return task_names_[tasks_[current_task_].name]; }

 private:
  template <class F>
  struct post_op {
    F f;
    void operator()(detail::fire_code) { std::move(f)(); }
  };
  struct heap_entry {
    time_ns t;
    std::uint64_t order_key;  ///< breaks ties between same-instant events (tie_order)
    std::uint32_t slot;
    std::uint32_t generation;
  };
  // One per live task: a finished task's record is reused once no event of its own is
  // pending (memory bounded by what is live, docs/architecture.md §8). Records are small:
  // the name is interned, and only daemons own a cancellation signal (work tasks are never
  // cancelled). Reports and shutdown visit tasks in spawn order (`spawned`), not by index.
  struct task_record {
    std::uint64_t spawned = 0;      // spawn sequence number
    std::uint32_t name = 0;         // index into task_names_
    std::uint32_t signal = 0;       // index into daemon_signals_ + 1 (0: none, a work task)
    std::uint32_t live_events = 0;  // its pending or parked events (the record is reused at 0 once done)
    task_kind kind = task_kind::work;
    bool done = false;
    bool started = false;                  // its first event (the coroutine's start) has run
    bool cancel_on_start = false;          // shutdown came before it started
    std::uint64_t priority = 0;            // PCT: 0 for tasks PCT does not schedule
    std::uint32_t held_slot = UINT32_MAX;  // PCT: its earliest held event, if any
    std::uint32_t held_generation = 0;
    time_ns held_at = 0;  // ... and the time it is held to
  };

  void tag_slot(std::uint32_t index, detail::fire_code natural) noexcept;
  void enqueue(std::uint32_t index, time_ns t);
  std::uint64_t next_order_key() noexcept;
  bool pop_live(heap_entry& out);
  bool pct_defer(const heap_entry& entry);
  void on_task_done(std::uint32_t task, std::exception_ptr error);
  void release_task_event(std::uint32_t task) noexcept;
  std::vector<std::uint32_t> tasks_in_spawn_order(task_kind kind) const;
  void begin_shutdown();
  void record_failure(run_status kind, std::string task, std::string message);

  detail::event_pool pool_;
  std::vector<heap_entry> heap_;
  std::vector<task_record> tasks_;
  std::vector<std::uint32_t> free_tasks_;  // finished records with no pending event, reused by spawn
  std::uint64_t next_spawn_ = 0;
  std::vector<std::string> task_names_;
  std::map<std::string, std::uint32_t, std::less<>> task_name_index_;
  std::deque<asio::cancellation_signal> daemon_signals_;  // daemons receive terminal cancellation at quiescence
  std::uint32_t intern_task_name(std::string name);
  std::vector<run_failure> failures_;
  trace_hasher hasher_;
  trace_listener* listener_ = nullptr;
  time_ns now_ = 0;
  std::uint64_t next_seq_ = 0;
  tie_order tie_order_ = tie_order::fifo;
  rng scheduler_{0};
  pct_schedule pct_;
  hop_delays hop_delays_;
  struct pct_hold {
    time_ns due = 0;  // the held event's own time: it is never held past due + window
    std::uint32_t generation = 0;
    bool held = false;
  };
  std::vector<pct_hold> pct_due_;             // by event slot; grows only while PCT is on
  std::uint32_t pct_task_name_ = UINT32_MAX;  // interned name of the tasks PCT schedules
  std::uint64_t next_record_ = 0;
  std::uint64_t work_pending_ = 0;  // queued events that belong to non-daemon tasks
  std::uint32_t live_work_tasks_ = 0;
  std::uint32_t current_task_ = 0;
  bool shutting_down_ = false;
  bool ran_ = false;
  bool closed_ = false;
};

/// The executor of a sim::context: copyable, ==-comparable, never blocking.
class context::executor_type {
 public:
  explicit executor_type(context& c) noexcept : ctx_(&c) {}

  context& query(asio::execution::context_t) const noexcept { return *ctx_; }
  static constexpr asio::execution::blocking_t query(asio::execution::blocking_t) noexcept {
    return asio::execution::blocking.never;
  }
  executor_type require(asio::execution::blocking_t::never_t) const noexcept { return *this; }

  template <class F>
  void execute(F&& f) const {
    // any_io_executor hands over a view that must run now and never be stored.
    if constexpr (std::is_same_v<std::decay_t<F>, asio::detail::executor_function_view>) {
      f();
    } else {
      ctx_->post(std::forward<F>(f));
    }
  }

  friend bool operator==(const executor_type& a, const executor_type& b) noexcept { return a.ctx_ == b.ctx_; }
  friend bool operator!=(const executor_type& a, const executor_type& b) noexcept { return a.ctx_ != b.ctx_; }

 private:
  context* ctx_;
};

inline context::executor_type context::get_executor() noexcept { return executor_type(*this); }

/// The sim::context behind an executor; throws std::logic_error if it is not one.
context& context_of(const asio::any_io_executor& ex);

}  // namespace slsim::sim
