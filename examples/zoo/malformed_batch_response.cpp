// BUG: a raw handler that reports its failures as {"batchItemFailures":[{"itemId": ...}]}.
// The key must be "itemIdentifier"; an entry with a bad key name fails the whole batch
// (L13, P5), so every valid neighbour of a poison message is retried with it and ends up
// in the DLQ.
// MUST BE CAUGHT BY: dlq_routing.
#include <nlohmann/json.hpp>

#include "zoo_support.hpp"

namespace slsim::examples::zoo {
namespace {
asio::awaitable<std::string> handle(std::string_view payload, lambda_context& ctx) {
  const auto event = nlohmann::json::parse(payload).get<sqs_event>();
  nlohmann::json failures = nlohmann::json::array();
  for (const auto& record : event.records) {
    const auto o = parse_order(record.body);
    if (!o || o->poison) {
      failures.push_back({{"itemId", record.message_id}});  // should be "itemIdentifier"
      continue;
    }
    auto [ec, r] = co_await ctx.store().async_transact_write_items(record_transaction(*o, ctx), k_tuple);
    if (ec && !already_recorded(ec, r)) failures.push_back({{"itemId", record.message_id}});
    log_line(ctx, record, ec ? "not recorded" : "recorded");
  }
  co_return nlohmann::json{{"batchItemFailures", failures}}.dump();
}
}  // namespace

handler_definition malformed_batch_response() {
  return {"zoo/malformed_batch_response",
          "partial batch response with an 'itemId' key (raw handler)",
          "dlq_routing",
          {},
          {},
          &handle};
}

}  // namespace slsim::examples::zoo
