// BUG: the idempotency pattern without its expiry (P7). Before processing it writes an
// INPROGRESS record and marks it COMPLETE afterwards; a retry that finds INPROGRESS backs
// off ("someone else is on it"). When an invocation dies between the two writes (a crash
// or a timeout), the record stays INPROGRESS forever: every retry backs off until the
// message is moved to the DLQ, without a result, although it was valid.
// MUST BE CAUGHT BY: dlq_routing (the later unsuccessful receives are the handler's own,
// not the injected fault's).
#include "zoo_support.hpp"

namespace slsim::examples::zoo {
namespace {
store::item idempotency_key(const order& o) { return {{"pk", store::attribute_value::s("idem#" + o.request_id)}}; }

asio::awaitable<batch_response> handle(const sqs_event& event, lambda_context& ctx) {
  batch_response response;
  const std::string table = env_or(ctx, "RESULT_TABLE", k_result_table);
  for (const auto& record : event.records) {
    const auto o = accept_or_report(record, response);
    if (!o) continue;
    store::put_request claim;
    claim.table = table;
    claim.item = idempotency_key(*o);
    claim.item["status"] = store::attribute_value::s("INPROGRESS");
    claim.condition = "attribute_not_exists(pk)";  // no "OR in_progress_expiration < :now"
    claim.return_old_on_condition_failure = true;
    auto [ec, r] = co_await ctx.store().async_put_item(std::move(claim), k_tuple);
    if (ec == store::store_errc::conditional_check_failed) {
      const bool complete = r.attributes && r.attributes->contains("status") &&
                            r.attributes->at("status") == store::attribute_value::s("COMPLETE");
      log_line(ctx, record, complete ? "already recorded" : "in progress elsewhere, retry later");
      if (!complete) response.batch_item_failures.push_back({record.message_id});
      continue;
    }
    if (!ec) {
      std::tie(ec, r) = co_await ctx.store().async_transact_write_items(record_transaction(*o, ctx), k_tuple);
      if (already_recorded(ec, r)) ec = {};
    }
    if (!ec) {
      store::update_request done;
      done.table = table;
      done.key = idempotency_key(*o);
      done.update = "SET #s = :done";
      done.expr.names.emplace();
      done.expr.names->emplace("#s", "status");
      done.expr.values.emplace();
      done.expr.values->emplace(":done", store::attribute_value::s("COMPLETE"));
      std::tie(ec, r) = co_await ctx.store().async_update_item(std::move(done), k_tuple);
    }
    if (ec) response.batch_item_failures.push_back({record.message_id});
    log_line(ctx, record, ec ? "failed" : "recorded");
  }
  co_return response;
}
}  // namespace

handler_definition inprogress_without_expiry() {
  return {"zoo/inprogress_without_expiry",
          "INPROGRESS idempotency record without expiry (P7)",
          "dlq_routing",
          {},
          &handle,
          {}};
}

}  // namespace slsim::examples::zoo
