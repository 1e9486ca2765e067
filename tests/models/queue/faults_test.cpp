// Fault hooks (MD4, S1, S17, docs/architecture.md §5), observers and determinism.
#include <gtest/gtest.h>

#include <set>

#include "queue_test_support.hpp"
#include "slsim/sim/trace_record.hpp"

namespace slsim::queue::testing {
namespace {

using V = std::vector<std::string>;

TEST(queue_faults, injected_duplicate_has_same_id_and_a_new_handle) {  // MD4, S1
  harness h;
  h.svc.create_queue(h.standard("q"));
  const auto sent = h.send("q", "a");
  const auto first = h.receive("q");
  ASSERT_FALSE(h.svc.inject_duplicate("q", sent.message_id));
  ASSERT_FALSE(h.svc.delete_message("q", first.at(0).receipt_handle));
  const auto copy = h.receive("q");
  ASSERT_EQ(copy.size(), 1u);
  EXPECT_EQ(copy[0].message_id, sent.message_id);
  EXPECT_NE(copy[0].receipt_handle, first[0].receipt_handle);
  EXPECT_EQ(copy[0].receive_count, 2);
  EXPECT_EQ(h.svc.inject_duplicate("q", "00000000-0000-4000-8000-000000000000"), queue_errc::invalid_parameter_value);
}

TEST(queue_faults, duplicate_after_delete_brings_the_message_back) {  // MD4, S1
  harness h;
  h.svc.create_queue(h.standard("q"));
  const auto sent = h.send("q", "a");
  ASSERT_FALSE(h.svc.duplicate_after_delete("q", sent.message_id));
  const auto first = h.receive("q");
  ASSERT_FALSE(h.svc.delete_message("q", first.at(0).receipt_handle));
  const auto again = h.receive("q");
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].message_id, sent.message_id);
  ASSERT_FALSE(h.svc.delete_message("q", again[0].receipt_handle));
  EXPECT_TRUE(h.receive("q").empty());  // only once
}

TEST(queue_faults, receive_failure_before_has_no_effect) {  // docs/architecture.md §5
  harness h;
  h.svc.create_queue(h.standard("q"));
  h.send("q", "a");
  h.svc.inject_api_failure("q", api_call::receive, queue_errc::internal_error);
  std::vector<received_message> out;
  EXPECT_EQ(h.svc.try_receive("q", receive_request{}, out), queue_errc::internal_error);
  const auto got = h.receive("q");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].receive_count, 1);
}

TEST(queue_faults, lost_receive_response_leaves_messages_invisible_and_counted) {  // S17
  harness h;
  h.svc.create_queue(h.standard("q", 30));
  h.send("q", "a");
  h.svc.inject_api_failure("q", api_call::receive, queue_errc::service_unavailable, failure_mode::lost_response);
  std::vector<received_message> out;
  EXPECT_EQ(h.svc.try_receive("q", receive_request{}, out), queue_errc::service_unavailable);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(h.svc.get_queue_attributes("q").approximate_number_of_messages_not_visible, 1);
  EXPECT_TRUE(h.receive("q").empty());
}

TEST(queue_faults, delete_failure_keeps_the_message) {  // docs/architecture.md §5
  harness h;
  h.svc.create_queue(h.standard("q", 0));
  h.send("q", "a");
  const auto handle = h.receive("q").at(0).receipt_handle;
  h.svc.inject_api_failure("q", api_call::delete_message, queue_errc::internal_error);
  EXPECT_EQ(h.svc.delete_message("q", handle), queue_errc::internal_error);
  EXPECT_EQ(h.receive("q").size(), 1u);
}

struct recorder : queue_observer {
  std::vector<queue_event_kind> kinds;
  void on_event(const queue_event& e) override { kinds.push_back(e.kind); }
};

