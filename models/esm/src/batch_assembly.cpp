// Where batches are built: a poller's receives fill one batch within the batching window
// (L3, MD13, MD15), the batch size (L2) and the 6 MB invocation payload cap (L4); filtered
// messages are deleted without an invocation (L15). The poller loop is poller.cpp, what
// happens to a built batch is batch_job.cpp.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

#include "esm_impl.hpp"
#include "event_builder.hpp"
#include "slsim/sim/timer.hpp"

namespace slsim::esm::detail {

asio::awaitable<std::shared_ptr<batch_job>> esm_impl::assemble(std::vector<carried>& carry) {
  auto job = std::make_shared<batch_job>(ctx_);
  std::size_t bytes = 0;
  for (auto& c : carry) {
    bytes += payload_bytes(c.message);
    admit(*job, std::move(c.message), c.visible_again);
  }
  carry.clear();
  const auto batch_size = static_cast<std::size_t>(config_.batch_size);
  const int window = effective_window_s();
  sim::time_ns window_end = job->ids.empty() ? sim::k_never : ctx_.now() + sim::seconds(window);
  while (job->ids.size() < batch_size) {
    int wait_s = config_.receive_wait_time_s;  // MD15: waiting for the first message
    bool last_call = false;
    if (!job->ids.empty()) {
      // L3: once the batch has a message, gather until the window ends (0: invoke now).
      if (window == 0) break;
      const sim::time_ns left = window_end - ctx_.now();
      if (left <= 0) break;
      if (left < sim::k_second) {
        co_await sim::async_sleep_until(ctx_, window_end, asio::use_awaitable);
        wait_s = 0;
        last_call = true;
      } else {
        wait_s = static_cast<int>(std::min<sim::time_ns>(left / sim::k_second, config_.receive_wait_time_s));
      }
    }
    const bool was_empty = job->ids.empty();
    const int got = co_await receive_into(*job, carry, wait_s, bytes);
    if (got < 0) {
      if (job->ids.empty()) {
        co_await sim::async_sleep_for(ctx_, sim::k_second, asio::use_awaitable);  // receive error: back off
        co_return nullptr;
      }
      break;
    }
    if (!carry.empty() || last_call) break;  // L4: payload cap reached, or the window's last call
    if (was_empty) {
      if (job->ids.empty()) {
        if (got == 0) co_return nullptr;  // the long poll ended empty
        continue;                         // everything received was filtered out (L15)
      }
      window_end = ctx_.now() + sim::seconds(window);  // the window starts with the first message
    }
  }
  co_return job->ids.empty() ? nullptr : job;
}

asio::awaitable<int> esm_impl::receive_into(batch_job& job, std::vector<carried>& carry, int wait_s,
                                            std::size_t& bytes) {
  queue::receive_request request;
  request.max_number_of_messages =
      static_cast<int>(std::min<std::size_t>(config_.receive_max_messages, config_.batch_size - job.ids.size()));
  request.wait_time_s = wait_s;
  const int visibility = receive_visibility_s();
  if (visibility != visibility_s_) request.visibility_timeout_s = visibility;
  auto [ec, got] = co_await queues_.async_receive_message(queue_, request, asio::as_tuple(asio::use_awaitable));
  // Daemon shutdown: end the coroutine the way the kernel expects a cancelled task to end.
  if (ec == std::errc::operation_canceled) throw boost::system::system_error(asio::error::operation_aborted);
  ++stats_.receives;
  metrics_.increment(m_.polls);
  if (!ec && got.empty()) metrics_.increment(m_.empty_polls);
  ctx_.emit({.kind = &k_receive,
             .ids = {static_cast<std::uint64_t>(wait_s), got.size(), static_cast<std::uint64_t>(ec.value()), 0}});
  if (ec) co_return -1;
  const sim::time_ns now = ctx_.now();
  const sim::time_ns visible_again = now + sim::seconds(visibility);
  if (!got.empty()) last_message_at_ = now;
  if (!got.empty() && queues_.visible_backlog(queue_) > 0) ++tick_backlog_receives_;  // MD7: backlog signal
  stats_.messages_received += got.size();
  metrics_.increment(m_.messages_received, static_cast<std::int64_t>(got.size()));
  const int count = static_cast<int>(got.size());
  for (auto& m : got) {
    // P1: this message was received while an invocation still holds it: its visibility
    // expired during processing, and that earlier receive will not end in a delete.
    if (const auto it = holders_.find(m.message_id); it != holders_.end() && it->second.count > 0) {
      ++stats_.failures[static_cast<std::size_t>(failure_cause::visibility_expiry)];
      metrics_.increment(m_.messages_returned);
      if (observer_)
        observer_->on_message_failed(m.message_id, it->second.last_batch, failure_cause::visibility_expiry);
      ctx_.emit({.kind = &k_returned,
                 .ids = {it->second.last_batch, static_cast<std::uint64_t>(failure_cause::visibility_expiry), 0, 0},
                 .digest = sim::digest_bytes(m.message_id)});
    }
    if (!filter_.matches(m.body)) {  // L15: deleted without invocation
      queues_.delete_message(queue_, m.receipt_handle);
      ++stats_.filtered;
      metrics_.increment(m_.filtered);
      if (observer_) observer_->on_filtered(m.message_id);
      ctx_.emit({.kind = &k_filtered, .digest = sim::digest_bytes(m.message_id)});
      continue;
    }
    const std::size_t size = payload_bytes(m);
    if (!carry.empty() || (!job.ids.empty() && bytes + size > static_cast<std::size_t>(config_.payload_limit_bytes))) {
      carry.push_back({std::move(m), visible_again});  // L4: opens the next batch
      continue;
    }
    bytes += size;
    admit(job, std::move(m), visible_again);
  }
  co_return count;
}

void esm_impl::admit(batch_job& job, queue::received_message&& m, sim::time_ns visible_again) {
  if (job.ids.empty() || visible_again < job.visibility_deadline) job.visibility_deadline = visible_again;
  job.ids.push_back(m.message_id);
  job.handles.push_back(m.receipt_handle);
  job.event->records.push_back(make_record(std::move(m), arn_));
}

}  // namespace slsim::esm::detail
