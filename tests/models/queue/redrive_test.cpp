// Redrive to a dead-letter queue and retention (S9, S12-S15, MD1, F8, P3).
#include <gtest/gtest.h>

#include <algorithm>

#include "queue_test_support.hpp"

namespace slsim::queue::testing {
namespace {

using sim::seconds;
using V = std::vector<std::string>;

void with_dlq(harness& h, int max_receive_count, int source_retention = 345600, int dlq_retention = 1209600,
              int vt = 10) {
  auto d = h.standard("dlq");
  d.message_retention_period_s = dlq_retention;
  h.svc.create_queue(d);
  auto s = h.standard("src", vt);
  s.message_retention_period_s = source_retention;
  s.redrive_policy = {"dlq", max_receive_count};
  h.svc.create_queue(s);
}

TEST(queue_redrive, moves_to_dlq_after_exactly_max_receive_count_deliveries) {  // MD1, S12, S13
  harness h;
  with_dlq(h, 3);
  std::vector<std::size_t> delivered;
  h.at(0, [&] { h.send("src", "poison"); });
  for (int i = 0; i < 4; ++i) h.at(seconds(10 * i), [&] { delivered.push_back(h.receive("src").size()); });
  h.run();
  EXPECT_EQ(delivered, (std::vector<std::size_t>{1, 1, 1, 0}));  // the 4th attempt moves it instead
  const auto dlq = h.svc.stored_messages("dlq");
  ASSERT_EQ(dlq.size(), 1u);
  EXPECT_EQ(dlq[0].body, "poison");
  EXPECT_EQ(dlq[0].receive_count, 3);  // S8: the count travels with the message
  EXPECT_EQ(h.svc.counters("src").moved_to_dlq, 1u);
  EXPECT_EQ(h.svc.counters("dlq").moved_in, 1u);
  EXPECT_EQ(h.svc.receive_history(dlq[0].message_id).size(), 3u);
}

TEST(queue_service, the_receive_history_is_kept_only_when_asked) {
  // A run's observers see every receive; the queue itself keeps no per-delivery history
  // unless asked, so a long run's queue does not grow with its length.
  sim::context ctx;
  queue_service svc{ctx, sim::rng_source(42).stream("queue")};
  EXPECT_THROW(svc.receive_history("any"), std::logic_error);
  svc.keep_receive_history();
  EXPECT_TRUE(svc.receive_history("00000000-0000-0000-0000-000000000000").empty());
}

TEST(queue_redrive, move_returns_other_messages_in_the_same_receive) {  // MD1
  harness h;
  with_dlq(h, 1);
  h.at(0, [&] {
    h.send("src", "poison");
    h.receive("src");
  });
  h.at(seconds(5), [&] { h.send("src", "good"); });
  V got;
  h.at(seconds(10), [&] { got = bodies(h.receive("src", 10)); });
  h.run();
  EXPECT_EQ(got, V{"good"});
  EXPECT_EQ(h.svc.stored_messages("dlq").size(), 1u);
}

TEST(queue_redrive, nothing_moves_until_a_receive_attempt) {  // S13
  harness h;
  with_dlq(h, 1);
  h.at(0, [&] {
    h.send("src", "x");
    h.receive("src");
  });
  h.at(sim::hours(1), [&] {
    EXPECT_TRUE(h.svc.stored_messages("dlq").empty());
    EXPECT_EQ(h.svc.get_queue_attributes("src").approximate_number_of_messages, 1);
    h.receive("src");
    EXPECT_EQ(h.svc.stored_messages("dlq").size(), 1u);
  });
  h.run();
}

TEST(queue_redrive, retention_expires_from_the_original_enqueue_time_even_in_flight) {  // S9
  harness h;
  auto c = h.standard("q", 30);
  c.message_retention_period_s = 60;
  h.svc.create_queue(c);
  std::string handle;
  h.at(0, [&] { h.send("q", "old"); });
  h.at(seconds(50), [&] { handle = h.receive("q").at(0).receipt_handle; });
  h.at(seconds(60), [&] {
    const auto a = h.svc.get_queue_attributes("q");
    EXPECT_EQ(a.approximate_number_of_messages + a.approximate_number_of_messages_not_visible, 0);
    EXPECT_FALSE(h.svc.delete_message("q", handle));  // a stale handle: success, no effect
  });
  h.at(seconds(80), [&] { EXPECT_TRUE(h.receive("q").empty()); });
  h.run();
  EXPECT_EQ(h.svc.counters("q").expired, 1u);
  EXPECT_EQ(h.svc.counters("q").deleted, 0u);
}

TEST(queue_redrive, standard_dlq_keeps_enqueue_time_so_short_dlq_retention_loses_messages) {  // S14, P3
  harness h;
  with_dlq(h, 1, /*source_retention=*/4 * 86400, /*dlq_retention=*/86400);
  h.at(0, [&] {
    h.send("src", "lost");
    h.receive("src");
  });
  h.at(2 * 86400 * sim::k_second, [&] { EXPECT_TRUE(h.receive("src").empty()); });  // moved...
  h.run();
  EXPECT_EQ(h.svc.counters("src").moved_to_dlq, 1u);
  EXPECT_TRUE(h.svc.stored_messages("dlq").empty());  // ...and already past the DLQ's retention
  EXPECT_EQ(h.svc.counters("dlq").expired, 1u);
}

TEST(queue_redrive, standard_dlq_expiry_is_original_enqueue_plus_dlq_retention) {  // S14
  harness h;
  with_dlq(h, 1, 4 * 86400, 4 * 86400);
  std::size_t at_three_days = 0, at_four_days = 0;
  h.at(0, [&] {
    h.send("src", "m");
    h.receive("src");
  });
  h.at(86400 * sim::k_second, [&] { h.receive("src"); });  // moved after 1 day in the source
  h.at(3 * 86400 * sim::k_second, [&] { at_three_days = h.svc.stored_messages("dlq").size(); });
  h.at(4 * 86400 * sim::k_second, [&] { at_four_days = h.svc.stored_messages("dlq").size(); });
  h.run();
  EXPECT_EQ(at_three_days, 1u);
  EXPECT_EQ(at_four_days, 0u);  // 3 days in the DLQ, not 4
}

TEST(queue_redrive, dlq_must_exist_and_have_the_same_type) {  // S12, F8
  harness h;
  h.svc.create_queue(h.standard("std-dlq"));
  h.svc.create_queue(h.fifo("fifo-dlq.fifo"));
  auto a = h.fifo("a.fifo");
  a.redrive_policy = {"std-dlq", 5};
  EXPECT_THROW(h.svc.create_queue(a), models::config_error);
  auto b = h.standard("b");
  b.redrive_policy = {"fifo-dlq.fifo", 5};
  EXPECT_THROW(h.svc.create_queue(b), models::config_error);
  auto c = h.standard("c");
  c.redrive_policy = {"missing", 5};
  EXPECT_THROW(h.svc.create_queue(c), models::config_error);
  a.redrive_policy = {"fifo-dlq.fifo", 5};
  EXPECT_NO_THROW(h.svc.create_queue(a));
  EXPECT_THROW(h.svc.create_queue(a), models::config_error);  // duplicate name
}

TEST(queue_redrive, redrive_allow_policy_admits_only_listed_sources) {  // S15
  harness h;
  auto d = h.standard("dlq");
  d.redrive_allow_policy = {redrive_permission_kind::by_queue, {"allowed"}};
  h.svc.create_queue(d);
  auto deny = h.standard("deny");
  deny.redrive_allow_policy.redrive_permission = redrive_permission_kind::deny_all;
  h.svc.create_queue(deny);
  auto ok = h.standard("allowed");
  ok.redrive_policy = {"dlq", 3};
  EXPECT_NO_THROW(h.svc.create_queue(ok));
  auto other = h.standard("other");
  other.redrive_policy = {"dlq", 3};
  EXPECT_THROW(h.svc.create_queue(other), models::config_error);
  other.redrive_policy = {"deny", 3};
  EXPECT_THROW(h.svc.create_queue(other), models::config_error);
}

TEST(queue_redrive, moving_messages_back_makes_new_messages) {  // S16
  harness h;
  with_dlq(h, 1);
  std::string original_id;
  h.at(0, [&] {
    original_id = h.send("src", "m").message_id;
    h.receive("src");
  });
  h.at(seconds(10), [&] { EXPECT_TRUE(h.receive("src").empty()); });  // moved to the DLQ
  h.at(seconds(20), [&] {
    EXPECT_EQ(h.svc.move_messages("src"), queue_errc::invalid_parameter_value);  // not a DLQ
    EXPECT_FALSE(h.svc.move_messages("dlq"));                                    // back to its source
    const auto back = h.receive("src");
    ASSERT_EQ(back.size(), 1u);
    EXPECT_NE(back[0].message_id, original_id);
    EXPECT_EQ(back[0].receive_count, 1);
    EXPECT_EQ(back[0].enqueue_time, seconds(20));
  });
  h.run();
  EXPECT_TRUE(h.svc.stored_messages("dlq").empty());
  EXPECT_EQ(h.svc.counters("dlq").redriven, 1u);
}

TEST(queue_redrive, moving_messages_needs_a_destination_of_the_same_type) {  // S16
  harness h;
  with_dlq(h, 1);
  h.svc.create_queue(h.fifo("f.fifo"));
  EXPECT_EQ(h.svc.move_messages("dlq", "f.fifo"), queue_errc::invalid_parameter_value);
  EXPECT_EQ(h.svc.move_messages("dlq", "nope"), queue_errc::queue_does_not_exist);
}

}  // namespace
}  // namespace slsim::queue::testing

