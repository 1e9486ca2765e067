// BUG: a top-level catch-all. Store errors become exceptions (use_awaitable), and the
// handler catches everything around the batch, logs, and returns an empty
// batchItemFailures "so that one bad message does not block the queue". When a throttle
// outlasts the SDK's retries (3 attempts in the JavaScript v3 and boto3 standard SDKs,
// MD20), a 500 or a ValidationException reaches it, the whole batch is reported as
// processed and deleted (L13): the requests have no result.
// MUST BE CAUGHT BY: exactly_once (an accepted valid request has no result).
#include <boost/system/system_error.hpp>

#include "zoo_support.hpp"

namespace slsim::examples::zoo {
namespace {
asio::awaitable<batch_response> handle(const sqs_event& event, lambda_context& ctx) {
  batch_response response;
  try {
    for (const auto& record : event.records) {
      const auto o = accept_or_report(record, response);
      if (!o) continue;
      auto [ec, r] = co_await ctx.store().async_transact_write_items(record_transaction(*o, ctx), k_tuple);
      if (ec && !already_recorded(ec, r)) throw boost::system::system_error(ec, r.message);
      log_line(ctx, record, "recorded");
    }
  } catch (const std::exception& e) {
    ctx.log(std::string("batch failed, dropping it: ") + e.what());
    co_return batch_response{};  // BUG: every message counts as processed
  }
  co_return response;
}
}  // namespace

handler_definition swallow_store_errors() {
  return {"zoo/swallow_store_errors",
          "catches store errors at top level and returns an empty batchItemFailures",
          "exactly_once",
          {},
          &handle,
          {}};
}

}  // namespace slsim::examples::zoo
