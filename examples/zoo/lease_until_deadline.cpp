// BUG: a lease that ends at the invocation's deadline, on the premise that Lambda stops the
// code there. The handler applies its batch under one lock item over the totals: it takes
// the lock, reads each customer's total, adds the batch's new orders in memory and writes
// results and total back in one transaction per customer, then releases. The lock's
// lease ends at the deadline (the way Powertools derives an in-progress record's
// in_progress_expiry from the remaining time), so another invocation waiting for it takes
// it then. But the code runs on past the deadline until the kill (MD5): a slow call
// returns in that lag and the handler writes back the total it read before, while the
// new holder has read and written it meanwhile — one of the two updates is lost. With no
// afterlife (kill lag 0) nothing the old holder issues lands once the lease is another's,
// unless a write it sent before the deadline is itself still in flight.
// MUST BE CAUGHT BY: exactly_once
#include <chrono>
#include <map>
#include <optional>

#include "slsim/store/number.hpp"
#include "zoo_support.hpp"

// GCC 12 reports a false -Wmismatched-new-delete on this file's coroutine frames (the
// awaitable's own operator new/delete pair, inlined); see tests/live/sync_call.cpp.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

namespace slsim::examples::zoo {
namespace {
using namespace std::chrono_literals;

std::int64_t epoch_ms(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

// One lock over the totals table: every batch's read-modify-write of the totals runs under it.
store::item lock_key() { return {{"pk", store::attribute_value::s("lock#totals")}}; }

// Takes the lock until `lease_until` (epoch ms): free, or its holder's lease ran out. Waits
// for a held lock while the invocation has time; false when it could not.
asio::awaitable<bool> acquire(const std::string& table, std::int64_t lease_until, lambda_context& ctx) {
  for (;;) {
    store::put_request take;
    take.table = table;
    take.item = lock_key();
    take.item["owner"] = store::attribute_value::s(ctx.aws_request_id());
    take.item["lease_until"] = store::attribute_value::n(lease_until);
    take.condition = "attribute_not_exists(pk) OR lease_until < :now";
    take.expr.values.emplace();
    take.expr.values->emplace(":now", store::attribute_value::n(epoch_ms(ctx.now())));
    auto [ec, r] = co_await ctx.store().async_put_item(std::move(take), k_tuple);
    if (!ec) co_return true;
    if (ec != store::store_errc::conditional_check_failed || ctx.remaining_time() < 200ms) co_return false;
    co_await ctx.async_busy(20ms);  // held: try again shortly
  }
}

// Hands the lock back by ending its lease now (the function's role may update, not delete).
asio::awaitable<void> release(const std::string& table, lambda_context& ctx) {
  store::update_request drop;
  drop.table = table;
  drop.key = lock_key();
  drop.update = "SET lease_until = :zero";
  drop.condition = "#owner = :me";  // a lease that ran out may be someone else's by now
  drop.expr.names.emplace();
  drop.expr.names->emplace("#owner", "owner");
  drop.expr.values.emplace();
  drop.expr.values->emplace(":zero", store::attribute_value::n(0));
  drop.expr.values->emplace(":me", store::attribute_value::s(ctx.aws_request_id()));
  (void)co_await ctx.store().async_update_item(std::move(drop), k_tuple);
}

// One customer's share of the batch, applied under the lock: read the total once, add
// every new order in memory, write results and the new total back in one transaction.
struct customer_share {
  std::vector<const sqs_message*> records;
  std::vector<order> orders;
};

// The write-back: each new order's result (guarded) and the total as read plus their
// amounts (not guarded: the lock "protects" it), in one transaction.
store::transact_write_request write_back(const std::string& customer, const std::optional<store::item>& read,
                                         const std::vector<order>& fresh, lambda_context& ctx) {
  store::decimal total;
  if (read && read->contains("total"))
    total = store::decimal::parse(read->at("total").scalar).value_or(store::decimal{});
  store::transact_write_request tx;
  for (const auto& o : fresh) {
    total = total + *store::decimal::parse(std::to_string(o.amount));
    store::transact_action put;
    put.kind = store::transact_action::action_kind::put;
    put.table = env_or(ctx, "RESULT_TABLE", k_result_table);
    put.item = reference_transform(o);
    put.condition = "attribute_not_exists(pk)";
    tx.actions.push_back(std::move(put));
  }
  store::transact_action set_total;
  set_total.kind = store::transact_action::action_kind::put;
  set_total.table = env_or(ctx, "TOTALS_TABLE", k_totals_table);
  set_total.item = {{"pk", store::attribute_value::s(customer)},
                    {"total", store::attribute_value::n(total.to_string())}};
  tx.actions.push_back(std::move(set_total));
  return tx;
}

bool listed(const std::vector<order>& orders, const std::string& request_id) {
  for (const auto& o : orders)
    if (o.request_id == request_id) return true;
  return false;
}

asio::awaitable<boost::system::error_code> apply_share(const std::string& customer, const customer_share& share,
                                                       lambda_context& ctx) {
  store::get_request current{.table = env_or(ctx, "TOTALS_TABLE", k_totals_table),
                             .key = {{"pk", store::attribute_value::s(customer)}},
                             .consistent_read = true};
  auto [ec, total] = co_await ctx.store().async_get_item(std::move(current), k_tuple);
  std::vector<order> fresh;  // not recorded before, each request once (one item per transaction, D5)
  for (std::size_t i = 0; i < share.orders.size() && !ec; ++i) {
    const order& o = share.orders[i];
    store::get_request seen{.table = env_or(ctx, "RESULT_TABLE", k_result_table),
                            .key = {{"pk", store::attribute_value::s(o.request_id)}},
                            .consistent_read = true};
    auto [get_ec, found] = co_await ctx.store().async_get_item(std::move(seen), k_tuple);
    ec = get_ec;
    if (!ec && !found.attributes && !listed(fresh, o.request_id)) fresh.push_back(o);
  }
  if (!ec && !fresh.empty()) {
    auto [write_ec, written] =
        co_await ctx.store().async_transact_write_items(write_back(customer, total.attributes, fresh, ctx), k_tuple);
    ec = write_ec;
  }
  co_return ec;
}

asio::awaitable<batch_response> handle(const sqs_event& event, lambda_context& ctx) {
  batch_response response;
  const std::string locks = env_or(ctx, "IDEMPOTENCY_TABLE", "idempotency");
  // The lease ends when Lambda is expected to stop this code: the deadline.
  const std::int64_t lease_until = epoch_ms(ctx.now()) + ctx.remaining_time().count();
  std::map<std::string, customer_share> shares;  // by customer
  for (const auto& record : event.records) {
    const auto o = accept_or_report(record, response);
    if (!o) continue;
    auto& share = shares[o->customer_id];
    share.records.push_back(&record);
    share.orders.push_back(*o);
  }
  if (shares.empty()) co_return response;
  const bool locked = co_await acquire(locks, lease_until, ctx);
  for (auto& [customer, share] : shares) {
    boost::system::error_code ec = store::store_errc::conditional_check_failed;  // not locked: retry later
    if (locked) ec = co_await apply_share(customer, share, ctx);
    for (const auto* record : share.records) {
      if (ec) response.batch_item_failures.push_back({record->message_id});
      log_line(ctx, *record, ec ? "not recorded, retry later" : "recorded");
    }
  }
  if (locked) co_await release(locks, ctx);
  co_return response;
}
}  // namespace

handler_definition lease_until_deadline() {
  return {"zoo/lease_until_deadline",
          "a lock whose lease ends at the deadline, although code runs on until the kill (MD5)",
          "exactly_once",
          {},
          &handle,
          {}};
}

}  // namespace slsim::examples::zoo
