// BUG: relies on TTL for its idempotency window. It claims an idempotency record that
// carries a short TTL and then writes the result unconditionally, treating "no record"
// as "never processed". TTL deletion is lazy and best-effort (D10): once the deleter has
// removed the expired record, a late client retry of the same requestId (a retry after a
// 504, G6) finds nothing and is processed again — a second result write, the amount
// added twice.
// MUST BE CAUGHT BY: exactly_once.
#include "zoo_support.hpp"

namespace slsim::examples::zoo {
namespace {
constexpr std::int64_t k_window_s = 60;

asio::awaitable<batch_response> handle(const sqs_event& event, lambda_context& ctx) {
  batch_response response;
  const std::string table = env_or(ctx, "IDEMPOTENCY_TABLE", "idempotency");
  for (const auto& record : event.records) {
    const auto o = accept_or_report(record, response);
    if (!o) continue;
    // Epoch seconds of "now": the first receive timestamp is the freshest clock a handler has.
    const std::int64_t now_s = std::stoll(record.attributes.approximate_first_receive_timestamp) / 1000;
    store::put_request claim;
    claim.table = table;
    claim.item = {{"pk", store::attribute_value::s(o->request_id)},
                  {"expires_at", store::attribute_value::n(now_s + k_window_s)}};
    claim.condition = "attribute_not_exists(pk)";
    auto [ec, r] = co_await ctx.store().async_put_item(std::move(claim), k_tuple);
    if (ec == store::store_errc::conditional_check_failed) {
      log_line(ctx, record, "already processed");
      continue;
    }
    if (!ec) std::tie(ec, r) = co_await ctx.store().async_put_item(put_result(*o, ctx), k_tuple);
    if (!ec) std::tie(ec, r) = co_await ctx.store().async_update_item(add_to_total(*o, ctx), k_tuple);
    if (ec) response.batch_item_failures.push_back({record.message_id});
    log_line(ctx, record, ec ? "failed" : "recorded");
  }
  co_return response;
}
}  // namespace

handler_definition ttl_idempotency() {
  return {"zoo/ttl_idempotency",
          "idempotency window kept by TTL; late client retries are processed again",
          "exactly_once",
          {},
          &handle,
          {}};
}

}  // namespace slsim::examples::zoo
