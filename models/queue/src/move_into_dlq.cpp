// The move INTO a dead-letter queue under a redrive policy: a message received
// max_receive_count times is moved on its next receive instead of being delivered (MD1, S13,
// S14, F8). The move OUT of a DLQ (StartMessageMoveTask, S16) is move_out_of_dlq.cpp.
#include "service_impl.hpp"

namespace slsim::queue::detail {
namespace {

constexpr sim::event_kind k_dlq_move{
    "queue", "dlq_move", {"queue", "message_hi", "message_lo", "message_seq"}, "receive_count"};

}  // namespace

void service_impl::move_to_dlq(queue_state& q, std::uint32_t slot) {
  queue_state& d = *q.dlq;
  stored_message& s = q.at(slot);
  stored_message m;
  m.body = d.texts.store(q.body(s));
  m.packed_attributes = d.texts.store(q.attributes(s));
  m.key = s.key;
  m.md5_body = s.md5_body;
  m.md5_attributes = s.md5_attributes;
  m.sent_time = s.sent_time;
  m.first_receive_time = s.first_receive_time;
  m.receive_count = s.receive_count;  // S8: counted across all queues
  m.sender = s.sender;
  m.origin = q.index;
  m.seq = d.next_seq++;
  m.visible_at = ctx.now();
  m.state = message_state::visible;
  if (s.group != k_no_group) m.group = d.group_index(q.group(s.group).name);
  if (d.fifo()) {
    m.enqueue_time = ctx.now();       // F8/S14: a FIFO move resets the retention clock
    m.dedup_id = format_uuid(s.key);  // F8: the dedup id becomes the message id
  } else {
    m.enqueue_time = s.enqueue_time;  // S14: the DLQ retention trap (P3)
  }
  ++q.counters.moved_to_dlq;
  count(q, &queue_metrics::dlq_moves);
  ++d.counters.moved_in;
  trace(k_dlq_move, q, s, s.receive_count, d.index);
  observe(queue_event_kind::moved_to_dlq, q, s, &d);
  q.remove(slot);
  d.insert(std::move(m));
  d.waiters.notify_one();
}

}  // namespace slsim::queue::detail
