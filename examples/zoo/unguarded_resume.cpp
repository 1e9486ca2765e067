// BUG: a resumable three-step write whose recovery path redoes the write without its guard.
// Each record: (1) claim an INPROGRESS record that expires 10 s past the invocation's
// deadline (conditional put), (2) the result and total in one guarded transaction, (3) mark
// the claim COMPLETE. A copy of the request that finds a live claim leaves it to its holder
// (whose own message's retries finish it). A delivery that finds an expired claim knows an
// earlier attempt died between (1) and (3): it takes the claim over (a compare-and-swap on
// its expiry, so one copy resumes) and reads the result to learn whether (2) happened:
// present → only mark COMPLETE; absent → redo (2) *without its guard* ("we just checked,
// and we hold the claim"). The guard was not redundant: the check misleads when the read
// fails (an error is taken for "absent"), when the dead attempt's write is still in flight
// (a latency spike: it lands after the read, MD5), and when the SDK retries the redo after
// an ambiguous timeout (MD9). Each way, the result is written twice and the total counts
// twice.
//
// Why random cases rarely find it and `slsim explore` does (docs/exploration.md): every way
// takes two faults, each at one specific point. A first fault must leave an INPROGRESS
// claim behind (a crash or ambiguous timeout at the right call of the first delivery), and
// a second must hit exactly the read or the redo (store call 3 or 4) of the *second*
// delivery of the same message. A swarm case draws a store fault on delivery 2 about one
// time in 20, on call 3 or 4 of it about one time in 4, of a kind that misleads the check
// about one time in 3; with the first fault's own odds, about one case in several thousand
// has both (plain `check` of a one-request scenario first fails at seed 5620). Each fault
// alone is harmless: a resumed claim is completed correctly, and the second delivery's read
// and redo exist only after a first fault. Bounded-exhaustive placement tries every point of
// every delivery the first fault creates, so `explore --max-faults 2` reaches it on a
// one-request case in about 1,400 runs (tests/cli/explore_cli_test.cpp).
// MUST BE CAUGHT BY: exactly_once (the result is written twice and the total counts twice).
#include <chrono>

#include "zoo_support.hpp"

namespace slsim::examples::zoo {
namespace {
using namespace std::chrono_literals;

std::int64_t epoch_ms(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

store::item claim_key(const order& o) { return {{"pk", store::attribute_value::s("claim#" + o.request_id)}}; }

// A claim outlives its invocation by 10 s: past the deadline and any kill lag (MD5).
std::int64_t claim_expiry(const lambda_context& ctx) {
  return epoch_ms(ctx.now()) + ctx.remaining_time().count() + std::chrono::milliseconds(10s).count();
}

store::update_request mark_complete(const order& o, const std::string& table) {
  store::update_request done;
  done.table = table;
  done.key = claim_key(o);
  done.update = "SET #s = :done";
  done.expr.names.emplace();
  done.expr.names->emplace("#s", "status");
  done.expr.values.emplace();
  done.expr.values->emplace(":done", store::attribute_value::s("COMPLETE"));
  return done;
}

// Takes an expired claim over: only if its expiry is still the one read (one copy resumes).
store::update_request take_over(const order& o, const std::string& table, const store::attribute_value& seen,
                                const lambda_context& ctx) {
  store::update_request take;
  take.table = table;
  take.key = claim_key(o);
  take.update = "SET expires = :mine";
  take.condition = "expires = :seen";
  take.expr.values.emplace();
  take.expr.values->emplace(":seen", seen);
  take.expr.values->emplace(":mine", store::attribute_value::n(claim_expiry(ctx)));
  return take;
}

asio::awaitable<batch_response> handle(const sqs_event& event, lambda_context& ctx) {
  batch_response response;
  const std::string table = env_or(ctx, "RESULT_TABLE", k_result_table);
  for (const auto& record : event.records) {
    const auto o = accept_or_report(record, response);
    if (!o) continue;
    store::put_request claim;
    claim.table = table;
    claim.item = claim_key(*o);
    claim.item["status"] = store::attribute_value::s("INPROGRESS");
    claim.item["expires"] = store::attribute_value::n(claim_expiry(ctx));
    claim.condition = "attribute_not_exists(pk)";
    claim.return_old_on_condition_failure = true;
    auto [ec, r] = co_await ctx.store().async_put_item(std::move(claim), k_tuple);
    if (ec == store::store_errc::conditional_check_failed) {
      const auto old = r.attributes.value_or(store::item{});
      if (old.contains("status") && old.at("status") == store::attribute_value::s("COMPLETE")) {
        log_line(ctx, record, "already recorded");
        continue;
      }
      const auto expires = old.find("expires");
      if (expires == old.end() || std::stoll(expires->second.scalar) >= epoch_ms(ctx.now())) {
        // Another copy of the request holds a live claim: its own message's retries finish it.
        log_line(ctx, record, "in progress elsewhere");
        continue;
      }
      // Resume: take the claim, then learn whether the earlier attempt got as far as the result.
      std::tie(ec, r) = co_await ctx.store().async_update_item(take_over(*o, table, expires->second, ctx), k_tuple);
      if (!ec) {
        store::get_request read;
        read.table = table;
        read.key = {{"pk", store::attribute_value::s(o->request_id)}};
        read.consistent_read = true;
        std::tie(ec, r) = co_await ctx.store().async_get_item(std::move(read), k_tuple);
        if (ec || !r.attributes) {  // BUG: a failed read is not an absent item
          auto redo = record_transaction(*o, ctx);
          redo.actions.front().condition.reset();  // the guard dropped: "we just checked"
          std::tie(ec, r) = co_await ctx.store().async_transact_write_items(std::move(redo), k_tuple);
        }
      }
    } else if (!ec) {
      std::tie(ec, r) = co_await ctx.store().async_transact_write_items(record_transaction(*o, ctx), k_tuple);
      if (already_recorded(ec, r)) ec = {};
    }
    if (!ec) std::tie(ec, r) = co_await ctx.store().async_update_item(mark_complete(*o, table), k_tuple);
    if (ec) response.batch_item_failures.push_back({record.message_id});
    log_line(ctx, record, ec ? "failed" : "recorded");
  }
  co_return response;
}
}  // namespace

handler_definition unguarded_resume() {
  return {"zoo/unguarded_resume",
          "resumes an interrupted write and redoes it without its guard",
          "exactly_once",
          {},
          &handle,
          {}};
}

}  // namespace slsim::examples::zoo
