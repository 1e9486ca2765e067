// queue_service: the facade. Looks queues up, applies injected API failures and
// forwards to service_impl.
#include "slsim/queue/service.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "service_impl.hpp"

namespace slsim::queue {
namespace detail {

void start_long_poll(service_impl& s, queue_state& q, receive_request r,
                     boost::asio::any_completion_handler<receive_signature> handler);

namespace {
constexpr sim::event_kind k_expire{
    "queue", "expire", {"queue", "message_hi", "message_lo", "message_seq"}, "receive_count"};
constexpr sim::event_kind k_api_failure{"queue", "api_failure", {"queue", "api_call"}, "error_code"};
}  // namespace

service_impl::service_impl(sim::context& c, sim::rng r, metrics::registry* m)
    : ctx(c), rng(r), secret(rng.next_u64()), keyed(rng), metric_registry(m ? *m : own_metrics) {}

void service_impl::publish(const queue_state& q) {
  // Registration only (once per queue): the hot path increments by handle.
  const std::string prefix = "queue." + q.config.name + ".";
  auto add = [&](const char* what) { return metric_registry.add_counter(prefix + what); };
  published.push_back({add("sends"), add("receives"), add("redeliveries"), add("empty_receives"), add("deletes"),
                       add("dlq_moves"), add("redrives"), add("throttled")});
}

queue_state* service_impl::find(std::string_view name) noexcept {
  const auto it = by_name.find(name);
  return it == by_name.end() ? nullptr : queues[it->second].get();
}

void service_impl::bring_up_to_date(queue_state& q) {
  q.advance(ctx.now(), [this, &q](std::uint32_t slot) {
    // S9: expired messages are removed from wherever they are, never delivered.
    ++q.counters.expired;
    trace(k_expire, q, q.at(slot), q.at(slot).receive_count);
    observe(queue_event_kind::expired, q, q.at(slot));
  });
}

std::optional<api_failure> service_impl::take_failure(const queue_state& q, api_call call) {
  for (auto it = failures.begin(); it != failures.end(); ++it) {
    if (it->queue != q.index || it->call != call) continue;
    api_failure f = *it;
    if (--it->remaining <= 0) failures.erase(it);
    ctx.emit({.kind = &k_api_failure,
              .ids = {q.index, static_cast<std::uint64_t>(call), 0, 0},
              .value = static_cast<std::int64_t>(f.code)});
    return f;
  }
  return std::nullopt;
}

void service_impl::observe(queue_event_kind kind, const queue_state& q, const stored_message& m,
                           const queue_state* other) {
  if (observer == nullptr) return;
  const auto chars = format_uuid_chars(m.key);  // observers read the id during this call only
  const std::string_view id =
      m.key == message_key{} ? std::string_view() : std::string_view(chars.data(), chars.size());
  queue_event e{kind,
                ctx.now(),
                q.config.name,
                id,
                other ? std::string_view(other->config.name) : std::string_view(),
                static_cast<int>(m.receive_count),
                q.body(m),
                m.group == k_no_group ? std::string_view() : std::string_view(q.group(m.group).name)};
  observer->on_event(e);
}

void service_impl::trace(const sim::event_kind& kind, const queue_state& q, const stored_message& m, std::int64_t value,
                         std::uint64_t digest) {
  ctx.emit({.kind = &kind, .ids = {q.index, m.key.hi, m.key.lo, m.seq}, .value = value, .digest = digest});
}

}  // namespace detail

namespace {

using detail::queue_state;

queue_state& require(detail::service_impl& s, std::string_view name) {
  queue_state* q = s.find(name);
  if (q == nullptr) throw std::out_of_range("no queue named '" + std::string(name) + "'");
  return *q;
}

bool valid_batch_id(const std::string& id) {
  if (id.empty() || id.size() > 80) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

/// Checks what every batch call shares: 1..10 entries with distinct valid ids.
template <class Entry>
std::error_code check_batch(const std::vector<Entry>& entries) {
  if (entries.empty()) return make_error_code(queue_errc::empty_batch_request);
  if (entries.size() > 10) return make_error_code(queue_errc::too_many_entries_in_batch_request);
  std::set<std::string_view> ids;
  for (const auto& e : entries) {
    if (!valid_batch_id(e.id)) return make_error_code(queue_errc::invalid_batch_entry_id);
    if (!ids.insert(e.id).second) return make_error_code(queue_errc::batch_entry_ids_not_distinct);
  }
  return {};
}

}  // namespace

std::string queue_arn(std::string_view name) {
  return "arn:aws:sqs:" + std::string(k_region) + ":" + std::string(k_account_id) + ":" + std::string(name);
}

queue_service::queue_service(sim::context& ctx, sim::rng random, metrics::registry* metrics)
    : impl_(std::make_unique<detail::service_impl>(ctx, random, metrics)) {}
queue_service::~queue_service() = default;

const metrics::registry& queue_service::metric_registry() const noexcept { return impl_->metric_registry; }

void queue_service::create_queue(const queue_config& config) {
  auto violations = config.validate();
  models::validator v;
  if (impl_->find(config.name) != nullptr) v.add("queue.name", config.name, "a name not used by another queue", "S12");
  queue_state* dlq = nullptr;
  if (config.redrive_policy.enabled()) {
    const auto& target = config.redrive_policy.dead_letter_target_name;
    dlq = impl_->find(target);
    const char* fact = config.type == queue_type::fifo ? "F8" : "S12";
    if (dlq == nullptr || target == config.name) {
      v.add("queue.redrive_policy.dead_letter_target_name", target, "an existing other queue, created first", fact);
    } else if (dlq->config.type != config.type) {
      v.add("queue.redrive_policy.dead_letter_target_name", target, "a DLQ of the same type as the source", fact);
    } else {
      const auto& allow = dlq->config.redrive_allow_policy;  // S15
      const auto& names = allow.source_queue_names;
      const bool allowed = allow.redrive_permission == redrive_permission_kind::allow_all ||
                           (allow.redrive_permission == redrive_permission_kind::by_queue &&
                            std::find(names.begin(), names.end(), config.name) != names.end());
      if (!allowed)
        v.add("queue.redrive_policy.dead_letter_target_name", target,
              "a DLQ whose redrive allow policy admits this queue", "S15");
    }
  }
  violations.insert(violations.end(), v.violations().begin(), v.violations().end());
  if (!violations.empty()) throw models::config_error(std::move(violations));
  const auto index = static_cast<std::uint32_t>(impl_->queues.size());
  impl_->queues.push_back(std::make_unique<queue_state>(impl_->ctx, config, index));
  impl_->queues.back()->dlq = dlq;
  impl_->fifo.emplace_back();
  impl_->by_name.emplace(config.name, index);
  impl_->publish(*impl_->queues.back());
}

bool queue_service::has_queue(std::string_view name) const { return impl_->find(name) != nullptr; }
const queue_config& queue_service::config(std::string_view name) const { return require(*impl_, name).config; }

send_result queue_service::send_message(std::string_view queue, const send_request& request) {
  send_result out;
  queue_state* q = impl_->find(queue);
  if (q == nullptr) {
    out.error = make_error_code(queue_errc::queue_does_not_exist);
    return out;
  }
  ++q->counters.api_calls;
  if (impl_->throttled(*q, api_call::send)) {  // F7
    out.error = make_error_code(queue_errc::request_throttled);
    return out;
  }
  const auto failure = impl_->take_failure(*q, api_call::send);
  if (failure && failure->mode == failure_mode::before) {
    out.error = make_error_code(failure->code);
    return out;
  }
  impl_->bring_up_to_date(*q);
  out = impl_->send(*q, request);
  if (failure && !out.error) out = send_result{make_error_code(failure->code), {}, {}, {}, {}, false};
  return out;
}

batch_result queue_service::send_message_batch(std::string_view queue, const std::vector<send_batch_entry>& entries) {
  batch_result out;
  queue_state* q = impl_->find(queue);
  if (q == nullptr) return {make_error_code(queue_errc::queue_does_not_exist), {}};
  ++q->counters.api_calls;
  if (impl_->throttled(*q, api_call::send))
    return {make_error_code(queue_errc::request_throttled), {}};  // F7: a batch counts once
  if ((out.error = check_batch(entries))) return out;
  std::size_t total = 0;
  for (const auto& e : entries) total += e.request.body.size();
  if (total > static_cast<std::size_t>(q->config.maximum_message_size))
    return {make_error_code(queue_errc::batch_request_too_long), {}};
  impl_->bring_up_to_date(*q);
  for (const auto& e : entries) {
    batch_entry_result r{e.id, {}, impl_->send(*q, e.request)};
    r.error = r.sent.error;
    out.entries.push_back(std::move(r));
  }
  return out;
}

std::error_code queue_service::try_receive(std::string_view queue, const receive_request& request,
                                           std::vector<received_message>& out) {
  queue_state* q = impl_->find(queue);
  if (q == nullptr) return make_error_code(queue_errc::queue_does_not_exist);
  ++q->counters.api_calls;
  if (impl_->throttled(*q, api_call::receive)) return make_error_code(queue_errc::request_throttled);  // F7
  const auto failure = impl_->take_failure(*q, api_call::receive);
  if (failure && failure->mode == failure_mode::before) return make_error_code(failure->code);
  if (failure) {
    std::vector<received_message> lost;  // S17: delivered and counted, but the response is lost
    impl_->receive(*q, request, lost, true);
    return make_error_code(failure->code);
  }
  return impl_->receive(*q, request, out, true);
}

std::vector<received_message> queue_service::try_receive(std::string_view queue, const receive_request& request) {
  std::vector<received_message> out;
  if (try_receive(queue, request, out)) out.clear();
  return out;
}

void queue_service::receive_impl(std::string queue, receive_request request,
                                 boost::asio::any_completion_handler<receive_signature> handler) {
  queue_state* q = impl_->find(queue);
  std::error_code ec;
  if (q == nullptr) ec = make_error_code(queue_errc::queue_does_not_exist);
  if (q != nullptr) {
    ++q->counters.api_calls;
    if (impl_->throttled(*q, api_call::receive)) {
      ec = make_error_code(queue_errc::request_throttled);  // F7: the long poll's own re-checks are not further calls
    } else if (const auto failure = impl_->take_failure(*q, api_call::receive)) {
      ec = make_error_code(failure->code);
      std::vector<received_message> lost;
      if (failure->mode == failure_mode::lost_response) impl_->receive(*q, request, lost, true);  // S17
    }
  }
  if (ec) {
    impl_->ctx.post([h = std::move(handler), ec]() mutable { std::move(h)(ec, std::vector<received_message>{}); });
    return;
  }
  detail::start_long_poll(*impl_, *q, std::move(request), std::move(handler));
}

std::error_code queue_service::delete_message(std::string_view queue, std::string_view receipt_handle) {
  queue_state* q = impl_->find(queue);
  if (q == nullptr) return make_error_code(queue_errc::queue_does_not_exist);
  ++q->counters.api_calls;
  if (impl_->throttled(*q, api_call::delete_message)) return make_error_code(queue_errc::request_throttled);  // F7
  const auto failure = impl_->take_failure(*q, api_call::delete_message);
  if (failure && failure->mode == failure_mode::before) return make_error_code(failure->code);
  const auto ec = impl_->remove_by_handle(*q, receipt_handle);
  return failure ? make_error_code(failure->code) : ec;
}

batch_result queue_service::delete_message_batch(std::string_view queue,
                                                 const std::vector<handle_batch_entry>& entries) {
  queue_state* q = impl_->find(queue);
  if (q == nullptr) return {make_error_code(queue_errc::queue_does_not_exist), {}};
  ++q->counters.api_calls;
  if (impl_->throttled(*q, api_call::delete_message))
    return {make_error_code(queue_errc::request_throttled), {}};  // F7: a batch counts once
  batch_result out;
  if ((out.error = check_batch(entries))) return out;
  for (const auto& e : entries) out.entries.push_back({e.id, impl_->remove_by_handle(*q, e.receipt_handle), {}});
  return out;
}

std::error_code queue_service::change_message_visibility(std::string_view queue, std::string_view receipt_handle,
                                                         int seconds) {
  queue_state* q = impl_->find(queue);
  if (q == nullptr) return make_error_code(queue_errc::queue_does_not_exist);
  ++q->counters.api_calls;
  if (impl_->throttled(*q, api_call::change_visibility)) return make_error_code(queue_errc::request_throttled);  // F7
  const auto failure = impl_->take_failure(*q, api_call::change_visibility);
  if (failure && failure->mode == failure_mode::before) return make_error_code(failure->code);
  const auto ec = impl_->change_visibility(*q, receipt_handle, seconds);
  return failure ? make_error_code(failure->code) : ec;
}

batch_result queue_service::change_message_visibility_batch(std::string_view queue,
                                                            const std::vector<handle_batch_entry>& entries) {
  queue_state* q = impl_->find(queue);
  if (q == nullptr) return {make_error_code(queue_errc::queue_does_not_exist), {}};
  ++q->counters.api_calls;
  if (impl_->throttled(*q, api_call::change_visibility))
    return {make_error_code(queue_errc::request_throttled), {}};  // F7: a batch counts once
  batch_result out;
  if ((out.error = check_batch(entries))) return out;
  for (const auto& e : entries)
    out.entries.push_back({e.id, impl_->change_visibility(*q, e.receipt_handle, e.visibility_timeout_s), {}});
  return out;
}

std::error_code queue_service::get_queue_attributes(std::string_view queue, queue_attributes& out) {
  queue_state* q = impl_->find(queue);
  if (q == nullptr) return make_error_code(queue_errc::queue_does_not_exist);
  ++q->counters.api_calls;
  impl_->bring_up_to_date(*q);
  out.approximate_number_of_messages = q->visible_count();
  out.approximate_number_of_messages_not_visible = q->in_flight_count();
  out.approximate_number_of_messages_delayed = q->delayed_count();
  const sim::time_ns oldest = q->oldest_enqueue_time();
  out.approximate_age_of_oldest_message_s = oldest == sim::k_never ? 0 : (impl_->ctx.now() - oldest) / sim::k_second;
  out.queue_arn = q->arn;
  return {};
}

std::int64_t queue_service::visible_backlog(std::string_view queue) {
  queue_state& q = require(*impl_, queue);
  impl_->bring_up_to_date(q);
  return q.visible_count();
}

queue_attributes queue_service::get_queue_attributes(std::string_view queue) {
  queue_attributes out;
  if (get_queue_attributes(queue, out)) throw std::out_of_range("no queue named '" + std::string(queue) + "'");
  return out;
}

}  // namespace slsim::queue
