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
#include "slsim/pipeline/run_case.hpp"
#include "slsim/pipeline/scenario.hpp"
#include "slsim/queue/service.hpp"
#include "slsim/runtime/lambda_runtime.hpp"
#include "slsim/sim/context.hpp"
#include "slsim/store/retrying_store_client.hpp"
#include "slsim/store/service.hpp"

namespace slsim::pipeline {

namespace detail {
class recorder;
class sim_hooks;
class sim_store_factory;
}  // namespace detail

class world {
 public:
  /// `records`, `expected`: what the run keeps for the oracles (run_options::records, ::expected).
  world(const scenario& s, const handler_definition& handler, std::uint64_t seed,
        record_mode records = record_mode::full,
        std::function<std::optional<store::item>(std::string_view)> expected = {}, bool attribute_failures = true);
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
  store::retrying_store_client sdk;  ///< the SDK-like retrying client handlers' calls go through (MD9)
  // --- fault hooks, set by the fault layer before the run ---
  /// What the fault layer does to one store call.
  struct store_call_fault {
    sim::time_ns delay = 0;  ///< extra latency on the wire (the call may apply after its caller died, MD5)
    std::error_code error;   ///< returned to the handler at once, nothing applied (the SDK gave up)
  };
  /// Before store call `call` (1-based, all invocations) of `invocation`.
  std::function<store_call_fault(std::uint64_t call, std::uint64_t invocation)> before_store_call;
  /// Just before before_store_call, for a call an invocation makes: its await point (the
  /// runtime's numbering, as crash points use it) and whether it may write. The fault
  /// layer logs trigger points with it (`slsim explore`); unset: nothing.
  std::function<void(std::uint64_t invocation, std::uint32_t await_point, bool write)> on_store_call;
  /// After message `send_index` (1-based) was stored in the source queue.
  std::function<void(std::uint64_t send_index, const std::string& message_id)> after_send;
  std::uint64_t store_calls_started = 0;
  /// Whether buggify site `site` fires now: the fault layer's decision (faults::buggify_sites,
  /// from the "buggify" stream of `random`) when the case's plan enables it; unset: never.
  std::function<bool(std::string_view site)> buggify;
  // --- coverage counters (probes) ---
  std::uint64_t store_errors_surfaced = 0;   ///< transient/service errors handed to handlers
  std::uint64_t crashes_between_writes = 0;  ///< injected crashes after a write, before the next write

  std::unique_ptr<detail::recorder> record;
  std::unique_ptr<detail::sim_hooks> hooks;
  std::unique_ptr<detail::sim_store_factory> store_clients;
  /// The C++ handler, or an external handler process (scenario function.runtime).
  std::unique_ptr<runtime::function_code> code;
  runtime::lambda_runtime function;
  esm::event_source_mapping mapping;
  gateway::api_gateway gateway;
  gateway::client_fleet clients;

  /// The client requestId carried by source-queue message `message_id` (nullptr: unknown).
  const std::string* request_of_message(std::string_view message_id) const;
  /// True when nothing is left to do: no message visible, delayed or in flight, no
  /// invocation, no gateway call in progress.
  bool quiescent();
  /// Message records the recorder holds now (record_mode::folded: those not yet settled and
  /// those kept for the end; otherwise every message sent).
  std::size_t held_message_records() const;
  /// Moves the record into `out` (end of run).
  void collect(run_outcome& out);

 private:
  record_mode records_;
};

}  // namespace slsim::pipeline
