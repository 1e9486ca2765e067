// Laws over random workloads: with partial batch responses every good message is processed
// exactly once and deleted, and every poison message ends in the DLQ (L1, L13, MD1).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>

#include "esm_harness.hpp"

namespace slsim::esm {
namespace {

using testing::harness;
using testing::test_code;

RC_GTEST_PROP(esm_laws, partial_batches_process_good_messages_once_and_park_poison_in_the_dlq, ()) {
  const auto n = *rc::gen::inRange(1, 40);
  const auto poison = *rc::gen::container<std::vector<bool>>(static_cast<std::size_t>(n), rc::gen::arbitrary<bool>());
  const auto batch_size = *rc::gen::inRange(1, 11);
  harness h;
  esm_config e;
  e.batch_size = batch_size;
  e.report_batch_item_failures = true;
  h.code.how = test_code::mode::partial;
  h.create(testing::standard_queue(30), testing::function_with(10), e, /*max_receive_count=*/3);
  std::vector<std::string> good;
  std::size_t bad = 0;
  for (int i = 0; i < n; ++i) {
    if (poison[static_cast<std::size_t>(i)]) {
      h.send("poison");
      ++bad;
    } else {
      good.push_back("good-" + std::to_string(i));
      h.send(good.back());
    }
  }
  h.run_for(sim::seconds(200));
  std::vector<std::string> processed;
  for (const auto& [t, body] : h.code.processed) processed.push_back(body);
  std::sort(processed.begin(), processed.end());
  std::sort(good.begin(), good.end());
  RC_ASSERT(processed == good);  // each good message exactly once
  RC_ASSERT(h.dlq_bodies().size() == bad);
  RC_ASSERT(h.queues.counters(h.queue_name).deleted == good.size());
  RC_ASSERT(h.queues.stored_messages(h.queue_name).empty());
}

}  // namespace
}  // namespace slsim::esm
