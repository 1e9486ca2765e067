#include "fifo_order.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <map>

namespace slsim::properties {
namespace {
constexpr sim::time_ns k_pending = std::numeric_limits<sim::time_ns>::max();

// Each group's messages in send order (o.messages is in send order already).
std::map<std::string, std::vector<const pipeline::message_record*>> by_group(const pipeline::run_outcome& o) {
  std::map<std::string, std::vector<const pipeline::message_record*>> out;
  for (const auto& m : o.messages)
    if (!m.group.empty()) out[m.group].push_back(&m);
  return out;
}

sim::time_ns done_or_pending(const pipeline::message_record& m) {
  const sim::time_ns t = finished_at(m);
  return t < 0 ? k_pending : t;
}

std::string when(sim::time_ns t) {
  return t == k_pending ? std::string("was never done") : fmt::format("was done only at {:.3f}s", sim::to_seconds(t));
}
}  // namespace

sim::time_ns finished_at(const pipeline::message_record& m) noexcept {
  sim::time_ns t = -1;
  for (const sim::time_ns each : {m.processed_at, m.deleted_at, m.moved_to_dlq_at})
    if (each >= 0 && (t < 0 || each < t)) t = each;
  return t;
}

void check_fifo_order(const pipeline::run_outcome& o, const pipeline::scenario& s, std::vector<violation>& out) {
  if (s.queue.type != queue::queue_type::fifo) return;
  for (const auto& [group, members] : by_group(o)) {
    const pipeline::message_record* latest = nullptr;  // the earlier message done last so far
    for (const auto* m : members) {
      if (latest != nullptr && m->processed_at >= 0 && done_or_pending(*latest) > m->processed_at)
        out.push_back({property::fifo_order, m->client_request_id, m->message_id,
                       fmt::format("processed at {:.3f}s, but the earlier message {} ({}) of group {} {} (F1, F2; "
                                   "a FIFO handler reports every record after a failed one of its group, P11)",
                                   sim::to_seconds(m->processed_at), latest->message_id, latest->client_request_id,
                                   group, when(done_or_pending(*latest)))});
      if (latest == nullptr || done_or_pending(*m) > done_or_pending(*latest)) latest = m;
    }
  }
}

bool held_behind_group(const pipeline::run_outcome& o, const pipeline::message_record& m,
                       const pipeline::receive_failure& failure) {
  if (failure.invocation == 0 || m.group.empty()) return false;
  for (const auto& earlier : o.messages) {
    if (&earlier == &m) return false;  // only messages sent before m
    if (earlier.group != m.group) continue;
    if (std::any_of(earlier.failures.begin(), earlier.failures.end(),
                    [&](const auto& f) { return f.invocation == failure.invocation; }))
      return true;
  }
  return false;
}

bool group_was_blocked(const pipeline::run_outcome& o) {
  for (const auto& [group, members] : by_group(o)) {
    sim::time_ns failing_until = -1;  // the latest an earlier, failing message of the group was pending
    for (const auto* m : members) {
      if (m->sent_at < failing_until) return true;
      if (!m->failures.empty()) failing_until = std::max(failing_until, done_or_pending(*m));
    }
  }
  return false;
}

}  // namespace slsim::properties