namespace slsim::queue::testing {
namespace {

// The bodies and attributes live in each queue's text arena: they must come through a move
// to the DLQ, duplicates (stored again in the same arena), a redrive back (stored in the
// source's) and the end's snapshot that takes them, for bodies from empty to past a chunk.
TEST(queue_redrive, bodies_and_attributes_survive_moves_duplicates_and_redrives) {  // MD1, MD4, S16
  harness h;
  with_dlq(h, 1);
  std::vector<std::string> sent;
  for (int i = 0; i < 200; ++i) {
    std::string body = "m" + std::to_string(i) + std::string(static_cast<std::size_t>(i * 97 % 9000), 'a' + i % 26);
    sent.push_back(body);
  }
  std::vector<std::string> received_back;
  std::vector<std::vector<message_attribute>> attributes_back;
  h.at(0, [&] {
    for (const auto& body : sent) {
      send_request r;
      r.body = body;
      r.message_attributes = {{"n", "String", body.substr(0, 4), ""}};
      ASSERT_FALSE(h.svc.send_message("src", r).error);
    }
    const auto first = h.receive("src", 10);  // some receives, so duplicates have copies to make
    for (const auto& m : first) ASSERT_FALSE(h.svc.inject_duplicate("src", m.message_id));
    for (int round = 0; round < 30; ++round) h.receive("src", 10);
  });
  h.at(seconds(20), [&] {  // everything received once is moved on this receive (max_receive_count 1)
    for (int round = 0; round < 60; ++round) h.receive("src", 10);
  });
  h.at(seconds(40), [&] {
    const auto dlq = h.svc.stored_messages("dlq");
    std::vector<std::string> in_dlq;
    for (const auto& m : dlq) in_dlq.push_back(m.body);
    std::vector<std::string> expected = sent;
    for (int i = 0; i < 10; ++i) expected.push_back(sent[static_cast<std::size_t>(i)]);  // the duplicates
    std::sort(in_dlq.begin(), in_dlq.end());
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(in_dlq, expected);
    EXPECT_FALSE(h.svc.move_messages("dlq"));  // back to the source, as new messages
  });
  h.at(seconds(50), [&] {
    for (int round = 0; round < 60; ++round)
      for (const auto& m : h.receive("src", 10)) {
        received_back.push_back(m.body);
        attributes_back.push_back(m.message_attributes);
      }
  });
  h.run();
  ASSERT_EQ(received_back.size(), sent.size() + 10);
  for (std::size_t i = 0; i < received_back.size(); ++i) {
    ASSERT_EQ(attributes_back[i].size(), 1u);
    EXPECT_EQ(attributes_back[i][0].string_value, received_back[i].substr(0, 4));
  }
  // The end's snapshot moves the bodies out: the same contents as a copying snapshot.
  const auto copied = h.svc.stored_messages("src");
  const auto taken = h.svc.take_stored_messages("src");
  ASSERT_EQ(taken.size(), copied.size());
  for (std::size_t i = 0; i < taken.size(); ++i) {
    EXPECT_EQ(taken[i].message_id, copied[i].message_id);
    EXPECT_EQ(taken[i].body, copied[i].body);
  }
  EXPECT_EQ(taken.size(), sent.size() + 10);  // received, not deleted: all still stored
}

}  // namespace
}  // namespace slsim::queue::testing
