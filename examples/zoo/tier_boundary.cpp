// BUG: re-implements the customer tier with `>` where the business rule says `>=`
// (reference_transform: gold from 10,000, silver from 1,000). Only an amount of exactly
// 1,000 or 10,000 gets the wrong tier, so uniform amounts almost never find it; the
// workload's boundary-biased amounts (powers of ten and their neighbours) do.
// MUST BE CAUGHT BY: exactly_once (the result differs from expected(payload)).
#include "zoo_support.hpp"

namespace slsim::examples::zoo {
namespace {
const char* tier_of(std::int64_t amount) { return amount > 10'000 ? "gold" : amount > 1'000 ? "silver" : "bronze"; }

asio::awaitable<batch_response> handle(const sqs_event& event, lambda_context& ctx) {
  batch_response response;
  for (const auto& record : event.records) {
    const auto o = accept_or_report(record, response);
    if (!o) continue;
    store::transact_write_request tx = record_transaction(*o, ctx);
    tx.actions.front().item["tier"] = store::attribute_value::s(tier_of(o->amount));
    auto [ec, r] = co_await ctx.store().async_transact_write_items(std::move(tx), k_tuple);
    if (ec && !already_recorded(ec, r)) response.batch_item_failures.push_back({record.message_id});
    log_line(ctx, record, ec && !already_recorded(ec, r) ? "failed" : "recorded");
  }
  co_return response;
}
}  // namespace

handler_definition tier_boundary() {
  return {"zoo/tier_boundary",
          "customer tier computed with > instead of >= at 1,000 and 10,000",
          "exactly_once",
          {},
          &handle,
          {}};
}

}  // namespace slsim::examples::zoo
