// TransactWriteItems (D5) and ClientRequestToken idempotency (D6).
#include <gtest/gtest.h>

#include "store_test_util.hpp"

namespace slsim::store {
namespace {
using namespace testing;

transact_action put_action(std::string pk, std::optional<std::string> cond = {}) {
  transact_action a;
  a.kind = transact_action::action_kind::put;
  a.table = "tbl";
  a.item = {{"pk", S(std::move(pk))}, {"v", N(1)}};
  a.condition = std::move(cond);
  return a;
}

TEST(store_transactions, all_or_nothing_with_reasons_in_request_order) {  // D5
  store_core core{{table()}};
  core.put_item(put({{"pk", S("taken")}}), 0);
  transact_write_request r;
  r.actions = {put_action("a"), put_action("taken", "attribute_not_exists(pk)"), put_action("b")};
  r.actions[1].return_old_on_condition_failure = true;
  auto res = core.transact_write_items(r, 1);
  EXPECT_EQ(res.error, store_errc::transaction_canceled);
  ASSERT_EQ(res.reasons.size(), 3u);
  EXPECT_EQ(res.reasons[0].code, "None");  // the literal string, not null
  EXPECT_EQ(res.reasons[1].code, "ConditionalCheckFailed");
  EXPECT_TRUE(res.reasons[1].old_item);
  EXPECT_EQ(res.reasons[2].code, "None");
  EXPECT_EQ(res.message,
            "Transaction cancelled, please refer cancellation reasons for specific reasons [None, "
            "ConditionalCheckFailed, None]");
  EXPECT_EQ(core.find("tbl", {{"pk", S("a")}}), nullptr);  // nothing applied
  r.actions.erase(r.actions.begin() + 1);
  EXPECT_TRUE(core.transact_write_items(r, 2).ok());
  EXPECT_NE(core.find("tbl", {{"pk", S("b")}}), nullptr);
}

TEST(store_transactions, limits_and_one_action_per_item) {  // D5
  store_core core{{table()}};
  transact_write_request r;
  r.actions = {put_action("a"), put_action("a")};
  EXPECT_EQ(core.transact_write_items(r, 0).message,
            "Transaction request cannot include multiple operations on one item");
  r.actions.clear();
  for (int i = 0; i < 101; ++i) r.actions.push_back(put_action("k" + std::to_string(i)));
  EXPECT_EQ(core.transact_write_items(r, 0).error, store_errc::validation);
  r.actions.pop_back();
  EXPECT_TRUE(core.transact_write_items(r, 0).ok());  // exactly 100 is allowed
}

TEST(store_transactions, one_key_in_two_tables_is_two_items_and_a_sort_key_tells_items_apart) {  // D5
  store_core core{{table(), table("other"), table("sorted", true)}};
  transact_write_request r;
  r.actions = {put_action("a"), put_action("a")};
  r.actions[1].table = "other";
  EXPECT_TRUE(core.transact_write_items(r, 0).ok());
  r.actions = {put_action("a"), put_action("a")};
  for (int i = 0; i < 2; ++i) {
    r.actions[static_cast<std::size_t>(i)].table = "sorted";
    r.actions[static_cast<std::size_t>(i)].item["sk"] = N(i);
  }
  EXPECT_TRUE(core.transact_write_items(r, 1).ok());
  r.actions[1].item["sk"] = N(0);
  EXPECT_EQ(core.transact_write_items(r, 2).message,
            "Transaction request cannot include multiple operations on one item");
}

TEST(store_transactions, client_request_token_is_idempotent_for_ten_minutes) {  // D6
  store_core core{{table()}};
  transact_write_request r;
  r.client_request_token = "tok";
  transact_action add;
  add.kind = transact_action::action_kind::update;
  add.table = "tbl";
  add.item = {{"pk", S("c")}};
  add.update = "ADD n :one";
  add.expr = values({{":one", N(1)}});
  r.actions = {add};
  EXPECT_TRUE(core.transact_write_items(r, 0).ok());
  EXPECT_TRUE(core.transact_write_items(r, sim::minutes(9)).ok());  // replay: success, no re-apply
  EXPECT_EQ(core.find("tbl", {{"pk", S("c")}})->at("n"), N(1));
  auto changed = r;
  changed.actions[0].expr = values({{":one", N(2)}});
  EXPECT_EQ(core.transact_write_items(changed, sim::minutes(9)).error, store_errc::idempotent_parameter_mismatch);
  EXPECT_TRUE(core.transact_write_items(r, sim::minutes(11)).ok());  // after 10 min: a new request
  EXPECT_EQ(core.find("tbl", {{"pk", S("c")}})->at("n"), N(2));
}

TEST(store_transactions, a_token_used_again_after_its_window_keeps_its_new_window) {  // D6
  // Expired tokens are forgotten as newer ones arrive; a token renewed after its window must
  // not be forgotten with its old entry.
  store_core core{{table()}};
  const auto add_to = [](std::string token, std::string pk, int n) {
    transact_write_request r;
    r.client_request_token = std::move(token);
    transact_action add;
    add.kind = transact_action::action_kind::update;
    add.table = "tbl";
    add.item = {{"pk", S(std::move(pk))}};
    add.update = "ADD n :one";
    add.expr = values({{":one", N(std::to_string(n))}});
    r.actions = {add};
    return r;
  };
  EXPECT_TRUE(core.transact_write_items(add_to("a", "x", 1), 0).ok());
  EXPECT_TRUE(core.transact_write_items(add_to("a", "x", 1), sim::minutes(11)).ok());  // renewed: applied again
  EXPECT_TRUE(core.transact_write_items(add_to("b", "y", 1), sim::minutes(12)).ok());  // forgets a's first entry
  EXPECT_EQ(core.transact_write_items(add_to("a", "x", 5), sim::minutes(15)).error,
            store_errc::idempotent_parameter_mismatch);  // a's renewed entry is still held
  EXPECT_EQ(core.find("tbl", {{"pk", S("x")}})->at("n"), N(2));
  EXPECT_TRUE(core.transact_write_items(add_to("a", "x", 5), sim::minutes(22)).ok());  // its window ended
  EXPECT_EQ(core.find("tbl", {{"pk", S("x")}})->at("n"), N(7));
}

TEST(store_transactions, runtime_update_errors_cancel_with_validation_error) {  // D5
  store_core core{{table()}};
  transact_write_request r;
  transact_action bad;
  bad.kind = transact_action::action_kind::update;
  bad.table = "tbl";
  bad.item = {{"pk", S("x")}};
  bad.update = "SET n = n + :one";
  bad.expr = values({{":one", N(1)}});
  r.actions = {put_action("a"), bad};
  auto res = core.transact_write_items(r, 0);
  ASSERT_EQ(res.reasons.size(), 2u);
  EXPECT_EQ(res.reasons[1].code, "ValidationError");
  EXPECT_EQ(core.find("tbl", {{"pk", S("a")}}), nullptr);
}

}  // namespace
}  // namespace slsim::store
