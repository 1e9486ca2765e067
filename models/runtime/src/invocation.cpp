// One invocation's life: throttle check, environment (cold init or warm reuse), the
// handler raced against timeout + kill lag, crash injection, release (L5, L11, MD5).
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "runtime_impl.hpp"
#include "slsim/sim/timer.hpp"

namespace slsim::runtime::detail {
namespace {

std::string describe(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  } catch (const injected_crash&) {
    return "injected crash";
  } catch (...) {
    return "unknown exception";
  }
}

asio::awaitable<invocation_output> handler_body(function_code& code, std::shared_ptr<invocation_state> st,
                                                sim::time_ns compute) {
  // MD17: the handler's own compute time, spent in the invocation before its body runs. It
  // is not an await point of the handler (crash triggers count the handler's own awaits);
  // a timeout or crash cancels it like any wait.
  if (compute > 0) co_await sim::async_sleep_for(st->info->context(), compute, asio::use_awaitable);
  invocation_output out = co_await code.invoke(*st->event, *st->info);
  co_return out;
}

/// Receives the handler coroutine's end. After a cut (timeout, crash) the result is moot:
/// the process is gone, only the effects the handler already made remain (MD5).
struct handler_done {
  std::shared_ptr<invocation_state> st;
  void operator()(std::exception_ptr error, invocation_output output) {
    if (st->cut) return;
    st->finished = true;
    st->error = error;
    st->output = std::move(output);
    st->done.notify_all();
  }
};

}  // namespace

sim::time_ns runtime_impl::draw_compute(std::uint64_t key, std::size_t records) {
  // MD17, from the runtime's own stream: one draw per invocation, one per record, from
  // the member keyed by the delivery (not by how many invocations came before).
  const compute_config& c = config_.duration;
  if (c.is_zero()) return 0;
  sim::rng r = rng_.at(key);
  sim::time_ns total = c.per_invocation.draw(r);
  if (!c.per_record.is_zero())
    for (std::size_t i = 0; i < records; ++i) total += c.per_record.draw(r);
  return total;
}

sim::time_ns runtime_impl::draw_init(std::uint64_t environment_id) const {
  // MD32: one draw per environment from a stream keyed by its id, so a cold start never
  // shifts the runtime's compute draws (MD17) and each environment's INIT is stable.
  if (config_.init_duration.is_zero()) return 0;
  sim::rng r(init_seed_ ^ (environment_id * 0x9e3779b97f4a7c15ULL));
  return config_.init_duration.draw(r);
}

void runtime_impl::invoke(std::shared_ptr<const sqs_event> event, outcome_handler handler) {
  auto st = std::make_shared<invocation_state>(ctx_, std::move(event), std::move(handler));
  st->outcome.invocation_id = ++next_invocation_;
  // Parked now, in the caller's task, so the caller resumes as itself (work or daemon).
  st->completion = ctx_.park([st](sim::detail::fire_code) {
    outcome_handler h = std::move(st->handler);
    std::move(h)(std::move(st->outcome));
  });
  // L11: the ESM does not look at concurrency; an invocation beyond it is throttled and
  // never runs (reserved concurrency 0 throttles everything).
  if (in_flight_ >= config_.concurrency_limit()) {
    st->outcome.status = invoke_status::throttled;
    ++stats_.throttles;
    metrics_.increment(m_.throttles);
    ctx_.emit({.kind = &k_throttle,
               .ids = {st->outcome.invocation_id, static_cast<std::uint64_t>(in_flight_), 0, 0},
               .digest = digest_event(*st->event)});
    ctx_.fire_now(st->completion, sim::detail::fire_code::ok);
    return;
  }
  ++in_flight_;
  ++stats_.invocations;
  metrics_.increment(m_.invocations);
  if (in_flight_ > stats_.peak_concurrency) stats_.peak_concurrency = in_flight_;
  if (!pending_crashes_.empty()) {
    st->crash = pending_crashes_.front();
    pending_crashes_.pop_front();
  } else if (planner_) {
    st->crash = planner_(st->outcome.invocation_id, *st->event);
  }
  ctx_.spawn("lambda.invoke", run_invocation(std::move(st)), sim::task_kind::work);
}

asio::awaitable<void> runtime_impl::run_invocation(std::shared_ptr<invocation_state> st) {
  environment* env = co_await prepare_environment(*st);
  if (env != nullptr) co_await run_handler(st, *env);
  --in_flight_;
  finish(*st);
}

