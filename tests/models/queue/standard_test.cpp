// Standard queues: sends, receives, visibility, handles, delays, limits (S2-S11, MD2, MD3).
#include <gtest/gtest.h>

#include <set>

#include "queue_test_support.hpp"

namespace slsim::queue::testing {
namespace {

using sim::seconds;
using V = std::vector<std::string>;

TEST(queue_standard, send_returns_real_md5_and_uuid_shaped_message_id) {  // S11, L14
  harness h;
  h.svc.create_queue(h.standard("q"));
  const auto r = h.send("q", "hello");
  ASSERT_TRUE(r.ok()) << r.error.message();
  EXPECT_EQ(r.md5_of_body, "5d41402abc4b2a76b9719d911017c592");
  ASSERT_EQ(r.message_id.size(), 36u);
  EXPECT_EQ(r.message_id[14], '4');
  EXPECT_TRUE(r.sequence_number.empty());
  const auto got = h.receive("q");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].message_id, r.message_id);
  EXPECT_EQ(got[0].md5_of_body, r.md5_of_body);
  EXPECT_EQ(got[0].attributes.sent_timestamp, k_epoch_ms);
  EXPECT_EQ(got[0].attributes.sender_id, k_default_sender_id);
}

TEST(queue_standard, receive_defaults_to_one_and_never_exceeds_max) {  // S4
  harness h;
  h.svc.create_queue(h.standard("q"));
  for (int i = 0; i < 15; ++i) h.send("q", "m" + std::to_string(i));
  EXPECT_EQ(h.svc.try_receive("q", receive_request{}).size(), 1u);
  EXPECT_EQ(h.receive("q", 10).size(), 10u);
  EXPECT_EQ(h.receive("q", 10).size(), 4u);
  receive_request bad;
  bad.max_number_of_messages = 11;
  std::vector<received_message> out;
  EXPECT_EQ(h.svc.try_receive("q", bad, out), queue_errc::invalid_parameter_value);
}

TEST(queue_standard, redelivers_after_visibility_timeout_and_counts_every_receive) {  // S5, S8
  harness h;
  h.svc.create_queue(h.standard("q", 30));
  std::vector<std::vector<received_message>> got(3);
  h.at(0, [&] {
    h.send("q", "a");
    got[0] = h.receive("q");
  });
  h.at(seconds(29), [&] { got[1] = h.receive("q"); });
  h.at(seconds(30), [&] { got[2] = h.receive("q"); });
  EXPECT_TRUE(h.run().ok());
  ASSERT_EQ(got[0].size(), 1u);
  EXPECT_TRUE(got[1].empty());
  ASSERT_EQ(got[2].size(), 1u);
  EXPECT_EQ(got[2][0].receive_count, 2);
  EXPECT_NE(got[2][0].receipt_handle, got[0][0].receipt_handle);  // S7: a new handle per receive
}

TEST(queue_standard, receive_visibility_override_applies_to_that_response_only) {  // S5
  harness h;
  h.svc.create_queue(h.standard("q", 30));
  std::vector<std::size_t> n;
  h.at(0, [&] {
    h.send("q", "a");
    receive_request r;
    r.visibility_timeout_s = 5;
    n.push_back(h.svc.try_receive("q", r).size());
  });
  h.at(seconds(5), [&] { n.push_back(h.receive("q").size()); });
  h.at(seconds(34), [&] { n.push_back(h.receive("q").size()); });
  h.at(seconds(35), [&] { n.push_back(h.receive("q").size()); });
  h.run();
  EXPECT_EQ(n, (std::vector<std::size_t>{1, 1, 0, 1}));
}

