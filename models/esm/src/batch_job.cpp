// A batch job: invoke (retrying throttles with backoff until the batch's visibility
// expires), judge the result, delete what succeeded, report why the rest went back
// (L1, L9, L11, L13, MD6, MD14, P1, P2).
#include <boost/asio/use_awaitable.hpp>

#include "esm_impl.hpp"
#include "slsim/sim/timer.hpp"

namespace slsim::esm::detail {
namespace {

failure_cause cause_of(runtime::invoke_status status) noexcept {
  switch (status) {
    case runtime::invoke_status::handler_error:
      return failure_cause::handler_error;
    case runtime::invoke_status::timeout:
      return failure_cause::timeout;
    case runtime::invoke_status::crash:
      return failure_cause::crash;
    case runtime::invoke_status::throttled:
      return failure_cause::throttle;
    case runtime::invoke_status::ok:
      break;
  }
  return failure_cause::invalid_response;  // returned normally, but the response failed the batch (L13)
}

}  // namespace

asio::awaitable<void> esm_impl::spend(const models::duration_dist& d, std::uint64_t key) {
  if (d.is_zero()) co_return;
  sim::rng r = rng_.at(key);
  const sim::time_ns t = d.draw(r) + ctx_.hop_delay();
  if (t > 0) co_await sim::async_sleep_for(ctx_, t, asio::use_awaitable);
}

asio::awaitable<void> esm_impl::process(std::shared_ptr<batch_job> job) {
  hold(*job);
  // Keyed by the delivery, not the batch number: shrinking a workload keeps the hop
  // latencies of every batch it does not touch (docs/architecture.md §6).
  job->key = runtime::delivery_key(*job->event);
  // MD16: SQS returned the messages (their visibility timers run); the batch reaches the
  // function only after the receive response, the hand-off and the invoke overhead.
  co_await spend(fifo_ ? config_.latency.invoke_fifo : config_.latency.invoke, job->key);
  bool dropped = false;
  const runtime::invoke_outcome outcome = co_await invoke_with_retries(*job, dropped);
  co_await settle(*job, outcome, dropped);
  release(*job);
  --active_;
  job->finished = true;
  job->done.notify_all();
}

asio::awaitable<runtime::invoke_outcome> esm_impl::invoke_with_retries(batch_job& job, bool& dropped) {
  sim::time_ns backoff = sim::milliseconds(config_.throttle_backoff_initial_ms);
  const sim::time_ns backoff_cap = sim::milliseconds(config_.throttle_backoff_max_ms);
  for (;;) {
    ++job.attempts;
    ++stats_.invocations;
    metrics_.increment(m_.invocations);
    job.attempt_started = ctx_.now();
    runtime::invoke_outcome outcome =
        co_await function_.async_invoke(std::shared_ptr<const sqs_event>(job.event), asio::use_awaitable);
    for (std::size_t i = 0; i < job.ids.size(); ++i)
      ctx_.emit({.kind = &k_deliver, .ids = {job.id, job.attempts, outcome.invocation_id, i}, .text = job.ids[i]});
    if (outcome.status != runtime::invoke_status::throttled) co_return outcome;
    ++stats_.throttled_attempts;
    metrics_.increment(m_.throttles);
    ++tick_failures_;
    report_invocation(job, outcome, runtime::verdict_kind::complete_failure);
    ctx_.emit({.kind = &k_invoke, .ids = {job.id, job.attempts, static_cast<std::uint64_t>(outcome.status), 0}});
    // MD6/MD14 (L9, L11): retry with doubling backoff while the batch is still invisible;
    // once its visibility timeout would pass, drop it: the messages come back on their own,
    // their receive counts already incremented (P2).
    if (ctx_.now() + backoff >= job.visibility_deadline) {
      dropped = true;
      co_return outcome;
    }
    co_await sim::async_sleep_for(ctx_, backoff, asio::use_awaitable);
    backoff = std::min(backoff * 2, backoff_cap);
  }
}

void esm_impl::report_invocation(const batch_job& job, const runtime::invoke_outcome& outcome,
                                 runtime::verdict_kind verdict) {
  if (!observer_) return;
  observer_->on_invocation({.batch_id = job.id,
                            .attempt = job.attempts,
                            .size = static_cast<std::uint32_t>(job.ids.size()),
                            .t = ctx_.now(),
                            .started = job.attempt_started,
                            .outcome = &outcome,
                            .verdict = verdict});
}

asio::awaitable<void> esm_impl::settle(batch_job& job, const runtime::invoke_outcome& outcome, bool dropped) {
  if (dropped) {
    ++stats_.dropped_batches;
    metrics_.increment(m_.throttle_drops);
    ctx_.emit({.kind = &k_drop, .ids = {job.id, job.attempts, job.ids.size(), 0}});
    for (std::size_t i = 0; i < job.ids.size(); ++i) fail_message(job, i, failure_cause::throttle);
    co_return;
  }
  const runtime::batch_verdict verdict =
      runtime::judge_invocation(outcome, job.ids, config_.report_batch_item_failures);
  report_invocation(job, outcome, verdict.kind);
  ctx_.emit({.kind = &k_invoke,
             .ids = {job.id, job.attempts, static_cast<std::uint64_t>(outcome.status),
                     static_cast<std::uint64_t>(verdict.kind)},
             .value = outcome.duration});
  if (verdict.kind != runtime::verdict_kind::complete_failure) {
    co_await delete_messages(job, verdict);
    co_return;
  }
  // L1: nothing is deleted; the whole batch reappears after the visibility timeout, and
  // L9: function errors lower the ESM's concurrency.
  if (!outcome.ok()) ++tick_failures_;
  const failure_cause cause = cause_of(outcome.status);
  for (std::size_t i = 0; i < job.ids.size(); ++i) fail_message(job, i, cause);
}

asio::awaitable<void> esm_impl::delete_messages(batch_job& job, const runtime::batch_verdict& verdict) {
  // L1/L13: delete everything not reported as failed, ten handles per DeleteMessageBatch.
  std::vector<std::size_t> to_delete;
  for (std::size_t i = 0; i < job.ids.size(); ++i) {
    if (verdict.kind == runtime::verdict_kind::partial_failure && verdict.failed(job.ids[i])) {
      fail_message(job, i, failure_cause::reported);
    } else {
      if (observer_) observer_->on_processed(job.ids[i], job.id);
      to_delete.push_back(i);
    }
  }
  std::uint64_t deleted = 0;
  std::vector<queue::handle_batch_entry> entries;
  for (std::size_t first = 0; first < to_delete.size(); first += 10) {
    const std::size_t last = std::min(first + 10, to_delete.size());
    entries.clear();
    for (std::size_t k = first; k < last; ++k)
      entries.push_back({.id = std::to_string(k - first), .receipt_handle = job.handles[to_delete[k]]});
    // MD16: each call takes a round trip and takes effect halfway through it (MD22).
    sim::rng r = rng_.at(sim::mix_key(job.key, first / 10 + 1));  // one member per delete call of the batch
    const sim::time_ns rtt =
        (config_.latency.delete_call.is_zero() ? 0 : config_.latency.delete_call.draw(r)) + ctx_.hop_delay();
    if (rtt / 2 > 0) co_await sim::async_sleep_for(ctx_, rtt / 2, asio::use_awaitable);
    const queue::batch_result result = queues_.delete_message_batch(queue_, entries);
    for (std::size_t k = 0; k < entries.size(); ++k) {
      const bool ok = !result.error && (k >= result.entries.size() || !result.entries[k].error);
      if (!ok) continue;
      ++deleted;
      let_go(job, to_delete[first + k]);
      if (observer_) observer_->on_deleted(job.ids[to_delete[first + k]], job.id);
    }
    if (rtt - rtt / 2 > 0) co_await sim::async_sleep_for(ctx_, rtt - rtt / 2, asio::use_awaitable);
  }
  stats_.deleted += deleted;
  metrics_.increment(m_.deletes, static_cast<std::int64_t>(deleted));
  ctx_.emit({.kind = &k_delete, .ids = {job.id, deleted, job.ids.size() - deleted, 0}});
}

void esm_impl::fail_message(const batch_job& job, std::size_t index, failure_cause cause) {
  ++stats_.failures[static_cast<std::size_t>(cause)];
  metrics_.increment(m_.messages_returned);
  if (observer_) observer_->on_message_failed(job.ids[index], job.id, cause);
  ctx_.emit({.kind = &k_returned,
             .ids = {job.id, static_cast<std::uint64_t>(cause), index, 0},
             .digest = sim::digest_bytes(job.ids[index])});
}

void esm_impl::hold(batch_job& job) {
  job.let_go.assign(job.ids.size(), false);
  for (const auto& id : job.ids) {
    holding& h = holders_[id];
    if (h.count > 0) {
      // P1: two invocations hold the same message at once.
      ++stats_.concurrent_duplicates;
      if (observer_) observer_->on_concurrent_duplicate(id, job.id);
      ctx_.emit({.kind = &k_duplicate, .ids = {job.id, h.last_batch, 0, 0}, .digest = sim::digest_bytes(id)});
    }
    ++h.count;
    h.last_batch = job.id;
  }
}

void esm_impl::let_go(batch_job& job, std::size_t index) {
  if (job.let_go[index]) return;
  job.let_go[index] = true;
  const auto it = holders_.find(job.ids[index]);
  if (it != holders_.end() && --it->second.count <= 0) holders_.erase(it);
}

void esm_impl::release(batch_job& job) {
  for (std::size_t i = 0; i < job.ids.size(); ++i) let_go(job, i);
}

}  // namespace slsim::esm::detail
