// Per-request payload streams (docs/architecture.md §6): the shrinker drops single requests
// of a generated case, and every other request keeps its body.
#include <gtest/gtest.h>

#include <map>

#include "slsim/check.hpp"
#include "slsim/examples/handlers.hpp"

namespace slsim::testing {
namespace {

std::map<std::string, std::string> first_bodies(const properties::case_spec& c) {
  const auto r = properties::run_and_check(c, examples::reference_handler());
  std::map<std::string, std::string> out;
  for (const auto& m : r.outcome.messages) out.emplace(m.client_request_id, m.body);
  return out;
}

TEST(shrink_workload, removing_one_request_keeps_the_other_requests_bodies_identical) {
  const nlohmann::json base = pipeline::builtin_scenario();
  for (std::uint64_t seed : {3u, 8u, 21u}) {
    properties::case_spec c = properties::generate_case(base, seed, {.faults = false});
    const int total =
        c.scenario["clients"]["clients"].get<int>() * c.scenario["clients"]["arrival"]["requests"].get<int>();
    ASSERT_GE(total, 2) << seed;
    properties::case_spec fewer = c;
    std::vector<int> kept;
    for (int i = 0; i < total; ++i)
      if (i != total / 2) kept.push_back(i);
    fewer.scenario["clients"]["arrival"]["only_requests"] = kept;
    const auto all = first_bodies(c);
    const auto some = first_bodies(fewer);
    ASSERT_FALSE(some.empty()) << seed;
    EXPECT_LE(some.size(), all.size()) << seed;
    for (const auto& [id, body] : some) {
      const auto it = all.find(id);
      ASSERT_NE(it, all.end()) << "seed " << seed << ": request " << id << " is new";
      EXPECT_EQ(it->second, body) << "seed " << seed << ": request " << id;
    }
  }
}

// Keyed draws (sim::keyed_rng): the gateway's latency and correlation id, the queue's
// message id and the later hops are drawn under the request's, the message's and the
// delivery's own identity, so dropping a request leaves every other request's message
// as it was: the same id, sent at the same instant.
TEST(shrink_workload, removing_one_request_keeps_the_other_requests_message_ids_and_times) {
  const nlohmann::json base = pipeline::builtin_scenario();
  struct first_message {
    std::string id;
    sim::time_ns sent_at;
  };
  const auto first_messages = [](const properties::case_spec& c) {
    const auto r = properties::run_and_check(c, examples::reference_handler());
    std::map<std::string, first_message> out;
    for (const auto& m : r.outcome.messages) out.emplace(m.client_request_id, first_message{m.message_id, m.sent_at});
    return out;
  };
  int compared = 0;
  for (std::uint64_t seed : {3u, 8u, 21u}) {
    properties::case_spec c = properties::generate_case(base, seed, {.faults = false});
    const int total =
        c.scenario["clients"]["clients"].get<int>() * c.scenario["clients"]["arrival"]["requests"].get<int>();
    ASSERT_GE(total, 2) << seed;
    properties::case_spec fewer = c;
    std::vector<int> kept;
    for (int i = 0; i < total; ++i)
      if (i != total / 2) kept.push_back(i);
    fewer.scenario["clients"]["arrival"]["only_requests"] = kept;
    const auto all = first_messages(c);
    const auto some = first_messages(fewer);
    ASSERT_FALSE(some.empty()) << seed;
    for (const auto& [id, m] : some) {
      const auto it = all.find(id);
      ASSERT_NE(it, all.end()) << "seed " << seed << ": request " << id << " is new";
      EXPECT_EQ(it->second.id, m.id) << "seed " << seed << ": request " << id;
      EXPECT_EQ(it->second.sent_at, m.sent_at) << "seed " << seed << ": request " << id;
      ++compared;
    }
  }
  EXPECT_GT(compared, 10);
}

// The shrinker's candidates include the case with any one request dropped.
TEST(shrink_workload, shrinking_reaches_a_single_request_from_the_middle_of_the_workload) {
  const nlohmann::json base = pipeline::builtin_scenario();
  const auto c = properties::generate_case(base, 5, {.faults = false});
  const int total =
      c.scenario["clients"]["clients"].get<int>() * c.scenario["clients"]["arrival"]["requests"].get<int>();
  ASSERT_GE(total, 3);
  const auto bodies = first_bodies(c);
  // "Fails" while the request in the middle is still sent: the shrinker must keep it and
  // drop everything else, however many requests lie before it.
  std::string wanted;
  for (int i = total / 2; i < total && wanted.empty(); ++i) {  // the first one that reaches the queue
    properties::case_spec probe = c;
    probe.scenario["clients"]["arrival"]["only_requests"] = {i};
    const auto target = first_bodies(probe);
    if (!target.empty()) wanted = target.begin()->first;
  }
  ASSERT_FALSE(wanted.empty());
  const auto shrunk = properties::shrink_case(
      base, 5, {.faults = false}, [&](const properties::case_spec& k) { return first_bodies(k).count(wanted) > 0; },
      300);
  const auto only = shrunk.scenario["clients"]["arrival"].value("only_requests", nlohmann::json::array());
  const int sent = only.empty() ? shrunk.scenario["clients"]["clients"].get<int>() *
                                      shrunk.scenario["clients"]["arrival"]["requests"].get<int>()
                                : static_cast<int>(only.size());
  EXPECT_EQ(sent, 1) << properties::describe_case(shrunk);
  EXPECT_EQ(first_bodies(shrunk).at(wanted), bodies.at(wanted));
}

}  // namespace
}  // namespace slsim::testing
