// BUG: reads a customer's total *before* taking that customer's lock, to save a round trip,
// and trusts the read if the lock came within 100 ms of it. Under the lock it writes result
// and total (read + amount) in one transaction, renders the receipt (20 ms) and releases.
// Most overlaps are safe: a lock found held sends the handler back to read again, a read
// older than 100 ms is refreshed, and the lock excludes every other writer. The unsafe one
// is another invocation's write *and* release both landing between this one's read and its
// lock, less than 100 ms apart: the read is stale, the lock is free, and the total read
// before is written back over the other's update (P6, D1: the read must happen under the lock).
// HOW IT IS FOUND: the gap between the read and the lock must be wider than the other's
// write-render-release (about 25 ms) yet shorter than 100 ms. A latency draw that slow is
// rare, and the long delays faults bring (latency spikes, throttling, retries) overshoot
// and trigger the refresh. PCT opens exactly that gap: the lower-priority invocation's lock
// request is held, at most the window, behind the higher-priority invocation's calls
// (`--explore pct:d=1,w=50`; docs/exploration.md, "Cases to detection per strategy").
// MUST BE CAUGHT BY: exactly_once
#include <chrono>

#include "zoo_support.hpp"

namespace slsim::examples::zoo {
namespace {
using namespace std::chrono_literals;

std::int64_t epoch_ms(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

// The customer's lock is an item of its own, so no write of the total ever conflicts with it.
store::item lock_key(const std::string& customer) { return {{"pk", store::attribute_value::s("lock#" + customer)}}; }

// One attempt at the lock. The lease (10 s) outlives any invocation here, so only a crashed
// holder's lock is ever taken over.
asio::awaitable<boost::system::error_code> try_lock(const std::string& table, const std::string& customer,
                                                    const std::string& me, lambda_context& ctx) {
  store::put_request take;
  take.table = table;
  take.item = lock_key(customer);
  take.item["owner"] = store::attribute_value::s(me);
  take.item["lease_until"] = store::attribute_value::n(epoch_ms(ctx.now()) + 10'000);
  take.condition = "attribute_not_exists(pk) OR lease_until < :now";
  take.expr.values.emplace();
  take.expr.values->emplace(":now", store::attribute_value::n(epoch_ms(ctx.now())));
  auto [ec, r] = co_await ctx.store().async_put_item(std::move(take), k_tuple);
  co_return ec;
}

// Ends the lease now (the function's role may update, not delete), if the lock is still ours.
asio::awaitable<void> unlock(const std::string& table, const std::string& customer, const std::string& me,
                             lambda_context& ctx) {
  store::update_request drop;
  drop.table = table;
  drop.key = lock_key(customer);
  drop.update = "SET lease_until = :zero";
  drop.condition = "#owner = :me";
  drop.expr.names.emplace();
  drop.expr.names->emplace("#owner", "owner");
  drop.expr.values.emplace();
  drop.expr.values->emplace(":zero", store::attribute_value::n(0));
  drop.expr.values->emplace(":me", store::attribute_value::s(me));
  (void)co_await ctx.store().async_update_item(std::move(drop), k_tuple);
}

asio::awaitable<std::pair<boost::system::error_code, std::int64_t>> read_total(const std::string& table,
                                                                               const std::string& customer,
                                                                               lambda_context& ctx) {
  store::get_request get;
  get.table = table;
  get.key = store::item{{"pk", store::attribute_value::s(customer)}};
  get.consistent_read = true;  // D7: the strongly consistent read, so staleness is not the bug
  auto [ec, found] = co_await ctx.store().async_get_item(std::move(get), k_tuple);
  std::int64_t total = 0;
  if (!ec && found.attributes)
    if (const auto it = found.attributes->find("total"); it != found.attributes->end())
      total = std::stoll(it->second.scalar);
  co_return std::pair{ec, total};
}

// Result and total (as read + amount) in one transaction; the lock "protects" the total.
store::transact_write_request locked_write(const order& o, std::int64_t seen, lambda_context& ctx) {
  store::transact_write_request tx = record_transaction(o, ctx);
  auto& total = tx.actions.back();  // the ADD becomes a SET of what was read + amount
  total.update = "SET #total = :total";
  total.expr = {};
  total.expr.names.emplace();
  total.expr.names->emplace("#total", "total");
  total.expr.values.emplace();
  total.expr.values->emplace(":total", store::attribute_value::n(seen + o.amount));
  return tx;
}

asio::awaitable<batch_response> handle(const sqs_event& event, lambda_context& ctx) {
  batch_response response;
  const std::string totals = env_or(ctx, "TOTALS_TABLE", k_totals_table);
  for (const auto& record : event.records) {
    const auto o = accept_or_report(record, response);
    if (!o) continue;
    const std::string me = ctx.aws_request_id() + "/" + record.message_id;
    boost::system::error_code ec = store::store_errc::conditional_check_failed;
    for (int attempt = 0; attempt < 8 && ec == store::store_errc::conditional_check_failed; ++attempt) {
      if (attempt > 0) co_await ctx.async_busy(20ms);                           // held by another: read again shortly
      auto [read_ec, seen] = co_await read_total(totals, o->customer_id, ctx);  // the bug: before the lock
      const auto read_at = ctx.now();
      if (read_ec) {
        ec = read_ec;
        break;
      }
      ec = co_await try_lock(totals, o->customer_id, me, ctx);
      if (ec) continue;
      if (ctx.now() - read_at > 100ms) {  // too old to trust: release and read again
        co_await unlock(totals, o->customer_id, me, ctx);
        ec = store::store_errc::conditional_check_failed;
        continue;
      }
      auto [write_ec, result] = co_await ctx.store().async_transact_write_items(locked_write(*o, seen, ctx), k_tuple);
      ec = already_recorded(write_ec, result) ? boost::system::error_code{} : write_ec;
      if (!ec) co_await ctx.async_busy(20ms);  // renders the receipt while still holding the lock
      co_await unlock(totals, o->customer_id, me, ctx);
    }
    if (ec) response.batch_item_failures.push_back({record.message_id});
    log_line(ctx, record, ec ? "failed" : "recorded");
  }
  co_return response;
}
}  // namespace

handler_definition read_before_lock() {
  return {"zoo/read_before_lock",
          "reads the total before taking the customer's lock and trusts a read up to 100 ms old",
          "exactly_once",
          {},
          &handle,
          {}};
}

}  // namespace slsim::examples::zoo
