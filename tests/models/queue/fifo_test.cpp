// FIFO queues: groups, head-of-line blocking, deduplication, limits, DLQs (F1-F8).
#include <gtest/gtest.h>

#include "queue_test_support.hpp"

namespace slsim::queue::testing {
namespace {

using sim::seconds;
using V = std::vector<std::string>;

TEST(queue_fifo, send_needs_a_group_and_a_deduplication_id) {  // F1, F5
  harness h;
  h.svc.create_queue(h.fifo("q.fifo"));
  EXPECT_EQ(h.send("q.fifo", "x").error, queue_errc::missing_parameter);
  send_request r;
  r.body = "x";
  r.message_group_id = "g";
  EXPECT_EQ(h.svc.send_message("q.fifo", r).error, queue_errc::invalid_parameter_value);
  r.delay_s = 1;
  r.message_deduplication_id = "d";
  EXPECT_EQ(h.svc.send_message("q.fifo", r).error, queue_errc::invalid_parameter_value);  // S10
  r.delay_s.reset();
  const auto ok = h.svc.send_message("q.fifo", r);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok.sequence_number.size(), 20u);
}

TEST(queue_fifo, one_receive_returns_a_group_in_order_then_other_groups) {  // F1
  harness h;
  h.svc.create_queue(h.fifo("q.fifo"));
  h.send_fifo("q.fifo", "a1", "A");
  h.send_fifo("q.fifo", "b1", "B");
  h.send_fifo("q.fifo", "a2", "A");
  h.send_fifo("q.fifo", "a3", "A");
  const auto got = h.receive("q.fifo", 10);
  EXPECT_EQ(bodies(got), (V{"a1", "a2", "a3", "b1"}));
  EXPECT_LT(got[0].attributes.sequence_number, got[1].attributes.sequence_number);
  EXPECT_EQ(got[3].attributes.message_group_id, "B");
}

TEST(queue_fifo, a_group_with_a_message_in_flight_delivers_nothing_more) {  // F2
  harness h;
  h.svc.create_queue(h.fifo("q.fifo", 30));
  V second, third;
  h.at(0, [&] {
    h.send_fifo("q.fifo", "a1", "A");
    h.send_fifo("q.fifo", "a2", "A");
    h.send_fifo("q.fifo", "b1", "B");
    EXPECT_EQ(bodies(h.receive("q.fifo", 1)), V{"a1"});
    second = bodies(h.receive("q.fifo", 10));
  });
  h.at(seconds(30), [&] { third = bodies(h.receive("q.fifo", 10)); });
  h.run();
  EXPECT_EQ(second, V{"b1"});
  EXPECT_EQ(third, (V{"a1", "a2", "b1"}));  // a1 came back first, still in order; b1 too
}

TEST(queue_fifo, deleting_the_head_unblocks_the_group) {  // F2
  harness h;
  h.svc.create_queue(h.fifo("q.fifo"));
  h.send_fifo("q.fifo", "a1", "A");
  h.send_fifo("q.fifo", "a2", "A");
  const auto first = h.receive("q.fifo", 1);
  EXPECT_TRUE(h.receive("q.fifo").empty());
  ASSERT_FALSE(h.svc.delete_message("q.fifo", first.at(0).receipt_handle));
  EXPECT_EQ(bodies(h.receive("q.fifo")), V{"a2"});
}

TEST(queue_fifo, failing_message_blocks_its_group_until_moved_to_the_dlq) {  // F2, F8, P11
  harness h;
  h.svc.create_queue(h.fifo("dlq.fifo"));
  auto c = h.fifo("q.fifo", 10);
  c.redrive_policy = {"dlq.fifo", 2};
  h.svc.create_queue(c);
  std::vector<V> got;
  h.at(0, [&] {
    h.send_fifo("q.fifo", "poison", "A");
    h.send_fifo("q.fifo", "next", "A");
  });
  for (int i = 0; i < 3; ++i) h.at(seconds(10 * i), [&] { got.push_back(bodies(h.receive("q.fifo", 1))); });
  h.run();
  // Two failed deliveries of the head; the third attempt moves it and delivers the next one.
  EXPECT_EQ(got, (std::vector<V>{{"poison"}, {"poison"}, {"next"}}));
  const auto dlq = h.svc.stored_messages("dlq.fifo");
  ASSERT_EQ(dlq.size(), 1u);
  EXPECT_EQ(dlq[0].enqueue_time, seconds(20));  // F8/S14: the FIFO move resets the clock
  const auto moved = h.receive("dlq.fifo");
  ASSERT_EQ(moved.size(), 1u);
  EXPECT_EQ(moved[0].attributes.message_deduplication_id, moved[0].message_id);  // F8
  EXPECT_EQ(moved[0].attributes.message_group_id, "A");
}

TEST(queue_fifo, duplicate_within_five_minutes_is_accepted_but_not_delivered) {  // F5
  harness h;
  auto c = h.fifo("q.fifo");
  c.content_based_deduplication = true;
  h.svc.create_queue(c);
  send_result first, dup, later;
  h.at(0, [&] {
    first = h.svc.send_message("q.fifo", {.body = "same", .message_group_id = "g"});
    EXPECT_EQ(h.receive("q.fifo").size(), 1u);
  });
  h.at(seconds(299), [&] { dup = h.svc.send_message("q.fifo", {.body = "same", .message_group_id = "g"}); });
  h.at(seconds(300), [&] { later = h.svc.send_message("q.fifo", {.body = "same", .message_group_id = "g"}); });
  h.run();
  EXPECT_TRUE(dup.ok());
  EXPECT_TRUE(dup.deduplicated);
  EXPECT_EQ(dup.message_id, first.message_id);
  EXPECT_TRUE(later.ok());
  EXPECT_FALSE(later.deduplicated);
  EXPECT_NE(later.message_id, first.message_id);
  EXPECT_EQ(h.svc.counters("q.fifo").sent, 2u);
  EXPECT_EQ(h.svc.counters("q.fifo").deduplicated, 1u);
}

TEST(queue_fifo, content_dedup_hashes_the_body_only_and_explicit_ids_override) {  // F5
  harness h;
  auto c = h.fifo("q.fifo");
  c.content_based_deduplication = true;
  h.svc.create_queue(c);
  send_request r{.body = "b", .message_group_id = "g"};
  EXPECT_FALSE(h.svc.send_message("q.fifo", r).deduplicated);
  r.message_attributes = {{"k", "String", "v", ""}};
  EXPECT_TRUE(h.svc.send_message("q.fifo", r).deduplicated);  // attributes are not hashed
  r.message_deduplication_id = "explicit";
  EXPECT_FALSE(h.svc.send_message("q.fifo", r).deduplicated);
}

TEST(queue_fifo, message_group_scope_deduplicates_per_group) {  // F5
  harness h;
  auto c = h.fifo("q.fifo");
  c.deduplication_scope = dedup_scope::message_group;
  h.svc.create_queue(c);
  EXPECT_FALSE(h.send_fifo("q.fifo", "x", "A").deduplicated);
  EXPECT_FALSE(h.send_fifo("q.fifo", "x", "B").deduplicated);
  EXPECT_TRUE(h.send_fifo("q.fifo", "x", "A").deduplicated);
}

TEST(queue_fifo, inflight_limit_returns_nothing_without_an_error) {  // F4
  harness h;
  auto c = h.fifo("q.fifo");
  c.inflight_limit = 2;
  h.svc.create_queue(c);
  for (const char* g : {"A", "B", "C"}) h.send_fifo("q.fifo", std::string("m") + g, g);
  EXPECT_EQ(h.receive("q.fifo", 10).size(), 2u);
  std::vector<received_message> out;
  EXPECT_FALSE(h.svc.try_receive("q.fifo", receive_request{}, out));
  EXPECT_TRUE(out.empty());
}

TEST(queue_fifo, retried_receive_attempt_returns_the_same_messages_and_handles) {  // F6
  harness h;
  h.svc.create_queue(h.fifo("q.fifo"));
  h.send_fifo("q.fifo", "a1", "A");
  h.send_fifo("q.fifo", "a2", "A");
  receive_request r;
  r.max_number_of_messages = 10;
  r.receive_request_attempt_id = "attempt-1";
  const auto first = h.svc.try_receive("q.fifo", r);
  const auto retry = h.svc.try_receive("q.fifo", r);
  ASSERT_EQ(first.size(), 2u);
  ASSERT_EQ(retry.size(), 2u);
  EXPECT_EQ(retry[1].receipt_handle, first[1].receipt_handle);
  EXPECT_EQ(retry[1].receive_count, 1);
  ASSERT_FALSE(h.svc.delete_message("q.fifo", first[0].receipt_handle));
  EXPECT_TRUE(h.svc.try_receive("q.fifo", r).empty());  // modified: a normal (blocked) receive
}

}  // namespace
}  // namespace slsim::queue::testing