TEST(queue_standard, change_visibility_runs_from_the_time_of_the_call) {  // S6
  harness h;
  h.svc.create_queue(h.standard("q", 60));
  std::string handle;
  std::vector<std::size_t> n;
  h.at(0, [&] {
    h.send("q", "a");
    handle = h.receive("q").at(0).receipt_handle;
  });
  h.at(seconds(15), [&] { EXPECT_FALSE(h.svc.change_message_visibility("q", handle, 10)); });
  h.at(seconds(24), [&] { n.push_back(h.receive("q").size()); });
  h.at(seconds(25), [&] { n.push_back(h.receive("q").size()); });
  h.run();
  EXPECT_EQ(n, (std::vector<std::size_t>{0, 1}));
}

TEST(queue_standard, change_visibility_beyond_twelve_hours_is_rejected_not_clamped) {  // S6
  harness h;
  h.svc.create_queue(h.standard("q", 7200));
  std::string handle;
  h.at(0, [&] {
    h.send("q", "a");
    handle = h.receive("q").at(0).receipt_handle;
  });
  h.at(sim::hours(1), [&] {
    EXPECT_EQ(h.svc.change_message_visibility("q", handle, 43200), queue_errc::invalid_parameter_value);
    EXPECT_FALSE(h.svc.change_message_visibility("q", handle, 39600));  // exactly 12 h in total
    EXPECT_EQ(h.svc.change_message_visibility("q", handle, 43201), queue_errc::invalid_parameter_value);
  });
  h.run();
  EXPECT_EQ(h.svc.counters("q").visibility_changes, 1u);
}

TEST(queue_standard, change_visibility_of_a_visible_message_is_not_inflight) {  // S6
  harness h;
  h.svc.create_queue(h.standard("q", 1));
  std::string handle;
  h.at(0, [&] {
    h.send("q", "a");
    handle = h.receive("q").at(0).receipt_handle;
  });
  h.at(seconds(2),
       [&] { EXPECT_EQ(h.svc.change_message_visibility("q", handle, 5), queue_errc::message_not_inflight); });
  h.run();
}

TEST(queue_standard, change_visibility_to_zero_makes_it_visible_at_once) {  // S6
  harness h;
  h.svc.create_queue(h.standard("q", 30));
  h.send("q", "a");
  const auto first = h.receive("q");
  ASSERT_FALSE(h.svc.change_message_visibility("q", first.at(0).receipt_handle, 0));
  EXPECT_EQ(bodies(h.receive("q")), V{"a"});
}

TEST(queue_standard, stale_handle_delete_succeeds_and_deletes_nothing) {  // S7, MD2
  harness h;
  h.svc.create_queue(h.standard("q", 1));
  std::string old_handle;
  std::vector<received_message> second;
  h.at(0, [&] {
    h.send("q", "a");
    old_handle = h.receive("q").at(0).receipt_handle;
  });
  h.at(seconds(2), [&] {
    second = h.receive("q");
    EXPECT_FALSE(h.svc.delete_message("q", old_handle));                  // success...
    EXPECT_FALSE(h.svc.change_message_visibility("q", old_handle, 100));  // ...without effect
  });
  h.at(seconds(3), [&] { EXPECT_EQ(bodies(h.receive("q")), V{"a"}); });  // still there
  h.run();
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(h.svc.counters("q").deleted, 0u);
  EXPECT_EQ(h.svc.counters("q").stale_deletes, 1u);
}

TEST(queue_standard, malformed_handle_is_receipt_handle_is_invalid) {  // MD2
  harness h;
  h.svc.create_queue(h.standard("q"));
  h.svc.create_queue(h.standard("other"));
  h.send("q", "a");
  std::string handle = h.receive("q").at(0).receipt_handle;
  EXPECT_EQ(h.svc.delete_message("q", "garbage"), queue_errc::receipt_handle_is_invalid);
  EXPECT_EQ(h.svc.delete_message("other", handle), queue_errc::receipt_handle_is_invalid);
  handle.back() = handle.back() == '0' ? '1' : '0';  // tampered check digits
  EXPECT_EQ(h.svc.change_message_visibility("q", handle, 5), queue_errc::receipt_handle_is_invalid);
  EXPECT_EQ(aws_error_name(queue_errc::receipt_handle_is_invalid), "ReceiptHandleIsInvalid");
  EXPECT_EQ(make_error_code(queue_errc::over_limit).message(), "OverLimit");
}

