// BUG: written for a FIFO queue, it reports only the record that failed in
// batchItemFailures and goes on with the rest. Lambda then deletes the later records of
// the failed record's group, so they are processed before it: the group's order is broken
// (F1, F2). AWS's rule for FIFO batches is to report the failed record *and every record
// after it* (L13, P11). Each record on its own is processed exactly once, so only the
// order oracle sees it.
// MUST BE CAUGHT BY: fifo_order (on examples/scenarios/fifo.json, its declared scenario).
#include "slsim/examples/scenarios.hpp"
#include "zoo_support.hpp"

namespace slsim::examples::zoo {
namespace {
asio::awaitable<batch_response> handle(const sqs_event& event, lambda_context& ctx) {
  batch_response response;
  for (const auto& record : event.records) {
    const auto o = accept_or_report(record, response);  // reports this record only
    if (!o) continue;
    auto [ec, r] = co_await ctx.store().async_transact_write_items(record_transaction(*o, ctx), k_tuple);
    if (ec && !already_recorded(ec, r)) response.batch_item_failures.push_back({record.message_id});
    log_line(ctx, record, ec && !already_recorded(ec, r) ? "failed" : "recorded");
  }
  co_return response;
}
}  // namespace

handler_definition fifo_reports_only_failed() {
  return {"zoo/fifo_reports_only_failed",
          "FIFO batch: reports only the failed record, so later records of its group overtake it",
          "fifo_order",
          {},
          &handle,
          {},
          fifo_scenario_json()};
}

}  // namespace slsim::examples::zoo
