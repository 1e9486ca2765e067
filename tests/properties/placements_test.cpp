// Trigger points and fault placements (`slsim explore`, docs/exploration.md): logging the
// points changes nothing in a run, every point a placement names is where its keyed fault
// fires, and the exact pruning rules prune only placements whose run is the same as one
// that runs.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "slsim/examples/handlers.hpp"
#include "slsim/faults/placements.hpp"
#include "slsim/pipeline/scenario.hpp"
#include "slsim/properties/case.hpp"

namespace slsim::testing {
namespace {
using faults::fault_kind;
using faults::prune_rule;

// Three valid requests of one client, batched together (a 2 s batching window): one
// invocation carries several requests, so several keys address each of its points.
properties::case_spec batched(std::uint64_t seed) {
  pipeline::scenario s = pipeline::builtin_scenario();
  s.clients.clients = 1;
  s.clients.arrival.requests = 3;
  s.clients.mix.poison = 0;
  s.clients.mix.invalid = 0;
  s.clients.mix.oversized = 0;
  s.clients.mix.unauthenticated = 0;
  s.clients.retry.late_retry_probability = 0;
  s.esm.maximum_batching_window_s = 2;
  properties::case_spec c;
  c.seed = seed;
  c.scenario = s;
  return c;
}

std::vector<fault_kind> all_kinds() {
  std::vector<fault_kind> out;
  for (std::size_t k = 0; k < faults::k_fault_kinds; ++k) out.push_back(static_cast<fault_kind>(k));
  return out;
}

TEST(placements, logging_trigger_points_changes_nothing_in_the_run) {
  const auto& handler = examples::reference_handler();
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const auto c = batched(seed);
    faults::point_log log;
    const auto logged = properties::run_and_check(c, handler, nullptr, {}, &log);
    const auto plain = properties::run_and_check(c, handler);
    EXPECT_EQ(logged.trace_hash, plain.trace_hash) << seed;
    EXPECT_FALSE(log.invocations.empty());
    EXPECT_FALSE(log.calls.empty());
    EXPECT_EQ(log.sends.size(), logged.outcome.messages.size());
    // Points are numbered in the order reached, each once.
    std::set<std::uint64_t> seqs;
    for (const auto& i : log.invocations) seqs.insert(i.at.seq);
    for (const auto& p : log.calls) seqs.insert(p.at.seq);
    for (const auto& p : log.sends) seqs.insert(p.at.seq);
    for (const auto& p : log.integrations) seqs.insert(p.at.seq);
    EXPECT_EQ(seqs.size(), log.next_seq - 1);
  }
}

TEST(placements, every_unpruned_placement_fires_at_its_point) {
  const auto& handler = examples::reference_handler();
  const auto c = batched(3);
  faults::point_log log;
  properties::run_and_check(c, handler, nullptr, {}, &log);
  faults::placement_options o;
  o.kinds = all_kinds();
  const auto placements = faults::enumerate_placements(log, o, true);
  ASSERT_FALSE(placements.empty());
  for (const auto& p : placements) {
    if (p.pruned != prune_rule::none) continue;
    auto one = c;
    one.plan.faults = {p.f};
    const auto r = properties::run_and_check(one, handler);
    EXPECT_EQ(r.fired.size(), 1u) << faults::describe(p.f);
  }
}

TEST(placements, a_point_several_keys_address_is_run_once_and_its_aliases_are_the_same_run) {
  // Redeliveries after a fault come back batched together: an invocation then carries
  // several requests' deliveries, and each key addresses the same points.
  const auto& handler = examples::reference_handler();
  const auto c = batched(1);
  faults::point_log log;
  properties::run_and_check(c, handler, nullptr, {}, &log);
  faults::placement_options o;
  o.kinds = all_kinds();
  std::size_t aliases = 0;
  for (const auto& parent : faults::enumerate_placements(log, o, true)) {
    if (parent.pruned != prune_rule::none || aliases >= 12) continue;
    auto with_parent = c;
    with_parent.plan.faults = {parent.f};
    faults::point_log after;
    if (!properties::run_and_check(with_parent, handler, nullptr, {}, &after).result.ok()) continue;
    auto child_options = o;
    child_options.after = parent;
    const auto children = faults::enumerate_placements(after, child_options, true);
    for (const auto& alias : children) {
      if (alias.pruned != prune_rule::state || aliases >= 12) continue;
      ++aliases;
      // Its representative: the first key of the same point and rank (run, unless another
      // rule prunes it too).
      const auto rep = std::find_if(children.begin(), children.end(), [&](const faults::placement& p) {
        return p.seq == alias.seq && p.order == alias.order && p.pruned != prune_rule::state;
      });
      ASSERT_NE(rep, children.end());
      auto a = with_parent, b = with_parent;
      a.plan.faults.push_back(alias.f);
      b.plan.faults.push_back(rep->f);
      EXPECT_NE(alias.f.request, rep->f.request);
      EXPECT_EQ(properties::run_and_check(a, handler).trace_hash, properties::run_and_check(b, handler).trace_hash)
          << faults::describe(parent.f) << ", then " << faults::describe(alias.f) << " vs " << faults::describe(rep->f);
    }
  }
  EXPECT_GT(aliases, 0u);
}

TEST(placements, a_duplicate_of_a_message_never_deleted_is_pruned_by_lineage) {
  faults::point_log log;
  log.sends.push_back({{1, 7, false}, {0, 0, 1}, 1, "m-1", false});
  log.sends.push_back({{2, 8, false}, {0, 1, 1}, 1, "m-2", true});
  log.next_seq = 3;
  faults::placement_options o;
  o.kinds = {fault_kind::duplicate_delivery};
  const auto p = faults::enumerate_placements(log, o, true);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].pruned, prune_rule::lineage);
  EXPECT_EQ(p[1].pruned, prune_rule::none);
  const auto unpruned = faults::enumerate_placements(log, o, false);
  EXPECT_EQ(std::count_if(unpruned.begin(), unpruned.end(),
                          [](const faults::placement& x) { return x.pruned != prune_rule::none; }),
            0);
}

TEST(placements, children_come_after_their_parent_in_the_total_order) {
  faults::point_log log;
  log.invocations.push_back({{1, 100, false}, 1, {{0, 0, 1}}});
  log.calls.push_back({{2, 200, false}, 1, 1, 1, true});
  log.calls.push_back({{3, 300, false}, 1, 2, 2, true});
  log.next_seq = 4;
  faults::placement_options o;
  o.kinds = {fault_kind::store_error, fault_kind::handler_crash};
  const auto all = faults::enumerate_placements(log, o, false);
  const auto parent = std::find_if(all.begin(), all.end(), [](const faults::placement& p) {
    return p.f.kind == fault_kind::store_error && p.f.nth == 1;
  });
  ASSERT_NE(parent, all.end());
  o.after = *parent;
  const auto children = faults::enumerate_placements(log, o, false);
  ASSERT_FALSE(children.empty());
  for (const auto& c : children) EXPECT_TRUE(c.after(*parent)) << faults::describe(c.f);
  // Every placement is either before the parent, the parent, or one of its children.
  std::size_t before = 0;
  for (const auto& p : all)
    if (!p.after(*parent)) ++before;
  EXPECT_EQ(before + children.size(), all.size());
}

}  // namespace
}  // namespace slsim::testing
