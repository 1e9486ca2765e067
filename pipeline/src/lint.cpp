#include "slsim/pipeline/lint.hpp"

#include <fmt/format.h>

namespace slsim::pipeline {

std::vector<lint_warning> lint(const scenario& s) {
  std::vector<lint_warning> out;
  const int recommended = 6 * s.function.timeout_s + s.esm.maximum_batching_window_s;
  if (s.queue.visibility_timeout_s < recommended)
    out.push_back(
        {"visibility_timeout_too_short", "L6, P1", "/queue/visibility_timeout_s",
         fmt::format("visibility timeout {}s is below 6 x function timeout + batching window = {}s: a slow or "
                     "throttled batch becomes visible again while it is processed (duplicate invocations)",
                     s.queue.visibility_timeout_s, recommended)});
  if (s.function.reserved_concurrency &&
      (!s.esm.maximum_concurrency || *s.esm.maximum_concurrency > *s.function.reserved_concurrency))
    out.push_back({"pollers_overpull_reserved_concurrency", "L10, L11, P2", "/esm/maximum_concurrency",
                   fmt::format("reserved concurrency {} without a MaximumConcurrency at or below it: pollers receive "
                               "messages the function cannot run; throttled receives count toward maxReceiveCount and "
                               "valid messages reach the DLQ unprocessed",
                               *s.function.reserved_concurrency)});
  if (s.dlq.message_retention_period_s <= s.queue.message_retention_period_s)
    out.push_back(
        {"dlq_retention_not_longer", "S14, P3", "/dlq/message_retention_period_s",
         fmt::format("DLQ retention {}s is not longer than the source's {}s: a standard queue's message keeps "
                     "its original enqueue time and can expire in the DLQ almost at once",
                     s.dlq.message_retention_period_s, s.queue.message_retention_period_s)});
  if (s.queue.redrive_policy.max_receive_count < 5)
    out.push_back({"max_receive_count_below_5", "L7, P8", "/queue/redrive_policy/max_receive_count",
                   fmt::format("maxReceiveCount {} is below 5: a throttle or a lost receive response can send a valid "
                               "message to the DLQ",
                               s.queue.redrive_policy.max_receive_count)});
  if (!s.esm.report_batch_item_failures && s.esm.batch_size > 1)
    out.push_back(
        {"no_partial_batch_response", "P4, L13", "/esm/report_batch_item_failures",
         fmt::format("batch size {} without ReportBatchItemFailures: one poison message fails its whole batch, "
                     "and the good messages reach the DLQ with it",
                     s.esm.batch_size)});
  if (s.queue.type == queue::queue_type::fifo && s.esm.report_batch_item_failures)
    out.push_back({"fifo_partial_batch_order", "P11, L13", "/esm/report_batch_item_failures",
                   "FIFO with partial batch responses: the handler must stop at the first failure and report it and "
                   "every later message of the batch, or per-group order breaks"});
  return out;
}

}  // namespace slsim::pipeline
