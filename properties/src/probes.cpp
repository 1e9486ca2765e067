#include "slsim/properties/probes.hpp"

#include <algorithm>
#include <stdexcept>

#include "fifo_order.hpp"

namespace slsim::properties {

namespace {
bool fifo_scenario(const nlohmann::json& scenario) {
  const auto queue = scenario.find("queue");
  return queue != scenario.end() && queue->is_object() && queue->value("type", "") == "fifo";
}
}  // namespace

std::vector<std::string> required_probes(const std::vector<std::string>& names, const nlohmann::json& scenario,
                                         std::string_view option) {
  std::vector<std::string> out;
  for (const auto& name : names) {
    if (name == "all") {
      for (auto n : k_probe_names)
        if (probe_applies(n, scenario)) out.emplace_back(n);
      continue;
    }
    if (std::find(k_probe_names.begin(), k_probe_names.end(), name) == k_probe_names.end())
      throw std::invalid_argument(std::string(option) + ": unknown probe \"" + name + "\"");
    out.push_back(name);
  }
  return out;
}

bool probe_applies(std::string_view name, const nlohmann::json& scenario) {
  return name != "fifo_group_blocked" || fifo_scenario(scenario);
}

std::array<bool, k_probe_names.size()> probes_of(const case_result& r, const case_spec& c) {
  const auto& o = r.outcome;
  const auto fired = [&](faults::fault_kind kind) {
    return std::any_of(r.fired.begin(), r.fired.end(),
                       [&](const auto& f) { return c.plan.faults[f.index].kind == kind; });
  };
  // A redelivery overlapped a write: a message held twice at once (P1), or received again
  // after its request's result was already written.
  bool overlapped = o.esm.concurrent_duplicates > 0 || fired(faults::fault_kind::duplicate_delivery);
  bool partial = false;
  for (const auto& m : o.messages)
    for (const auto& f : m.failures) partial |= f.cause == esm::failure_cause::reported;
  // F2: only a FIFO queue holds a group back (a standard queue's group ids are fair-queue tags, S1).
  const bool fifo = fifo_scenario(c.scenario);
  const bool dlq_move =
      std::any_of(o.messages.begin(), o.messages.end(), [](const auto& m) { return m.moved_to_dlq_at >= 0; });
  return {overlapped || std::any_of(o.messages.begin(), o.messages.end(),
                                    [](const auto& m) { return m.receives > 1 && m.deleted_at >= 0; }),
          dlq_move, partial, o.runtime.throttles > 0, fired(faults::fault_kind::store_timeout_applied),
          o.runtime.crashes > 0, fifo && group_was_blocked(o),
          // A throttle, 5xx, timeout or validation error reached a handler (the SDK gave up).
          o.store_errors_surfaced > 0,
          // An injected crash after a write, as the invocation was about to make another.
          o.crashes_between_writes > 0};
}

}  // namespace slsim::properties
