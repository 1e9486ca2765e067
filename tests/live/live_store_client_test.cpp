// The live store client against an in-process HTTP server on 127.0.0.1: keep-alive
// reuse, MD9 retries, transport errors, timeouts, and the simulated store's outcomes
// when the server is the store model itself speaking the JSON 1.0 protocol.
#include <gtest/gtest.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <optional>

#include "slsim/live/live_store_client.hpp"
#include "slsim/store/store_core.hpp"
#include "slsim/store/wire.hpp"
#include "sync_call.hpp"
#include "wire_server.hpp"

namespace slsim::live {
namespace {

namespace asio = boost::asio;
using store::store_errc;
using testing::received_request;
using testing::reply;
using testing::wire_server;

using testing::outcome;

outcome call(asio::io_context& io, store_client& client, store::any_request request) {
  return testing::sync_call(io, client, std::move(request));
}

store::put_request put(std::string table, std::string key, std::optional<std::string> condition = {}) {
  store::put_request p;
  p.table = std::move(table);
  p.item = {{"pk", store::attribute_value::s(std::move(key))}};
  p.condition = std::move(condition);
  return p;
}

live_store_config config_for(const wire_server& server) {
  live_store_config c;
  c.endpoint = server.endpoint();
  c.retry.base_delay_ms = 0;  // retries without waiting: the tests assert counts, not time
  return c;
}

std::string error_body(store_errc e) {
  store::store_result r;
  r.error = store::make_error_code(e);
  r.message = "m";
  return store::wire::encode_result("PutItem", r).body.dump();
}

TEST(live_store_client, reuses_one_keep_alive_connection) {
  asio::io_context io;
  wire_server server(io, [](const received_request&) { return reply{}; });
  live_store_client client(io.get_executor(), config_for(server));
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(call(io, client, put("t", "k")).ec);
  EXPECT_EQ(client.connections_opened(), 1u);
  EXPECT_EQ(server.connections(), 1u);
  ASSERT_EQ(server.requests().size(), 3u);
  EXPECT_EQ(server.requests()[0].target, "DynamoDB_20120810.PutItem");
  EXPECT_EQ(server.requests()[0].headers.at("content-type"), "application/x-amz-json-1.0");
  EXPECT_EQ(server.requests()[0].headers.at("authorization").rfind("AWS4-HMAC-SHA256 Credential=", 0), 0u);
}

TEST(live_store_client, retries_throttling_like_the_sdk_then_succeeds) {  // MD9, D9
  asio::io_context io;
  int answered = 0;
  wire_server server(io, [&](const received_request&) {
    return ++answered <= 2 ? reply{400, error_body(store_errc::provisioned_throughput_exceeded)} : reply{};
  });
  live_store_client client(io.get_executor(), config_for(server));
  const auto o = call(io, client, put("t", "k"));
  EXPECT_FALSE(o.ec) << o.ec.message();
  EXPECT_EQ(client.attempts(), 3u);
}

TEST(live_store_client, gives_up_after_max_retries_with_the_service_error) {  // MD9
  asio::io_context io;
  wire_server server(io, [](const received_request&) { return reply{500, error_body(store_errc::internal_error)}; });
  auto config = config_for(server);
  config.retry.max_retries = 2;
  live_store_client client(io.get_executor(), config);
  const auto o = call(io, client, put("t", "k"));
  EXPECT_EQ(o.ec, store_errc::internal_error);
  EXPECT_EQ(client.attempts(), 3u);
}

TEST(live_store_client, condition_failure_is_not_retried) {  // D2
  asio::io_context io;
  wire_server server(io, [](const received_request&) {
    return reply{400, error_body(store_errc::conditional_check_failed)};
  });
  live_store_client client(io.get_executor(), config_for(server));
  const auto o = call(io, client, put("t", "k", "attribute_not_exists(pk)"));
  EXPECT_EQ(o.ec, store_errc::conditional_check_failed);
  EXPECT_EQ(o.result.error, store_errc::conditional_check_failed);
  EXPECT_EQ(client.attempts(), 1u);
}

TEST(live_store_client, refused_connection_is_a_transport_error) {
  asio::io_context io;
  std::uint16_t port = 0;
  {  // a port that was free a moment ago and has no listener now
    asio::ip::tcp::acceptor probe(io, {asio::ip::make_address("127.0.0.1"), 0});
    port = probe.local_endpoint().port();
  }
  live_store_config config;
  config.endpoint = "http://127.0.0.1:" + std::to_string(port);
  live_store_client client(io.get_executor(), config);
  const auto o = call(io, client, put("t", "k"));
  EXPECT_EQ(o.ec, asio::error::connection_refused) << o.ec.message();
  EXPECT_EQ(o.result.error, o.ec);
  EXPECT_FALSE(o.result.message.empty());
}

TEST(live_store_client, silent_server_times_out_as_store_timeout) {  // the write may have applied (MD5)
  asio::io_context io;
  wire_server server(io, [](const received_request&) { return reply{200, "", false}; });
  auto config = config_for(server);
  config.request_timeout = std::chrono::milliseconds(50);  // a real-time wait, kept short
  config.retry.max_retries = 0;
  live_store_client client(io.get_executor(), config);
  const auto o = call(io, client, put("t", "k"));
  EXPECT_EQ(o.ec, store_errc::timeout);
}

TEST(live_store_client, malformed_endpoint_is_a_configuration_error) {
  asio::io_context io;
  live_store_config config;
  config.endpoint = "https://dynamodb.us-east-1.amazonaws.com";
  EXPECT_THROW(live_store_client(io.get_executor(), config), std::invalid_argument);
}

// The store model behind the wire: the live client must hand the handler exactly what
// the simulated store returns for the same requests (D2, D5).
class live_model_over_http : public ::testing::Test {
 protected:
  live_model_over_http()
      : core_({store::table_config{.name = "results"}, store::table_config{.name = "totals"}}),
        server_(io_,
                [this](const received_request& r) {
                  const auto answer = store::wire::handle(core_, r.target, nlohmann::json::parse(r.body), 0);
                  return reply{answer.status, answer.body.dump()};
                }),
        client_(io_.get_executor(), config_for(server_)) {}