TEST(queue_standard, latest_handle_deletes_even_after_visibility_expired) {  // S7
  harness h;
  h.svc.create_queue(h.standard("q", 1));
  std::string handle;
  h.at(0, [&] {
    h.send("q", "a");
    handle = h.receive("q").at(0).receipt_handle;
  });
  h.at(seconds(5), [&] { EXPECT_FALSE(h.svc.delete_message("q", handle)); });
  h.at(seconds(6), [&] { EXPECT_TRUE(h.receive("q").empty()); });
  h.run();
  EXPECT_EQ(h.svc.counters("q").deleted, 1u);
}

TEST(queue_standard, delay_seconds_hide_a_message_until_due) {  // S10
  harness h;
  auto c = h.standard("q");
  c.delay_s = 10;
  h.svc.create_queue(c);
  std::vector<V> got;
  h.at(0, [&] {
    h.send("q", "queue-delay");
    send_request r;
    r.body = "own-delay";
    r.delay_s = 3;
    EXPECT_TRUE(h.svc.send_message("q", r).ok());
    EXPECT_EQ(h.svc.get_queue_attributes("q").approximate_number_of_messages_delayed, 2);
    got.push_back(bodies(h.receive("q")));
  });
  h.at(seconds(3), [&] { got.push_back(bodies(h.receive("q"))); });
  h.at(seconds(9), [&] { got.push_back(bodies(h.receive("q"))); });
  h.at(seconds(10), [&] { got.push_back(bodies(h.receive("q"))); });
  h.run();
  EXPECT_EQ(got, (std::vector<V>{{}, {"own-delay"}, {}, {"queue-delay"}}));
  send_request bad;
  bad.body = "x";
  bad.delay_s = 901;
  EXPECT_EQ(h.svc.send_message("q", bad).error, queue_errc::invalid_parameter_value);
}

TEST(queue_standard, invalid_characters_and_oversized_bodies_are_rejected) {  // S11, MD10
  harness h;
  auto c = h.standard("q");
  c.maximum_message_size = 262144;  // an older 256 KiB queue
  h.svc.create_queue(c);
  EXPECT_EQ(h.send("q", std::string("a\x01z", 3)).error, queue_errc::invalid_message_contents);
  EXPECT_EQ(h.send("q", "\xff\xfe").error, queue_errc::invalid_message_contents);      // not UTF-8
  EXPECT_EQ(h.send("q", "\xef\xbf\xbf").error, queue_errc::invalid_message_contents);  // U+FFFF
  EXPECT_TRUE(h.send("q", "tab\tnew\nline \xe2\x82\xac \xf0\x9f\x98\x80").ok());
  EXPECT_TRUE(h.send("q", "del \x7f is allowed\r").ok());
  EXPECT_EQ(h.send("q", "plain ascii then \x1f").error, queue_errc::invalid_message_contents);
  EXPECT_EQ(h.send("q", "surrogate \xed\xa0\x80").error, queue_errc::invalid_message_contents);
  EXPECT_EQ(h.send("q", "overlong \xc0\xaf").error, queue_errc::invalid_message_contents);
  EXPECT_EQ(h.send("q", "").error, queue_errc::missing_parameter);
  EXPECT_TRUE(h.send("q", std::string(262144, 'x')).ok());
  EXPECT_EQ(h.send("q", std::string(262145, 'x')).error, queue_errc::message_too_long);
  EXPECT_EQ(make_error_code(queue_errc::message_too_long).message(), "InvalidParameterValue");
  EXPECT_EQ(h.svc.counters("q").sent, 3u);
}

TEST(queue_standard, inflight_limit_returns_over_limit) {  // S3
  harness h;
  auto c = h.standard("q");
  c.inflight_limit = 3;
  h.svc.create_queue(c);
  for (int i = 0; i < 5; ++i) h.send("q", "m" + std::to_string(i));
  EXPECT_EQ(h.receive("q", 10).size(), 3u);
  std::vector<received_message> out;
  EXPECT_EQ(h.svc.try_receive("q", receive_request{}, out), queue_errc::over_limit);
  EXPECT_TRUE(out.empty());
}

