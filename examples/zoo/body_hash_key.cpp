// BUG: the idempotency key is a hash of the message body. SQS redeliveries carry the same
// bytes, so they are caught; but a client that retries after a 504 (G6) re-serialises its
// request — a fresh sentAt, a nonce, another key order — with the same requestId, and that
// second message hashes differently: the request is recorded twice (P6). The key must be
// the requestId.
// MUST BE CAUGHT BY: exactly_once.
#include "zoo_support.hpp"

namespace slsim::examples::zoo {
namespace {
std::string body_hash(std::string_view body) {
  std::uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a 64: stands in for a SHA-256 of the payload
  for (unsigned char c : body) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return fmt::format("body#{:016x}", h);
}

asio::awaitable<batch_response> handle(const sqs_event& event, lambda_context& ctx) {
  batch_response response;
  for (const auto& record : event.records) {
    const auto o = accept_or_report(record, response);
    if (!o) continue;
    store::transact_write_request tx = record_transaction(*o, ctx);
    store::transact_action& result = tx.actions.front();
    result.condition.reset();  // the result is guarded by the body-hash marker instead
    store::transact_action marker;
    marker.kind = store::transact_action::action_kind::put;
    marker.table = env_or(ctx, "IDEMPOTENCY_TABLE", "idempotency");
    marker.item = store::item{{"pk", store::attribute_value::s(body_hash(record.body))}};
    marker.condition = "attribute_not_exists(pk)";
    tx.actions.insert(tx.actions.begin(), std::move(marker));
    auto [ec, r] = co_await ctx.store().async_transact_write_items(std::move(tx), k_tuple);
    const bool duplicate = already_recorded(ec, r);  // the marker is the first action
    if (ec && !duplicate) response.batch_item_failures.push_back({record.message_id});
    log_line(ctx, record, duplicate ? "duplicate body" : ec ? "failed" : "recorded");
  }
  co_return response;
}
}  // namespace

handler_definition body_hash_key() {
  return {"zoo/body_hash_key",
          "idempotency keyed by a hash of the body (breaks on re-serialised client retries)",
          "exactly_once",
          {},
          &handle,
          {}};
}

}  // namespace slsim::examples::zoo
