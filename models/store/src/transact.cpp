// D5/D6: TransactWriteItems. Up to 100 actions, at most one per item, 4 MB in all;
// every condition is evaluated against the state before the transaction, and either
// all actions apply or none (TransactionCanceledException with CancellationReasons
// in request order, "None" for the actions that would have succeeded).
// ClientRequestToken makes a repeat within 10 minutes of completion a no-op success;
// the same token with different parameters is IdempotentParameterMismatchException.
#include <algorithm>
#include <vector>

#include "core_impl.hpp"
#include "nesting.hpp"
#include "slsim/sim/trace_record.hpp"

namespace slsim::store {
using namespace detail;

namespace {

constexpr sim::time_ns k_token_window = 10 * sim::k_minute;  // D6

struct staged {
  table_state* table = nullptr;
  attribute_value pk, sk;
  prepared prep;
  std::optional<item> next;  // the item after the action (nullopt: deleted)
  item* old = nullptr;       // the item before it, as decoded for this request
  std::size_t size = 0;      // item_size of the action's item (its key for all but a put)
};

std::uint64_t mix(std::uint64_t h, std::uint64_t x) { return (h ^ x) * 0x100000001b3ULL + 0x9e3779b97f4a7c15ULL; }

std::uint64_t request_digest(const transact_write_request& r) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const auto& a : r.actions) {
    h = mix(h, static_cast<std::uint64_t>(a.kind));
    h = mix(h, sim::digest_bytes(a.table));
    h = mix(h, digest(a.item));
    h = mix(h, a.update ? sim::digest_bytes(*a.update) + 1 : 0);
    h = mix(h, a.condition ? sim::digest_bytes(*a.condition) + 1 : 0);
    if (a.expr.names)
      for (const auto& [k, v] : *a.expr.names) h = mix(mix(h, sim::digest_bytes(k)), sim::digest_bytes(v));
    if (a.expr.values)
      for (const auto& [k, v] : *a.expr.values) h = mix(mix(h, sim::digest_bytes(k)), digest(v));
    h = mix(h, a.return_old_on_condition_failure ? 1 : 0);
  }
  return h;
}

}  // namespace

