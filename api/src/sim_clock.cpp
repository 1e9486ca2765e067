#include "slsim/api/sim_clock.hpp"

#include "slsim/queue/messages.hpp"
#include "slsim/sim/timer.hpp"

namespace slsim::api {

std::chrono::system_clock::time_point virtual_epoch(sim::time_ns t) noexcept {
  return std::chrono::system_clock::time_point(std::chrono::duration_cast<std::chrono::system_clock::duration>(
      std::chrono::milliseconds(queue::k_epoch_ms) + std::chrono::nanoseconds(t)));
}

std::chrono::system_clock::time_point sim_clock::now() const { return virtual_epoch(info_->context().now()); }

void sim_clock::before_wait() { info_->await_point(); }  // throws runtime::injected_crash when due here

void sim_clock::wait(std::chrono::nanoseconds d, boost::asio::any_completion_handler<busy_signature> done) {
  // A zero or negative wait still completes through the event loop, never inline.
  sim::async_sleep_for(info_->context(), d.count() > 0 ? d.count() : 0, std::move(done));
}

}  // namespace slsim::api
