// BUG: records orders correctly, but throws on a poison message instead of reporting it
// through a partial batch response. A thrown exception fails the whole batch (L13), so
// the valid messages next to a poison one are received again and again and, once past
// maxReceiveCount, land in the DLQ with it although nothing was wrong with them (P4).
// MUST BE CAUGHT BY: dlq_routing (valid messages in the DLQ, cause: a neighbour's failure).
#include <stdexcept>

#include "zoo_support.hpp"

namespace slsim::examples::zoo {
namespace {
asio::awaitable<batch_response> handle(const sqs_event& event, lambda_context& ctx) {
  for (const auto& record : event.records) {
    const auto o = parse_order(record.body);
    if (!o || o->poison) throw std::runtime_error("cannot process message " + record.message_id);
    auto [ec, r] = co_await ctx.store().async_transact_write_items(record_transaction(*o, ctx), k_tuple);
    if (ec && !already_recorded(ec, r)) throw std::runtime_error(ec.message());
    log_line(ctx, record, ec ? "already recorded" : "recorded");
  }
  co_return batch_response{};
}
}  // namespace

handler_definition throw_on_poison() {
  return {"zoo/throw_on_poison",
          "throws on one poison message without a partial batch response",
          "dlq_routing",
          {},
          &handle,
          {}};
}

}  // namespace slsim::examples::zoo
