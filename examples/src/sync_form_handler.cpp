// The reference handler's contract in the synchronous form (slsim/sync_handler.hpp):
// blocking-style store calls, the same decisions record by record — poison and invalid
// records rejected through the partial batch response (L13), each order recorded once by a
// guarded transaction keyed by requestId (P6, P9), a cancelled transaction whose result
// already exists taken as "recorded", any other store error reported for a retry, and on a
// FIFO queue the later records of a failed record's group held back (L13, P11).
#include <fmt/format.h>

#include <algorithm>

#include "slsim/examples/handlers.hpp"
#include "slsim/examples/order_writes.hpp"
#include "slsim/examples/reference_transform.hpp"
#include "slsim/sync_handler.hpp"

namespace slsim::examples {
namespace {

batch_response handle(const sqs_event& event, sync_context& ctx) {
  const std::string results = env_or(ctx.context(), "RESULT_TABLE", k_result_table);
  const std::string totals = env_or(ctx.context(), "TOTALS_TABLE", k_totals_table);
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
      response.batch_item_failures.push_back({record.message_id});  // P11
      continue;
    }
    const auto o = parse_order(record.body);
    if (!o || o->poison) {
      ctx.log(fmt::format("correlationId={} messageId={} rejected: {}", correlation, record.message_id,
                          o ? "poison" : "invalid schema"));
      fail(record);
      continue;
    }
    boost::system::error_code ec;  // the non-throwing overload: every store error is handled here
    const auto result = ctx.transact_write_items(record_order(*o, results, totals), ec);
    if (!ec || already_recorded(ec, result)) {
      ctx.log(fmt::format("correlationId={} requestId={} {}", correlation, o->request_id,
                          ec ? "already recorded" : "recorded"));
      continue;
    }
    ctx.log(fmt::format("correlationId={} requestId={} retry later: {}", correlation, o->request_id, ec.message()));
    fail(record);
  }
  return response;
}

}  // namespace

const handler_definition& sync_form_handler() {
  static const handler_definition definition{
      .name = "correct/sync_form",
      .summary = "synchronous form: the reference handler's logic with blocking-style store calls",
      .must_violate = "",
      .init = {},
      .typed = synchronous(&handle),
      .raw = {}};
  return definition;
}

}  // namespace slsim::examples
