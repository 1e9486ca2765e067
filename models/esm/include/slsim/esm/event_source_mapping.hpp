#pragma once
// The Lambda SQS event source mapping: pollers that long-poll the queue, assemble
// batches, invoke the function synchronously, and delete what succeeded (L1-L15,
// MD5-MD7, MD12-MD15).
#include <memory>
#include <string>

#include "slsim/esm/config.hpp"
#include "slsim/esm/observer.hpp"
#include "slsim/metrics/registry.hpp"
#include "slsim/queue/service.hpp"
#include "slsim/runtime/lambda_runtime.hpp"
#include "slsim/sim/context.hpp"
#include "slsim/sim/random.hpp"

namespace slsim::esm {

namespace detail {
class esm_impl;
}

/// One ESM from `queue_name` to `function`. Pollers and the scaler are daemons: they do
/// not keep a run alive; each batch's invocation-and-delete is run-keeping work.
class event_source_mapping {
 public:
  /// Throws models::config_error listing every violation (incl. L6 against the queue's
  /// visibility timeout and the function's timeout) or std::out_of_range for an unknown
  /// queue. The queue service and the runtime must outlive the ESM. The counters
  /// (`esm.*`, see the README) are published in `metrics`, or in a private registry.
  event_source_mapping(sim::context& ctx, sim::rng rng, esm_config config, queue::queue_service& queues,
                       std::string queue_name, runtime::lambda_runtime& function, metrics::registry* metrics = nullptr);
  event_source_mapping(const event_source_mapping&) = delete;
  event_source_mapping& operator=(const event_source_mapping&) = delete;
  ~event_source_mapping();

  /// Spawns the scaler and the initial pollers (L8: 5 concurrent batches). Call once.
  void start();
  /// Attaches an observer (nullptr detaches). Not owned.
  void set_observer(esm_observer* observer) noexcept;

  const esm_config& config() const noexcept;
  const esm_stats& stats() const noexcept;
  /// Batches currently held (received, not yet finished).
  int active_batches() const noexcept;

 private:
  std::unique_ptr<detail::esm_impl> impl_;
};

}  // namespace slsim::esm
