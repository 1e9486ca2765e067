#pragma once
// The live simulated world of one run: every service, wired together. The fault layer
// and the oracles' recorders reach the models through it; it lives only during run_case.
#include <functional>
#include <map>
#include <memory>

#include "slsim/api/handler_function.hpp"
#include "slsim/esm/event_source_mapping.hpp"
#include "slsim/gateway/clients.hpp"
#include "slsim/gateway/gateway.hpp"
#include "slsim/iam/iam_service.hpp"
#include "slsim/metrics/registry.hpp"
#include "slsim/pipeline/outcome.hpp"
#include "slsim/pipeline/scenario.hpp"
#include "slsim/queue/service.hpp"
#include "slsim/runtime/lambda_runtime.hpp"
#include "slsim/sim/context.hpp"
#include "slsim/store/service.hpp"

namespace slsim::pipeline {

namespace detail {
class recorder;
class sim_hooks;
class sim_store_factory;
}  // namespace detail

class world {
 public:
  world(const scenario& s, const handler_definition& handler, std::uint64_t seed, bool buggify);
  ~world();
  world(const world&) = delete;
  world& operator=(const world&) = delete;

  const scenario& config;
  sim::context ctx;
  sim::rng_source random;
  metrics::registry metrics;
  iam::iam_service iam;
  queue::queue_service queues;
  store::store_service store;
  store::store_client sdk;  ///< the SDK-like retrying client handlers' calls go through (MD9)
  // --- fault hooks, set by the fault layer before the run ---
  /// Before store call `call` (1-based, all invocations) of `invocation`: returns an
  /// extra delay before the call reaches the store.
  std::function<sim::time_ns(std::uint64_t call, std::uint64_t invocation)> before_store_call;
  /// After message `send_index` (1-based) was stored in the source queue.
  std::function<void(std::uint64_t send_index, const std::string& message_id)> after_send;
  std::uint64_t store_calls_started = 0;

  std::unique_ptr<detail::recorder> record;
  std::unique_ptr<detail::sim_hooks> hooks;
  std::unique_ptr<detail::sim_store_factory> store_clients;
  api::handler_function code;
  runtime::lambda_runtime function;
  esm::event_source_mapping mapping;
  gateway::api_gateway gateway;
  gateway::client_fleet clients;

  /// True when nothing is left to do: no message visible, delayed or in flight, no
  /// invocation, no gateway call in progress.
  bool quiescent();
  /// Copies the record into `out` (end of run).
  void collect(run_outcome& out);
};

}  // namespace slsim::pipeline
