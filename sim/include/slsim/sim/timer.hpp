#pragma once
// Virtual-time timers for simulated code. A cancelled wait completes with
// operation_aborted at the current instant; its original expiry entry is a
// tombstone that neither fires nor advances the clock.
#include "slsim/sim/context.hpp"
#include "slsim/sim/detail/wait_op.hpp"

namespace slsim::sim {

/// A restartable timer with at most one outstanding wait.
class timer {
 public:
  explicit timer(context& ctx) noexcept : ctx_(&ctx) {}
  timer(const timer&) = delete;
  timer& operator=(const timer&) = delete;
  /// Cancels an outstanding wait: the handler must not outlive the timer's context.
  ~timer() { cancel(); }

  void expires_at(time_ns t) noexcept { expiry_ = t; }
  void expires_after(time_ns d) noexcept { expiry_ = ctx_->now() + d; }
  time_ns expiry() const noexcept { return expiry_; }

  /// Completes with success at the expiry, or operation_aborted when cancelled
  /// (cancel() or the handler's cancellation slot).
  template <class Token>
  auto async_wait(Token&& token) {
    return detail::async_wait_event(*ctx_, expiry_, detail::fire_code::ok, std::forward<Token>(token),
                                    [this](event_id id) { pending_ = id; });
  }

  /// Aborts the outstanding wait, if any. Returns the number of waits cancelled (0 or 1).
  std::size_t cancel() { return ctx_->fire_now(pending_, detail::fire_code::aborted) ? 1 : 0; }

 private:
  context* ctx_;
  time_ns expiry_ = 0;
  event_id pending_{};
};

/// Waits `d` of virtual time on `ctx`. Honours the handler's cancellation slot.
template <class Token>
auto async_sleep_for(context& ctx, time_ns d, Token&& token) {
  return detail::async_wait_event(ctx, ctx.now() + d, detail::fire_code::ok, std::forward<Token>(token));
}

/// Waits until virtual time `t` on `ctx`. Honours the handler's cancellation slot.
template <class Token>
auto async_sleep_until(context& ctx, time_ns t, Token&& token) {
  return detail::async_wait_event(ctx, t, detail::fire_code::ok, std::forward<Token>(token));
}

}  // namespace slsim::sim
