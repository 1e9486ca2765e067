// Calls that name a message by receipt handle: DeleteMessage (S7, MD2) and
// ChangeMessageVisibility (S6), plus the MD4 duplicate copy.
#include "service_impl.hpp"

namespace slsim::queue::detail {
namespace {

constexpr sim::event_kind k_delete{
    "queue", "delete", {"queue", "message_hi", "message_lo", "message_seq"}, "effective"};
constexpr sim::event_kind k_visibility{
    "queue", "visibility", {"queue", "message_hi", "message_lo", "message_seq"}, "seconds"};
constexpr sim::event_kind k_duplicate{
    "queue", "duplicate", {"queue", "message_hi", "message_lo", "message_seq"}, "receive_count"};
constexpr sim::time_ns k_max_visibility = sim::hours(12);  // S6

}  // namespace

std::error_code service_impl::remove_by_handle(queue_state& q, std::string_view handle) {
  handle_fields f;
  // MD2: only a syntactically invalid (or foreign) handle is an error.
  if (!parse_handle(handle, secret, f) || f.queue != q.index)
    return make_error_code(queue_errc::receipt_handle_is_invalid);
  bring_up_to_date(q);
  if (!q.valid_slot(f.slot) || q.at(f.slot).token != f.token) {
    // S7/MD2: an old handle succeeds and deletes nothing.
    ++q.counters.stale_deletes;
    ctx.emit({.kind = &k_delete, .ids = {q.index, 0, 0, f.token}, .value = 0});
    stored_message none;
    observe(queue_event_kind::stale_delete, q, none);
    return {};
  }
  stored_message& s = q.at(f.slot);
  ++q.counters.deleted;
  count(q, &queue_metrics::deletes);
  trace(k_delete, q, s, 1, f.token);
  observe(queue_event_kind::deleted, q, s);
  if (s.duplicate_after_delete) {
    s.duplicate_after_delete = false;
    store_duplicate(q, f.slot);  // S1/MD4: the message comes back after a successful delete
  }
  const bool group_may_unblock = q.fifo();
  q.remove(f.slot);
  if (group_may_unblock) q.waiters.notify_one();  // F2: the group's next message may now be delivered
  return {};
}

std::error_code service_impl::change_visibility(queue_state& q, std::string_view handle, int seconds) {
  handle_fields f;
  if (!parse_handle(handle, secret, f) || f.queue != q.index)
    return make_error_code(queue_errc::receipt_handle_is_invalid);
  if (seconds < 0 || seconds > 43200) return make_error_code(queue_errc::invalid_parameter_value);  // S6
  bring_up_to_date(q);
  const sim::time_ns now = ctx.now();
  if (!q.valid_slot(f.slot) || q.at(f.slot).token != f.token) {
    ctx.emit({.kind = &k_visibility, .ids = {q.index, 0, 0, f.token}, .value = -1});
    return {};  // MD2: stale handle, success without effect
  }
  stored_message& s = q.at(f.slot);
  if (s.state != message_state::in_flight) return make_error_code(queue_errc::message_not_inflight);  // S6
  // S6: the new timeout runs from now; past 12 h since the receive it is rejected, not clamped.
  if (now - s.received_at + sim::seconds(seconds) > k_max_visibility)
    return make_error_code(queue_errc::invalid_parameter_value);
  ++q.counters.visibility_changes;
  trace(k_visibility, q, s, seconds, f.token);
  observe(queue_event_kind::visibility_changed, q, s);
  if (seconds == 0) {
    q.end_visibility_now(f.slot, now);
  } else {
    q.set_deadline(f.slot, now + sim::seconds(seconds));
  }
  q.waiters.notify_all();  // long polls re-arm their timers against the new deadline
  return {};
}

void service_impl::store_duplicate(queue_state& q, std::uint32_t slot) {
  const stored_message& s = q.at(slot);
  stored_message m;
  m.body = q.texts.store(q.body(s));
  m.packed_attributes = q.texts.store(q.attributes(s));
  m.dedup_id = s.dedup_id;
  m.key = s.key;
  m.md5_body = s.md5_body;
  m.md5_attributes = s.md5_attributes;
  m.enqueue_time = s.enqueue_time;
  m.sent_time = s.sent_time;
  m.first_receive_time = s.first_receive_time;
  m.receive_count = s.receive_count;
  m.group = s.group;
  m.sender = s.sender;
  m.seq = q.next_seq++;
  m.state = message_state::visible;
  m.visible_at = ctx.now();
  const std::uint32_t copy = q.insert(std::move(m));
  ++q.counters.duplicates_injected;
  trace(k_duplicate, q, q.at(copy), q.at(copy).receive_count);
  observe(queue_event_kind::duplicated, q, q.at(copy));
  q.waiters.notify_one();
}

}  // namespace slsim::queue::detail
