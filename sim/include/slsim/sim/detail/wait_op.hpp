#pragma once
// The one asynchronous operation of the kernel: wait until an event fires, then
// complete the handler with an error code derived from how it fired. Timers and
// wait queues are both built on it.
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/cancellation_type.hpp>
#include <boost/asio/error.hpp>
#include <boost/system/error_code.hpp>

#include "slsim/sim/context.hpp"

namespace slsim::sim::detail {

inline boost::system::error_code to_error_code(fire_code code) noexcept {
  switch (code) {
    case fire_code::ok:
      return {};
    case fire_code::aborted:
      return asio::error::operation_aborted;
    case fire_code::timed_out:
      return asio::error::timed_out;
  }
  return {};
}

template <class Handler>
struct wait_op {
  Handler handler;
  void operator()(fire_code code) {
    // The canceller lives in the handler's slot; detach it before the handler goes.
    asio::get_associated_cancellation_slot(handler).clear();
    std::move(handler)(to_error_code(code));
  }
};

struct wait_canceller {
  context* ctx;
  event_id id;
  void operator()(asio::cancellation_type type) const {
    if ((type & (asio::cancellation_type::terminal | asio::cancellation_type::partial |
                 asio::cancellation_type::total)) != asio::cancellation_type::none)
      ctx->fire_now(id, fire_code::aborted);  // completes in queue order at the current instant
  }
};

struct ignore_id {
  void operator()(event_id) const noexcept {}
};

/// Initiates a wait on `ctx` until `deadline` (k_never: parked until fired). `natural`
/// is how it completes at the deadline. `registered(id)` is called at initiation, which
/// for deferred tokens (use_awaitable) happens only when the operation is awaited.
template <class Token, class OnRegistered = ignore_id>
auto async_wait_event(context& ctx, time_ns deadline, fire_code natural, Token&& token, OnRegistered registered = {}) {
  return asio::async_initiate<Token, void(boost::system::error_code)>(
      [&ctx, deadline, natural, registered](auto handler) mutable {
        auto slot = asio::get_associated_cancellation_slot(handler);
        using op_t = wait_op<decltype(handler)>;
        const event_id id = deadline == k_never ? ctx.park(op_t{std::move(handler)})
                                                : ctx.schedule_at(deadline, op_t{std::move(handler)}, natural);
        registered(id);
        if (slot.is_connected()) slot.template emplace<wait_canceller>(&ctx, id);
      },
      token);
}

}  // namespace slsim::sim::detail
