// The DynamoDB JSON 1.0 wire codec: values, requests, responses and error shapes.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "slsim/store/wire.hpp"
#include "store_test_util.hpp"

namespace slsim::store {
namespace {
using namespace testing;
using wire::json;

TEST(store_wire, values_round_trip_in_dynamodb_json) {
  const json j = json::parse(R"J({"s":{"S":"x"},"n":{"N":"1.50"},"b":{"B":"aGk="},"t":{"BOOL":true},"z":{"NULL":true},
    "l":{"L":[{"S":"a"},{"N":"2"}]},"m":{"M":{"k":{"S":"v"}}},"ss":{"SS":["b","a"]},"ns":{"NS":["10","9.0"]},
    "bs":{"BS":["AAE="]}})J");
  item it;
  ASSERT_EQ(wire::decode(j, it), "");
  EXPECT_EQ(it.at("n"), N("1.5"));
  EXPECT_EQ(it.at("b").scalar, "hi");
  EXPECT_EQ(it.at("ns").set(), (std::vector<std::string>{"10", "9"}));
  const auto back = wire::encode(it);
  EXPECT_EQ(back["n"]["N"], "1.5");  // DynamoDB returns the canonical number
  EXPECT_EQ(back["b"]["B"], "aGk=");
  item again;
  ASSERT_EQ(wire::decode(back, again), "");
  EXPECT_EQ(again, it);
}

TEST(store_wire, invalid_values_give_dynamodb_messages) {
  attribute_value v;
  EXPECT_EQ(wire::decode(json::parse(R"J({"SS":[]})J"), v),
            "One or more parameter values were invalid: An string set  may not be empty");
  EXPECT_EQ(wire::decode(json::parse(R"J({"NS":["1","1.0"]})J"), v), "Input collection contains duplicates");
  EXPECT_EQ(wire::decode(json::parse(R"J({"N":"abc"})J"), v),
            "The parameter cannot be converted to a numeric value: abc");
  EXPECT_EQ(wire::decode(json::parse(R"J({})J"), v),
            "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
  EXPECT_EQ(
      wire::decode(json::parse(R"J({"S":"a","N":"1"})J"), v),
      "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
  EXPECT_EQ(wire::decode(json::parse(R"J({"NULL":false})J"), v),
            "One or more parameter values were invalid: Null attribute value types must have the value of true");
}

RC_GTEST_PROP(store_wire, base64_round_trips, (std::string bytes)) {
  std::string out;
  RC_ASSERT(wire::base64_decode(wire::base64_encode(bytes), out));
  RC_ASSERT(out == bytes);
}

TEST(store_wire, condition_failure_has_the_wire_shape_and_item) {  // D2
  store_core core{{table()}};
  wire::handle(core, "DynamoDB_20120810.PutItem", json::parse(R"J({"TableName":"tbl","Item":{"pk":{"S":"a"}}})J"), 0);
  auto res = wire::handle(core, "DynamoDB_20120810.PutItem", json::parse(R"J({"TableName":"tbl","Item":{"pk":{"S":"a"}},
      "ConditionExpression":"attribute_not_exists(pk)","ReturnValuesOnConditionCheckFailure":"ALL_OLD"})J"),
                          1);
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(res.body["__type"], "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException");
  EXPECT_EQ(res.body["message"], "The conditional request failed");
  EXPECT_EQ(res.body["Item"]["pk"]["S"], "a");
  const auto decoded = wire::decode_result("PutItem", res);
  EXPECT_EQ(decoded.error, store_errc::conditional_check_failed);
  EXPECT_TRUE(decoded.attributes);
}

TEST(store_wire, transaction_cancel_lists_reasons_with_literal_none) {  // D5
  store_core core{{table()}};
  wire::handle(core, "PutItem", json::parse(R"J({"TableName":"tbl","Item":{"pk":{"S":"a"}}})J"), 0);
  auto res = wire::handle(core, "TransactWriteItems", json::parse(R"J({"TransactItems":[
      {"Put":{"TableName":"tbl","Item":{"pk":{"S":"b"}}}},
      {"ConditionCheck":{"TableName":"tbl","Key":{"pk":{"S":"a"}},"ConditionExpression":"attribute_not_exists(pk)"}}]})J"),
                          1);
  EXPECT_EQ(res.body["__type"], "com.amazonaws.dynamodb.v20120810#TransactionCanceledException");
  ASSERT_EQ(res.body["CancellationReasons"].size(), 2u);
  EXPECT_EQ(res.body["CancellationReasons"][0]["Code"], "None");
  EXPECT_EQ(res.body["CancellationReasons"][1]["Code"], "ConditionalCheckFailed");
}

TEST(store_wire, requests_encode_and_decode_to_the_same_struct) {
  update_request u = update("k", "SET #a = :v", values({{":v", N(3)}}), "attribute_exists(pk)J");
  u.expr.names = {{{"#a", "a"}}};
  u.return_values = return_values::updated_new;
  u.return_old_on_condition_failure = true;
  const auto j = wire::encode(u);
  EXPECT_EQ(j["UpdateExpression"], "SET #a = :v");
  EXPECT_EQ(j["ReturnValues"], "UPDATED_NEW");
  update_request back;
  ASSERT_EQ(wire::decode(j, back), "");
  EXPECT_EQ(back.key, u.key);
  EXPECT_EQ(back.update, u.update);
  EXPECT_EQ(back.condition, u.condition);
  EXPECT_EQ(back.expr.values, u.expr.values);
  EXPECT_EQ(back.expr.names, u.expr.names);
  EXPECT_TRUE(back.return_old_on_condition_failure);
  auto bad = j;
  bad["ReturnValues"] = "SOME";
  EXPECT_EQ(
      wire::decode(bad, back),
      "1 validation error detected: Value 'SOME' at 'returnValues' failed to satisfy constraint: Member must satisfy "
      "enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]");
}

TEST(store_wire, get_and_query_responses) {
  store_core core{{table()}};
  wire::handle(core, "PutItem", json::parse(R"J({"TableName":"tbl","Item":{"pk":{"S":"a"},"v":{"N":"1"}}})J"), 0);
  auto g = wire::handle(core, "GetItem",
                        json::parse(R"J({"TableName":"tbl","Key":{"pk":{"S":"a"}},"ConsistentRead":true})J"), 1);
  EXPECT_EQ(g.body["Item"]["v"]["N"], "1");
  auto q = wire::handle(core, "Query", json::parse(R"J({"TableName":"tbl","KeyConditionExpression":"pk = :p",
      "ExpressionAttributeValues":{":p":{"S":"a"}}})J"),
                        1);
  EXPECT_EQ(q.body["Count"], 1);
  auto missing = wire::handle(core, "GetItem", json::parse(R"J({"TableName":"zz","Key":{"pk":{"S":"a"}}})J"), 1);
  EXPECT_EQ(missing.body["__type"], "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException");
}

}  // namespace
}  // namespace slsim::store