TEST(queue_standard, queue_attributes_count_visible_in_flight_and_delayed) {  // S2
  harness h;
  h.svc.create_queue(h.standard("q", 30));
  h.at(0, [&] {
    h.send("q", "a");
    h.send("q", "b");
    send_request r;
    r.body = "c";
    r.delay_s = 5;
    h.svc.send_message("q", r);
    h.receive("q", 1);
  });
  h.at(seconds(7), [&] {
    const auto a = h.svc.get_queue_attributes("q");
    EXPECT_EQ(a.approximate_number_of_messages, 2);
    EXPECT_EQ(a.approximate_number_of_messages_not_visible, 1);
    EXPECT_EQ(a.approximate_number_of_messages_delayed, 0);
    EXPECT_EQ(a.approximate_age_of_oldest_message_s, 7);
    EXPECT_EQ(a.queue_arn, "arn:aws:sqs:us-east-1:123456789012:q");
  });
  h.run();
}

TEST(queue_standard, message_attributes_come_back_sorted_with_their_md5) {  // L14
  harness h;
  h.svc.create_queue(h.standard("q"));
  send_request r;
  r.body = "x";
  r.message_attributes = {{"zeta", "String", "z", ""}, {"alpha", "Number", "1", ""}, {"bin", "Binary", "", "\x01\x02"}};
  const auto sent = h.svc.send_message("q", r);
  ASSERT_TRUE(sent.ok());
  EXPECT_EQ(sent.md5_of_message_attributes.size(), 32u);
  const auto got = h.receive("q").at(0);
  ASSERT_EQ(got.message_attributes.size(), 3u);
  EXPECT_EQ(got.message_attributes[0].name, "alpha");
  EXPECT_EQ(got.message_attributes[1].binary_value, "\x01\x02");
  EXPECT_EQ(got.md5_of_message_attributes, sent.md5_of_message_attributes);
  r.message_attributes.push_back({"AWS.reserved", "String", "v", ""});
  EXPECT_EQ(h.svc.send_message("q", r).error, queue_errc::invalid_attribute_name);
}

TEST(queue_standard, default_order_is_oldest_visible_first) {  // MD3
  harness h;
  h.svc.create_queue(h.standard("q", 10));
  V order;
  h.at(0, [&] {
    h.send("q", "a");
    h.receive("q", 1);
  });
  h.at(seconds(1), [&] { h.send("q", "b"); });
  h.at(seconds(20), [&] {
    h.send("q", "c");
    order = bodies(h.receive("q", 10));
  });
  h.run();
  EXPECT_EQ(order, (V{"b", "a", "c"}));  // a became visible again at 10 s, after b was sent
}

