// lambda_runtime's facade, environment pool and concurrency accounting (L11, L5, MD11).
#include "slsim/runtime/lambda_runtime.hpp"

#include "runtime_impl.hpp"

namespace slsim::runtime {

const char* to_string(invoke_status s) noexcept {
  switch (s) {
    case invoke_status::ok:
      return "ok";
    case invoke_status::handler_error:
      return "handler_error";
    case invoke_status::timeout:
      return "timeout";
    case invoke_status::crash:
      return "crash";
    case invoke_status::throttled:
      return "throttled";
  }
  return "?";
}

const std::string* invocation_info::env(const std::string& name) const {
  const auto it = variables_->find(name);
  return it == variables_->end() ? nullptr : &it->second;
}

void invocation_info::await_point() {
  ++await_points_;
  detail::invocation_state& st = *state_;
  if (st.cut) throw injected_crash{await_points_};  // the process is gone: nothing more starts
  if (!st.crash || st.crash->after || st.crash->at_await_point != await_points_) return;
  // An injected crash kills the process here: the outcome is decided now, and whatever
  // the handler already did stays done (MD5 applies to crashes too). The handler is not
  // cancelled through its slot: the exception unwinds it, and a stackful handler's frame
  // would be gone before a posted cancellation ran (sync_handler.hpp).
  st.crashed = true;
  st.crash_await_point = await_points_;
  st.kill();
  st.done.notify_all();
  throw injected_crash{await_points_};
}

bool invocation_info::crash_after(std::uint32_t n) {
  detail::invocation_state& st = *state_;
  if (st.cut || !st.crash || !st.crash->after || st.crash->at_await_point != n) return false;
  st.crashed = true;
  st.crash_await_point = n;
  st.kill();
  st.done.notify_all();
  return true;
}

bool invocation_info::killed() const noexcept { return state_->cut; }

void invocation_info::on_kill(std::function<void()> listener) { state_->on_kill = std::move(listener); }

lambda_runtime::lambda_runtime(sim::context& ctx, sim::rng rng, function_config config, function_code& code,
                               metrics::registry* metrics) {
  if (auto violations = config.validate(); !violations.empty()) throw models::config_error(std::move(violations));
  impl_ = std::make_unique<detail::runtime_impl>(ctx, rng, std::move(config), code, metrics);
}

lambda_runtime::~lambda_runtime() = default;

void lambda_runtime::crash_next_invocation(crash_point where) { impl_->crash_next(where); }
void lambda_runtime::set_crash_planner(crash_planner planner) { impl_->planner_ = std::move(planner); }
void lambda_runtime::recycle_environments() { impl_->recycle_all(); }
int lambda_runtime::in_flight() const noexcept { return impl_->in_flight_; }
const function_config& lambda_runtime::config() const noexcept { return impl_->config_; }
const runtime_stats& lambda_runtime::stats() const noexcept { return impl_->stats_; }

void lambda_runtime::invoke_impl(std::shared_ptr<const sqs_event> event,
                                 boost::asio::any_completion_handler<void(invoke_outcome)> handler) {
  impl_->invoke(std::move(event), std::move(handler));
}

namespace detail {

runtime_impl::runtime_impl(sim::context& ctx, sim::rng rng, function_config config, function_code& code,
                           metrics::registry* metrics)
    : ctx_(ctx),
      rng_(rng),
      init_seed_(sim::rng(rng).next_u64()),
      config_(std::move(config)),
      code_(code),
      metrics_(metrics ? *metrics : own_metrics_) {
  m_.invocations = metrics_.add_counter("runtime.invocations");
  m_.cold_starts = metrics_.add_counter("runtime.cold_starts");
  m_.successes = metrics_.add_counter("runtime.successes");
  m_.errors = metrics_.add_counter("runtime.errors");
  m_.timeouts = metrics_.add_counter("runtime.timeouts");
  m_.crashes = metrics_.add_counter("runtime.crashes");
  m_.throttles = metrics_.add_counter("runtime.throttles");
  metrics_.add_gauge("runtime.in_flight", "Count", [this] { return static_cast<double>(in_flight_); });
}

environment* runtime_impl::take_warm() {
  while (!idle_.empty()) {
    environment& env = environments_[idle_.back() - 1];
    idle_.pop_back();
    if (!env.alive) continue;
    const sim::time_ns now = ctx_.now();
    const bool too_old = config_.environment_max_lifetime_s > 0 &&
                         now - env.created_at >= sim::seconds(config_.environment_max_lifetime_s);
    const bool worn_out = config_.environment_max_invocations > 0 &&
                          env.invocations >= static_cast<std::uint32_t>(config_.environment_max_invocations);
    const bool idle_too_long = config_.environment_idle_timeout_s > 0 &&
                               now - env.last_used >= sim::seconds(config_.environment_idle_timeout_s);
    if (too_old || worn_out || idle_too_long) {
      env.alive = false;
      code_.retire(env.id);
      ++stats_.environments_recycled;
      ctx_.emit({.kind = &k_recycle, .ids = {env.id, env.invocations, 0, 0}});
      continue;
    }
    return &env;
  }
  return nullptr;
}

void runtime_impl::release(environment& env, bool retire) {
  env.busy = false;
  env.last_used = ctx_.now();
  if (retire || env.retire_on_release) {
    env.alive = false;
    code_.retire(env.id);
    return;
  }
  idle_.push_back(env.id);
}

void runtime_impl::recycle_all() {
  for (auto& env : environments_) {
    if (!env.alive) continue;
    if (env.busy) {
      env.retire_on_release = true;
    } else {
      env.alive = false;
      code_.retire(env.id);
    }
    ++stats_.environments_recycled;
    ctx_.emit({.kind = &k_recycle, .ids = {env.id, env.invocations, 1, 0}});
  }
  idle_.clear();
}

void runtime_impl::finish(invocation_state& st) {
  invoke_outcome& out = st.outcome;
  // MD11: billed duration rounds up to the millisecond; GB-seconds = memory GB x billed s.
  // MD18: since 1 August 2025 the INIT phase of a cold start is billed with its invocation.
  const sim::time_ns used = out.duration + out.init_duration;
  out.billed_duration = (used + sim::k_millisecond - 1) / sim::k_millisecond * sim::k_millisecond;
  out.gb_seconds = static_cast<double>(config_.memory_mb) / 1024.0 * sim::to_seconds(out.billed_duration);
  stats_.billed_duration += out.billed_duration;
  stats_.gb_seconds += out.gb_seconds;
  switch (out.status) {
    case invoke_status::ok:
      ++stats_.successes;
      metrics_.increment(m_.successes);
      break;
    case invoke_status::handler_error:
      ++stats_.errors;
      metrics_.increment(m_.errors);
      break;
    case invoke_status::timeout:
      ++stats_.timeouts;
      metrics_.increment(m_.timeouts);
      break;
    case invoke_status::crash:
      ++stats_.crashes;
      metrics_.increment(m_.crashes);
      break;
    case invoke_status::throttled:
      ++stats_.throttles;
      break;
  }
  ctx_.emit({.kind = &k_invoke_end,
             .ids = {out.invocation_id, out.environment_id, static_cast<std::uint64_t>(out.status), out.cold ? 1u : 0u},
             .value = out.duration,
             .digest = out.ok() ? digest_output(out.output) : sim::digest_bytes(out.error)});
  // The caller's completion was parked in the caller's task at initiation, so it resumes
  // there (a daemon caller stays a daemon), in queue order at this instant.
  ctx_.fire_now(st.completion, sim::detail::fire_code::ok);
}

std::uint64_t digest_event(const sqs_event& event) noexcept {
  sim::trace_hasher h;
  for (const auto& r : event.records) {
    h.fold_bytes(r.message_id);
    h.fold_bytes(r.body);
  }
  return h.value();
}

std::uint64_t digest_output(const invocation_output& output) noexcept {
  sim::trace_hasher h;
  h.fold_u64(output.index());
  if (const auto* typed = std::get_if<batch_response>(&output)) {
    for (const auto& f : typed->batch_item_failures) h.fold_bytes(f.item_identifier);
  } else if (const auto* raw = std::get_if<raw_payload>(&output)) {
    h.fold_bytes(raw->json);
  }
  return h.value();
}

}  // namespace detail

std::uint64_t delivery_key(const sqs_event& event) noexcept {
  if (event.records.empty()) return 0;
  const auto& first = event.records.front();
  return sim::mix_key(sim::fnv1a64(first.message_id), sim::fnv1a64(first.attributes.approximate_receive_count));
}

}  // namespace slsim::runtime