store_result store_core::transact_write_items(const transact_write_request& r, sim::time_ns now,
                                              const call_context& who) {
  auto& s = *impl_;
  s.begin_request(now);
  if (r.actions.empty() || r.actions.size() > 100)  // D5
    return fail(
        store_errc::validation,
        "1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length " +
            std::string(r.actions.empty() ? "greater than or equal to 1" : "less than or equal to 100"));
  // Only a token's replay check reads the request's digest (D6).
  const auto req_digest = r.client_request_token ? request_digest(r) : 0;
  if (r.client_request_token) {  // D6
    auto tok = s.tokens.find(*r.client_request_token);
    if (tok != s.tokens.end() && now - tok->second.completed < k_token_window) {
      if (tok->second.request_digest != req_digest)
        return fail(store_errc::idempotent_parameter_mismatch,
                    "Parameters of the request do not match the original request with the same ClientRequestToken");
      store_result replay;  // a replay succeeds without applying anything again
      return replay;
    }
  }
  std::vector<staged> st(r.actions.size());
  std::size_t total = 0;
  for (std::size_t i = 0; i < r.actions.size(); ++i) {
    const auto& a = r.actions[i];
    auto& x = st[i];
    using k = transact_action::action_kind;
    if (a.kind == k::update && !a.update)
      return fail(store_errc::validation, "UpdateExpression is required for Update actions");
    if (a.kind == k::condition_check && !a.condition)
      return fail(store_errc::validation, "ConditionExpression is required for ConditionCheck actions");
    if (a.kind == k::put && item_too_deep(a.item)) return fail(store_errc::validation, k_nesting_message);
    x.size = item_size(a.item);
    if (a.kind == k::put && x.size > k_max_item_size)
      return fail(store_errc::item_too_large, "Item size has exceeded the maximum allowed size");
    if (auto err = s.prepare(a.condition, a.update, a.expr, "ConditionExpression is null", x.prep); !err.empty())
      return fail(store_errc::validation, err);
    x.table = s.table(a.table);
    if (!x.table) return fail(store_errc::resource_not_found, "Requested resource not found");
    const auto err =
        a.kind == k::put ? s.key_of_item(*x.table, a.item, x.pk, x.sk) : s.key_of_key(*x.table, a.item, x.pk, x.sk);
    if (!err.empty()) return fail(store_errc::validation, err);
    if (auto e2 = s.check_update_keys(*x.table, x.prep); !e2.empty()) return fail(store_errc::validation, e2);
    // D5: no two actions on one item. The keys themselves, not a digest of them (a collision
    // would refuse a valid transaction); at most 100 actions, so a scan of those before.
    const auto same_item = [&x](const staged& y) { return y.table == x.table && y.pk == x.pk && y.sk == x.sk; };
    if (std::any_of(st.begin(), st.begin() + static_cast<std::ptrdiff_t>(i), same_item))
      return fail(store_errc::validation, "Transaction request cannot include multiple operations on one item");
    total += x.size;
  }
  if (total > 4 * 1024 * 1024) return fail(store_errc::validation, "Transaction request cannot be larger than 4 MB");

  // Evaluate every action against the state before the transaction.
  store_result res;
  bool cancelled = false;
  for (std::size_t i = 0; i < r.actions.size(); ++i) {
    const auto& a = r.actions[i];
    auto& x = st[i];
    cancellation_reason reason;
    item* old = s.current(*x.table, x.pk, x.sk);
    x.old = old;
    if (a.condition && !evaluate_condition(*x.prep.condition, old ? *old : item{}, x.prep.env)) {
      reason.code = "ConditionalCheckFailed";
      reason.message = "The conditional request failed";
      if (a.return_old_on_condition_failure && old) reason.old_item = *old;
    } else if (a.kind == transact_action::action_kind::put) {
      x.next = a.item;
    } else if (a.kind == transact_action::action_kind::update) {
      item next = old ? *old : a.item;
      if (auto err = apply_update(*x.prep.update, next, x.prep.env); !err.empty()) {
        reason.code = "ValidationError";
        reason.message = err;
      } else if (item_size(next) > k_max_item_size) {
        reason.code = "ValidationError";
        reason.message = "Item size to update has exceeded the maximum allowed size";
      } else {
        x.next = std::move(next);
      }
    } else if (a.kind == transact_action::action_kind::condition_check) {
      x.next = old ? std::optional<item>(*old) : std::nullopt;
    }
    cancelled = cancelled || reason.code != "None";
    res.reasons.push_back(std::move(reason));
    res.consumed_capacity += 2 * std::max(1.0, static_cast<double>((x.size + 1023) / 1024));  // D5: 2x
  }
  if (cancelled) {
    std::string codes;
    for (const auto& reason : res.reasons) codes += (codes.empty() ? "" : ", ") + reason.code;
    res.error = make_error_code(store_errc::transaction_canceled);
    res.message = "Transaction cancelled, please refer cancellation reasons for specific reasons [" + codes + "]";
    s.emit("TransactWriteItems", "", nullptr, res, nullptr);
    return res;
  }
  for (std::size_t i = 0; i < r.actions.size(); ++i) {
    if (r.actions[i].kind == transact_action::action_kind::condition_check) continue;
    auto& x = st[i];
    s.commit(*x.table, x.pk, x.sk, std::move(x.next), now, who.writer, "TransactWriteItems", false, x.old);
  }
  res.reasons.clear();
  if (r.client_request_token) {
    while (!s.token_order.empty() && now - s.token_order.front().first >= k_token_window) {
      const auto old = s.tokens.find(s.token_order.front().second);
      // A token used again since has a newer entry of its own: only the expired one goes.
      if (old != s.tokens.end() && old->second.completed == s.token_order.front().first) s.tokens.erase(old);
      s.token_order.pop_front();
    }
    s.tokens[*r.client_request_token] = {req_digest, now};
    s.token_order.emplace_back(now, *r.client_request_token);
  }
  s.emit("TransactWriteItems", "", nullptr, res, nullptr);
  return res;
}

}  // namespace slsim::store
