// The only translation unit of the kernel that instantiates co_spawn: coroutine
// machinery is expensive to compile, so it lives behind context::spawn().
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/system/system_error.hpp>

#include "slsim/sim/assert.hpp"
#include "slsim/sim/context.hpp"

namespace slsim::sim {
namespace {
std::string describe(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return std::string("exception escaped: ") + e.what();
  } catch (...) {
    return "exception escaped: (not derived from std::exception)";
  }
}

bool is_cancellation(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const boost::system::system_error& e) {
    return e.code() == asio::error::operation_aborted;
  } catch (...) {
    return false;
  }
}
}  // namespace

void context::spawn(std::string name, asio::awaitable<void> body, task_kind kind) {
  const bool daemon = kind == task_kind::daemon;
  if (daemon) daemon_signals_.emplace_back();
  const task_record fresh{.spawned = ++next_spawn_,
                          .name = intern_task_name(std::move(name)),
                          .signal = daemon ? static_cast<std::uint32_t>(daemon_signals_.size()) : 0,
                          .kind = kind,
                          .done = false};
  std::uint32_t task_id = 0;
  if (free_tasks_.empty()) {
    task_id = static_cast<std::uint32_t>(tasks_.size());
    tasks_.push_back(fresh);
  } else {
    task_id = free_tasks_.back();
    free_tasks_.pop_back();
    SLSIM_ASSERT(tasks_[task_id].done && tasks_[task_id].live_events == 0, "reused a task record still in use");
    tasks_[task_id] = fresh;
  }
  task_record& record = tasks_[task_id];
  // A daemon spawned once the shutdown has begun (by a daemon that woke at the quiescent
  // instant before seeing its own cancellation) would otherwise run forever.
  if (daemon && shutting_down_) record.cancel_on_start = true;
  if (pct_.on() && record.name == pct_task_name_) record.priority = pct_.initial_priority();
  if (!daemon) ++live_work_tasks_;
  // The coroutine's first resumption is posted now; tag it (and so all it schedules)
  // with the new task, not the spawner.
  const std::uint32_t parent = current_task_;
  current_task_ = task_id;
  const auto done = [this, task_id](std::exception_ptr error) { on_task_done(task_id, error); };
  if (daemon)
    asio::co_spawn(asio::any_io_executor(get_executor()), std::move(body),
                   asio::bind_cancellation_slot(daemon_signals_.back().slot(), done));
  else
    asio::co_spawn(asio::any_io_executor(get_executor()), std::move(body), done);
  current_task_ = parent;
}

void context::on_task_done(std::uint32_t task_id, std::exception_ptr error) {
  task_record& task = tasks_[task_id];
  task.done = true;  // its record is reused once its last pending event has run (release_task_event)
  // Finished inside another task's event (resumed inline) with none of its own pending.
  if (task.live_events == 0) free_tasks_.push_back(task_id);
  if (task.kind == task_kind::work) --live_work_tasks_;
  if (!error) return;
  // A daemon ending because we cancelled it at quiescence is the normal way out.
  if (task.kind == task_kind::daemon && shutting_down_ && is_cancellation(error)) return;
  record_failure(run_status::failed, task_names_[task.name], describe(error));
}

}  // namespace slsim::sim
