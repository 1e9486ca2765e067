// record_mode::folded (docs/architecture.md §8): each message's record lives while the
// message can still be delivered; once its last copy has left the source queue it is
// either dropped (deleted, valid: its request's fold holds all the oracles need of it) or
// kept for the end (moved to the DLQ, deleted although invalid, expired). Result writes
// are counted into their request's fold as they commit.
#include "slsim/models/json_input.hpp"
#include "slsim/sim/assert.hpp"
#include "world_parts.hpp"

namespace slsim::pipeline::detail {

message_record* recorder::find_folded(std::string_view message_id, std::uint32_t* slot) {
  const auto hash = sim::fnv1a64(message_id);
  const auto [first, last] = index_.equal_range(hash);
  for (auto it = first; it != last; ++it)
    if (live_[it->second].record.message_id == message_id) {
      if (slot) *slot = it->second;
      return &live_[it->second].record;
    }
  if (slot) return nullptr;  // only live messages have copies left
  const auto [kept_first, kept_last] = kept_index_.equal_range(hash);
  for (auto it = kept_first; it != kept_last; ++it)
    if (kept_[it->second].second.message_id == message_id) return &kept_[it->second].second;
  return nullptr;
}

request_fold& recorder::fold_of(std::string_view request_id) {
  const auto next = static_cast<std::uint32_t>(folded_.folds.size());
  std::uint32_t index = next;
  if (const auto number = parse_request_number(request_id)) {
    index = folded_.by_request.try_emplace(*number, next).first;
  } else {
    const auto it = folded_.by_other_id.find(request_id);
    if (it != folded_.by_other_id.end())
      index = it->second;
    else
      folded_.by_other_id.emplace(std::string(request_id), next);
  }
  if (index == next) folded_.folds.emplace_back();
  return folded_.folds[index];
}

void recorder::settle(std::uint32_t slot) {
  live_message& m = live_[slot];
  const auto hash = sim::fnv1a64(m.record.message_id);
  const auto [first, last] = index_.equal_range(hash);
  for (auto it = first; it != last; ++it)
    if (it->second == slot) {
      index_.erase(it);
      break;
    }
  // Deleted and valid: no oracle reads it again (its request's fold has its part). Anything
  // else is judged at the end: a DLQ move (dlq_routing, no_loss), an invalid message
  // deleted (dlq_routing), a message that expired unprocessed (no_loss).
  const bool clean = m.record.deleted_at >= 0 && m.record.moved_to_dlq_at < 0 && m.valid;
  if (!clean) {
    // Kept to the end (a long run's DLQ moves): no spare capacity from their growth.
    m.record.received_at.shrink_to_fit();
    m.record.failures.shrink_to_fit();
    kept_index_.emplace(hash, static_cast<std::uint32_t>(kept_.size()));
    kept_.emplace_back(m.seq, std::move(m.record));
  }
  m = live_message{};
  free_.push_back(slot);
}

void recorder::settle_left() {
  for (const auto slot : unsettled_)
    if (live_[slot].in_use && live_[slot].copies <= 0) settle(slot);
  unsettled_.clear();
}

void recorder::on_fold_event(const queue::queue_event& e) {
  using kind = queue::queue_event_kind;
  std::uint32_t slot = 0;
  if (e.kind == kind::duplicated) {
    // MD4: a copy comes back right after the delete that took the last one (the same call).
    if (find_folded(e.message_id, &slot)) ++live_[slot].copies;
    return;
  }
  settle_left();
  switch (e.kind) {
    case kind::sent: {
      if (free_.empty()) {
        slot = static_cast<std::uint32_t>(live_.size());
        live_.emplace_back();
      } else {
        slot = free_.back();
        free_.pop_back();
      }
      live_message& m = live_[slot];
      m.in_use = true;
      m.copies = 1;
      m.seq = ++sent_count_;
      m.record.message_id = std::string(e.message_id);
      m.record.group = std::string(e.message_group_id);
      m.record.sent_at = e.t;
      m.record.body = std::string(e.body);
      // The requestId travels in the body (and as a message attribute); the body is
      // what the handler sees, so read it from there.
      if (auto id = models::top_level_string(e.body, "requestId")) m.record.client_request_id = std::move(*id);
      index_.emplace(sim::fnv1a64(m.record.message_id), slot);
      auto expected = expected_(e.body);
      m.valid = expected.has_value();
      request_fold& f = fold_of(m.record.client_request_id);
      const auto index = static_cast<std::uint32_t>(&f - folded_.folds.data());
      m.fold = index;
      ++folded_.messages_sent;
      if (++f.messages == 1) {
        // Its first message: the body the oracles judge the request by (exactly_once).
        f.first_sent = e.t;
        const auto uuid = parse_message_uuid(e.message_id);
        SLSIM_ASSERT(uuid.has_value(), "SQS message ids are UUIDs");
        f.front_hi = uuid->first;
        f.front_lo = uuid->second;
        f.front_valid = m.valid;
        const auto& counters = scenario_.effects.counters;
        if (!counters.empty()) {
          f.shares = static_cast<std::uint32_t>(folded_.shares.size());
          const auto j = models::parse_or_discarded(e.body);
          for (const auto& c : counters) {
            counter_share share;
            if (j.is_object() && j.contains(c.key_field) && j[c.key_field].is_string() && j.contains(c.sum_field) &&
                j[c.sum_field].is_number_integer()) {
              auto key = j[c.key_field].get<std::string>();
              const auto [it, added] = counter_key_index_.try_emplace(
                  std::move(key), static_cast<std::uint32_t>(folded_.counter_keys.size()));
              if (added) folded_.counter_keys.push_back(it->first);
              share.key = it->second;
              share.amount = j[c.sum_field].get<std::int64_t>();
            }
            folded_.shares.push_back(share);
          }
        }
        const auto it = pending_.find(index);
        if (it != pending_.end() && it->second.written) {  // its first result write came first
          if (expected) f.differs = *expected != *it->second.written;
          pending_.erase(it);
        } else if (expected) {
          pending_[index].expected = std::move(expected);  // until its first result write
        }
      }
      if (after_send_) {
        // Observers must not call back into the queue: the hook runs as its own event.
        ctx_.post([hook = &after_send_, n = m.seq, id = std::string(e.message_id)] { (*hook)(n, id); });
      }
      break;
    }
    case kind::received:
      if (auto* m = find_folded(e.message_id, &slot)) {
        if (++m->receives == 2) ++folded_.messages_redelivered;
        if (m->receives > 1) ++folded_.duplicate_deliveries;
      }
      break;
    case kind::deleted:
    case kind::moved_to_dlq:
    case kind::expired:
      if (auto* m = find_folded(e.message_id, &slot)) {
        request_fold& f = folded_.folds[live_[slot].fold];
        if (e.kind == kind::deleted && m->deleted_at < 0) {
          m->deleted_at = e.t;
          ++folded_.messages_processed;
          f.any_deleted = true;
        }
        if (e.kind == kind::moved_to_dlq) {
          if (m->moved_to_dlq_at < 0) ++f.moved;
          m->moved_to_dlq_at = e.t;
        }
        if (--live_[slot].copies <= 0) unsettled_.push_back(slot);
      }
      break;
    default:
      break;
  }
}

}  // namespace slsim::pipeline::detail
