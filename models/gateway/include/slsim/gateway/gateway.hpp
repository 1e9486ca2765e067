#pragma once
// The simulated API Gateway REST method in front of SQS (docs/aws-facts.md §5):
// authentication (G2), throttling (G1), body validation (G2), payload limit (G3),
// the SendMessage integration under the gateway's IAM role (G4), response mapping
// including the 200-on-error pitfall (G5, G7) and the integration timeout whose
// message may still be enqueued (G3, G6). Every attempt is written to the ledger.
#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/system/error_code.hpp>
#include <cstdint>
#include <functional>
#include <memory>

#include "slsim/gateway/config.hpp"
#include "slsim/gateway/ledger.hpp"
#include "slsim/gateway/request.hpp"
#include "slsim/iam/iam_service.hpp"
#include "slsim/metrics/registry.hpp"
#include "slsim/queue/service.hpp"
#include "slsim/sim/context.hpp"
#include "slsim/sim/random.hpp"

namespace slsim::gateway {

namespace detail {
class gateway_impl;
}

/// Completion of a call: an error only when the client stopped waiting
/// (asio::error::timed_out at its deadline, operation_aborted when cancelled); the
/// server side carries on regardless, as a real gateway does (G6).
using call_signature = void(boost::system::error_code, http_response);

/// A fault on one SendMessage integration call (docs/architecture.md §5 "gateway integration
/// failure/timeout").
struct integration_fault {
  enum class kind : std::uint8_t {
    none,
    slow,           ///< `extra_latency` added to the SQS round trip (504 past the timeout; stored anyway, G6)
    sqs_error,      ///< SQS answers 500 InternalError and stores nothing
    lost_response,  ///< SQS stores the message, the connection drops: 504 INTEGRATION_FAILURE (G6)
    network_error,  ///< the request never reaches SQS: 504 INTEGRATION_FAILURE, nothing stored
  };
  kind what = kind::none;
  sim::time_ns extra_latency = 0;
};

/// Chooses a fault for integration call number `call_index` (0-based) of `request`.
using integration_fault_hook = std::function<integration_fault(std::uint64_t call_index, const http_request& request)>;

/// One REST method (POST `resource_path`) integrated with SendMessage on one queue.
class api_gateway {
 public:
  /// Validates `config` (throws models::config_error with every violation). The queue
  /// `config.integration.queue` should exist in `queues` (else SQS answers
  /// QueueDoesNotExist); the role `config.integration.role` must exist in `iam`.
  /// `random` is the gateway's own stream (latencies, correlation ids). Without
  /// `metrics` the gateway keeps its counters in a private registry.
  api_gateway(sim::context& ctx, gateway_config config, queue::queue_service& queues, iam::iam_service& iam,
              sim::rng random, metrics::registry* metrics = nullptr);
  ~api_gateway();
  api_gateway(const api_gateway&) = delete;
  api_gateway& operator=(const api_gateway&) = delete;

  /// Sends one request. Completes with the response, or with timed_out once
  /// `client_deadline` passes first (the client's own timeout), or operation_aborted
  /// when the handler's cancellation slot fires. Never completes inline.
  template <class Token>
  auto async_call(http_request request, sim::time_ns client_deadline, Token&& token) {
    return boost::asio::async_initiate<Token, call_signature>(
        [this](auto handler, http_request r, sim::time_ns deadline) {
          auto slot = boost::asio::get_associated_cancellation_slot(handler);
          start_call(std::move(r), deadline, boost::asio::any_completion_handler<call_signature>(std::move(handler)),
                     slot);
        },
        token, std::move(request), client_deadline);
  }
  /// Sends one request and waits for the gateway's answer however long it takes.
  template <class Token>
  auto async_call(http_request request, Token&& token) {
    return async_call(std::move(request), sim::k_never, std::forward<Token>(token));
  }

  /// The next integration call gets `fault` (queued: one fault per call, in order).
  void inject_integration_fault(integration_fault fault);
  /// Consulted for each integration call without a queued fault.
  void set_integration_fault_hook(integration_fault_hook hook);

  /// Every attempt that reached the gateway (always on).
  const request_ledger& ledger() const noexcept;
  /// The ledger moved out, for the end of a run (what is left is empty): a long run's
  /// ledger outlives the gateway without a copy.
  request_ledger release_ledger() noexcept;
  /// The ledger keeps each attempt only while its call lasts (request_ledger::fold_attempts),
  /// sized for `requests` requests.
  void fold_ledger(std::size_t requests);
  /// SendMessage integration calls made so far.
  std::uint64_t integration_calls() const noexcept;
  /// Calls whose client is still waiting or whose server side is still running.
  std::uint64_t in_flight() const noexcept;
  const gateway_config& config() const noexcept;

 private:
  void start_call(http_request request, sim::time_ns deadline,
                  boost::asio::any_completion_handler<call_signature> handler, boost::asio::cancellation_slot slot);
  std::unique_ptr<detail::gateway_impl> impl_;
};

}  // namespace slsim::gateway
