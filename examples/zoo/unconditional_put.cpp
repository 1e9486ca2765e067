// BUG: writes the result with a plain PutItem (no condition) and bumps the customer's
// total with a separate ADD. Every redelivery (a crash after the write, a visibility
// timeout shorter than processing, a duplicate delivery) writes the result again and
// adds the amount twice.
// MUST BE CAUGHT BY: exactly_once (a second result write / a wrong total).
#include "zoo_support.hpp"

namespace slsim::examples::zoo {
namespace {
asio::awaitable<batch_response> handle(const sqs_event& event, lambda_context& ctx) {
  batch_response response;
  for (const auto& record : event.records) {
    const auto o = accept_or_report(record, response);
    if (!o) continue;
    auto [ec, r] = co_await ctx.store().async_put_item(put_result(*o, ctx), k_tuple);
    if (!ec) std::tie(ec, r) = co_await ctx.store().async_update_item(add_to_total(*o, ctx), k_tuple);
    if (ec) response.batch_item_failures.push_back({record.message_id});
    log_line(ctx, record, ec ? "failed" : "recorded");
  }
  co_return response;
}
}  // namespace

handler_definition unconditional_put() {
  return {"zoo/unconditional_put",
          "plain put without a condition plus a separate ADD counter",
          "exactly_once",
          {},
          &handle,
          {}};
}

}  // namespace slsim::examples::zoo
