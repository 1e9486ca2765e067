// A user's production Lambda: validates an order, rejects poison orders permanently and
// writes one result item per client requestId. The conditional put makes it idempotent
// under every redelivery SQS may make (P6): a second delivery finds the item and counts
// as done; only the failed records are retried (partial batch response, L13).
#include "order_handler.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <nlohmann/json.hpp>

namespace shop {
namespace {
namespace asio = boost::asio;
using slsim::store::attribute_value;

asio::awaitable<slsim::batch_response> handle(const slsim::sqs_event& event, slsim::lambda_context& ctx) {
  slsim::batch_response response;
  for (const auto& record : event.records) {
    const auto body = nlohmann::json::parse(record.body, nullptr, false);
    const bool valid = body.is_object() && body.contains("requestId") && body["requestId"].is_string();
    if (!valid || body.value("poison", false)) {
      response.batch_item_failures.push_back({record.message_id});  // to the DLQ after maxReceiveCount
      continue;
    }
    slsim::store::put_request put;
    put.table = "results";
    put.item = {{"pk", attribute_value::s(body["requestId"].get<std::string>())},
                {"customer", attribute_value::s(body.value("customerId", ""))}};
    put.condition = "attribute_not_exists(pk)";
    auto [ec, result] = co_await ctx.store().async_put_item(std::move(put), asio::as_tuple(asio::use_awaitable));
    if (ec && ec != slsim::store::store_errc::conditional_check_failed)
      response.batch_item_failures.push_back({record.message_id});  // retry just this one
  }
  co_return response;
}
}  // namespace

const slsim::handler_definition& record_order_handler() {
  static const slsim::handler_definition definition{.name = "shop/record_order", .typed = &handle};
  return definition;
}

}  // namespace shop
