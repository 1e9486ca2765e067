#pragma once
// A FIFO of waiting coroutines, woken explicitly or by their deadline: the kernel's
// condition variable (long polling, concurrency slots). Waking order is the order of
// waiting, never addresses.
#include <deque>

#include "slsim/sim/context.hpp"
#include "slsim/sim/detail/wait_op.hpp"

namespace slsim::sim {

class wait_queue {
 public:
  explicit wait_queue(context& ctx) noexcept : ctx_(&ctx) {}
  wait_queue(const wait_queue&) = delete;
  wait_queue& operator=(const wait_queue&) = delete;
  ~wait_queue() { notify_all(detail::fire_code::aborted); }

  /// Completes with success when notified, asio::error::timed_out at `deadline`
  /// (k_never: no deadline), or operation_aborted when cancelled.
  /// A wait without a deadline is not pending work: if only such waits remain among
  /// a run's work, that is a deadlock.
  template <class Token>
  auto async_wait_until(time_ns deadline, Token&& token) {
    return detail::async_wait_event(*ctx_, deadline, detail::fire_code::timed_out, std::forward<Token>(token),
                                    [this](event_id id) {
                                      prune();
                                      waiters_.push_back(id);
                                    });
  }

  /// Wakes the longest-waiting waiter still waiting. Returns false if there was none.
  bool notify_one() {
    while (!waiters_.empty()) {
      const event_id id = waiters_.front();
      waiters_.pop_front();
      if (ctx_->fire_now(id, detail::fire_code::ok)) return true;
    }
    return false;
  }
  /// Wakes every waiter; returns how many.
  std::size_t notify_all() { return notify_all(detail::fire_code::ok); }

 private:
  // Timed-out waits leave stale ids at the front; drop them so an idle queue stays small.
  void prune() {
    while (!waiters_.empty() && !ctx_->is_pending(waiters_.front())) waiters_.pop_front();
  }
  std::size_t notify_all(detail::fire_code code) {
    std::size_t n = 0;
    while (!waiters_.empty()) {
      const event_id id = waiters_.front();
      waiters_.pop_front();
      if (ctx_->fire_now(id, code)) ++n;
    }
    return n;
  }
  context* ctx_;
  std::deque<event_id> waiters_;
};

}  // namespace slsim::sim
