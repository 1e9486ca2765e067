// ReceiveMessage: ordering (MD3, F1-F3), in-flight limits (S3, F4), which messages are due
// for the DLQ instead of a delivery (MD1; the move itself is move_into_dlq.cpp) and
// receive-attempt retries (F6).
#include <algorithm>

#include "service_impl.hpp"
#include "slsim/sim/assert.hpp"

namespace slsim::queue::detail {
namespace {

constexpr sim::event_kind k_receive{
    "queue", "receive", {"queue", "message_hi", "message_lo", "message_seq"}, "receive_count"};
constexpr sim::event_kind k_attempt_replay{"queue", "attempt_replay", {"queue", "messages"}};
constexpr sim::time_ns k_attempt_window = sim::minutes(5);  // F6

bool valid_receive(const receive_request& r) {
  if (r.max_number_of_messages < 1 || r.max_number_of_messages > 10) return false;  // S4
  if (r.visibility_timeout_s && (*r.visibility_timeout_s < 0 || *r.visibility_timeout_s > 43200)) return false;
  if (r.wait_time_s && (*r.wait_time_s < 0 || *r.wait_time_s > 20)) return false;
  return true;
}

bool due_for_dlq(const queue_state& q, const stored_message& s) {
  // MD1: delivered at most max_receive_count times; the next attempt moves it instead.
  return q.dlq != nullptr && s.receive_count >= static_cast<std::uint32_t>(q.config.redrive_policy.max_receive_count);
}

}  // namespace

received_message service_impl::to_received(queue_state& q, std::uint32_t slot) {
  const stored_message& s = q.at(slot);
  received_message m;
  m.message_id = format_uuid(s.key);
  m.receipt_handle = format_handle({q.index, slot, s.token}, secret);
  m.body = q.body(s);
  m.md5_of_body = hex(s.md5_body);
  if (!s.packed_attributes.empty()) {
    m.message_attributes = unpack_attributes(q.attributes(s));
    m.md5_of_message_attributes = hex(s.md5_attributes);
  }
  m.receive_count = static_cast<int>(s.receive_count);
  m.enqueue_time = s.enqueue_time;
  m.sent_time = s.sent_time;
  auto& a = m.attributes;
  a.approximate_receive_count = m.receive_count;
  a.sent_timestamp = epoch_ms(s.sent_time);
  a.approximate_first_receive_timestamp = s.first_receive_time < 0 ? 0 : epoch_ms(s.first_receive_time);
  a.sender_id = senders[s.sender];
  if (s.group != k_no_group) a.message_group_id = q.group(s.group).name;
  if (q.fifo()) {
    a.sequence_number = format_sequence_number(s.seq);
    a.message_deduplication_id = s.dedup_id;
  }
  return m;
}

void service_impl::deliver(queue_state& q, std::uint32_t slot, sim::time_ns visibility,
                           std::vector<received_message>& out) {
  stored_message& s = q.at(slot);
  const sim::time_ns now = ctx.now();
  // S5/S6: a message is received again only once its deadline passed (or was moved to now
  // by ChangeMessageVisibility); visible_at of a visible message is when it became visible.
  SLSIM_ASSERT(s.live && s.state == message_state::visible && s.visible_at <= now,
               "queue invariant: a message was received before its visibility deadline or delay");
  ++s.receive_count;  // S8: every receive counts
  s.token = next_token++;
  if (s.first_receive_time < 0) s.first_receive_time = now;
  s.received_at = now;
  q.make_in_flight(slot, now + visibility);  // S5: the timer starts when SQS returns it
  ++q.counters.received;
  count(q, &queue_metrics::receives);
  if (s.receive_count > 1) count(q, &queue_metrics::redeliveries);  // S8: received before
  if (keep_deliveries) deliveries.push_back({now, s.key, s.receive_count});
  trace(k_receive, q, s, s.receive_count, s.token);
  observe(queue_event_kind::received, q, s);
  out.push_back(to_received(q, slot));
}

bool service_impl::replay_attempt(queue_state& q, const receive_request& r, std::vector<received_message>& out) {
  fifo_memory& mem = fifo[q.index];
  const sim::time_ns now = ctx.now();
  while (!mem.attempt_order.empty() && mem.attempt_order.front().first <= now) {
    const auto it = mem.attempts.find(mem.attempt_order.front().second);
    if (it != mem.attempts.end() && it->second.expires <= now) mem.attempts.erase(it);
    mem.attempt_order.pop_front();
  }
  const auto it = mem.attempts.find(r.receive_request_attempt_id);
  if (it == mem.attempts.end()) return false;
  // F6: a retried attempt returns the same messages and handles while they are unmodified.
  const auto& got = it->second.delivered;
  const bool same = std::all_of(got.begin(), got.end(), [&q](const auto& e) {
    const auto slot = static_cast<std::uint32_t>(e[0]);
    return q.valid_slot(slot) && q.at(slot).token == e[1] && q.at(slot).epoch == e[2] &&
           q.at(slot).state == message_state::in_flight;
  });
  if (!same || got.empty()) return false;
  for (const auto& e : got) out.push_back(to_received(q, static_cast<std::uint32_t>(e[0])));
  ctx.emit({.kind = &k_attempt_replay, .ids = {q.index, got.size(), 0, 0}});
  return true;
}

void service_impl::record_attempt(queue_state& q, const std::string& attempt_id,
                                  const std::vector<received_message>& out, std::size_t first) {
  fifo_memory& mem = fifo[q.index];
  attempt_entry entry{ctx.now() + k_attempt_window, {}};
  for (std::size_t i = first; i < out.size(); ++i) {
    handle_fields f;
    parse_handle(out[i].receipt_handle, secret, f);
    entry.delivered.push_back({f.slot, f.token, q.at(f.slot).epoch});
  }
  mem.attempts[attempt_id] = std::move(entry);
  mem.attempt_order.emplace_back(ctx.now() + k_attempt_window, attempt_id);
}

void service_impl::receive_fifo(queue_state& q, std::size_t n, sim::time_ns visibility,
                                std::vector<received_message>& out) {
  // F1: as many messages of an available group as possible, oldest group first; F2 blocks the rest.
  // F3: only the first 120,000 stored messages are looked at, so a group whose next message
  // lies beyond them is not found (a backlog in blocked groups starves later groups).
  const std::uint64_t window_end = q.scan_window_end();
  const std::size_t first = out.size();
  while (out.size() - first < n && !q.available_groups().empty()) {
    const auto [head_seq, g] = *q.available_groups().begin();
    if (head_seq >= window_end) break;  // F3: groups are ordered by head, the rest lie beyond too
    fifo_group& grp = q.group(g);
    std::size_t i = 0;
    while (out.size() - first < n && i < grp.members.size()) {
      const std::uint32_t slot = grp.members[i];
      if (q.at(slot).state != message_state::visible || q.at(slot).seq >= window_end) break;  // F2, F3
      if (due_for_dlq(q, q.at(slot))) {
        move_to_dlq(q, slot);  // F8: unblocks the group, breaks its order
        continue;
      }
      deliver(q, slot, visibility, out);
      ++i;
    }
  }
}

void service_impl::receive_standard(queue_state& q, std::size_t n, sim::time_ns visibility,
                                    std::vector<received_message>& out, sim::rng& draws) {
  const std::size_t first = out.size();
  if (!q.config.unordered) {
    while (out.size() - first < n && !q.ready().empty()) {  // MD3: oldest visible first
      const std::uint32_t slot = std::get<2>(*q.ready().begin());
      if (due_for_dlq(q, q.at(slot)))
        move_to_dlq(q, slot);
      else
        deliver(q, slot, visibility, out);
    }
    return;
  }
  // MD3 unordered: a seeded permutation of the oldest candidates.
  std::vector<std::uint32_t> candidates;
  for (const auto& e : q.ready()) {
    if (candidates.size() >= 10 * n) break;
    candidates.push_back(std::get<2>(e));
  }
  for (std::size_t i = candidates.size(); i > 1; --i) {
    const auto j = static_cast<std::size_t>(draws.uniform_int(0, static_cast<std::int64_t>(i) - 1));
    std::swap(candidates[i - 1], candidates[j]);
  }
  for (const std::uint32_t slot : candidates) {
    if (out.size() - first >= n) break;
    if (due_for_dlq(q, q.at(slot)))
      move_to_dlq(q, slot);
    else
      deliver(q, slot, visibility, out);
  }
}

std::error_code service_impl::receive(queue_state& q, const receive_request& r, std::vector<received_message>& out,
                                      bool short_poll) {
  if (!valid_receive(r)) return make_error_code(queue_errc::invalid_parameter_value);
  bring_up_to_date(q);
  const bool attempt = q.fifo() && !r.receive_request_attempt_id.empty();
  if (attempt && replay_attempt(q, r, out)) return {};
  const std::int64_t room = q.config.inflight_limit - q.in_flight_count();
  if (room <= 0) {
    if (!q.fifo()) return make_error_code(queue_errc::over_limit);  // S3
    return {};                                                      // F4: silently nothing
  }
  auto n = static_cast<std::size_t>(std::min<std::int64_t>(r.max_number_of_messages, room));
  // This receive's own member, taken only when the receive draws at all.
  const bool draws_any = (short_poll && q.config.short_poll_fewer) || (!q.fifo() && q.config.unordered);
  sim::rng draws = draws_any ? keyed.at(receive_keys.next(ctx.now(), q.index)) : sim::rng(0);
  if (short_poll && q.config.short_poll_fewer) {
    // S4: a short poll samples some servers and may return fewer, even none.
    const auto avail = std::min<std::int64_t>(static_cast<std::int64_t>(n), q.visible_count());
    n = static_cast<std::size_t>(draws.uniform_int(0, avail));
  }
  const sim::time_ns visibility = sim::seconds(r.visibility_timeout_s.value_or(q.config.visibility_timeout_s));
  const std::size_t first = out.size();
  if (q.fifo())
    receive_fifo(q, n, visibility, out);
  else
    receive_standard(q, n, visibility, out, draws);
  if (out.size() == first) {
    ++q.counters.empty_receives;
    count(q, &queue_metrics::empty_receives);
  }
  if (attempt && out.size() > first) record_attempt(q, r.receive_request_attempt_id, out, first);
  return {};
}

}  // namespace slsim::queue::detail
