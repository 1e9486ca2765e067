// BUG: keeps each customer's total by read-modify-write and guards it with a second read
// instead of a condition: it reads the total, reads it again, and if both agree, writes the
// result and total + amount in one transaction whose total write is unconditional. The
// transaction makes a crash or a redelivery safe (the result's attribute_not_exists guards
// both), and the double read catches an update that lands between the two reads; but an
// update of another invocation that applies between the second read and the transaction
// is overwritten, and that customer's total loses an order (P6, D1: DynamoDB has no
// isolation across separate calls; the fix is `total = :seen` as the transaction's
// condition).
// HOW IT IS FOUND: plain random seeds already find it (invocations of one customer overlap
// often in the built-in workload), and so does PCT (`--explore pct:d=2`), which holds the
// first invocation between its second read and its transaction while a higher-priority one
// runs; it serves as PCT's replay and determinism subject, not as a PCT-only bug.
// MUST BE CAUGHT BY: exactly_once.
#include "zoo_support.hpp"

namespace slsim::examples::zoo {
namespace {

asio::awaitable<std::pair<boost::system::error_code, std::string>> read_total(lambda_context& ctx,
                                                                              const std::string& customer) {
  store::get_request get;
  get.table = env_or(ctx, "TOTALS_TABLE", k_totals_table);
  get.key = store::item{{"pk", store::attribute_value::s(customer)}};
  get.consistent_read = true;  // D7: the strongly consistent read, so staleness is not the bug
  auto [ec, found] = co_await ctx.store().async_get_item(std::move(get), k_tuple);
  std::string total = "0";
  if (!ec && found.attributes)
    if (const auto it = found.attributes->find("total"); it != found.attributes->end()) total = it->second.scalar;
  co_return std::pair{ec, total};
}

asio::awaitable<batch_response> handle(const sqs_event& event, lambda_context& ctx) {
  batch_response response;
  for (const auto& record : event.records) {
    const auto o = accept_or_report(record, response);
    if (!o) continue;
    boost::system::error_code ec;
    for (int attempt = 0; attempt < 5; ++attempt) {
      auto [ec1, seen] = co_await read_total(ctx, o->customer_id);
      if (ec1) {
        ec = ec1;
        break;
      }
      auto [ec2, again] = co_await read_total(ctx, o->customer_id);
      if (ec2) {
        ec = ec2;
        break;
      }
      if (seen != again) {  // someone wrote in between: read again
        ec = store::store_errc::conditional_check_failed;
        continue;
      }
      store::transact_write_request tx = record_transaction(*o, ctx);
      auto& total = tx.actions.back();  // the ADD becomes a blind write of what was read + amount
      total.kind = store::transact_action::action_kind::put;
      total.item = store::item{{"pk", store::attribute_value::s(o->customer_id)},
                               {"total", store::attribute_value::n(std::stoll(again) + o->amount)}};
      total.update.reset();
      total.expr = {};
      auto [ec3, result] = co_await ctx.store().async_transact_write_items(std::move(tx), k_tuple);
      ec = already_recorded(ec3, result) ? boost::system::error_code{} : ec3;
      break;
    }
    if (ec) response.batch_item_failures.push_back({record.message_id});
    log_line(ctx, record, ec ? "failed" : "recorded");
  }
  co_return response;
}
}  // namespace

handler_definition double_checked_total() {
  return {"zoo/double_checked_total",
          "read-modify-write of a total guarded by a second read instead of a condition",
          "exactly_once",
          {},
          &handle,
          {}};
}

}  // namespace slsim::examples::zoo
