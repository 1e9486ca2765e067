// BUG: two writes without a transaction, and the idempotency guard on the first only. The
// result is put with attribute_not_exists(pk); a failed condition is read as "already
// done", so the customer's total is not touched again. When the invocation dies between
// the two writes (a crash, a timeout while the ADD is throttled), the result exists and
// the total never gets the amount: every redelivery skips it.
// MUST BE CAUGHT BY: exactly_once (the counter's expected value).
#include "zoo_support.hpp"

namespace slsim::examples::zoo {
namespace {
asio::awaitable<batch_response> handle(const sqs_event& event, lambda_context& ctx) {
  batch_response response;
  for (const auto& record : event.records) {
    const auto o = accept_or_report(record, response);
    if (!o) continue;
    auto put = put_result(*o, ctx);
    put.condition = "attribute_not_exists(pk)";
    auto [ec, r] = co_await ctx.store().async_put_item(std::move(put), k_tuple);
    if (ec == store::store_errc::conditional_check_failed) {
      log_line(ctx, record, "already recorded");  // assumes the total was bumped too
      continue;
    }
    if (!ec) std::tie(ec, r) = co_await ctx.store().async_update_item(add_to_total(*o, ctx), k_tuple);
    if (ec) response.batch_item_failures.push_back({record.message_id});
    log_line(ctx, record, ec ? "failed" : "recorded");
  }
  co_return response;
}
}  // namespace

handler_definition guard_on_first_write_only() {
  return {"zoo/guard_on_first_write_only",
          "result then total without a transaction, guard on the first write only",
          "exactly_once",
          {},
          &handle,
          {}};
}

}  // namespace slsim::examples::zoo
