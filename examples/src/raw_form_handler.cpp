// The reference handler's contract in the raw form: Lambda's exact JSON payload in, the
// partial batch response's JSON out (L13, L14), parsed and written the way a handler in
// another language would. Same decisions as the reference: poison and invalid records
// rejected, each order recorded once by a guarded transaction keyed by requestId (P6, P9),
// other store errors reported for a retry, a failed record's FIFO group held back (P11).
#include <fmt/format.h>

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <nlohmann/json.hpp>

#include "slsim/examples/handlers.hpp"
#include "slsim/examples/order_writes.hpp"
#include "slsim/examples/reference_transform.hpp"

namespace slsim::examples {
namespace {

asio::awaitable<std::string> handle(std::string_view payload, lambda_context& ctx) {
  const nlohmann::json event = nlohmann::json::parse(payload);
  const std::string results = env_or(ctx, "RESULT_TABLE", k_result_table);
  const std::string totals = env_or(ctx, "TOTALS_TABLE", k_totals_table);
  nlohmann::json failures = nlohmann::json::array();
  std::vector<std::string> failed_groups;  // FIFO: groups with a failed record in this batch
  for (const auto& record : event.at("Records")) {
    const std::string message_id = record.at("messageId").get<std::string>();
    const auto& attributes = record.at("attributes");
    const std::string group = attributes.value("MessageGroupId", std::string());
    const auto attribute = record.at("messageAttributes").find(k_correlation_attribute);
    const std::string correlation = attribute != record.at("messageAttributes").end()
                                        ? attribute->value("stringValue", std::string("-"))
                                        : std::string("-");
    const auto fail = [&] {
      failures.push_back({{"itemIdentifier", message_id}});
      if (!group.empty()) failed_groups.push_back(group);
    };
    if (!group.empty() && std::find(failed_groups.begin(), failed_groups.end(), group) != failed_groups.end()) {
      ctx.log(fmt::format("correlationId={} messageId={} held back: an earlier record of group {} failed", correlation,
                          message_id, group));
      failures.push_back({{"itemIdentifier", message_id}});  // P11
      continue;
    }
    const auto o = parse_order(record.at("body").get<std::string>());
    if (!o || o->poison) {
      ctx.log(fmt::format("correlationId={} messageId={} rejected: {}", correlation, message_id,
                          o ? "poison" : "invalid schema"));
      fail();
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
    fail();
  }
  co_return nlohmann::json{{"batchItemFailures", failures}}.dump();
}

}  // namespace

const handler_definition& raw_form_handler() {
  static const handler_definition definition{
      .name = "correct/raw_form",
      .summary = "raw form: the reference handler's logic on Lambda's JSON payload, answering JSON",
      .must_violate = "",
      .init = {},
      .typed = {},
      .raw = &handle};
  return definition;
}

}  // namespace slsim::examples
