// BUG: checks for an existing result with an eventually consistent GetItem, then writes
// without a condition. Two concurrent deliveries of one message (visibility timeout
// shorter than processing, P1; or a duplicate delivery, S1) both read "absent" — and an
// eventually consistent read can miss a write that just happened (D7, P10) — so both
// write the result and both add the amount.
// MUST BE CAUGHT BY: exactly_once.
#include "zoo_support.hpp"

namespace slsim::examples::zoo {
namespace {
asio::awaitable<batch_response> handle(const sqs_event& event, lambda_context& ctx) {
  batch_response response;
  for (const auto& record : event.records) {
    const auto o = accept_or_report(record, response);
    if (!o) continue;
    store::get_request get;
    get.table = env_or(ctx, "RESULT_TABLE", k_result_table);
    get.key = store::item{{"pk", store::attribute_value::s(o->request_id)}};
    auto [ec, found] = co_await ctx.store().async_get_item(std::move(get), k_tuple);
    if (!ec && found.attributes) {
      log_line(ctx, record, "already recorded");
      continue;
    }
    if (!ec) std::tie(ec, found) = co_await ctx.store().async_put_item(put_result(*o, ctx), k_tuple);
    if (!ec) std::tie(ec, found) = co_await ctx.store().async_update_item(add_to_total(*o, ctx), k_tuple);
    if (ec) response.batch_item_failures.push_back({record.message_id});
    log_line(ctx, record, ec ? "failed" : "recorded");
  }
  co_return response;
}
}  // namespace

handler_definition stale_read_then_write() {
  return {"zoo/stale_read_then_write",
          "read-then-write with an eventually consistent read",
          "exactly_once",
          {},
          &handle,
          {}};
}

}  // namespace slsim::examples::zoo
