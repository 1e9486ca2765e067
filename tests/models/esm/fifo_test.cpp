// FIFO queues behind the ESM: a poison message blocks its group until the DLQ move (P11,
// F2, MD1), and the FIFO partial-batch rule keeps the group's order (L13).
#include <gtest/gtest.h>

#include <algorithm>

#include "esm_harness.hpp"

namespace slsim::esm {
namespace {

using testing::harness;
using testing::test_code;

queue::queue_config fifo_queue(int visibility_s) {
  queue::queue_config q;
  q.type = queue::queue_type::fifo;
  q.visibility_timeout_s = visibility_s;
  return q;
}

sim::time_ns processed_at(const test_code& code, const std::string& body) {
  for (const auto& [t, b] : code.processed)
    if (b == body) return t;
  return sim::k_never;
}

TEST(esm_fifo, poison_message_blocks_its_group_until_moved_to_the_dlq) {  // P11, F2, MD1
  harness h;
  esm_config e;
  e.batch_size = 1;
  e.report_batch_item_failures = true;
  h.code.how = test_code::mode::fifo_partial;
  h.create(fifo_queue(10), testing::function_with(5), e, /*max_receive_count=*/3);
  h.send("poison", "g1");
  h.send("a", "g1");
  h.send("b", "g1");
  h.send("c", "g2");
  h.run_for(sim::seconds(120));
  EXPECT_LT(processed_at(h.code, "c"), sim::seconds(1));  // the other group is not blocked
  // g1 waits for 3 deliveries of the poison message, one per visibility timeout.
  EXPECT_GE(processed_at(h.code, "a"), sim::seconds(30));
  EXPECT_LT(processed_at(h.code, "a"), processed_at(h.code, "b"));  // order kept after the move
  EXPECT_EQ(h.dlq_bodies(), (std::vector<std::string>{"poison"}));
}

TEST(esm_fifo, partial_batch_returns_the_failed_message_and_everything_after_it) {  // L13 FIFO rule, F1
  harness h;
  esm_config e;
  e.report_batch_item_failures = true;
  h.code.how = test_code::mode::fifo_partial;
  h.code.poison_times = 1;  // fails on its first delivery only
  h.create(fifo_queue(10), testing::function_with(5), e, /*max_receive_count=*/5);
  h.send("ok-before", "g1");
  h.send("poison", "g1");
  h.send("x", "g1");
  h.send("y", "g1");
  h.run_for(sim::seconds(60));
  ASSERT_EQ(h.code.seen.size(), 2u);
  EXPECT_EQ(h.code.seen[0].bodies, (std::vector<std::string>{"ok-before", "poison", "x", "y"}));
  EXPECT_EQ(h.code.seen[1].bodies, (std::vector<std::string>{"poison", "x", "y"}));
  EXPECT_EQ(h.observed.count(failure_cause::reported), 3u);
  std::vector<std::string> order;
  for (const auto& [t, body] : h.code.processed) order.push_back(body);
  EXPECT_EQ(order, (std::vector<std::string>{"ok-before", "poison", "x", "y"}));  // each once, in order
  EXPECT_TRUE(h.dlq_bodies().empty());
}

}  // namespace
}  // namespace slsim::esm
