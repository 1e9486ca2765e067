// BUG: the result write is guarded, but the customer's total is bumped with ADD *before*
// it, outside any transaction. ADD is not idempotent (D4, P9): whenever a message is
// processed again (a crash or timeout after the ADD, a short visibility timeout) the
// amount is added once more, although the result itself is written only once.
// MUST BE CAUGHT BY: exactly_once (the counter's expected value).
#include "zoo_support.hpp"

namespace slsim::examples::zoo {
namespace {
asio::awaitable<batch_response> handle(const sqs_event& event, lambda_context& ctx) {
  batch_response response;
  for (const auto& record : event.records) {
    const auto o = accept_or_report(record, response);
    if (!o) continue;
    auto [ec, r] = co_await ctx.store().async_update_item(add_to_total(*o, ctx), k_tuple);
    if (!ec) {
      auto put = put_result(*o, ctx);
      put.condition = "attribute_not_exists(pk)";
      std::tie(ec, r) = co_await ctx.store().async_put_item(std::move(put), k_tuple);
      if (ec == store::store_errc::conditional_check_failed) ec = {};
    }
    if (ec) response.batch_item_failures.push_back({record.message_id});
    log_line(ctx, record, ec ? "failed" : "recorded");
  }
  co_return response;
}
}  // namespace

handler_definition non_idempotent_add() {
  return {"zoo/non_idempotent_add", "ADD counter outside the idempotent write", "exactly_once", {}, &handle, {}};
}

}  // namespace slsim::examples::zoo