asio::awaitable<environment*> runtime_impl::prepare_environment(invocation_state& st) {
  invoke_outcome& out = st.outcome;
  if (environment* warm = take_warm()) {
    warm->busy = true;
    out.environment_id = warm->id;
    co_return warm;
  }
  const sim::time_ns start = ctx_.now();
  environments_.push_back({.id = environments_.size() + 1, .created_at = start, .last_used = start, .busy = true});
  environment& env = environments_.back();
  out.environment_id = env.id;
  out.cold = true;
  ++stats_.cold_starts;
  metrics_.increment(m_.cold_starts);
  // Init runs once per environment (Lambda's init phase); warm invocations skip it.
  environment_info info{.environment_id = env.id, .ctx = &ctx_, .variables = &config_.environment};
  std::exception_ptr init_error;
  try {
    if (const sim::time_ns init = draw_init(env.id); init > 0)
      co_await sim::async_sleep_for(ctx_, init, asio::use_awaitable);
    co_await code_.init(info);
  } catch (...) {
    init_error = std::current_exception();
  }
  out.init_duration = ctx_.now() - start;
  ctx_.emit({.kind = &k_init, .ids = {out.invocation_id, env.id, init_error ? 1u : 0u, 0}, .value = out.init_duration});
  if (init_error) {
    out.status = invoke_status::handler_error;
    out.error = "init: " + describe(init_error);
    release(env, true);
    co_return nullptr;
  }
  co_return &env;
}

asio::awaitable<void> runtime_impl::run_handler(std::shared_ptr<invocation_state> st, environment& env) {
  invoke_outcome& out = st->outcome;
  const sim::time_ns start = ctx_.now();
  const sim::time_ns deadline = start + config_.timeout();
  const sim::time_ns kill_at = deadline + sim::milliseconds(config_.kill_lag_ms);  // MD5
  const std::uint64_t key = delivery_key(*st->event);
  st->info.emplace(*st, ctx_, out.invocation_id, env.id, deadline, out.cold, config_.function_name, config_.environment,
                   key);
  ctx_.emit({.kind = &k_invoke_start,
             .ids = {out.invocation_id, env.id, out.cold ? 1u : 0u, st->event->records.size()},
             .digest = digest_event(*st->event)});
  asio::co_spawn(ctx_.get_executor(), handler_body(code_, st, draw_compute(key, st->event->records.size())),
                 asio::bind_cancellation_slot(st->cancel.slot(), handler_done{st}));
  if (!st->finished && !st->cut) {
    boost::system::error_code ec;  // timed_out at the kill instant, success when the handler ends
    co_await st->done.async_wait_until(kill_at, asio::redirect_error(asio::use_awaitable, ec));
  }
  const sim::time_ns now = ctx_.now();
  bool retire = false;
  if (st->crashed) {
    out.status = invoke_status::crash;
    retire = true;  // the process died: the next invocation starts cold
    ctx_.emit({.kind = &k_crash, .ids = {out.invocation_id, env.id, st->crash_await_point, 0}, .value = now - start});
  } else if (!st->finished || now > deadline) {
    // L5/MD5: past the timeout the outcome is a timeout even if the handler finished during
    // the kill lag; a handler still running is cut here, its earlier effects persist.
    st->kill();  // its store calls stop retrying first (MD5)
    if (!st->finished) {
      st->cancel.emit(asio::cancellation_type::terminal);
      // Asio's co_spawn forwards a cancellation through a posted function holding a pointer
      // into st->cancel. Under a reversed or random tie order that function may run after
      // this invocation's last reference is gone at this same instant: keep the state alive
      // until the next instant, which runs after every event of this one in any tie order.
      ctx_.schedule_at(now + 1, [st](sim::detail::fire_code) {});
    }
    out.status = invoke_status::timeout;
    retire = true;
    ctx_.emit(
        {.kind = &k_timeout, .ids = {out.invocation_id, env.id, st->finished ? 1u : 0u, 0}, .value = now - start});
  } else if (st->error) {
    out.status = invoke_status::handler_error;
    out.error = describe(st->error);
  } else if (st->crash && st->crash->at_await_point == 0) {
    out.status = invoke_status::crash;  // crash after the handler returned: its result is lost
    retire = true;
    ctx_.emit({.kind = &k_crash, .ids = {out.invocation_id, env.id, 0, 1}, .value = now - start});
  } else {
    out.status = invoke_status::ok;
    out.output = std::move(st->output);
  }
  // A timeout is billed up to the timeout; anything else up to its end.
  out.duration = out.status == invoke_status::timeout ? deadline - start : now - start;
  ++env.invocations;
  release(env, retire);
}

}  // namespace slsim::runtime::detail
