#include "slsim/faults/placements.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace slsim::faults {
namespace {
// Ranks at one point. A crash at an await point comes before the call's own faults (it
// kills the process before the call starts), a crash right after the call last.
constexpr std::uint32_t k_rank_crash_at = 0;
constexpr std::uint32_t k_rank_store = 10;
constexpr std::uint32_t k_rank_crash_after = 40;

bool wanted(const placement_options& o, fault_kind k) {
  return std::find(o.kinds.begin(), o.kinds.end(), k) != o.kinds.end();
}

struct builder {
  const placement_options& o;
  bool prune;
  std::vector<placement> out;

  // One placement per key that addresses the point: the first key runs, the others are
  // the same point (same state), pruned by rule (i).
  void add(const fault& base, const std::vector<request_target>& keys, const point_position& at, std::uint32_t rank,
           prune_rule rule) {
    for (std::size_t k = 0; k < keys.size(); ++k) {
      placement p{base, at.seq, at.hash, rank, prune_rule::none};
      p.f.request = keys[k];
      if (o.after && !p.after(*o.after)) continue;
      if (prune) p.pruned = at.stopped ? prune_rule::lineage : k > 0 ? prune_rule::state : rule;
      out.push_back(std::move(p));
    }
  }
};
}  // namespace

const char* to_string(prune_rule r) noexcept {
  switch (r) {
    case prune_rule::none:
      return "none";
    case prune_rule::state:
      return "state";
    case prune_rule::lineage:
      return "lineage";
    case prune_rule::equivalent:
      return "equivalent";
  }
  return "?";
}

std::vector<placement> enumerate_placements(const point_log& log, const placement_options& o, bool prune,
                                            placement_stats* stats) {
  builder b{o, prune, {}};
  std::map<std::uint64_t, const logged_invocation*> by_id;
  for (const auto& i : log.invocations) by_id.emplace(i.invocation, &i);
  std::uint64_t last_start = 0;
  for (const auto& i : log.invocations) last_start = std::max(last_start, i.at.seq);
  // The await points each invocation's calls sit at (a crash right after a call is the
  // crash at the next await point when that is the next call: nothing the process does in
  // between is visible outside it, and no virtual time passes).
  std::set<std::pair<std::uint64_t, std::uint32_t>> call_points;
  for (const auto& c : log.calls) call_points.emplace(c.invocation, c.await_point);

  for (const auto& i : log.invocations) {
    const auto& keys = i.keys;
    if (keys.empty() && stats && (!o.after || i.at.seq > o.after->seq)) ++stats->unaddressable_invocations;
    if (wanted(o, fault_kind::handler_crash)) {
      fault f{.kind = fault_kind::handler_crash};
      f.point = 0;  // just before returning
      b.add(f, keys, i.at, 1, prune_rule::none);
    }
    if (wanted(o, fault_kind::delete_failure))
      b.add({.kind = fault_kind::delete_failure}, keys, i.at, 2, prune_rule::none);
    if (wanted(o, fault_kind::environment_recycle))
      b.add({.kind = fault_kind::environment_recycle}, keys, i.at, 3,
            i.at.seq == last_start ? prune_rule::lineage : prune_rule::none);
  }
  for (const auto& c : log.calls) {
    const auto it = by_id.find(c.invocation);
    if (it == by_id.end() || it->second->keys.empty()) {
      if (stats && (!o.after || c.at.seq > o.after->seq)) ++stats->unaddressable_calls;
      continue;
    }
    const auto& keys = it->second->keys;
    if (wanted(o, fault_kind::handler_crash)) {
      fault at{.kind = fault_kind::handler_crash};
      at.point = c.await_point;
      b.add(at, keys, c.at, k_rank_crash_at, c.write ? prune_rule::none : prune_rule::equivalent);
    }
    std::uint32_t rank = k_rank_store;
    auto store = [&](fault f, prune_rule rule = prune_rule::none) {
      f.nth = c.nth;
      b.add(f, keys, c.at, rank++, rule);
    };
    if (wanted(o, fault_kind::store_throttle)) {
      store({.kind = fault_kind::store_throttle, .count = 1});
      store({.kind = fault_kind::store_throttle, .count = o.throttle_burst});
    }
    if (wanted(o, fault_kind::store_timeout_applied))
      store({.kind = fault_kind::store_timeout_applied},
            c.write || !wanted(o, fault_kind::store_timeout_lost) ? prune_rule::none : prune_rule::equivalent);
    if (wanted(o, fault_kind::store_timeout_lost)) store({.kind = fault_kind::store_timeout_lost});
    if (wanted(o, fault_kind::store_latency_spike))
      for (const double s : o.spike_seconds) store({.kind = fault_kind::store_latency_spike, .seconds = s});
    if (wanted(o, fault_kind::store_error))
      for (std::size_t e = 0; e < k_surfaced_errors; ++e)
        store({.kind = fault_kind::store_error, .error = static_cast<surfaced_error>(e)});
    if (wanted(o, fault_kind::handler_crash)) {
      fault after{.kind = fault_kind::handler_crash};
      after.point = c.await_point;
      after.after = true;
      const bool next_is_call = call_points.count({c.invocation, c.await_point + 1}) > 0;
      b.add(after, keys, c.at, k_rank_crash_after, next_is_call ? prune_rule::equivalent : prune_rule::none);
    }
  }
  for (const auto& s : log.sends)
    if (wanted(o, fault_kind::duplicate_delivery))
      b.add({.kind = fault_kind::duplicate_delivery, .nth = s.nth}, {s.request}, s.at, 0,
            s.deleted ? prune_rule::none : prune_rule::lineage);
  for (const auto& g : log.integrations) {
    if (wanted(o, fault_kind::gateway_lost_response))
      b.add({.kind = fault_kind::gateway_lost_response, .nth = g.nth}, {g.request}, g.at, 0, prune_rule::none);
    if (wanted(o, fault_kind::gateway_slow))
      b.add({.kind = fault_kind::gateway_slow, .nth = g.nth, .seconds = o.gateway_slow_seconds}, {g.request}, g.at, 1,
            prune_rule::none);
  }
  std::stable_sort(b.out.begin(), b.out.end(), [](const placement& x, const placement& y) {
    return x.seq != y.seq ? x.seq < y.seq : x.order < y.order;
  });
  return std::move(b.out);
}

}  // namespace slsim::faults
