#pragma once
// The simulated DynamoDB service: store_core behind per-call latency (fixed +
// lognormal jitter from its own rng stream), capacity-based or injected throttling
// (D9), transaction locks (D5 TransactionConflict, D6 TransactionInProgress),
// eventual reads (MD8), the lazy TTL deleter daemon (D10) and fault hooks. The SDK-like
// retrying client in front of it is retrying_store_client (MD9).
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <variant>

#include "slsim/metrics/registry.hpp"
#include "slsim/models/token_bucket.hpp"
#include "slsim/sim/context.hpp"
#include "slsim/sim/random.hpp"
#include "slsim/store/api.hpp"
#include "slsim/store/config.hpp"
#include "slsim/store/store_core.hpp"

namespace slsim::store {

/// Counters of the service (read by metrics and tests).
struct service_stats {
  std::uint64_t calls = 0;
  std::uint64_t throttled = 0;
  std::uint64_t timeouts = 0;
  std::uint64_t conflicts = 0;
  double consumed_write_units = 0;
  double consumed_read_units = 0;
};

/// The simulated service. Lives as long as its context runs.
class store_service final : public store_api {
 public:
  /// Validates `config` (throws models::config_error) and creates its tables. The counters
  /// (`store.*`, see the README) are published in `metrics`, or in a private registry.
  store_service(sim::context& ctx, sim::rng rng, store_config config, metrics::registry* metrics = nullptr);
  ~store_service() override;

  store_core& core() noexcept { return core_; }
  const store_config& config() const noexcept { return config_; }
  const service_stats& stats() const noexcept { return stats_; }

  /// D10: spawns the lazy TTL deleter as a kernel daemon (at most once).
  void start_ttl_deleter();

  // --- fault hooks (the fault layer drives these) ---
  /// D9: the next `n` calls fail with ThrottlingException / ProvisionedThroughputExceeded.
  void throttle_next(std::uint32_t n) noexcept { throttle_next_ += n; }
  /// The next `n` calls time out at the client; with `applied` the write still happens
  /// (an ambiguous outcome), otherwise it never reaches the table.
  void timeout_next(std::uint32_t n, bool applied) noexcept;
  /// MD8: widens the eventual-read staleness window (faults); 0 restores the config.
  void set_staleness_window(sim::time_ns window);
  /// Extra latency for the next call only (a latency spike on its way): it is on the wire,
  /// so it applies halfway through even if its caller is killed meanwhile (MD5).
  void delay_next(sim::time_ns extra) noexcept { delay_next_ += extra; }
  /// Called with the caller's writer id each time an injected throttle or timeout hits a
  /// call (attempts of the SDK's retries included), so faults are credited per call.
  void set_injected_fault_observer(std::function<void(bool throttle, std::uint64_t writer)> observer) {
    injected_observer_ = std::move(observer);
  }
  /// Extra latency added to every call (latency spikes).
  void set_extra_latency(sim::time_ns extra) noexcept { extra_latency_ = extra; }

 protected:
  void start(any_request r, call_context who, store_handler handler) override;

 private:
  struct call;
  sim::time_ns draw_latency(sim::rng& draws, bool transaction);
  sim::time_ns draw_apply_point(sim::rng& draws, sim::time_ns latency);
  bool take_capacity(const any_request& r);
  void apply(call& c);

  sim::context& ctx_;
  sim::keyed_rng rng_;  // keyed by call_context::key, so shrinking keeps the other calls' draws (§6)
  std::uint64_t unkeyed_calls_ = 0;
  store_config config_;
  store_core core_;
  service_stats stats_;
  /// The published counters (store.*), registered once; the hot path increments by handle.
  struct published_counters {
    std::array<metrics::counter, std::variant_size_v<any_request>> calls;  ///< by operation (store.calls.PutItem, ...)
    metrics::counter throttles, timeouts, conflicts, conditional_failures, transactions_cancelled;
  };
  metrics::registry own_metrics_;
  metrics::registry& metrics_;
  published_counters m_;
  std::uint32_t throttle_next_ = 0;
  std::uint32_t timeout_applied_ = 0;
  std::uint32_t timeout_lost_ = 0;
  sim::time_ns staleness_ = 0;
  sim::time_ns extra_latency_ = 0;
  sim::time_ns delay_next_ = 0;
  std::function<void(bool, std::uint64_t)> injected_observer_;
  bool ttl_started_ = false;
  std::uint64_t ttl_seed_ = 0;  // MD19: each item's deletion delay is keyed by it, off rng_'s sequence
  // D9: provisioned capacity per table, (read, write), made full on the table's first call.
  std::map<std::string, std::pair<std::optional<models::token_bucket>, std::optional<models::token_bucket>>,
           std::less<>>
      buckets_;
  std::multiset<std::uint64_t> locked_;          // item digests locked by in-flight transactions
  std::multiset<std::string> tokens_in_flight_;  // D6
};

}  // namespace slsim::store
