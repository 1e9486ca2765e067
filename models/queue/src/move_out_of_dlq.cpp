// The move OUT of a dead-letter queue (StartMessageMoveTask, S16), at once. The move INTO a
// DLQ under a redrive policy is move_into_dlq.cpp.
#include <algorithm>

#include "service_impl.hpp"

namespace slsim::queue {
namespace {

constexpr sim::event_kind k_redrive{
    "queue", "redrive", {"queue", "message_hi", "message_lo", "message_seq"}, "target_queue"};

}  // namespace

std::error_code queue_service::move_messages(std::string_view dlq, std::string_view destination, int max_messages) {
  auto& s = *impl_;
  detail::queue_state* from = s.find(dlq);
  detail::queue_state* to = destination.empty() ? nullptr : s.find(destination);
  if (from == nullptr || (!destination.empty() && to == nullptr))
    return make_error_code(queue_errc::queue_does_not_exist);
  // S16: the source must be the DLQ of some queue; the destination must have its type.
  const bool is_dlq = std::any_of(s.queues.begin(), s.queues.end(), [from](const auto& q) { return q->dlq == from; });
  if (!is_dlq || to == from || (to != nullptr && to->config.type != from->config.type))
    return make_error_code(queue_errc::invalid_parameter_value);
  ++from->counters.api_calls;
  s.bring_up_to_date(*from);
  int moved = 0;
  for (const std::uint32_t slot : from->live_slots_in_order()) {  // oldest first
    if (moved >= max_messages) break;
    detail::stored_message& old = from->at(slot);
    detail::queue_state* target = to;
    if (target == nullptr && old.origin < s.queues.size()) target = s.queues[old.origin].get();
    if (target == nullptr) continue;
    s.bring_up_to_date(*target);
    // S16: a new message: new id, new enqueue time (retention starts over), count restarts.
    detail::stored_message m;
    m.body = target->texts.store(from->body(old));
    m.packed_attributes = target->texts.store(from->attributes(old));
    m.md5_body = old.md5_body;
    m.md5_attributes = old.md5_attributes;
    // S16's new id, drawn under the old one (itself keyed by content, §6).
    sim::rng draws = s.keyed.at(sim::mix_key(old.key.hi, old.key.lo));
    m.key = detail::random_message_key(draws);
    m.enqueue_time = m.sent_time = s.ctx.now();
    m.visible_at = s.ctx.now();
    m.sender = old.sender;
    m.seq = target->next_seq++;
    if (old.group != detail::k_no_group) m.group = target->group_index(from->group(old.group).name);
    if (target->fifo()) m.dedup_id = detail::format_uuid(m.key);
    ++from->counters.redriven;
    s.count(*from, &detail::queue_metrics::redrives);
    s.trace(k_redrive, *from, old, target->index);
    from->remove(slot);
    const std::uint32_t fresh = target->insert(std::move(m));
    ++target->counters.sent;
    s.observe(queue_event_kind::sent, *target, target->at(fresh));
    target->waiters.notify_one();
    ++moved;
  }
  return {};
}

}  // namespace slsim::queue
