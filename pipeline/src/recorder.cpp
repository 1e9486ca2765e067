#include "world_parts.hpp"

#include <nlohmann/json.hpp>
#include "slsim/models/json_input.hpp"
#include "slsim/runtime/invoke_outcome.hpp"

namespace slsim::pipeline::detail {

message_record* recorder::find(std::string_view message_id) {
  const auto [first, last] = index_.equal_range(sim::fnv1a64(message_id));
  for (auto it = first; it != last; ++it)
    if (messages[it->second].message_id == message_id) return &messages[it->second];
  return nullptr;
}

void recorder::reserve(std::size_t requests) {
  if (!keep_) {
    sent_.reserve(requests + requests / 4);
    return;
  }
  messages.reserve(requests + requests / 4);
  result_writes.reserve(requests + requests / 4);
}

const std::string* recorder::request_of(std::string_view message_id) const {
  if (keep_) {
    const auto* m = find(message_id);
    return m ? &m->client_request_id : nullptr;
  }
  const auto [first, last] = index_.equal_range(sim::fnv1a64(message_id));
  for (auto it = first; it != last; ++it)
    if (sent_[it->second].message_id == message_id) return &sent_[it->second].client_request_id;
  return nullptr;
}

const message_record* recorder::find(std::string_view message_id) const {
  return const_cast<recorder*>(this)->find(message_id);  // the same lookup; nothing is modified
}

void recorder::on_event(const queue::queue_event& e) {
  using kind = queue::queue_event_kind;
  if (e.queue != source_ && e.kind != kind::moved_to_dlq) return;
  if (!keep_ && e.kind != kind::sent) return;
  switch (e.kind) {
    case kind::sent: {
      message_record m;
      m.message_id = std::string(e.message_id);
      m.group = std::string(e.message_group_id);
      m.sent_at = e.t;
      // The requestId travels in the body (and as a message attribute); the body is
      // what the handler sees, so read it from there.
      if (auto id = models::top_level_string(e.body, "requestId")) m.client_request_id = std::move(*id);
      const std::size_t n = index_.size() + 1;  // the n-th message sent to the source queue
      index_.emplace(sim::fnv1a64(m.message_id), static_cast<std::uint32_t>(n - 1));
      if (keep_) {
        m.body = std::string(e.body);
        messages.push_back(std::move(m));
      } else {
        sent_.push_back({std::move(m.message_id), std::move(m.client_request_id)});
      }
      if (after_send_) {
        // Observers must not call back into the queue: the hook runs as its own event.
        ctx_.post([hook = &after_send_, n, id = std::string(e.message_id)] { (*hook)(n, id); });
      }
      break;
    }
    case kind::received:
      if (auto* m = find(e.message_id)) {
        ++m->receives;
        if (keep_) m->received_at.push_back(e.t);
      }
      break;
    case kind::deleted:
      if (auto* m = find(e.message_id); m && m->deleted_at < 0) m->deleted_at = e.t;
      break;
    case kind::moved_to_dlq:
      if (auto* m = find(e.message_id)) m->moved_to_dlq_at = e.t;
      break;
    default:
      break;
  }
}

void recorder::on_invocation(const esm::invocation_report& report) {
  if (!keep_) return;  // only for attributing failures and throttles, which are not kept
  batch_invocation_[report.batch_id] = report.outcome ? report.outcome->invocation_id : 0;
  if (!report.outcome) return;
  const auto& outcome = *report.outcome;
  if (outcome.status == runtime::invoke_status::throttled) {
    first_throttle_.emplace(report.batch_id, report.t);  // keeps the first attempt's instant
    return;
  }
  // It held concurrency from the attempt to its return, INIT and a timeout's kill lag included (L11, MD5).
  if (keep_) spans.push_back({outcome.invocation_id, report.started, report.t});
}

void recorder::on_processed(std::string_view message_id, std::uint64_t /*batch_id*/) {
  if (!keep_) return;
  if (auto* m = find(message_id); m && m->processed_at < 0) m->processed_at = ctx_.now();
}

void recorder::on_message_failed(std::string_view message_id, std::uint64_t batch_id, esm::failure_cause cause) {
  if (!keep_) return;
  auto* m = find(message_id);
  if (!m) return;
  const auto it = batch_invocation_.find(batch_id);
  // A throttled batch never ran: no invocation to blame (MD6), only the window in which
  // its retries found the concurrency taken.
  const bool throttled = cause == esm::failure_cause::throttle;
  const std::uint64_t invocation = throttled || it == batch_invocation_.end() ? 0 : it->second;
  sim::time_ns since = ctx_.now();
  if (const auto first = first_throttle_.find(batch_id); throttled && first != first_throttle_.end())
    since = first->second;
  m->failures.push_back({cause, invocation, ctx_.now(), since});
}

void recorder::on_change(store::change_record&& c) {
  if (!keep_ || c.table != result_table_ || !c.new_image) return;  // consumed: nothing reads it later
  c.old_image.reset();
  c.keys.clear();
  result_writes.push_back(std::move(c));
}

}  // namespace slsim::pipeline::detail
