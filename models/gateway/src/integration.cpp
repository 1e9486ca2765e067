// The SendMessage integration (G4) and its response mapping (G5): SQS latency,
// the integration timeout that answers 504 while the message may still be stored
// (G3, G6), injected integration faults, and the 200-on-error pitfall (G5, G7).
#include <algorithm>
#include <boost/asio/error.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <regex>

#include "gateway_impl.hpp"
#include "slsim/iam/action.hpp"

namespace slsim::gateway::detail {
namespace {
// ids: {request id, attempt number, correlation id, digest of the message id};
// value: SQS's HTTP status (0: no answer).
constexpr sim::event_kind k_enqueue{
    "gateway", "enqueue", {"request", "attempt", "correlation", "message_digest"}, "sqs_status"};

// The HTTP status SQS answers each error with (AWS JSON/query protocol).
int http_status_of(queue::queue_errc e) noexcept {
  switch (e) {
    case queue::queue_errc::over_limit:
      return 403;
    case queue::queue_errc::internal_error:
      return 500;
    case queue::queue_errc::service_unavailable:
      return 503;
    default:
      return 400;
  }
}
bool iequals(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return (x >= 'A' && x <= 'Z' ? x - 'A' + 'a' : x) == (y >= 'A' && y <= 'Z' ? y - 'A' + 'a' : y);
  });
}

// F1/F5: what the mapping template renders for one templated parameter: the body field
// (a string; anything else renders empty) or the header. Empty means "not sent".
std::string render(const value_source& source, const http_request& request, const nlohmann::json* body) {
  switch (source.from) {
    case value_from::none:
      return {};
    case value_from::body: {
      if (body == nullptr || !body->is_object()) return {};
      const auto it = body->find(source.name);
      return it != body->end() && it->is_string() ? it->get<std::string>() : std::string();
    }
    case value_from::header:  // header names are case-insensitive
      if (iequals(source.name, "x-request-id")) return format_request_id(request.request_id);
      if (iequals(source.name, "x-api-key")) return request.api_key;
      return {};
  }
  return {};
}
}  // namespace

std::array<std::int16_t, 600> build_status_map(const std::vector<integration_response>& responses) {
  // Compiling the patterns and matching 500 codes costs more than a short run: a check
  // builds a gateway per case with the same responses, so the last map is kept per thread.
  thread_local std::vector<std::pair<std::string, int>> last_responses;
  thread_local std::array<std::int16_t, 600> last_map{};
  const bool same = last_responses.size() == responses.size() &&
                    std::equal(responses.begin(), responses.end(), last_responses.begin(),
                               [](const integration_response& r, const std::pair<std::string, int>& l) {
                                 return r.pattern == l.first && r.status == l.second;
                               });
  if (same && !last_responses.empty()) return last_map;
  std::array<std::int16_t, 600> map{};
  std::vector<std::pair<std::regex, int>> patterns;
  int fallback = 0;
  for (const auto& r : responses) {
    if (r.pattern.empty()) {
      fallback = r.status;  // G5: the empty pattern is the catch-all default
    } else {
      patterns.emplace_back(std::regex(r.pattern), r.status);
    }
  }
  for (int code = 100; code < 600; ++code) {
    int status = fallback;
    const std::string text = std::to_string(code);
    for (const auto& [re, mapped] : patterns) {
      if (std::regex_match(text, re)) {
        status = mapped;
        break;
      }
    }
    map[static_cast<std::size_t>(code)] = static_cast<std::int16_t>(status);
  }
  last_responses.clear();
  for (const auto& r : responses) last_responses.emplace_back(r.pattern, r.status);
  last_map = map;
  return map;
}

void gateway_impl::start_integration(std::uint32_t index) {
  call& c = calls_[index];
  const std::uint64_t call_index = integration_calls_++;
  metrics_.increment(m_.integration_calls);
  if (!injected_.empty()) {
    c.fault = injected_.front();
    injected_.pop_front();
  } else if (hook_) {
    c.fault = hook_(call_index, c.request);
  }
  // The attempt's own draws: its request id and its number among that request's attempts
  // identify it whatever other requests did (docs/architecture.md §6).
  sim::rng r = rng_.at(sim::mix_key(c.request.request_id, ledger_.attempt(c.attempt).attempt));
  // The correlation id is born here and travels as a message attribute (docs/architecture.md §0).
  c.correlation_id = r.next_u64() | 1;
  const auto& integration = config_.integration;
  sim::time_ns latency = integration.latency.draw(r) + ctx_.hop_delay();  // MD36: one draw, a heavy right tail
  if (c.fault.what == integration_fault::kind::slow) latency += c.fault.extra_latency;
  metrics_.observe(m_.integration_latency, static_cast<double>(latency) / static_cast<double>(sim::k_millisecond));
  const sim::time_ns timeout = sim::milliseconds(integration.timeout_ms);
  // The SQS reply is scheduled first, so a reply exactly at the timeout wins.
  ++c.server_events;
  schedule(ctx_.now() + latency, index, &gateway_impl::on_sqs_reply);
  if (latency > timeout) {
    ++c.server_events;
    schedule(ctx_.now() + timeout, index, &gateway_impl::on_integration_timeout);
  }
}