TEST(queue_standard, unordered_option_permutes_candidates_from_the_seed) {  // MD3
  auto run_once = [](std::uint64_t seed) {
    sim::context ctx;
    queue_service svc(ctx, sim::rng_source(seed).stream("queue"));
    queue_config c;
    c.name = "q";
    c.unordered = true;
    svc.create_queue(c);
    for (int i = 0; i < 10; ++i) svc.send_message("q", {.body = std::to_string(i)});
    receive_request r;
    r.max_number_of_messages = 10;
    return bodies(svc.try_receive("q", r));
  };
  EXPECT_EQ(run_once(1), run_once(1));
  bool some_differs = false;
  for (std::uint64_t s = 1; s < 5; ++s)
    some_differs |= run_once(s) != (V{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"});
  EXPECT_TRUE(some_differs);
  EXPECT_EQ(run_once(2).size(), 10u);
}

TEST(queue_standard, short_poll_fewer_may_return_fewer_even_none) {  // S4, MD3
  harness h;
  auto c = h.standard("q");
  c.short_poll_fewer = true;
  h.svc.create_queue(c);
  for (int i = 0; i < 10; ++i) h.send("q", std::to_string(i));
  std::size_t total = 0;
  bool saw_fewer = false;
  for (int i = 0; i < 20; ++i) {
    const auto n = h.receive("q", 5).size();
    saw_fewer |= n < 5 && total + n < 10;
    total += n;
  }
  EXPECT_TRUE(saw_fewer);
  EXPECT_LE(total, 10u);
}

TEST(queue_standard, config_validation_reports_every_violation) {  // S4, S5, S9, S10, S11, S12
  queue_config c;
  c.name = "bad name!";
  c.visibility_timeout_s = 43201;
  c.message_retention_period_s = 59;
  c.delay_s = 901;
  c.receive_message_wait_time_s = 21;
  c.maximum_message_size = 1023;
  c.redrive_policy = {"dlq", 0};
  const auto v = c.validate();
  EXPECT_EQ(v.size(), 7u);
  harness h;
  EXPECT_THROW(h.svc.create_queue(c), models::config_error);
  auto f = h.fifo("no-suffix");
  EXPECT_EQ(f.validate().size(), 1u);
  const auto round = nlohmann::json(h.fifo("x.fifo")).get<queue_config>();
  EXPECT_EQ(round.type, queue_type::fifo);
  EXPECT_EQ(nlohmann::json::parse(R"({"name":"a","visibility_timeout_s":5})").get<queue_config>().delay_s, 0);
}

// A long run deletes most messages long before their retention ends: the retention heap
// drops those dead entries, and the messages still stored expire exactly when due (S9).
TEST(queue_standard, retention_expires_the_stored_messages_after_many_deletions) {
  harness h;
  auto c = h.standard("q");
  c.message_retention_period_s = 60;
  h.svc.create_queue(c);
  const auto stored_phases = [&] {
    std::set<int> phases;
    for (const auto& m : h.svc.stored_messages("q")) phases.insert(std::stoi(m.body.substr(0, m.body.find('-'))));
    return phases;
  };
  for (int phase = 0; phase < 10; ++phase) {
    h.at(seconds(phase), [&h, phase] {
      for (int i = 0; i < 1000; ++i) h.send("q", std::to_string(phase) + "-" + std::to_string(i));
    });
    h.at(seconds(phase) + 500 * sim::k_millisecond, [&h] {  // all but one in ten deleted
      for (auto got = h.receive("q"); !got.empty(); got = h.receive("q"))
        for (const auto& m : got) {
          if (std::stoi(m.body.substr(m.body.find('-') + 1)) % 10 != 0) {
            EXPECT_FALSE(h.svc.delete_message("q", m.receipt_handle));  // no error
          }
        }
    });
  }
  std::size_t at_ten = 0, at_sixty = 0, at_sixty_five = 0, at_seventy = 0;
  std::set<int> phases_at_sixty_five;
  h.at(seconds(10), [&] { at_ten = h.svc.stored_messages("q").size(); });
  h.at(seconds(60) + 500 * sim::k_millisecond, [&] { at_sixty = h.svc.stored_messages("q").size(); });
  h.at(seconds(65) + 500 * sim::k_millisecond, [&] {
    at_sixty_five = h.svc.stored_messages("q").size();
    phases_at_sixty_five = stored_phases();
  });
  h.at(seconds(70) + 500 * sim::k_millisecond, [&] { at_seventy = h.svc.stored_messages("q").size(); });
  h.run();
  EXPECT_EQ(at_ten, 1000u);
  EXPECT_EQ(at_sixty, 900u);  // phase 0's hundred expired at 60 s
  EXPECT_EQ(at_sixty_five, 400u);
  EXPECT_EQ(phases_at_sixty_five, (std::set<int>{6, 7, 8, 9}));
  EXPECT_EQ(at_seventy, 0u);
  EXPECT_EQ(h.svc.counters("q").deleted, 9000u);
}

}  // namespace
}  // namespace slsim::queue::testing