TEST(queue_faults, observer_sees_every_outcome) {
  harness h;
  recorder rec;
  h.svc.set_observer(&rec);
  h.svc.create_queue(h.standard("q"));
  h.send("q", "a");
  const auto handle = h.receive("q").at(0).receipt_handle;
  h.svc.delete_message("q", handle);
  h.svc.delete_message("q", handle);
  EXPECT_EQ(rec.kinds, (std::vector<queue_event_kind>{queue_event_kind::sent, queue_event_kind::received,
                                                      queue_event_kind::deleted, queue_event_kind::stale_delete}));
}

/// Collects every trace record's kind and checks that each non-zero field is named.
struct naming_listener final : sim::trace_listener {
  std::set<std::string> kinds;
  std::vector<std::string> unnamed;
  void on_record(const sim::trace_record& r) override {
    kinds.insert(std::string(r.kind->name));
    for (std::size_t i = 0; i < 4; ++i)
      if (r.ids[i] != 0 && r.kind->id_names[i].empty())
        unnamed.push_back(std::string(r.kind->name) + ".id" + std::to_string(i));
    if (r.value != 0 && r.kind->value_name.empty()) unnamed.push_back(std::string(r.kind->name) + ".value");
  }
};

TEST(queue_faults, every_trace_record_names_its_ids_and_value) {  // trace format: named fields
  harness h;
  naming_listener names;
  h.ctx.set_trace_listener(&names);
  h.svc.create_queue(h.standard("dlq"));
  auto c = h.standard("q", 1);
  c.redrive_policy = {"dlq", 1};
  c.message_retention_period_s = 60;
  h.svc.create_queue(c);
  auto f = h.fifo("f.fifo");
  f.fifo_transactions_per_s = 1;
  h.svc.create_queue(f);
  h.at(0, [&] {
    const auto sent = h.send("q", "a");
    h.send("q", "b");
    const auto got = h.receive("q", 1);
    h.svc.change_message_visibility("q", got.at(0).receipt_handle, 1);
    h.svc.inject_duplicate("q", sent.message_id);
    h.svc.inject_api_failure("q", api_call::delete_message, queue_errc::internal_error);
    h.svc.delete_message("q", got.at(0).receipt_handle);
    h.svc.delete_message("q", got.at(0).receipt_handle);
    h.send_fifo("f.fifo", "x", "g");
    h.send_fifo("f.fifo", "x", "g");  // F7: throttled
    receive_request r{.receive_request_attempt_id = "a1"};
    h.svc.try_receive("f.fifo", r);
  });
  h.at(sim::seconds(5), [&] {
    h.send_fifo("f.fifo", "x", "g");                                                   // F5: a duplicate
    h.svc.try_receive("f.fifo", receive_request{.receive_request_attempt_id = "a1"});  // F6: replayed
    const auto again = h.receive("q", 10);                                             // redelivered
    h.svc.change_message_visibility("q", again.at(0).receipt_handle, 0);
    h.svc.change_message_visibility("q", "AQEB-stale", 0);
    h.receive("q", 10);          // MD1: moved to the DLQ
    h.svc.move_messages("dlq");  // S16
  });
  h.at(sim::seconds(100), [&] { h.svc.get_queue_attributes("q"); });  // S9: expiry
  ASSERT_TRUE(h.run().ok());
  EXPECT_EQ(names.kinds,
            (std::set<std::string>{"api_failure", "attempt_replay", "dedup_drop", "delete", "dlq_move", "duplicate",
                                   "expire", "receive", "redrive", "send", "throttle", "visibility"}));
  EXPECT_TRUE(names.unnamed.empty()) << names.unnamed.front();
}

std::uint64_t scripted_hash(const std::string& body) {
  harness h;
  h.svc.create_queue(h.standard("q", 1));
  h.at(0, [&] {
    h.send("q", body);
    h.receive("q");
  });
  h.at(sim::seconds(2), [&] { h.receive("q"); });
  return h.run().trace_hash;
}

TEST(queue_faults, same_inputs_same_trace_hash_and_a_changed_body_changes_it) {  // docs/architecture.md §2
  EXPECT_EQ(scripted_hash("x"), scripted_hash("x"));
  EXPECT_NE(scripted_hash("x"), scripted_hash("y"));
}

}  // namespace
}  // namespace slsim::queue::testing