void gateway_impl::on_integration_timeout(std::uint32_t index, std::uint32_t generation) {
  if (!current(index, generation)) return;
  call& c = calls_[index];
  --c.server_events;
  // G3: "Endpoint request timed out"; SQS may still store the message later (G6).
  if (!c.answered) reject(index, response_type::integration_timeout);
  maybe_release(index);
}

void gateway_impl::on_sqs_reply(std::uint32_t index, std::uint32_t generation) {
  if (!current(index, generation)) return;
  call& c = calls_[index];
  --c.server_events;
  const bool late = c.answered;  // the client already got its 504
  backend_result result = send_to_sqs(c);
  if (late && ledger_.attempt(c.attempt).enqueued) metrics_.increment(m_.late_enqueues);
  if (!late) {
    if (!result.answered) {
      reject(index, response_type::integration_failure);  // G6: no HTTP answer → 504
    } else {
      respond(index, map_backend(result));
    }
  }
  maybe_release(index);
}

backend_result gateway_impl::send_to_sqs(call& c) {
  using fault_kind = integration_fault::kind;
  attempt_record& a = ledger_.attempt(c.attempt);
  a.correlation_id = c.correlation_id;
  backend_result result;
  if (c.fault.what == fault_kind::network_error) {
    ctx_.emit({.kind = &k_enqueue, .ids = {c.request.request_id, a.attempt, c.correlation_id, 0}, .value = 0});
    return result;
  }
  result.answered = true;
  if (c.fault.what == fault_kind::sqs_error) {
    result.status = 500;
    result.error = "InternalError";
  } else if (iam_.authorize(role_, iam::action::sqs_send_message, c.request.request_id, config_.integration.queue)) {
    result.status = 403;  // G4/G5: the role lacks sqs:SendMessage; SQS answers AccessDenied
    result.error = "AccessDenied";
  } else {
    queue::send_request request;
    const auto& integration = config_.integration;
    if (integration.message_group_id.enabled() || integration.message_deduplication_id.enabled()) {
      // Parsed only when a template reads the body (FIFO integrations).
      const bool from_body = integration.message_group_id.from == value_from::body ||
                             integration.message_deduplication_id.from == value_from::body;
      const nlohmann::json body = from_body ? nlohmann::json::parse(c.request.body, nullptr, false) : nlohmann::json();
      request.message_group_id = render(integration.message_group_id, c.request, from_body ? &body : nullptr);
      request.message_deduplication_id =
          render(integration.message_deduplication_id, c.request, from_body ? &body : nullptr);
    }
    request.body = std::move(c.request.body);  // the body is not needed after the send
    request.message_attributes.push_back(
        {config_.integration.request_id_attribute, "String", format_request_id(c.request.request_id), {}});
    request.message_attributes.push_back(
        {config_.integration.correlation_id_attribute, "String", format_correlation_id(c.correlation_id), {}});
    queue::send_result sent = queues_.send_message(config_.integration.queue, request);
    if (sent.ok()) {
      result.status = 200;
      result.message_id = std::move(sent.message_id);
      if (!sent.deduplicated) {
        a.enqueued = true;
        a.enqueued_at = ctx_.now();
        a.message_id = result.message_id;
        ledger_.note_enqueued(c.attempt);
        metrics_.increment(m_.enqueued);
      }
    } else {
      const bool sqs_error = sent.error.category() == queue::queue_category();
      const auto errc = static_cast<queue::queue_errc>(sent.error.value());
      result.status = sqs_error ? http_status_of(errc) : 500;
      result.error = sqs_error ? queue::aws_error_name(errc) : std::string_view("InternalError");
    }
  }
  ctx_.emit(
      {.kind = &k_enqueue,
       .ids = {c.request.request_id, a.attempt, c.correlation_id, a.enqueued ? sim::digest_bytes(a.message_id) : 0},
       .value = result.status});
  if (c.fault.what == fault_kind::lost_response) result.answered = false;  // G6: stored, answer lost
  return result;
}

http_response gateway_impl::map_backend(const backend_result& result) const {
  http_response r;
  r.backend_status = result.status;
  r.backend_error = result.error;
  const int mapped =
      result.status >= 100 && result.status < 600 ? status_map_[static_cast<std::size_t>(result.status)] : 0;
  if (mapped == 0) {  // G5: no integration response matched
    r.type = response_type::api_configuration_error;
    r.status = 500;
    return r;
  }
  r.status = mapped;
  const bool ok = result.status >= 200 && result.status < 300;
  r.type = ok ? response_type::accepted : response_type::integration_error;
  if (ok) r.message_id = result.message_id;
  return r;
}

}  // namespace slsim::gateway::detail
