#include "slsim/faults/injector.hpp"

#include <algorithm>

namespace slsim::faults {
namespace {
constexpr sim::event_kind k_fired{"fault", "fired", {"fault", "nth", "invocation"}, "kind"};

sim::time_ns seconds_of(double s) { return static_cast<sim::time_ns>(s * 1e9); }
}  // namespace

void injector::record(pipeline::world& w, std::size_t index, std::uint64_t invocation) {
  fired_[index] = true;
  log_.push_back({index, w.ctx.now(), invocation});
  const fault& f = plan_.faults[index];
  w.ctx.emit({.kind = &k_fired, .ids = {index + 1, f.nth, invocation}, .value = static_cast<std::int64_t>(f.kind)});
}

std::vector<std::uint64_t> injector::faulted_invocations() const {
  std::vector<std::uint64_t> out;
  for (const auto& f : log_)
    if (f.invocation != 0) out.push_back(f.invocation);
  for (const auto i : affected_)
    if (i != 0) out.push_back(i);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void injector::attach(pipeline::world& w) {
  // Invocation triggers: crashes, recycles and delete failures, as invocation nth starts.
  w.function.set_crash_planner([this, &w](std::uint64_t invocation) -> std::optional<runtime::crash_point> {
    std::optional<runtime::crash_point> crash;
    for (std::size_t i = 0; i < plan_.faults.size(); ++i) {
      const fault& f = plan_.faults[i];
      if (!armed(i) || f.nth != invocation) continue;
      switch (f.kind) {
        case fault_kind::handler_crash:
          crash = f.point == 0 ? runtime::crash_point::before_return()
                  : f.after    ? runtime::crash_point::after_call(f.point)
                               : runtime::crash_point::at(f.point);
          record(w, i, invocation);
          break;
        case fault_kind::environment_recycle:
          record(w, i, invocation);
          w.ctx.post([&w] { w.function.recycle_environments(); });
          break;
        case fault_kind::delete_failure:
          record(w, i, invocation);
          w.queues.inject_api_failure(w.config.queue.name, queue::api_call::delete_message,
                                      queue::queue_errc::internal_error);
          break;
        default:
          break;
      }
    }
    return crash;
  });

  // Store-call triggers (counted across all invocations, 1-based).
  // Each call an injected throttle or timeout hits (a retry of another invocation's call
  // included) is credited to its own invocation: a burst spanning invocations N..N+4 is a
  // cause of each one's failure, not of N's only.
  w.store.set_injected_fault_observer([this](bool, std::uint64_t writer) {
    if (writer != 0) affected_.push_back(writer);
  });
  w.before_store_call = [this, &w](std::uint64_t call, std::uint64_t invocation) {
    pipeline::world::store_call_fault out;
    for (std::size_t i = 0; i < plan_.faults.size(); ++i) {
      const fault& f = plan_.faults[i];
      if (!armed(i) || f.nth != call) continue;
      switch (f.kind) {
        case fault_kind::store_throttle:
          w.store.throttle_next(std::max(1u, f.count));
          break;
        case fault_kind::store_timeout_applied:
          w.store.timeout_next(1, true);
          break;
        case fault_kind::store_timeout_lost:
          w.store.timeout_next(1, false);
          break;
        case fault_kind::store_latency_spike:
          out.delay += seconds_of(f.seconds);
          break;
        case fault_kind::store_error:
          out.error = f.error == surfaced_error::throttling       ? store::store_errc::throttling
                      : f.error == surfaced_error::internal_error ? store::store_errc::internal_error
                                                                  : store::store_errc::validation;
          break;
        default:
          continue;
      }
      record(w, i, invocation);
    }
    return out;
  };

  // Message triggers: a duplicate copy after the delete (S1, MD4).
  w.after_send = [this, &w](std::uint64_t send_index, const std::string& message_id) {
    for (std::size_t i = 0; i < plan_.faults.size(); ++i) {
      const fault& f = plan_.faults[i];
      if (!armed(i) || f.kind != fault_kind::duplicate_delivery || f.nth != send_index) continue;
      w.queues.duplicate_after_delete(w.config.queue.name, message_id);
      record(w, i, 0);
    }
  };

  // Integration-call triggers at the gateway (0-based call index there).
  w.gateway.set_integration_fault_hook([this, &w](std::uint64_t call_index, const gateway::http_request&) {
    gateway::integration_fault out;
    for (std::size_t i = 0; i < plan_.faults.size(); ++i) {
      const fault& f = plan_.faults[i];
      if (!armed(i) || f.nth != call_index + 1) continue;
      if (f.kind == fault_kind::gateway_lost_response) {
        out.what = gateway::integration_fault::kind::lost_response;
      } else if (f.kind == fault_kind::gateway_slow) {
        out.what = gateway::integration_fault::kind::slow;
        out.extra_latency = seconds_of(f.seconds);
      } else {
        continue;
      }
      record(w, i, 0);
    }
    return out;
  });
}

}  // namespace slsim::faults
