// The front door of the gateway: the call table, client-side completion (answers,
// client timeouts, cancellation) and the checks that answer without SQS (G1-G3).
#include "slsim/gateway/gateway.hpp"

#include <utility>

#include <boost/asio/error.hpp>

#include "gateway_impl.hpp"

namespace slsim::gateway {
namespace detail {
namespace {
// ids: {request id, attempt number, correlation id, response type}; value: status;
// digest: the request body's digest.
constexpr sim::event_kind k_response{
    "gateway", "response", {"request", "attempt", "correlation", "response_type"}, "status"};

struct call_canceller {
  gateway_impl* gateway;
  std::uint32_t index;
  std::uint32_t generation;
  void operator()(asio::cancellation_type type) const {
    if ((type & (asio::cancellation_type::terminal | asio::cancellation_type::partial |
                 asio::cancellation_type::total)) != asio::cancellation_type::none)
      gateway->on_cancel(index, generation);
  }
};

std::set<std::string, std::less<>> as_set(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }
}  // namespace

gateway_impl::gateway_impl(sim::context& ctx, gateway_config config, queue::queue_service& queues,
                           iam::iam_service& iam, sim::rng random, metrics::registry* metrics)
    : ctx_(ctx),
      config_(std::move(config)),
      queues_(queues),
      iam_(iam),
      role_(iam.role(config_.integration.role)),
      rng_(random),
      metrics_(metrics ? *metrics : own_metrics_),
      throttler_(config_.throttling),
      validator_(config_.request_schema),
      api_keys_(as_set(config_.auth.api_keys)),
      allow_tokens_(as_set(config_.auth.allow_tokens)),
      deny_tokens_(as_set(config_.auth.deny_tokens)),
      failing_tokens_(as_set(config_.auth.failing_tokens)) {
  status_map_ = build_status_map(config_.effective_responses());
  m_.requests = metrics_.add_counter("gateway.requests");
  m_.integration_calls = metrics_.add_counter("gateway.integration_calls");
  m_.enqueued = metrics_.add_counter("gateway.enqueued");
  m_.late_enqueues = metrics_.add_counter("gateway.late_enqueues");
  m_.throttled = metrics_.add_counter("gateway.throttled");
  m_.quota_exceeded = metrics_.add_counter("gateway.quota_exceeded");
  m_.integration_latency = metrics_.add_distribution("gateway.integration_latency");
  metrics_.add_gauge("gateway.in_flight", "Count", [this] { return static_cast<double>(in_flight_); });
}

std::uint32_t gateway_impl::acquire() {
  std::uint32_t index;
  if (!free_.empty()) {
    index = free_.back();
    free_.pop_back();
  } else {
    index = static_cast<std::uint32_t>(calls_.size());
    calls_.emplace_back();
  }
  call& c = calls_[index];
  c.live = true;
  ++in_flight_;
  return index;
}

void gateway_impl::maybe_release(std::uint32_t index) {
  call& c = calls_[index];
  if (!c.live || c.client_waiting || c.delivery_pending || c.server_events != 0 || !c.answered) return;
  const std::uint32_t generation = c.generation + 1;
  ledger_.end_attempt(c.attempt);  // nothing reads the attempt after its call
  c = call{};                      // frees the body; the handler is already gone (reset, never move-assigned)
  c.generation = generation;
  free_.push_back(index);
  --in_flight_;
}

void gateway_impl::start_call(http_request request, sim::time_ns deadline,
                              asio::any_completion_handler<call_signature> handler, asio::cancellation_slot slot) {
  const std::uint32_t index = acquire();
  call& c = calls_[index];
  c.attempt = ledger_.begin_attempt(request.request_id, request.client, request.kind, ctx_.now());
  c.body_digest = sim::digest_bytes(request.body);
  c.request = std::move(request);
  c.handler.emplace(std::move(handler));
  c.client_waiting = true;
  metrics_.increment(m_.requests);
  if (slot.is_connected()) {
    c.slot = slot;
    slot.template emplace<call_canceller>(this, index, c.generation);
  }
  if (deadline != sim::k_never) {
    const std::uint32_t generation = c.generation;
    c.deadline_event = ctx_.schedule_at(
        deadline, [this, index, generation](sim::detail::fire_code code) { on_deadline(index, generation, code); });
  }
  front_door(index);
}

void gateway_impl::respond(std::uint32_t index, http_response response) {
  call& c = calls_[index];
  c.answered = true;
  response.request_id = c.request.request_id;
  response.correlation_id = c.correlation_id;
  response.attempt_index = c.attempt;
  attempt_record& a = ledger_.attempt(c.attempt);
  a.answered_at = ctx_.now();
  a.status = response.status;
  a.type = response.type;
  a.backend_status = response.backend_status;
  a.correlation_id = c.correlation_id;
  ledger_.note_answered(c.attempt, response.status);
  ctx_.emit({.kind = &k_response,
             .ids = {c.request.request_id, a.attempt, c.correlation_id, static_cast<std::uint64_t>(response.type)},
             .value = response.status,
             .digest = c.body_digest});
  count_status(response.status);
  if (response.type == response_type::throttled) metrics_.increment(m_.throttled);
  if (response.type == response_type::quota_exceeded) metrics_.increment(m_.quota_exceeded);
  c.response = std::move(response);
  if (!c.client_waiting) return;
  c.delivery_pending = true;
  const std::uint32_t generation = c.generation;
  // Never complete inside the initiating call: deliver as the next event at this instant.
  ctx_.post([this, index, generation] { deliver(index, generation); });
}

void gateway_impl::reject(std::uint32_t index, response_type type) {
  http_response r;
  r.type = type;
  r.status = default_status(type);
  respond(index, std::move(r));
}

void gateway_impl::deliver(std::uint32_t index, std::uint32_t generation) {
  if (!current(index, generation)) return;
  call& c = calls_[index];
  c.delivery_pending = false;
  if (!c.client_waiting) return maybe_release(index);
  c.client_waiting = false;
  c.slot.clear();
  ctx_.fire_now(c.deadline_event, sim::detail::fire_code::aborted);
  ledger_.attempt(c.attempt).client_saw = client_view::answered;
  asio::any_completion_handler<call_signature> handler(std::move(*c.handler));
  c.handler.reset();
  http_response response = std::move(c.response);
  maybe_release(index);
  std::move(handler)(boost::system::error_code{}, std::move(response));  // may start new calls: `c` is not used after
}

void gateway_impl::on_deadline(std::uint32_t index, std::uint32_t generation, sim::detail::fire_code code) {
  if (code == sim::detail::fire_code::aborted || !current(index, generation)) return;
  call& c = calls_[index];
  if (!c.client_waiting) return;
  c.client_waiting = false;
  c.slot.clear();
  ledger_.attempt(c.attempt).client_saw = client_view::timed_out;
  asio::any_completion_handler<call_signature> handler(std::move(*c.handler));
  c.handler.reset();
  http_response response;
  response.request_id = c.request.request_id;
  response.attempt_index = c.attempt;
  maybe_release(index);
  std::move(handler)(asio::error::timed_out, std::move(response));
}

void gateway_impl::on_cancel(std::uint32_t index, std::uint32_t generation) {
  if (!current(index, generation)) return;
  call& c = calls_[index];
  if (!c.client_waiting) return;
  c.client_waiting = false;  // the slot keeps this canceller until its owner clears it
  ctx_.fire_now(c.deadline_event, sim::detail::fire_code::aborted);
  ledger_.attempt(c.attempt).client_saw = client_view::cancelled;
  http_response response;
  response.request_id = c.request.request_id;
  response.attempt_index = c.attempt;
  ctx_.post([h = asio::any_completion_handler<call_signature>(std::move(*c.handler)), response]() mutable {
    std::move(h)(asio::error::operation_aborted, std::move(response));
  });
  c.handler.reset();
  maybe_release(index);
}

response_type gateway_impl::authorize(const std::string& token) const {
  // G2: a missing token never reaches the authorizer.
  if (token.empty()) return response_type::missing_authentication_token;
  if (failing_tokens_.contains(token)) return response_type::authorizer_failure;
  if (deny_tokens_.contains(token)) return response_type::access_denied;
  if (allow_tokens_.contains(token)) return response_type::accepted;
  return response_type::unauthorized;
}

void gateway_impl::front_door(std::uint32_t index) {
  call& c = calls_[index];
  // G2: an unknown route answers like a missing token.
  if (c.request.path != config_.resource_path) return reject(index, response_type::missing_authentication_token);
  // G3: the payload limit applies before anything reads the body.
  if (static_cast<std::int64_t>(c.request.body.size()) > config_.max_payload_bytes)
    return reject(index, response_type::request_too_large);
  if (config_.auth.authorizer == authorizer_kind::token) {
    c.verdict = authorize(c.request.authorization);
    if (config_.auth.authorizer_latency_ms > 0) {
      ++c.server_events;
      schedule(ctx_.now() + sim::milliseconds(config_.auth.authorizer_latency_ms), index, &gateway_impl::on_authorizer);
      return;
    }
    if (c.verdict != response_type::accepted) return reject(index, c.verdict);
  }
  after_auth(index);
}

void gateway_impl::on_authorizer(std::uint32_t index, std::uint32_t generation) {
  if (!current(index, generation)) return;
  call& c = calls_[index];
  --c.server_events;
  if (c.verdict != response_type::accepted) {
    reject(index, c.verdict);
  } else {
    after_auth(index);
  }
  maybe_release(index);
}

void gateway_impl::after_auth(std::uint32_t index) {
  call& c = calls_[index];
  if (config_.auth.api_key_required && !api_keys_.contains(c.request.api_key))
    return reject(index, response_type::invalid_api_key);     // G2
  switch (throttler_.admit(c.request.api_key, ctx_.now())) {  // G1
    case throttle_level::none:
      break;
    case throttle_level::quota:
      return reject(index, response_type::quota_exceeded);
    default:
      return reject(index, response_type::throttled);
  }
  if (config_.validate_body) {
    if (!validator_.validate_text(c.request.body).ok()) return reject(index, response_type::bad_request_body);  // G2
  }
  start_integration(index);
}

void gateway_impl::count_status(int status) {
  if (status < 100 || status >= 600) return;
  std::int32_t& slot = status_counters_[static_cast<std::size_t>(status)];
  if (slot == 0)  // registered once per distinct status: no string work on the hot path afterwards
    slot = static_cast<std::int32_t>(metrics_.add_counter("gateway.status." + std::to_string(status)).index) + 1;
  metrics_.increment(metrics::counter{static_cast<std::uint32_t>(slot - 1)});
}

}  // namespace detail

api_gateway::api_gateway(sim::context& ctx, gateway_config config, queue::queue_service& queues, iam::iam_service& iam,
                         sim::rng random, metrics::registry* metrics) {
  if (auto violations = config.validate(); !violations.empty()) throw models::config_error(std::move(violations));
  impl_ = std::make_unique<detail::gateway_impl>(ctx, std::move(config), queues, iam, random, metrics);
}

api_gateway::~api_gateway() = default;

void api_gateway::start_call(http_request request, sim::time_ns deadline,
                             boost::asio::any_completion_handler<call_signature> handler,
                             boost::asio::cancellation_slot slot) {
  impl_->start_call(std::move(request), deadline, std::move(handler), slot);
}

void api_gateway::inject_integration_fault(integration_fault fault) { impl_->injected_.push_back(fault); }
void api_gateway::set_integration_fault_hook(integration_fault_hook hook) { impl_->hook_ = std::move(hook); }
const request_ledger& api_gateway::ledger() const noexcept { return impl_->ledger_; }
request_ledger api_gateway::release_ledger() noexcept { return std::exchange(impl_->ledger_, {}); }
void api_gateway::fold_ledger(std::size_t requests) {
  impl_->ledger_.fold_attempts();
  impl_->ledger_.reserve(requests);
}
std::uint64_t api_gateway::integration_calls() const noexcept { return impl_->integration_calls_; }
std::uint64_t api_gateway::in_flight() const noexcept { return impl_->in_flight_; }
const gateway_config& api_gateway::config() const noexcept { return impl_->config_; }

}  // namespace slsim::gateway
