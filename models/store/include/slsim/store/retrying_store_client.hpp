#pragma once
// retrying_store_client: the SDK-like client in front of a store_api (MD9, MD20). Not to be
// confused with slsim::store_client (api/), the interface a handler calls: the handler's
// calls reach the store through this retrier.
#include <cstdint>
#include <memory>

#include "slsim/sim/context.hpp"
#include "slsim/sim/random.hpp"
#include "slsim/store/api.hpp"
#include "slsim/store/config.hpp"

namespace slsim::store {

/// The SDK-like client (MD9, MD20): retries throttling, conflicts, 5xx and timeouts with
/// base × 2^n backoff (full jitter from `jitter` when the policy asks) up to max_retries;
/// never retries a failed condition (D2). A cancelled caller stops the retry loop: no
/// attempt is issued after the cancellation (an attempt already sent may still apply, MD5).
class retrying_store_client final : public store_api {
 public:
  retrying_store_client(sim::context& ctx, store_api& target, retry_config policy = {}, sim::rng jitter = sim::rng(0));
  /// Total retries performed so far.
  std::uint64_t retries() const noexcept { return retries_; }

 protected:
  void start(any_request r, call_context who, store_handler handler) override;

 private:
  struct attempt;
  void launch(std::shared_ptr<attempt> a);
  sim::context& ctx_;
  store_api& target_;
  retry_config policy_;
  sim::keyed_rng jitter_;  // keyed by call_context::key and the retry number (§6)
  std::uint64_t unkeyed_retries_ = 0;
  std::uint64_t retries_ = 0;
};

}  // namespace slsim::store
