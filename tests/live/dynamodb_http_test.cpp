// The JSON 1.0 framing of the live store client, without a server: what a request
// looks like on the wire, and how every answer maps to the simulated store's outcome.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "slsim/live/dynamodb_http.hpp"
#include "slsim/live/errors.hpp"
#include "slsim/store/wire.hpp"

namespace slsim::live {
namespace {

using json = nlohmann::json;
using store::store_errc;

const endpoint_address k_endpoint{"127.0.0.1", "8000", "127.0.0.1:8000"};
const sigv4_credentials k_credentials{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""};
// 2015-08-30T12:36:00Z, the SigV4 test suite's instant.
const auto k_now = std::chrono::system_clock::time_point(std::chrono::seconds(1440938160));

store::put_request conditional_put() {
  store::put_request put;
  put.table = "results";
  put.item = {{"pk", store::attribute_value::s("req-1")}, {"amount", store::attribute_value::n(42)}};
  put.condition = "attribute_not_exists(pk)";
  return put;
}

TEST(live_dynamodb_http, put_item_carries_target_content_type_and_the_codec_body) {
  const auto put = conditional_put();
  const wire_request w = encode_request(put, k_endpoint, "us-east-1", k_credentials, k_now);
  EXPECT_EQ(w.operation, "PutItem");
  ASSERT_NE(w.header("X-Amz-Target"), nullptr);
  EXPECT_EQ(*w.header("X-Amz-Target"), "DynamoDB_20120810.PutItem");
  EXPECT_EQ(*w.header("content-type"), "application/x-amz-json-1.0");
  EXPECT_EQ(*w.header("host"), "127.0.0.1:8000");
  EXPECT_EQ(*w.header("x-amz-date"), "20150830T123600Z");
  const json body = json::parse(w.body);
  EXPECT_EQ(body, store::wire::encode(put));  // the store's codec, not a second one
  EXPECT_EQ(body["TableName"], "results");
  EXPECT_EQ(body["ConditionExpression"], "attribute_not_exists(pk)");
  EXPECT_EQ(body["Item"]["amount"], json({{"N", "42"}}));
}

TEST(live_dynamodb_http, authorization_is_sigv4_over_every_protocol_header) {
  const wire_request w = encode_request(conditional_put(), k_endpoint, "eu-west-1", k_credentials, k_now);
  ASSERT_NE(w.header("authorization"), nullptr);
  const std::string& auth = *w.header("authorization");
  EXPECT_EQ(auth.rfind("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/eu-west-1/dynamodb/aws4_request, "
                       "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=",
                       0),
            0u)
      << auth;
  // The signature is the one sign_v4 computes over the same request (vector-tested in sigv4_test).
  std::vector<std::pair<std::string, std::string>> unsigned_headers(w.headers.begin(), w.headers.end() - 1);
  const auto expected = sign_v4({"POST", "/", "", unsigned_headers, w.body}, k_credentials,
                                {"eu-west-1", "dynamodb", "20150830T123600Z"});
  EXPECT_EQ(auth, expected.authorization);
}

TEST(live_dynamodb_http, signature_covers_the_body) {
  auto other = conditional_put();
  other.item["amount"] = store::attribute_value::n(43);
  const auto a = encode_request(conditional_put(), k_endpoint, "us-east-1", k_credentials, k_now);
  const auto b = encode_request(other, k_endpoint, "us-east-1", k_credentials, k_now);
  EXPECT_NE(*a.header("authorization"), *b.header("authorization"));
}

TEST(live_dynamodb_http, session_token_is_sent_and_signed) {
  const sigv4_credentials temporary{"ASIAEXAMPLE", "secret", "token-123"};
  const auto w = encode_request(conditional_put(), k_endpoint, "us-east-1", temporary, k_now);
  ASSERT_NE(w.header("x-amz-security-token"), nullptr);
  EXPECT_EQ(*w.header("x-amz-security-token"), "token-123");
  EXPECT_NE(w.header("authorization")->find("x-amz-security-token"), std::string::npos);
}

TEST(live_dynamodb_http, every_operation_names_its_target) {
  const std::vector<std::pair<store::any_request, std::string>> cases{
      {store::update_request{.table = "t", .key = {{"pk", store::attribute_value::s("a")}}, .update = "SET x = :v"},
       "UpdateItem"},
      {store::delete_request{.table = "t", .key = {{"pk", store::attribute_value::s("a")}}}, "DeleteItem"},
      {store::get_request{.table = "t", .key = {{"pk", store::attribute_value::s("a")}}}, "GetItem"},
      {store::query_request{.table = "t", .key_condition = "pk = :p"}, "Query"},
      {store::transact_write_request{}, "TransactWriteItems"}};
  for (const auto& [request, operation] : cases) {
    const auto w = encode_request(request, k_endpoint, "us-east-1", k_credentials, k_now);
    EXPECT_EQ(*w.header("x-amz-target"), "DynamoDB_20120810." + operation);
  }
}

TEST(live_dynamodb_http, condition_failure_maps_to_conditional_check_failed_with_the_old_item) {  // D2
  const std::string body =
      R"({"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",)"
      R"("message":"The conditional request failed","Item":{"pk":{"S":"req-1"},"amount":{"N":"7"}}})";
  const auto r = decode_response("PutItem", 400, body);
  EXPECT_EQ(r.error, store_errc::conditional_check_failed);
  EXPECT_EQ(r.message, "The conditional request failed");
  ASSERT_TRUE(r.attributes.has_value());
  EXPECT_EQ(r.attributes->at("amount"), store::attribute_value::n(7));
}

TEST(live_dynamodb_http, cancelled_transaction_keeps_reasons_in_request_order) {  // D5
  const std::string body =
      R"({"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException",)"
      R"("Message":"Transaction cancelled, please refer cancellation reasons for specific reasons )"
      R"([ConditionalCheckFailed, None]","CancellationReasons":[{"Code":"ConditionalCheckFailed",)"
      R"("Message":"The conditional request failed"},{"Code":"None"}]})";
  const auto r = decode_response("TransactWriteItems", 400, body);
  EXPECT_EQ(r.error, store_errc::transaction_canceled);
  ASSERT_EQ(r.reasons.size(), 2u);
  EXPECT_EQ(r.reasons[0].code, "ConditionalCheckFailed");
  EXPECT_EQ(r.reasons[1].code, "None");  // D5: the literal string
  EXPECT_NE(r.message.find("cancellation reasons"), std::string::npos);
}

TEST(live_dynamodb_http, service_errors_map_to_the_store_codes) {
  const std::vector<std::tuple<int, std::string, store_errc>> cases{
      {400, "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
       store_errc::provisioned_throughput_exceeded},
      {400, "com.amazon.coral.availability#ThrottlingException", store_errc::throttling},
      {400, "com.amazon.coral.validate#ValidationException", store_errc::validation},
      {400, "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", store_errc::resource_not_found},
      {400, "com.amazonaws.dynamodb.v20120810#TransactionConflictException", store_errc::transaction_conflict},
      {400, "com.amazon.coral.service#UnrecognizedClientException", store_errc::access_denied},
      {400, "com.amazon.coral.service#InvalidSignatureException", store_errc::access_denied},
      {400, "com.amazon.coral.service#MissingAuthenticationTokenException", store_errc::access_denied},
      {400, "com.amazonaws.dynamodb.v20120810#LimitExceededException", store_errc::throttling},
      {500, "com.amazonaws.dynamodb.v20120810#InternalServerError", store_errc::internal_error},
      {503, "com.amazon.coral.availability#ServiceUnavailableException", store_errc::internal_error}};
  for (const auto& [status, type, code] : cases) {
    const auto r = decode_response("UpdateItem", status, json{{"__type", type}, {"message", "m"}}.dump());
    EXPECT_EQ(r.error, code) << type;
  }
}

TEST(live_dynamodb_http, oversized_item_is_item_too_large_like_the_model) {  // D8
  const auto r = decode_response(
      "PutItem", 400,
      R"({"__type":"com.amazon.coral.validate#ValidationException","message":"Item size has exceeded the maximum allowed size"})");
  EXPECT_EQ(r.error, store_errc::item_too_large);
}

// Whatever the simulated store answers, a handler on the live backend sees the same
// code after the answer crossed the wire (the model's own encoder stands for the server).
TEST(live_dynamodb_http, every_model_error_survives_the_wire) {
  for (int e = 1; e <= static_cast<int>(store_errc::internal_error); ++e) {
    const auto code = static_cast<store_errc>(e);
    store::store_result sim;
    sim.error = store::make_error_code(code);
    sim.message = code == store_errc::item_too_large ? "Item size has exceeded the maximum allowed size" : "why";
    const auto wire = store::wire::encode_result("PutItem", sim);
    const auto live = decode_response("PutItem", wire.status, wire.body.dump());
    EXPECT_EQ(live.error, sim.error) << store::wire_error_name(code);
    EXPECT_EQ(live.message, sim.message);
  }
}

TEST(live_dynamodb_http, get_item_result_carries_the_item) {
  const auto r = decode_response("GetItem", 200, R"({"Item":{"pk":{"S":"a"},"n":{"N":"1.50"}}})");
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r.attributes.has_value());
  EXPECT_EQ(r.attributes->at("n"), store::attribute_value::n("1.5"));
  EXPECT_FALSE(decode_response("GetItem", 200, "{}").attributes.has_value());
}

TEST(live_dynamodb_http, non_json_answers_are_malformed_or_server_errors) {
  EXPECT_EQ(decode_response("PutItem", 200, "<html>").error, live_errc::malformed_response);
  EXPECT_EQ(decode_response("PutItem", 502, "<html>Bad Gateway</html>").error, store_errc::internal_error);
}

TEST(live_dynamodb_http, endpoints_parse_or_fail_as_configuration_errors) {
  const auto a = parse_endpoint("http://127.0.0.1:4567");
  EXPECT_EQ(a.host, "127.0.0.1");
  EXPECT_EQ(a.port, "4567");
  EXPECT_EQ(a.host_header, "127.0.0.1:4567");
  const auto b = parse_endpoint("http://dynamodb.local/");
  EXPECT_EQ(b.port, "80");
  EXPECT_EQ(b.host_header, "dynamodb.local");
  EXPECT_THROW(parse_endpoint("https://dynamodb.us-east-1.amazonaws.com"), std::invalid_argument);
  EXPECT_THROW(parse_endpoint("http://host:0"), std::invalid_argument);
  EXPECT_THROW(parse_endpoint("http://:80"), std::invalid_argument);
  EXPECT_THROW(parse_endpoint("http://host/path"), std::invalid_argument);
}

}  // namespace
}  // namespace slsim::live
