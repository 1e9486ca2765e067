// MD9, MD20: the SDK-like client. Retries retryable errors (D9 throttling, transaction
// conflicts, 5xx, timeouts) after base × 2^n, capped at max_delay_ms, with full jitter
// when the policy asks (the SDKs' "standard" modes) — by default like the AWS SDK for
// C++ DefaultRetryStrategy (10 retries, 25 ms, no jitter). A failed condition is a
// client error and is never retried (D2).
#include <algorithm>
#include <boost/asio/cancellation_type.hpp>
#include <cmath>

#include "slsim/store/retrying_store_client.hpp"

namespace slsim::store {
namespace {
/// attempt: ids {writer, attempt (1 = the first)} — every request the SDK sends, so a
/// trace shows that no retry leaves after its caller was killed (MD5).
constexpr sim::event_kind k_attempt{"sdk", "attempt", {"writer", "attempt"}};
}  // namespace

struct retrying_store_client::attempt {
  any_request request;
  call_context who;
  std::optional<store_handler> handler;  // move-construct only (see service.cpp)
  int retries = 0;
  bool completed = false;  // set when the caller cancelled: later completions are dropped
};

retrying_store_client::retrying_store_client(sim::context& ctx, store_api& target, retry_config policy, sim::rng jitter)
    : ctx_(ctx), target_(target), policy_(policy.effective()), jitter_(jitter) {}

void retrying_store_client::start(any_request r, call_context who, store_handler handler) {
  auto a = std::make_shared<attempt>();
  a->request = std::move(r);
  a->who = who;
  a->handler.emplace(std::move(handler));
  if (auto slot = a->handler->get_cancellation_slot(); slot.is_connected()) {
    // Weak: the handler (and through it the caller's coroutine frame) owns this slot, so a
    // strong capture would be a cycle that outlives a run stopped by a guard.
    slot.assign([this, weak = std::weak_ptr(a)](asio::cancellation_type) {
      const auto live = weak.lock();
      if (!live || live->completed) return;
      live->completed = true;  // stop retrying; an attempt in flight may still apply
      ctx_.post([live] {
        auto h = std::move(*live->handler);
        h.get_cancellation_slot().clear();
        std::move(h)(std::make_error_code(std::errc::operation_canceled), store_result{});
      });
    });
  }
  launch(std::move(a));
}

void retrying_store_client::launch(std::shared_ptr<attempt> a) {
  ctx_.emit({.kind = &k_attempt, .ids = {a->who.writer, static_cast<std::uint64_t>(a->retries) + 1}});
  auto request = a->request;
  // Each attempt has its own identity: the call's, then its retry number (keyed draws, §6).
  call_context who = a->who;
  if (who.key != 0) who.key = sim::mix_key(who.key, static_cast<std::uint64_t>(a->retries));
  target_.start(
      std::move(request), who, store_handler([this, a](std::error_code ec, store_result r) {
        if (a->completed) return;
        const bool retry = ec && ec.category() == store_category() &&
                           is_retryable(static_cast<store_errc>(ec.value())) && a->retries < policy_.max_retries;
        if (retry) {
          double ms = std::min(policy_.max_delay_ms, policy_.base_delay_ms * std::pow(2.0, a->retries));
          if (policy_.jitter) {  // full jitter, from the member keyed by the call and retry
            sim::rng draws = a->who.key != 0
                                 ? jitter_.at(sim::mix_key(a->who.key, static_cast<std::uint64_t>(a->retries)))
                                 : jitter_.at(sim::mix_key(++unkeyed_retries_, 0));
            ms *= draws.uniform01();
          }
          ++a->retries;
          ++retries_;
          ctx_.schedule_at(ctx_.now() + static_cast<sim::time_ns>(ms * 1e6), [this, a](sim::detail::fire_code) {
            if (!a->completed) launch(a);
          });
          return;
        }
        a->completed = true;
        auto h = std::move(*a->handler);
        h.get_cancellation_slot().clear();
        std::move(h)(ec, std::move(r));
      }));
}

}  // namespace slsim::store
