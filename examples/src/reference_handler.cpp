// The reference handler: the pipeline's Lambda as docs/architecture.md §0 describes it, written
// the way a careful team would. It is idempotent under every redelivery SQS may make:
// - the result is keyed by the client's requestId (not the messageId, P6) and written
//   with attribute_not_exists(pk), in one transaction with the per-customer total (P9),
//   so a redelivery or a client retry can never apply the amount twice;
// - a cancelled transaction whose result put failed its condition means "already done";
// - poison and malformed messages are rejected permanently through the partial batch
//   response (L13), so only they are retried and then moved to the DLQ;
// - any other failure (throttling past the SDK's retries, an ambiguous timeout) reports
//   just that message for a retry;
// - on a FIFO queue, a failed record also fails every later record of its group in the
//   batch, unprocessed, so the group keeps its order (L13, P11); other groups go on.
#include <fmt/format.h>

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "slsim/examples/handlers.hpp"
#include "slsim/examples/order_writes.hpp"
#include "slsim/examples/reference_transform.hpp"

namespace slsim::examples {
namespace {

asio::awaitable<batch_response> handle(const sqs_event& event, lambda_context& ctx) {
  const std::string results = env_or(ctx, "RESULT_TABLE", k_result_table);
  const std::string totals = env_or(ctx, "TOTALS_TABLE", k_totals_table);
  batch_response response;
  std::vector<std::string> failed_groups;  // FIFO: groups with a failed record in this batch
  const auto fail = [&](const sqs_message& record) {
    response.batch_item_failures.push_back({record.message_id});
    if (const auto& group = record.attributes.message_group_id) failed_groups.push_back(*group);
  };
  for (const auto& record : event.records) {
    const std::string correlation = correlation_id_of(record);
    if (const auto& group = record.attributes.message_group_id;
        group && std::find(failed_groups.begin(), failed_groups.end(), *group) != failed_groups.end()) {
      ctx.log(fmt::format("correlationId={} messageId={} held back: an earlier record of group {} failed", correlation,
                          record.message_id, *group));
      response.batch_item_failures.push_back({record.message_id});  // P11: after the failed one, unprocessed
      continue;
    }
    const auto o = parse_order(record.body);
    if (!o || o->poison) {
      ctx.log(fmt::format("correlationId={} messageId={} rejected: {}", correlation, record.message_id,
                          o ? "poison" : "invalid schema"));
      fail(record);
      continue;
    }
    auto [ec, result] = co_await ctx.store().async_transact_write_items(record_order(*o, results, totals),
                                                                        asio::as_tuple(asio::use_awaitable));
    if (!ec || already_recorded(ec, result)) {
      ctx.log(fmt::format("correlationId={} requestId={} {}", correlation, o->request_id,
                          ec ? "already recorded" : "recorded"));
      continue;
    }
    ctx.log(fmt::format("correlationId={} requestId={} retry later: {}", correlation, o->request_id, ec.message()));
    fail(record);
  }
  co_return response;
}

}  // namespace

const handler_definition& reference_handler() {
  static const handler_definition definition{
      .name = "reference",
      .summary = "validates, transforms and records each order exactly once (transactional, keyed by requestId)",
      .must_violate = "",
      .init = {},
      .typed = &handle,
      .raw = {}};
  return definition;
}

std::string correlation_id_of(const sqs_message& record) {
  const auto it = record.message_attributes.find(k_correlation_attribute);
  return it != record.message_attributes.end() && it->second.string_value ? *it->second.string_value : "-";
}

std::string env_or(const lambda_context& ctx, const std::string& name, const char* fallback) {
  const std::string* value = ctx.env(name);
  return value ? *value : fallback;
}

}  // namespace slsim::examples
