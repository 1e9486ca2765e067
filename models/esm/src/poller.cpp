// Pollers: each long-polls the queue, has a batch built (batch_assembly.cpp), hands it to a
// batch job (batch_job.cpp) and waits for it (L2, MD12, MD13; L10/MD7 for how many poll).
#include <algorithm>
#include <boost/asio/use_awaitable.hpp>

#include "esm_impl.hpp"

namespace slsim::esm::detail {

int esm_impl::effective_window_s() const noexcept {
  // MD13: optionally, a batch that is not full waits up to 20 s whatever the window says.
  return config_.low_traffic_wait_20s ? std::max(config_.maximum_batching_window_s, 20)
                                      : config_.maximum_batching_window_s;
}

int esm_impl::receive_visibility_s() const noexcept {
  // MD12 (off by default): the older rule stretched visibility to window + timeout + 30 s.
  const int window = config_.maximum_batching_window_s;
  const int timeout = function_.config().timeout_s;
  if (config_.extend_visibility && window > 0 && window + timeout > visibility_s_) return window + timeout + 30;
  return visibility_s_;
}

asio::awaitable<void> esm_impl::poller(int index) {
  std::vector<carried> carry;
  for (;;) {
    // L10/MD7: pollers above the scaler's target read nothing (no overpull).
    while (index >= target_) co_await scale_wq_.async_wait_until(sim::k_never, asio::use_awaitable);
    std::shared_ptr<batch_job> job = co_await assemble(carry);
    if (!job) continue;
    job->id = ++next_batch_;
    ++stats_.batches;
    metrics_.increment(m_.batches);
    const auto size = static_cast<std::uint32_t>(job->ids.size());
    stats_.max_batch_size = std::max(stats_.max_batch_size, size);
    if (observer_) observer_->on_batch(job->id, size);
    sim::trace_hasher ids;
    for (const auto& id : job->ids) ids.fold_bytes(id);
    ctx_.emit({.kind = &k_batch, .ids = {job->id, static_cast<std::uint64_t>(index), size, 0}, .digest = ids.value()});
    ++active_;
    stats_.peak_active = std::max(stats_.peak_active, active_);
    // The invocation and the deletes are work: a batch in progress keeps the run alive.
    ctx_.spawn("esm.batch", process(job), sim::task_kind::work);
    if (!job->finished) co_await job->done.async_wait_until(sim::k_never, asio::use_awaitable);
  }
}

}  // namespace slsim::esm::detail
