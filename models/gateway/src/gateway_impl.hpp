#pragma once
// Internals of api_gateway: the call table and the request pipeline. Each call lives
// in a slot until both its client side (the waiting handler) and its server side
// (pending integration events) are done; events refer to it by (index, generation).
#include <array>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "slsim/gateway/gateway.hpp"
#include "slsim/gateway/schema.hpp"
#include "slsim/gateway/throttling.hpp"

namespace slsim::gateway::detail {

namespace asio = boost::asio;

/// Outcome of the SQS leg as the gateway sees it.
struct backend_result {
  bool answered = false;   ///< false: no HTTP answer (network error, lost response)
  int status = 0;          ///< SQS's HTTP status
  std::string_view error;  ///< SQS's error code name, empty on success
  std::string message_id;
};

/// G5: for every backend status 100..599, the method status its integration response
/// maps to (0: no integration response matches → 500 API_CONFIGURATION_ERROR).
std::array<std::int16_t, 600> build_status_map(const std::vector<integration_response>& responses);

class gateway_impl {
 public:
  gateway_impl(sim::context& ctx, gateway_config config, queue::queue_service& queues, iam::iam_service& iam,
               sim::rng random, metrics::registry* metrics);

  void start_call(http_request request, sim::time_ns deadline, asio::any_completion_handler<call_signature> handler,
                  asio::cancellation_slot slot);
  void on_deadline(std::uint32_t index, std::uint32_t generation, sim::detail::fire_code code);
  void on_cancel(std::uint32_t index, std::uint32_t generation);
  void deliver(std::uint32_t index, std::uint32_t generation);
  void on_authorizer(std::uint32_t index, std::uint32_t generation);
  void on_integration_timeout(std::uint32_t index, std::uint32_t generation);
  void on_sqs_reply(std::uint32_t index, std::uint32_t generation);

  sim::context& ctx_;
  gateway_config config_;
  queue::queue_service& queues_;
  iam::iam_service& iam_;
  iam::role_ref role_;
  sim::keyed_rng rng_;  // keyed by (request id, attempt): shrinking keeps every other request's draws
  metrics::registry own_metrics_;
  metrics::registry& metrics_;
  request_ledger ledger_;
  throttler throttler_;
  body_validator validator_;
  std::array<std::int16_t, 600> status_map_{};  ///< backend status -> method status (0: none matched)
  std::set<std::string, std::less<>> api_keys_, allow_tokens_, deny_tokens_, failing_tokens_;
  std::deque<integration_fault> injected_;
  integration_fault_hook hook_;
  std::uint64_t integration_calls_ = 0;
  std::uint64_t in_flight_ = 0;

 private:
  struct call {
    http_request request;
    // Boost 1.81's any_completion_handler move-assignment recurses forever (it copies
    // through its greedy converting constructor): only construct, emplace and reset it.
    std::optional<asio::any_completion_handler<call_signature>> handler;
    http_response response;
    integration_fault fault;
    asio::cancellation_slot slot;
    sim::event_id deadline_event{};
    std::uint64_t correlation_id = 0;
    response_type verdict = response_type::accepted;  ///< the authorizer's answer, held during its latency
    std::uint64_t body_digest = 0;
    std::uint32_t generation = 0;
    std::uint32_t attempt = 0;       ///< ledger index
    std::uint8_t server_events = 0;  ///< integration events still pending
    bool client_waiting = false;
    bool delivery_pending = false;
    bool answered = false;  ///< the gateway has answered (respond() ran)
    bool live = false;
  };
  struct metric_handles {
    metrics::counter requests, enqueued, late_enqueues, integration_calls, throttled, quota_exceeded;
    metrics::distribution integration_latency;
  };

  std::uint32_t acquire();
  void maybe_release(std::uint32_t index);
  bool current(std::uint32_t index, std::uint32_t generation) const noexcept {
    return index < calls_.size() && calls_[index].live && calls_[index].generation == generation;
  }
  void respond(std::uint32_t index, http_response response);
  void reject(std::uint32_t index, response_type type);
  void front_door(std::uint32_t index);
  void after_auth(std::uint32_t index);
  response_type authorize(const std::string& token) const;
  void start_integration(std::uint32_t index);
  backend_result send_to_sqs(call& c);
  http_response map_backend(const backend_result& result) const;
  void count_status(int status);
  /// Schedules `(this->*member)(index, generation)` at `t`; stale calls are ignored there.
  void schedule(sim::time_ns t, std::uint32_t index, void (gateway_impl::*member)(std::uint32_t, std::uint32_t)) {
    const std::uint32_t generation = calls_[index].generation;
    ctx_.schedule_at(t,
                     [this, index, generation, member](sim::detail::fire_code) { (this->*member)(index, generation); });
  }

  std::vector<call> calls_;
  std::vector<std::uint32_t> free_;
  metric_handles m_{};
  std::array<std::int32_t, 600> status_counters_{};  ///< status -> counter index + 1 (0: not registered)
};

}  // namespace slsim::gateway::detail
