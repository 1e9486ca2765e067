// Visibility deadlines survive slot reuse, and the queue's always-on invariant (no
// message is received again before its visibility deadline unless ChangeMessageVisibility
// shortened it, S5/S6) reports a broken deadline as a model bug (exit 70), never a verdict.
#include <gtest/gtest.h>

#include <map>

#include "queue_state.hpp"
#include "queue_test_support.hpp"
#include "slsim/sim/model_bug.hpp"

namespace slsim::queue::testing {
namespace {

using sim::seconds;
using V = std::vector<std::string>;

TEST(queue_visibility, a_reused_slot_ignores_the_previous_occupants_pending_timer) {  // S5
  harness h;
  h.svc.create_queue(h.standard("q", 30));
  std::string first_handle;
  std::vector<V> got;
  h.at(0, [&] {
    h.send("q", "old");
    first_handle = h.receive("q").at(0).receipt_handle;  // its visibility timer is due at 30 s
  });
  h.at(seconds(1), [&] { EXPECT_FALSE(h.svc.delete_message("q", first_handle)); });  // frees the slot
  h.at(seconds(2), [&] {
    h.send("q", "new");                     // takes the freed slot
    got.push_back(bodies(h.receive("q")));  // in flight until 32 s
  });
  h.at(seconds(31), [&] { got.push_back(bodies(h.receive("q"))); });  // past the old deadline only
  h.at(seconds(32), [&] { got.push_back(bodies(h.receive("q"))); });  // its own deadline
  ASSERT_TRUE(h.run().ok());
  EXPECT_EQ(got, (std::vector<V>{{"new"}, {}, {"new"}}));
  const auto attributes = h.svc.get_queue_attributes("q");
  EXPECT_EQ(attributes.approximate_number_of_messages_not_visible, 1);
}

TEST(queue_visibility, reused_slots_keep_every_deadline_under_churn) {  // S5
  // Many deletes and sends churn the same few slots while older receives' timers are
  // pending; no message may come back before its own deadline.
  harness h;
  h.svc.create_queue(h.standard("q", 10));
  std::map<std::string, sim::time_ns> deadline;
  int early = 0;
  int step = 0;
  for (int i = 0; i < 200; ++i) {
    h.at(sim::milliseconds(137) * i, [&, i] {
      h.send("q", "m" + std::to_string(i));
      for (const auto& m : h.receive("q", 2)) {
        if (const auto it = deadline.find(m.message_id); it != deadline.end() && h.ctx.now() < it->second) ++early;
        deadline[m.message_id] = h.ctx.now() + seconds(10);
        if (++step % 3 != 0) h.svc.delete_message("q", m.receipt_handle);  // every third is kept in flight
      }
    });
  }
  ASSERT_TRUE(h.run().ok());
  EXPECT_EQ(early, 0);
}

TEST(queue_visibility, shortening_with_change_visibility_is_allowed) {  // S6
  harness h;
  h.svc.create_queue(h.standard("q", 30));
  std::vector<V> got;
  h.at(0, [&] {
    h.send("q", "a");
    const auto m = h.receive("q").at(0);
    EXPECT_FALSE(h.svc.change_message_visibility("q", m.receipt_handle, 5));
  });
  h.at(seconds(5), [&] {
    const auto m = h.receive("q");
    got.push_back(bodies(m));
    EXPECT_FALSE(h.svc.change_message_visibility("q", m.at(0).receipt_handle, 0));
    got.push_back(bodies(h.receive("q")));
  });
  ASSERT_TRUE(h.run().ok());
  EXPECT_EQ(got, (std::vector<V>{{"a"}, {"a"}}));
}

// The invariant itself, broken on purpose from inside the model: an in-flight message
// made visible before its deadline (what a stale timer did) ends the process as a model bug.
TEST(queue_visibility_death, making_an_in_flight_message_visible_early_is_a_model_bug) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        sim::context ctx;
        detail::queue_state q(ctx, harness{}.standard("q", 30), 0);
        detail::stored_message m;
        m.body = q.texts.store("a");
        const std::uint32_t slot = q.insert(std::move(m));
        q.make_in_flight(slot, seconds(30));
        q.make_visible(slot, seconds(10));
      },
      ::testing::ExitedWithCode(sim::k_model_bug_exit_code), "invariant");
}

TEST(queue_visibility_death, a_visibility_timer_firing_before_the_deadline_is_a_model_bug) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        sim::context ctx;
        detail::queue_state q(ctx, harness{}.standard("q", 30), 0);
        detail::stored_message m;
        m.body = q.texts.store("a");
        const std::uint32_t slot = q.insert(std::move(m));
        q.make_in_flight(slot, seconds(30));
        q.at(slot).visible_at = seconds(60);  // corrupt the deadline behind the timer's back
        q.advance(seconds(30), [](std::uint32_t) {});
      },
      ::testing::ExitedWithCode(sim::k_model_bug_exit_code), "invariant");
}

}  // namespace
}  // namespace slsim::queue::testing
