// DynamoDB's JSON 1.0 protocol in front of the simulated store client: X-Amz-Target
// dispatch, the store's own wire codec, answers in the shapes the SDKs parse (with the
// x-amz-crc32 header botocore checks). SigV4 is accepted unverified: the credentials are fake.
#include "slsim/external/dynamodb_endpoint.hpp"

#include <fmt/format.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/crc.hpp>

#include "slsim/models/json_input.hpp"
#include "slsim/store/wire.hpp"

namespace slsim::external {
namespace {

namespace asio = boost::asio;
constexpr auto k_tuple = asio::as_tuple(asio::use_awaitable);
constexpr std::string_view k_json_type = "application/x-amz-json-1.0";

std::string answer(int status, const std::string& body, std::uint64_t number) {
  boost::crc_32_type crc;
  crc.process_bytes(body.data(), body.size());
  return format_response(status, body,
                         {{"Content-Type", std::string(k_json_type)},
                          {"x-amzn-RequestId", fmt::format("SLSIM{:027d}", number)},
                          {"x-amz-crc32", std::to_string(crc.checksum())}});
}

template <class Request>
bool decode_into(const nlohmann::json& body, Request& request, std::string& error) {
  error = store::wire::decode(body, request);
  return error.empty();
}

}  // namespace

std::string dynamodb_error_response(std::string_view type, std::string_view message, std::uint64_t answer_number) {
  const nlohmann::json body = {{"__type", fmt::format("com.amazon.coral.service#{}", type)}, {"message", message}};
  return answer(400, body.dump(), answer_number);
}

asio::awaitable<dynamodb_answer> serve_dynamodb(const http_request& request, store_client& store,
                                                std::uint64_t answer_number) {
  dynamodb_answer out;
  const std::string& target = *request.header("x-amz-target");
  const std::size_t dot = target.find('.');
  const std::string operation = dot == std::string::npos ? target : target.substr(dot + 1);
  const auto body = models::parse_or_discarded(request.body);
  if (!body.is_object()) {
    out.bytes =
        dynamodb_error_response("SerializationException", "the request body is not a JSON object", answer_number);
    co_return out;
  }
  std::string error;
  boost::system::error_code ec;
  store::store_result result;
  // One branch per operation: each request type has its own typed call.
  if (operation == "PutItem") {
    store::put_request r;
    if (decode_into(body, r, error)) std::tie(ec, result) = co_await store.async_put_item(std::move(r), k_tuple);
  } else if (operation == "UpdateItem") {
    store::update_request r;
    if (decode_into(body, r, error)) std::tie(ec, result) = co_await store.async_update_item(std::move(r), k_tuple);
  } else if (operation == "DeleteItem") {
    store::delete_request r;
    if (decode_into(body, r, error)) std::tie(ec, result) = co_await store.async_delete_item(std::move(r), k_tuple);
  } else if (operation == "GetItem") {
    store::get_request r;
    if (decode_into(body, r, error)) std::tie(ec, result) = co_await store.async_get_item(std::move(r), k_tuple);
  } else if (operation == "Query") {
    store::query_request r;
    if (decode_into(body, r, error)) std::tie(ec, result) = co_await store.async_query(std::move(r), k_tuple);
  } else if (operation == "TransactWriteItems") {
    store::transact_write_request r;
    if (decode_into(body, r, error))
      std::tie(ec, result) = co_await store.async_transact_write_items(std::move(r), k_tuple);
  } else {
    out.bytes = dynamodb_error_response("UnknownOperationException",
                                        "slsim serves PutItem, UpdateItem, DeleteItem, GetItem, Query and "
                                        "TransactWriteItems; not " +
                                            operation,
                                        answer_number);
    co_return out;
  }
  if (!error.empty()) {
    result = {};
    result.error = store::store_errc::validation;
    result.message = error;
  } else if (ec == store::store_errc::timeout) {
    out.reset = true;  // the client gave up waiting: whether it applied is unknown to it
    co_return out;
  } else if (ec) {
    result.error = std::error_code(ec);
    if (result.error.category() != store::store_category()) {
      result.error = store::store_errc::internal_error;
      if (result.message.empty()) result.message = ec.message();
    }
  }
  const auto wire = store::wire::encode_result(operation, result);
  out.bytes = answer(wire.status, wire.body.dump(), answer_number);
  co_return out;
}

}  // namespace slsim::external
