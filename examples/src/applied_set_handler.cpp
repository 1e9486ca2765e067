// A correct handler with another write pattern, in the raw form (JSON in, JSON out): no
// transaction. The customer's total and the set of requestIds already counted live in one
// item, so one conditional UpdateItem both adds the amount and records the requestId
// (`NOT contains(applied, :rid)`, D1, D4); then the result is put with
// attribute_not_exists(pk). A crash between the two writes leaves the amount counted and
// the result missing: the redelivery's update fails its condition ("already counted") and
// the put completes the work. Store errors are reported for a retry (L13).
#include <fmt/format.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <nlohmann/json.hpp>

#include "slsim/examples/handlers.hpp"
#include "slsim/examples/reference_transform.hpp"

namespace slsim::examples {
namespace {
constexpr auto k_tuple = asio::as_tuple(asio::use_awaitable);

store::update_request count_once(const order& o, const std::string& totals) {
  store::update_request add;
  add.table = totals;
  add.key = store::item{{"pk", store::attribute_value::s(o.customer_id)}};
  add.update = "ADD #total :amount, #applied :rid";
  add.condition = "NOT contains(#applied, :id)";
  add.expr.names.emplace();
  add.expr.names->emplace("#total", "total");
  add.expr.names->emplace("#applied", "applied");
  add.expr.values.emplace();
  add.expr.values->emplace(":amount", store::attribute_value::n(o.amount));
  add.expr.values->emplace(":rid", store::attribute_value::make_set(store::value_type::ss, {o.request_id}));
  add.expr.values->emplace(":id", store::attribute_value::s(o.request_id));
  return add;
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
    auto [ec, r] = co_await ctx.store().async_update_item(count_once(*o, totals), k_tuple);
    if (ec == store::store_errc::conditional_check_failed) ec = {};  // counted by an earlier attempt
    if (!ec) {
      store::put_request put;
      put.table = results;
      put.item = reference_transform(*o);
      put.condition = "attribute_not_exists(pk)";
      std::tie(ec, r) = co_await ctx.store().async_put_item(std::move(put), k_tuple);
      if (ec == store::store_errc::conditional_check_failed) ec = {};  // written by an earlier attempt
    }
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
      .summary = "raw form, no transaction: the total and its applied requestIds in one conditional update",
      .must_violate = "",
      .init = {},
      .typed = {},
      .raw = &handle};
  return definition;
}

}  // namespace slsim::examples
