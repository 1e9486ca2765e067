// event_source_mapping's facade, construction checks (L6) and the scaler (L8, L9, L10, MD7).
#include <boost/asio/use_awaitable.hpp>

#include "esm_impl.hpp"
#include "slsim/sim/timer.hpp"

namespace slsim::esm {

const char* to_string(failure_cause c) noexcept {
  switch (c) {
    case failure_cause::reported:
      return "reported";
    case failure_cause::handler_error:
      return "handler_error";
    case failure_cause::invalid_response:
      return "invalid_response";
    case failure_cause::timeout:
      return "timeout";
    case failure_cause::crash:
      return "crash";
    case failure_cause::throttle:
      return "throttle";
    case failure_cause::visibility_expiry:
      return "visibility_expiry";
  }
  return "?";
}

event_source_mapping::event_source_mapping(sim::context& ctx, sim::rng rng, esm_config config,
                                           queue::queue_service& queues, std::string queue_name,
                                           runtime::lambda_runtime& function, metrics::registry* metrics) {
  // L6: the mapping is rejected when the function timeout exceeds the visibility timeout.
  if (auto violations = config.validate(queues.config(queue_name), function.config()); !violations.empty())
    throw models::config_error(std::move(violations));
  impl_ =
      std::make_unique<detail::esm_impl>(ctx, rng, std::move(config), queues, std::move(queue_name), function, metrics);
}

event_source_mapping::~event_source_mapping() = default;
void event_source_mapping::start() { impl_->start(); }
void event_source_mapping::set_observer(esm_observer* observer) noexcept { impl_->observer_ = observer; }
const esm_config& event_source_mapping::config() const noexcept { return impl_->config_; }
const esm_stats& event_source_mapping::stats() const noexcept { return impl_->stats_; }
int event_source_mapping::active_batches() const noexcept { return impl_->active_; }

namespace detail {

esm_impl::esm_impl(sim::context& ctx, sim::rng rng, esm_config config, queue::queue_service& queues,
                   std::string queue_name, runtime::lambda_runtime& function, metrics::registry* metrics)
    : ctx_(ctx),
      rng_(rng),
      config_(std::move(config)),
      queues_(queues),
      queue_(std::move(queue_name)),
      function_(function),
      arn_(queue::queue_arn(queue_)),
      visibility_s_(queues.config(queue_).visibility_timeout_s),
      fifo_(queues.config(queue_).type == queue::queue_type::fifo),
      filter_(config_.filter_patterns),
      scale_wq_(ctx),
      metrics_(metrics ? *metrics : own_metrics_) {
  m_.polls = metrics_.add_counter("esm.polls");
  m_.empty_polls = metrics_.add_counter("esm.empty_polls");
  m_.messages_received = metrics_.add_counter("esm.messages_received");
  m_.batches = metrics_.add_counter("esm.batches");
  m_.invocations = metrics_.add_counter("esm.invocations");
  m_.throttles = metrics_.add_counter("esm.throttles");
  m_.throttle_drops = metrics_.add_counter("esm.throttle_drops");
  m_.deletes = metrics_.add_counter("esm.deletes");
  m_.messages_returned = metrics_.add_counter("esm.messages_returned");
  m_.filtered = metrics_.add_counter("esm.filtered");
}

void esm_impl::start() {
  if (started_) throw std::logic_error("event_source_mapping::start called twice");
  started_ = true;
  last_message_at_ = ctx_.now();
  set_target(std::min(config_.scaling.initial_concurrency, config_.concurrency_ceiling()));  // L8: 5 at start
  ctx_.spawn("esm.scaler", scaler(), sim::task_kind::daemon);
}

void esm_impl::set_target(int target) {
  target = std::clamp(target, 1, config_.concurrency_ceiling());
  if (target == target_) return;
  target_ = target;
  stats_.target_concurrency = target;
  stats_.peak_target = std::max(stats_.peak_target, target);
  while (pollers_ < target_) {
    const int index = pollers_++;
    ctx_.spawn("esm.poller", poller(index), sim::task_kind::daemon);
  }
  scale_wq_.notify_all();  // parked pollers re-check their index against the target
  ctx_.emit({.kind = &k_scale, .ids = {static_cast<std::uint64_t>(target), static_cast<std::uint64_t>(active_), 0, 0}});
}

asio::awaitable<void> esm_impl::scaler() {
  const scaling_config& s = config_.scaling;
  const int base = std::min(s.initial_concurrency, config_.concurrency_ceiling());
  const int step = std::max(1, s.scale_up_per_minute / 60);
  for (;;) {
    co_await sim::async_sleep_for(ctx_, sim::k_second, asio::use_awaitable);
    const sim::time_ns idle = ctx_.now() - last_message_at_;
    // MD7 (corrected): AWS adds pollers "if messages are still available", i.e. on backlog
    // left after a receive, not on a receive that came back full (at batch size 1 every
    // non-empty receive is full, which scaled light load to ~750 pollers).
    const bool backlog = tick_backlog_receives_ > 0;
    if (tick_failures_ > 0) {
      // L9: function errors and throttles lower the concurrency gradually, not below the start.
      scale_credit_ = 0;
      if (target_ > base) set_target(std::max(base, target_ - step));
    } else if (backlog) {
      // L8/MD7: +300 per minute while there is a backlog, up to 1,250 or MaximumConcurrency.
      if (target_ < base) set_target(base);
      scale_credit_ += s.scale_up_per_minute;
      const int add = scale_credit_ / 60;
      scale_credit_ %= 60;
      if (add > 0) set_target(target_ + add);
    } else {
      scale_credit_ = 0;
      // L8: low traffic scales back to 5, then can drop to 2 (not with MaximumConcurrency).
      if (!config_.maximum_concurrency && idle >= 2 * sim::seconds(s.scale_down_idle_s)) {
        if (target_ > std::min(s.idle_concurrency, base)) set_target(std::min(s.idle_concurrency, base));
      } else if (idle >= sim::seconds(s.scale_down_idle_s) && target_ > base) {
        set_target(base);
      }
    }
    tick_backlog_receives_ = 0;
    tick_failures_ = 0;
  }
}

}  // namespace detail
}  // namespace slsim::esm
