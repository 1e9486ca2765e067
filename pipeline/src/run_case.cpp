// One case from start to end: assemble, run the workload, then the liveness phase
// (docs/architecture.md §6): faults stop and the pipeline must drain within
// (maxReceiveCount + 1) × (visibility + batching window + function timeout).
#include "slsim/pipeline/run_case.hpp"

#include <algorithm>
#include <boost/asio/use_awaitable.hpp>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include "slsim/io/output_file.hpp"
#include "slsim/metrics/export.hpp"
#include "slsim/metrics/sampler.hpp"
#include "slsim/pipeline/world.hpp"
#include "slsim/sim/timer.hpp"

namespace slsim::pipeline {
namespace {
constexpr sim::event_kind k_phase{"pipeline", "phase", {"phase"}};

bool clients_done(world& w) {
  // Every request the workload will make has been generated, and each is finished.
  const auto& c = w.clients.config();
  // A count, not a walk over the requests: this is asked at every poll of a long run.
  const std::size_t made = w.clients.requests().size();
  if (made < static_cast<std::size_t>(c.planned_requests()) || w.clients.finished() < made) return false;
  return w.gateway.in_flight() == 0;
}

sim::time_ns drain_bound(const scenario& s) {
  const sim::time_ns per_receive = sim::seconds(s.queue.visibility_timeout_s) +
                                   sim::seconds(s.esm.maximum_batching_window_s) + sim::seconds(s.function.timeout_s);
  return (s.queue.redrive_policy.max_receive_count + 1) * per_receive +
         static_cast<sim::time_ns>(s.bounds.extra_drain_s * 1e9);
}

// F2: a FIFO group is processed one message after another, so each message of its backlog
// may take its full maxReceiveCount receives in turn: the bound scales with the longest
// group backlog when the liveness phase starts.
std::int64_t fifo_serial_factor(world& w) {
  if (w.config.queue.type != queue::queue_type::fifo) return 1;
  std::map<std::string, std::int64_t> backlog;
  std::int64_t longest = 1;
  for (const auto& m : w.queues.stored_messages(w.config.queue.name))
    longest = std::max(longest, ++backlog[m.message_group_id]);
  return longest;
}

asio::awaitable<void> orchestrate(world& w, const run_options& options, run_outcome& out) {
  const auto poll = static_cast<sim::time_ns>(w.config.bounds.drain_poll_s * 1e9);
  // The workload phase: clients send, retry and finish (late retries included).
  do {
    co_await sim::async_sleep_for(w.ctx, poll, asio::use_awaitable);
  } while (!clients_done(w));
  out.workload_end = w.ctx.now();
  // Faults stay on for one more receive cycle (visibility + batching window + timeout), or
  // until nothing is left to do: the workload's messages are mostly processed after the
  // last request (a batching window alone outlasts a short workload), and a fault plan
  // must be able to reach those invocations too.
  const sim::time_ns faults_until = w.ctx.now() + sim::seconds(w.config.queue.visibility_timeout_s) +
                                    sim::seconds(w.config.esm.maximum_batching_window_s) +
                                    sim::seconds(w.config.function.timeout_s);
  while (options.on_liveness && w.ctx.now() < faults_until && !w.quiescent())
    co_await sim::async_sleep_for(w.ctx, poll, asio::use_awaitable);
  w.ctx.emit({.kind = &k_phase, .ids = {1}});
  if (options.on_liveness) options.on_liveness(w);
  // The liveness phase: nothing new arrives; everything accepted must end processed or
  // in the DLQ, and every message due a DLQ move must have met a receive (MD1).
  out.drain_bound = w.ctx.now() + drain_bound(w.config) * fifo_serial_factor(w);
  while (!w.quiescent()) {
    if (w.ctx.now() >= out.drain_bound) {
      out.drained = false;
      break;
    }
    co_await sim::async_sleep_for(w.ctx, poll, asio::use_awaitable);
  }
  w.ctx.emit({.kind = &k_phase, .ids = {2}, .value = out.drained ? 1 : 0});
}
}  // namespace

run_outcome run_case(const scenario& s, const handler_definition& handler, const run_options& options) {
  run_outcome out;
  out.seed = options.seed;
  world w(s, handler, options.seed, options.records, options.expected, options.attribute_failures);
  if (options.trace) w.ctx.set_trace_listener(options.trace);
  if (options.on_assembled) options.on_assembled(w);
  const bool metrics = !options.metrics_file.empty() && s.metrics.enabled;
  if (metrics) metrics::start_sampler(w.ctx, w.metrics, static_cast<sim::time_ns>(s.metrics.sample_period_s * 1e9));
  w.mapping.start();
  w.clients.start();
  w.ctx.spawn("pipeline", orchestrate(w, options, out));
  sim::run_limits limits;
  limits.max_events = static_cast<std::uint64_t>(s.bounds.max_events);
  limits.wall_seconds = s.bounds.wall_seconds;
  out.run = w.ctx.run(limits);
  w.collect(out);
  if (metrics) {
    metrics::sample_final(w.metrics, out.run.end_time);
    std::ostringstream text;
    const auto& name = options.metrics_file;
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".csv") == 0)
      metrics::write_csv(text, w.metrics);
    else
      text << metrics::to_json(w.metrics).dump(2) << "\n";
    io::write_file(name, text.str());
  }
  return out;
}

}  // namespace slsim::pipeline
