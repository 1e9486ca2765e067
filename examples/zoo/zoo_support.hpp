#pragma once
// Small building blocks the zoo handlers share, so each zoo file shows only its bug.
#include <fmt/format.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "slsim/examples/handlers.hpp"
#include "slsim/examples/order_writes.hpp"
#include "slsim/examples/reference_transform.hpp"

namespace slsim::examples::zoo {

inline constexpr auto k_tuple = boost::asio::as_tuple(boost::asio::use_awaitable);

inline store::put_request put_result(const order& o, const lambda_context& ctx) {
  store::put_request put;
  put.table = env_or(ctx, "RESULT_TABLE", k_result_table);
  put.item = reference_transform(o);
  return put;
}

inline store::update_request add_to_total(const order& o, const lambda_context& ctx) {
  store::update_request add;
  add.table = env_or(ctx, "TOTALS_TABLE", k_totals_table);
  add.key = store::item{{"pk", store::attribute_value::s(o.customer_id)}};
  add.update = "ADD #total :amount";
  add.expr.names.emplace();
  add.expr.names->emplace("#total", "total");
  add.expr.values.emplace();
  add.expr.values->emplace(":amount", store::attribute_value::n(o.amount));
  return add;
}

/// The reference handler's correct write (result and total in one transaction).
inline store::transact_write_request record_transaction(const order& o, const lambda_context& ctx) {
  return record_order(o, env_or(ctx, "RESULT_TABLE", k_result_table), env_or(ctx, "TOTALS_TABLE", k_totals_table));
}

/// The record's order, or nullopt after reporting the record as failed (poison or not
/// an order): the rejection every zoo handler gets right, so each file shows only its bug.
inline std::optional<order> accept_or_report(const sqs_message& record, batch_response& response) {
  auto o = parse_order(record.body);
  if (!o || o->poison) {
    response.batch_item_failures.push_back({record.message_id});
    return std::nullopt;
  }
  return o;
}

inline void log_line(lambda_context& ctx, const sqs_message& record, std::string_view what) {
  ctx.log(fmt::format("correlationId={} messageId={} {}", correlation_id_of(record), record.message_id, what));
}

handler_definition unconditional_put();
handler_definition stale_read_then_write();
handler_definition message_id_key();
handler_definition throw_on_poison();
handler_definition malformed_batch_response();
handler_definition non_idempotent_add();
handler_definition inprogress_without_expiry();
handler_definition ttl_idempotency();
handler_definition fifo_reports_only_failed();
handler_definition body_hash_key();
handler_definition tier_boundary();
handler_definition guard_on_first_write_only();
handler_definition swallow_store_errors();
handler_definition lease_until_deadline();
handler_definition unguarded_resume();
handler_definition start_order_carrier();
handler_definition double_checked_total();
handler_definition read_before_lock();

}  // namespace slsim::examples::zoo
