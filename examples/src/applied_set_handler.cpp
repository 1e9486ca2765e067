// A correct handler with another write pattern, in the raw form (JSON in, JSON out): the
// customer's total remembers the requestIds it counted (a string set in the same item), so
// the counter guards itself, and the result put is guarded too; both go in one
// transaction (D5) — two separate writes would leave a partial effect when the message
// ends in the DLQ between them (found by `check`: the counter held an amount whose
// request had no result). Store errors are reported for a retry (L13).
#include <fmt/format.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <nlohmann/json.hpp>

#include "slsim/examples/handlers.hpp"
#include "slsim/examples/reference_transform.hpp"

namespace slsim::examples {
namespace {
constexpr auto k_tuple = asio::as_tuple(asio::use_awaitable);

// One transaction: the total and the requestIds it counted live in one item, so the ADD
// carries its own guard (`NOT contains(applied, :id)`), and the result put is guarded by
// attribute_not_exists(pk). Either condition failing cancels the whole transaction (D5):
// the request was recorded before.
store::transact_write_request count_once(const order& o, const std::string& results, const std::string& totals) {
  store::transact_write_request tx;
  store::transact_action add;
  add.kind = store::transact_action::action_kind::update;
  add.table = totals;
  add.item = store::item{{"pk", store::attribute_value::s(o.customer_id)}};
  add.update = "ADD #total :amount, #applied :rid";
  add.condition = "NOT contains(#applied, :id)";
  add.expr.names.emplace();
  add.expr.names->emplace("#total", "total");
  add.expr.names->emplace("#applied", "applied");
  add.expr.values.emplace();
  add.expr.values->emplace(":amount", store::attribute_value::n(o.amount));
  add.expr.values->emplace(":rid", store::attribute_value::make_set(store::value_type::ss, {o.request_id}));
  add.expr.values->emplace(":id", store::attribute_value::s(o.request_id));
  tx.actions.push_back(std::move(add));
  store::transact_action put;
  put.kind = store::transact_action::action_kind::put;
  put.table = results;
  put.item = reference_transform(o);
  put.condition = "attribute_not_exists(pk)";
  tx.actions.push_back(std::move(put));
  return tx;
}

bool recorded_before(const boost::system::error_code& ec, const store::store_result& r) {
  if (ec != store::store_errc::transaction_canceled) return false;
  for (const auto& reason : r.reasons)
    if (reason.code == "ConditionalCheckFailed") return true;
  return false;
}

asio::awaitable<std::string> handle(std::string_view payload, lambda_context& ctx) {
  const auto event = nlohmann::json::parse(payload).get<sqs_event>();
  const std::string results = env_or(ctx, "RESULT_TABLE", k_result_table);
  const std::string totals = env_or(ctx, "TOTALS_TABLE", k_totals_table);
  nlohmann::json failures = nlohmann::json::array();
  for (const auto& record : event.records) {
    const auto o = parse_order(record.body);
    if (!o || o->poison) {
      failures.push_back({{"itemIdentifier", record.message_id}});
      continue;
    }
    auto [ec, r] = co_await ctx.store().async_transact_write_items(count_once(*o, results, totals), k_tuple);
    if (recorded_before(ec, r)) ec = {};
    if (ec) failures.push_back({{"itemIdentifier", record.message_id}});
    ctx.log(fmt::format("correlationId={} requestId={} {}", correlation_id_of(record), o->request_id,
                        ec ? "retry later: " + ec.message() : std::string("recorded")));
  }
  co_return nlohmann::json{{"batchItemFailures", failures}}.dump();
}
}  // namespace

const handler_definition& applied_set_handler() {
  static const handler_definition definition{
      .name = "correct/applied_set",
      .summary = "raw form: a self-guarding counter (applied requestId set) and a guarded result, in one transaction",
      .must_violate = "",
      .init = {},
      .typed = {},
      .raw = &handle};
  return definition;
}

}  // namespace slsim::examples
