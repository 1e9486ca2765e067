#include <nlohmann/json.hpp>

#include <algorithm>

#include "slsim/models/json_input.hpp"
#include "slsim/pipeline/summary.hpp"
#include "slsim/runtime/invoke_outcome.hpp"
#include "world_parts.hpp"

namespace slsim::pipeline::detail {

recorder::recorder(sim::context& ctx, const scenario& s,
                   std::function<void(std::uint64_t, const std::string&)>& after_send, record_mode mode,
                   expected_fn expected, std::function<bool(std::uint64_t)> enqueued, bool attribute)
    : ctx_(ctx),
      scenario_(s),
      after_send_(after_send),
      mode_(mode),
      keep_(mode != record_mode::ids),
      attribute_(attribute),
      expected_(std::move(expected)),
      enqueued_(std::move(enqueued)) {}

recorder::~recorder() = default;

message_record* recorder::find(std::string_view message_id) {
  if (mode_ == record_mode::folded) return find_folded(message_id, nullptr);
  const auto [first, last] = index_.equal_range(sim::fnv1a64(message_id));
  for (auto it = first; it != last; ++it)
    if (messages[it->second].message_id == message_id) return &messages[it->second];
  return nullptr;
}

void recorder::reserve(std::size_t requests) {
  if (mode_ == record_mode::folded) {  // messages: what is in flight, not what was sent; one fold a request
    folded_.folds.reserve(requests);
    folded_.by_request.reserve(requests);
    return;
  }
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

std::size_t recorder::held_messages() const noexcept {
  if (mode_ == record_mode::folded) return live_.size() - free_.size() + kept_.size();
  return keep_ ? messages.size() : sent_.size();
}

void recorder::on_event(const queue::queue_event& e) {
  using kind = queue::queue_event_kind;
  if (e.queue != scenario_.queue.name && e.kind != kind::moved_to_dlq) return;
  if (mode_ == record_mode::folded) {
    on_fold_event(e);
    return;
  }
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
      const std::uint64_t n = ++sent_count_;  // the n-th message sent to the source queue
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
  if (!keep_ || !attribute_) return;  // only for attributing failures and throttles
  batch_invocation_[report.batch_id] = report.outcome ? report.outcome->invocation_id : 0;
  if (!report.outcome) return;
  const auto& outcome = *report.outcome;
  if (outcome.status == runtime::invoke_status::throttled) {
    first_throttle_.emplace(report.batch_id, report.t);  // keeps the first attempt's instant
    return;
  }
  // It held concurrency from the attempt to its return, INIT and a timeout's kill lag included (L11, MD5).
  spans.push_back({outcome.invocation_id, report.started, report.t});
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
  if (!keep_ || c.table != scenario_.effects.result_table || !c.new_image) return;  // consumed: nothing reads it later
  if (mode_ == record_mode::folded) {
    settle_left();
    ++folded_.result_writes;
    const std::string id = result_request_id(*c.new_image, scenario_.effects);
    request_fold& f = fold_of(id);
    const auto index = static_cast<std::uint32_t>(&f - folded_.folds.data());
    if (++f.writes == 1) {
      f.first_write = c.time;
      if (f.messages == 0) {
        pending_[index].written = c.new_image;  // compared once its first message is sent
      } else if (const auto it = pending_.find(index); it != pending_.end()) {
        // Its first message came first (the usual order): compared now, the expected item dropped.
        if (it->second.expected) f.differs = *it->second.expected != *c.new_image;
        pending_.erase(it);
      }
    }
    // A write naming a request none of whose attempts has enqueued yet: a rejected request
    // reaching the store, unless an enqueue follows (decided at the end).
    if (const auto number = parse_request_number(id); number && !enqueued_(*number))
      folded_.writes_before_enqueue.push_back(*number);
    return;
  }
  c.old_image.reset();
  c.keys.clear();
  result_writes.push_back(std::move(c));
}

void recorder::collect(run_outcome& out) {
  if (mode_ != record_mode::folded) {
    out.messages = std::move(messages);
    out.changes = std::move(result_writes);
    out.invocation_spans = std::move(spans);
    return;
  }
  settle_left();
  // A request with result writes and no message: its first body is "" (as the oracles read it).
  for (auto& [index, pending] : pending_) {
    request_fold& f = folded_.folds[index];
    if (f.messages > 0 || !pending.written) continue;
    const auto item = expected_(std::string_view());
    f.front_valid = item.has_value();
    if (item) f.differs = *item != *pending.written;
  }
  pending_.clear();
  auto held = std::move(kept_);
  for (auto& m : live_)
    if (m.in_use) held.emplace_back(m.seq, std::move(m.record));
  // In send order. A long run keeps a DLQ's worth of records: sort their (order, place)
  // pairs rather than the records, and move them out with their pages released as they go.
  std::vector<std::pair<std::uint64_t, std::uint32_t>> order;
  order.reserve(held.size());
  sim::record_storage::for_each_released(
      held, [&](const auto& kept) { order.emplace_back(kept.first, static_cast<std::uint32_t>(order.size())); });
  std::sort(order.begin(), order.end());
  out.messages.clear();
  out.messages.reserve(held.size());
  sim::record_storage::for_each_released(
      order, [&](const auto& at) { out.messages.push_back(std::move(held[at.second].second)); });
  held.clear();
  sim::record_storage::release_pages();
  out.changes.clear();
  out.invocation_spans = std::move(spans);
  out.folded = std::move(folded_);
}

}  // namespace slsim::pipeline::detail
