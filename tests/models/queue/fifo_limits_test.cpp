// FIFO limits: the 120,000-message scan window (F3) and the throughput quota (F7).
#include <gtest/gtest.h>

#include "../../support/release_pass_only.hpp"
#include "queue_test_support.hpp"

namespace slsim::queue::testing {
namespace {

using sim::seconds;
using V = std::vector<std::string>;

/// A FIFO queue in high-throughput mode (F7: no quota), so a test can send a backlog at once.
queue_config high_throughput_fifo(harness& h, const std::string& name) {
  auto c = h.fifo(name, 300);
  c.fifo_throughput_limit = fifo_throughput_limit_kind::per_message_group_id;
  c.deduplication_scope = dedup_scope::message_group;
  return c;
}

/// Sends `n` messages to group `group` (bodies group-0, group-1, ...), all successfully.
void send_backlog(harness& h, const std::string& q, const std::string& group, int n) {
  for (int i = 0; i < n; ++i) ASSERT_TRUE(h.send_fifo(q, group + "-" + std::to_string(i), group).ok()) << i;
}

TEST(queue_fifo_limits, a_group_sent_after_120000_blocked_messages_is_not_found) {  // F3
  SLSIM_RELEASE_PASS_ONLY();
  harness h;
  h.svc.create_queue(high_throughput_fifo(h, "q.fifo"));
  // A pinned message stays in flight at the front while 2,000 others come and go behind
  // it, so the window's bookkeeping has to drop their entries from the middle.
  ASSERT_TRUE(h.send_fifo("q.fifo", "pin", "pin").ok());
  ASSERT_EQ(bodies(h.receive("q.fifo", 1)), V{"pin"});
  send_backlog(h, "q.fifo", "churn", 2000);
  for (int i = 0; i < 200; ++i) {
    const auto got = h.receive("q.fifo", 10);
    ASSERT_EQ(got.size(), 10u) << i;
    for (const auto& m : got) ASSERT_FALSE(h.svc.delete_message("q.fifo", m.receipt_handle));
  }
  send_backlog(h, "q.fifo", "backlog", 119999);             // messages 2..120,000
  ASSERT_TRUE(h.send_fifo("q.fifo", "late", "late").ok());  // message 120,001
  const auto head = h.receive("q.fifo", 1);
  ASSERT_EQ(bodies(head), V{"backlog-0"});  // F2: the backlog group is now blocked too
  // F3: the first 120,000 messages all belong to blocked groups; "late" lies beyond them.
  EXPECT_TRUE(h.receive("q.fifo", 10).empty());
  ASSERT_FALSE(h.svc.delete_message("q.fifo", head[0].receipt_handle));
  // The delete shifts the window by one: "late" is now message 120,000. The backlog group
  // is unblocked and older, so it is served first, then "late" while it is blocked again.
  EXPECT_EQ(h.receive("q.fifo", 10).size(), 10u);
  EXPECT_EQ(bodies(h.receive("q.fifo", 10)), V{"late"});
}

TEST(queue_fifo_limits, a_group_within_the_first_120000_messages_is_found) {  // F3 (the control case)
  harness h;
  h.svc.create_queue(high_throughput_fifo(h, "q.fifo"));
  send_backlog(h, "q.fifo", "backlog", 119999);
  ASSERT_TRUE(h.send_fifo("q.fifo", "late", "late").ok());  // message 120,000
  ASSERT_EQ(bodies(h.receive("q.fifo", 1)), V{"backlog-0"});
  EXPECT_EQ(bodies(h.receive("q.fifo", 10)), V{"late"});
}

TEST(queue_fifo_limits, the_301st_send_in_a_second_is_throttled_and_succeeds_a_second_later) {  // F7
  harness h;
  h.svc.create_queue(h.fifo("q.fifo"));
  int ok = 0;
  send_result over, later;
  h.at(0, [&] {
    for (int i = 0; i < 300; ++i) ok += h.send_fifo("q.fifo", "m" + std::to_string(i), "g").ok() ? 1 : 0;
    over = h.send_fifo("q.fifo", "over", "g");
  });
  h.at(seconds(1), [&] { later = h.send_fifo("q.fifo", "over", "g"); });
  ASSERT_TRUE(h.run().ok());
  EXPECT_EQ(ok, 300);
  EXPECT_EQ(over.error, queue_errc::request_throttled);
  EXPECT_EQ(queue::aws_error_name(queue_errc::request_throttled), "RequestThrottled");
  EXPECT_TRUE(later.ok());
  EXPECT_FALSE(later.deduplicated);  // the throttled send stored nothing, not even its dedup id
  EXPECT_EQ(h.svc.counters("q.fifo").sent, 301u);
  EXPECT_EQ(h.svc.counters("q.fifo").throttled, 1u);
}

TEST(queue_fifo_limits, batches_count_once_so_they_carry_3000_messages_a_second) {  // F7
  harness h;
  h.svc.create_queue(h.fifo("q.fifo"));
  const auto batch = [](int b) {
    std::vector<send_batch_entry> entries;
    for (int i = 0; i < 10; ++i) {
      const std::string body = std::to_string(b) + "-" + std::to_string(i);
      entries.push_back(
          {"e" + std::to_string(i), {.body = body, .message_group_id = "g", .message_deduplication_id = body}});
    }
    return entries;
  };
  for (int b = 0; b < 300; ++b) ASSERT_FALSE(h.svc.send_message_batch("q.fifo", batch(b)).error) << b;
  EXPECT_EQ(h.svc.send_message_batch("q.fifo", batch(300)).error, queue_errc::request_throttled);
  EXPECT_EQ(h.svc.counters("q.fifo").sent, 3000u);
}

TEST(queue_fifo_limits, each_action_has_its_own_quota_and_a_throttled_call_has_no_effect) {  // F7
  harness h;
  h.svc.create_queue(h.fifo("q.fifo"));
  for (int i = 0; i < 300; ++i)
    ASSERT_TRUE(h.send_fifo("q.fifo", "m" + std::to_string(i), "g" + std::to_string(i)).ok());
  std::vector<received_message> got;
  for (int i = 0; i < 300; ++i) {
    std::vector<received_message> out;
    ASSERT_FALSE(h.svc.try_receive("q.fifo", receive_request{}, out)) << i;  // the send quota is spent, not this one
    got.insert(got.end(), out.begin(), out.end());
  }
  ASSERT_EQ(got.size(), 300u);
  std::vector<received_message> out;
  EXPECT_EQ(h.svc.try_receive("q.fifo", receive_request{}, out), queue_errc::request_throttled);
  for (int i = 0; i < 300; ++i) ASSERT_FALSE(h.svc.delete_message("q.fifo", got[i].receipt_handle)) << i;
  EXPECT_EQ(h.send_fifo("q.fifo", "fresh", "fresh").error, queue_errc::request_throttled);  // still spent
  EXPECT_EQ(h.svc.delete_message("q.fifo", got[0].receipt_handle), queue_errc::request_throttled);
  EXPECT_EQ(h.svc.counters("q.fifo").deleted, 300u);
  EXPECT_EQ(h.svc.counters("q.fifo").throttled, 3u);
}

TEST(queue_fifo_limits, the_quota_refills_continuously_at_its_rate) {  // F7
  harness h;
  auto c = h.fifo("q.fifo");
  c.fifo_transactions_per_s = 4;  // one call every 250 ms
  h.svc.create_queue(c);
  std::vector<std::error_code> at0, at249, at250;
  const auto probe = [&h](std::vector<std::error_code>& into, int n) {
    for (int i = 0; i < n; ++i) into.push_back(h.svc.delete_message("q.fifo", "not-a-handle"));
  };
  h.at(0, [&] { probe(at0, 5); });
  h.at(sim::milliseconds(249), [&] { probe(at249, 1); });
  h.at(sim::milliseconds(250), [&] { probe(at250, 2); });
  ASSERT_TRUE(h.run().ok());
  ASSERT_EQ(at0.size(), 5u);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(at0[i], queue_errc::receipt_handle_is_invalid) << i;  // admitted, then judged
  EXPECT_EQ(at0[4], queue_errc::request_throttled);
  EXPECT_EQ(at249[0], queue_errc::request_throttled);  // not yet a whole call's worth
  EXPECT_EQ(at250[0], queue_errc::receipt_handle_is_invalid);
  EXPECT_EQ(at250[1], queue_errc::request_throttled);
}

TEST(queue_fifo_limits, standard_and_high_throughput_queues_are_not_throttled) {  // F7
  harness h;
  h.svc.create_queue(h.standard("std"));
  h.svc.create_queue(high_throughput_fifo(h, "fast.fifo"));
  for (int i = 0; i < 1000; ++i) {
    ASSERT_TRUE(h.send("std", "m" + std::to_string(i)).ok()) << i;
    ASSERT_TRUE(h.send_fifo("fast.fifo", "m" + std::to_string(i), "g").ok()) << i;
  }
  EXPECT_EQ(h.svc.counters("std").throttled + h.svc.counters("fast.fifo").throttled, 0u);
}

TEST(queue_fifo_limits, per_group_limit_without_group_dedup_scope_keeps_the_quota) {  // F7
  harness h;
  auto c = h.fifo("q.fifo");
  c.fifo_throughput_limit = fifo_throughput_limit_kind::per_message_group_id;  // scope stays "queue"
  h.svc.create_queue(c);
  for (int i = 0; i < 300; ++i) ASSERT_TRUE(h.send_fifo("q.fifo", "m" + std::to_string(i), "g").ok());
  EXPECT_EQ(h.send_fifo("q.fifo", "over", "g").error, queue_errc::request_throttled);
}

TEST(queue_fifo_limits, throughput_settings_are_validated) {  // F7
  harness h;
  auto s = h.standard("std");
  s.fifo_throughput_limit = fifo_throughput_limit_kind::per_message_group_id;
  ASSERT_EQ(s.validate().size(), 1u);
  EXPECT_EQ(s.validate()[0].fact, "F7");
  auto f = h.fifo("q.fifo");
  f.fifo_transactions_per_s = 0;
  ASSERT_EQ(f.validate().size(), 1u);
  EXPECT_EQ(f.validate()[0].path, "queue.fifo_transactions_per_s");
  const auto j = nlohmann::json::parse(R"({"name":"a.fifo","type":"fifo","fifo_throughput_limit":"per_message_group_id",
                                          "deduplication_scope":"message_group"})");
  EXPECT_TRUE(j.get<queue_config>().high_throughput());
  EXPECT_EQ(j.get<queue_config>().fifo_transactions_per_s, 300);  // F7's AWS default
}

}  // namespace
}  // namespace slsim::queue::testing