  asio::io_context io_;
  store::store_core core_;
  wire_server server_;
  live_store_client client_;
};

TEST_F(live_model_over_http, second_conditional_put_fails_like_in_the_model) {  // D2
  EXPECT_FALSE(call(io_, client_, put("results", "r1", "attribute_not_exists(pk)")).ec);
  auto p = put("results", "r1", "attribute_not_exists(pk)");
  p.return_old_on_condition_failure = true;
  const auto o = call(io_, client_, p);
  EXPECT_EQ(o.ec, store_errc::conditional_check_failed);
  ASSERT_TRUE(o.result.attributes.has_value());
  EXPECT_EQ(o.result.attributes->at("pk"), store::attribute_value::s("r1"));
}

TEST_F(live_model_over_http, cancelled_transaction_reports_reasons) {  // D5
  store::transact_write_request tx;
  store::transact_action a;
  a.kind = store::transact_action::action_kind::put;
  a.table = "results";
  a.item = {{"pk", store::attribute_value::s("r1")}};
  a.condition = "attribute_not_exists(pk)";
  tx.actions.push_back(a);
  store::transact_action b;
  b.kind = store::transact_action::action_kind::update;
  b.table = "totals";
  b.item = {{"pk", store::attribute_value::s("c1")}};
  b.update = "ADD #t :one";
  b.expr.names.emplace();
  b.expr.names->emplace("#t", "total");
  b.expr.values.emplace();
  b.expr.values->emplace(":one", store::attribute_value::n(1));
  tx.actions.push_back(b);
  EXPECT_FALSE(call(io_, client_, tx).ec);
  const auto again = call(io_, client_, tx);
  EXPECT_EQ(again.ec, store_errc::transaction_canceled);
  ASSERT_EQ(again.result.reasons.size(), 2u);
  EXPECT_EQ(again.result.reasons[0].code, "ConditionalCheckFailed");
  EXPECT_EQ(again.result.reasons[1].code, "None");
  const auto total =
      call(io_, client_, store::get_request{.table = "totals", .key = {{"pk", store::attribute_value::s("c1")}}});
  ASSERT_TRUE(total.result.attributes.has_value());
  EXPECT_EQ(total.result.attributes->at("total"), store::attribute_value::n(1));  // applied once
}

}  // namespace
}  // namespace slsim::live
