// Fault hooks (MD4, docs/architecture.md §5) and always-on observers of queue_service.
#include <algorithm>
#include <stdexcept>

#include "service_impl.hpp"

namespace slsim::queue {
namespace {

detail::queue_state* find_message(detail::service_impl& s, std::string_view queue, std::string_view message_id,
                                  std::uint32_t& slot) {
  detail::queue_state* q = s.find(queue);
  detail::message_key key;
  if (q == nullptr || !detail::parse_uuid(message_id, key)) return nullptr;
  s.bring_up_to_date(*q);
  for (const std::uint32_t i : q->live_slots_in_order()) {
    if (q->at(i).key == key) {
      slot = i;
      return q;
    }
  }
  return nullptr;
}

}  // namespace

std::error_code queue_service::inject_duplicate(std::string_view queue, std::string_view message_id) {
  std::uint32_t slot = 0;
  detail::queue_state* q = find_message(*impl_, queue, message_id, slot);
  if (q == nullptr) return make_error_code(queue_errc::invalid_parameter_value);
  impl_->store_duplicate(*q, slot);
  return {};
}

std::error_code queue_service::duplicate_after_delete(std::string_view queue, std::string_view message_id) {
  std::uint32_t slot = 0;
  detail::queue_state* q = find_message(*impl_, queue, message_id, slot);
  if (q == nullptr) return make_error_code(queue_errc::invalid_parameter_value);
  // S1 is a standard queue's at-least-once delivery; FIFO queues process exactly once and
  // introduce no duplicates (F-facts), so this fault is an impossible history there.
  if (q->fifo()) return make_error_code(queue_errc::invalid_parameter_value);
  q->at(slot).duplicate_after_delete = true;
  return {};
}

void queue_service::inject_api_failure(std::string_view queue, api_call call, queue_errc code, failure_mode mode,
                                       int count) {
  const detail::queue_state* q = impl_->find(queue);
  if (q == nullptr) throw std::out_of_range("no queue named '" + std::string(queue) + "'");
  if (count > 0) impl_->failures.push_back({q->index, call, code, mode, count});
}

const queue_counters& queue_service::counters(std::string_view queue) const {
  const detail::queue_state* q = impl_->find(queue);
  if (q == nullptr) throw std::out_of_range("no queue named '" + std::string(queue) + "'");
  return q->counters;
}

namespace {
// Both snapshots: the pages they write are released as they go (a long run's DLQ holds a
// tenth of its requests).
sim::record_vector<message_snapshot> snapshot(detail::service_impl& impl, std::string_view queue, bool take) {
  detail::queue_state* q = impl.find(queue);
  if (q == nullptr) throw std::out_of_range("no queue named '" + std::string(queue) + "'");
  impl.bring_up_to_date(*q);
  sim::record_vector<message_snapshot> out;
  const auto live = q->live_slots_in_order();
  out.reserve(live.size());
  sim::record_storage::for_each_released(live, [&](std::uint32_t i) {
    auto& s = q->at(i);
    out.push_back({detail::format_uuid(s.key), std::string(q->body(s)),
                   s.group == detail::k_no_group ? std::string() : q->group(s.group).name, s.state,
                   static_cast<int>(s.receive_count), s.enqueue_time, s.sent_time});
    if (take) q->texts.release(s.body);  // the queue's copy goes as the snapshot's is made
  });
  return out;
}
}  // namespace

sim::record_vector<message_snapshot> queue_service::stored_messages(std::string_view queue) {
  return snapshot(*impl_, queue, false);
}

sim::record_vector<message_snapshot> queue_service::take_stored_messages(std::string_view queue) {
  return snapshot(*impl_, queue, true);
}

void queue_service::keep_receive_history() noexcept { impl_->keep_deliveries = true; }

std::vector<delivery_record> queue_service::receive_history(std::string_view message_id) const {
  if (!impl_->keep_deliveries)
    throw std::logic_error("queue_service::receive_history: the history is not kept (call keep_receive_history())");
  std::vector<delivery_record> out;
  detail::message_key key;
  if (!detail::parse_uuid(message_id, key)) return out;
  for (const auto& d : impl_->deliveries)
    if (d.key == key) out.push_back({d.t, static_cast<int>(d.receive_count)});
  return out;
}

void queue_service::set_observer(queue_observer* observer) noexcept { impl_->observer = observer; }
sim::context& queue_service::context() noexcept { return impl_->ctx; }

}  // namespace slsim::queue
