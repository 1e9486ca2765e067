// The ESM's published counters (esm.*) count what their names say.
#include <gtest/gtest.h>

#include "esm_harness.hpp"

namespace slsim::esm {
namespace {
using testing::harness;

TEST(esm_metrics, count_polls_empty_polls_batches_invocations_deletes_and_returned_messages) {  // L1, MD15
  harness h;
  esm_config e;
  e.scaling.initial_concurrency = 1;
  h.create(testing::standard_queue(30), testing::function_with(10), e);
  h.send("a");
  h.send("poison");  // fails the whole batch once; comes back after the visibility timeout (L1)
  h.code.poison_times = 1;
  h.run_for(sim::seconds(100));
  const auto& stats = h.mapping->stats();
  EXPECT_EQ(h.counted("esm.batches"), 2);  // {a, poison}, then {a, poison} again
  EXPECT_EQ(h.counted("esm.invocations"), 2);
  EXPECT_EQ(h.counted("esm.messages_returned"), 2);  // the first batch's two messages
  EXPECT_EQ(h.counted("esm.deletes"), 2);            // the second batch's two messages
  EXPECT_EQ(h.counted("esm.messages_received"), 4);
  EXPECT_EQ(h.counted("esm.throttles"), 0);
  EXPECT_EQ(h.counted("esm.filtered"), 0);
  // Every receive call is a poll; after the queue drained, the 20 s long polls end empty (MD15).
  EXPECT_EQ(h.counted("esm.polls"), static_cast<std::int64_t>(stats.receives));
  EXPECT_GT(h.counted("esm.empty_polls"), 0);
  EXPECT_LT(h.counted("esm.empty_polls"), h.counted("esm.polls"));
}

TEST(esm_metrics, count_throttled_attempts_and_dropped_batches) {  // MD6, L11
  harness h;
  esm_config e;
  e.scaling.initial_concurrency = 1;
  h.create(testing::standard_queue(30), testing::function_with(10, 0), e);  // reserved 0: always throttled
  h.send("m");
  h.run_for(sim::seconds(40));
  EXPECT_EQ(h.counted("esm.throttles"), static_cast<std::int64_t>(h.mapping->stats().throttled_attempts));
  EXPECT_GE(h.counted("esm.throttles"), 5);  // 0, 1, 3, 7, 15 s before the visibility ran out
  EXPECT_GE(h.counted("esm.throttle_drops"), 1);
  EXPECT_EQ(h.counted("runtime.throttles"), h.counted("esm.throttles"));  // the runtime saw each one
  EXPECT_EQ(h.counted("runtime.invocations"), 0);
}

}  // namespace
}  // namespace slsim::esm
