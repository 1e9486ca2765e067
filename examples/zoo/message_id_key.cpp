// BUG: deduplicates on the SQS messageId. That removes SQS's own redeliveries, but a
// client retry after a 504 (G6) — or any retry through the gateway — is a new message
// with a new messageId, so the same requestId is recorded twice (P6).
// MUST BE CAUGHT BY: exactly_once.
#include "zoo_support.hpp"

namespace slsim::examples::zoo {
namespace {
asio::awaitable<batch_response> handle(const sqs_event& event, lambda_context& ctx) {
  batch_response response;
  for (const auto& record : event.records) {
    const auto o = accept_or_report(record, response);
    if (!o) continue;
    store::transact_write_request tx;
    store::transact_action marker;  // the idempotency key: the messageId, not the requestId
    marker.kind = store::transact_action::action_kind::put;
    marker.table = env_or(ctx, "RESULT_TABLE", k_result_table);
    marker.item = store::item{{"pk", store::attribute_value::s("msg#" + record.message_id)}};
    marker.condition = "attribute_not_exists(pk)";
    store::transact_action result;
    result.kind = store::transact_action::action_kind::put;
    auto put = put_result(*o, ctx);
    result.table = put.table;
    result.item = std::move(put.item);
    store::transact_action add;
    add.kind = store::transact_action::action_kind::update;
    auto upd = add_to_total(*o, ctx);
    add.table = upd.table;
    add.item = upd.key;
    add.update = upd.update;
    add.expr = upd.expr;
    tx.actions = {std::move(marker), std::move(result), std::move(add)};
    auto [ec, r] = co_await ctx.store().async_transact_write_items(std::move(tx), k_tuple);
    const bool duplicate = ec == store::store_errc::transaction_canceled && !r.reasons.empty() &&
                           r.reasons.front().code == "ConditionalCheckFailed";
    if (ec && !duplicate) response.batch_item_failures.push_back({record.message_id});
    log_line(ctx, record, duplicate ? "duplicate message" : ec ? "failed" : "recorded");
  }
  co_return response;
}
}  // namespace

handler_definition message_id_key() {
  return {"zoo/message_id_key",
          "idempotency keyed by the SQS messageId (breaks on client retries)",
          "exactly_once",
          {},
          &handle,
          {}};
}

}  // namespace slsim::examples::zoo
