// The long-poll ReceiveMessage (S4): completes as soon as a message is available or the
// wait ends, in virtual time, without coroutine machinery (a callback on a wait_queue
// that carries the caller's cancellation slot).
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/error.hpp>

#include "service_impl.hpp"

namespace slsim::queue::detail {
namespace {

struct long_poll {
  service_impl* service;
  queue_state* q;
  receive_request request;
  sim::time_ns deadline;
  boost::asio::any_completion_handler<receive_signature> handler;
};

void arm(std::unique_ptr<long_poll> p);

/// Wakes the poll when notified, at its next timer or deadline, or when cancelled.
struct poll_waker {
  std::unique_ptr<long_poll> p;
  using cancellation_slot_type = boost::asio::cancellation_slot;
  cancellation_slot_type get_cancellation_slot() const noexcept { return p->handler.get_cancellation_slot(); }

  void operator()(boost::system::error_code ec) {  // the kernel's wait (Asio's error codes)
    std::vector<received_message> out;
    if (ec == boost::asio::error::operation_aborted) {
      // Cancelled: operation_canceled, as the store's cancelled calls complete.
      std::move(p->handler)(std::make_error_code(std::errc::operation_canceled), std::move(out));
      return;
    }
    const auto rc = p->service->receive(*p->q, p->request, out, false);
    if (rc || !out.empty() || p->service->ctx.now() >= p->deadline) {
      std::move(p->handler)(rc, std::move(out));
      return;
    }
    arm(std::move(p));
  }
};

void arm(std::unique_ptr<long_poll> p) {
  // Sleep until a send notifies us, or until the queue's next timer could make a message
  // visible (visibility expiry, delay), whichever is first, but not past the deadline.
  const sim::time_ns until = std::min(p->deadline, std::max(p->q->next_timer(), p->service->ctx.now()));
  queue_state* q = p->q;
  q->waiters.async_wait_until(until, poll_waker{std::move(p)});
}

}  // namespace

void start_long_poll(service_impl& s, queue_state& q, receive_request r,
                     boost::asio::any_completion_handler<receive_signature> handler) {
  std::vector<received_message> out;
  const int wait = r.wait_time_s.value_or(q.config.receive_message_wait_time_s);
  const auto ec = s.receive(q, r, out, wait == 0);
  if (ec || !out.empty() || wait == 0) {
    // Complete from the event loop, never inside the initiating call.
    s.ctx.post([h = std::move(handler), ec, msgs = std::move(out)]() mutable { std::move(h)(ec, std::move(msgs)); });
    return;
  }
  auto p = std::make_unique<long_poll>(
      long_poll{&s, &q, std::move(r), s.ctx.now() + sim::seconds(wait), std::move(handler)});
  arm(std::move(p));
}

}  // namespace slsim::queue::detail
