// BUG: processes a batch's records in parallel workers (one per record, launched in record
// order, as a Go handler starts goroutines or a Java one submits to an executor) and lets
// one worker per customer write for all of that customer's records: the "carrier", the
// worker of the customer's last record in the batch. The carrier takes the customer's
// records registered when it starts, assuming every worker launched before it has started
// before it. Concurrent workers start in no promised order (goroutines, thread pools, and
// the simulator's same-instant events: docs/architecture.md §2): when the carrier starts
// first, the records registered after it are reported as done and never written, and SQS
// deletes their messages.
// WHY ONLY TIE-ORDER PERMUTATION FINDS IT: the workers start at one virtual instant, so no
// latency draw, fault or workload changes their order; under the `fifo` tie order they
// always start in launch order and the handler is correct (every write is the reference's
// idempotent transaction). A `reverse` or `random` tie order starts the carrier first in
// any batch with two records of one customer.
// MUST BE CAUGHT BY: exactly_once.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <map>

#include "zoo_support.hpp"

namespace slsim::examples::zoo {
namespace {
namespace asio = boost::asio;

struct registered {
  order o;
  const sqs_message* record;
};

struct batch_state {
  std::map<std::string, std::vector<registered>> by_customer;
  std::vector<std::string> failed;
};

asio::awaitable<void> worker(const sqs_message& record, order o, bool carrier, batch_state& batch,
                             lambda_context& ctx) {
  auto& group = batch.by_customer[o.customer_id];
  group.push_back({o, &record});               // registered as the worker starts, before its first await
  if (!carrier) co_return;                     // the carrier writes this record
  const std::vector<registered> mine = group;  // the bug: "everyone launched before me is in"
  for (const auto& r : mine) {
    auto [ec, result] = co_await ctx.store().async_transact_write_items(record_transaction(r.o, ctx), k_tuple);
    if (ec && !already_recorded(ec, result)) batch.failed.push_back(r.record->message_id);
    log_line(ctx, *r.record, ec && !already_recorded(ec, result) ? "failed" : "recorded");
  }
}

asio::awaitable<batch_response> handle(const sqs_event& event, lambda_context& ctx) {
  batch_response response;
  std::vector<std::pair<const sqs_message*, order>> valid;
  for (const auto& record : event.records)
    if (auto o = accept_or_report(record, response)) valid.emplace_back(&record, *o);
  std::map<std::string, std::size_t> last_of_customer;
  for (std::size_t i = 0; i < valid.size(); ++i) last_of_customer[valid[i].second.customer_id] = i;
  batch_state batch;
  using op_type = decltype(asio::co_spawn(ctx.get_executor(), asio::awaitable<void>{}, asio::deferred));
  std::vector<op_type> ops;
  for (std::size_t i = 0; i < valid.size(); ++i) {
    const bool carrier = last_of_customer.at(valid[i].second.customer_id) == i;
    ops.push_back(asio::co_spawn(ctx.get_executor(), worker(*valid[i].first, valid[i].second, carrier, batch, ctx),
                                 asio::deferred));
  }
  if (!ops.empty())
    co_await asio::experimental::make_parallel_group(std::move(ops))
        .async_wait(asio::experimental::wait_for_all(), asio::use_awaitable);
  for (auto& id : batch.failed) response.batch_item_failures.push_back({std::move(id)});
  co_return response;
}
}  // namespace

handler_definition start_order_carrier() {
  return {"zoo/start_order_carrier",
          "parallel workers, one writes for its customer's records assuming launch order is start order",
          "exactly_once",
          {},
          &handle,
          {}};
}

}  // namespace slsim::examples::zoo
