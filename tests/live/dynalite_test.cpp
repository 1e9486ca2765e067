// Conformance: the live backend against dynalite on 127.0.0.1 (a real DynamoDB-protocol
// server in Node.js). The live store client's signed requests reach dynalite directly;
// the reference handler runs unchanged through the live runner.
//
// dynalite 4.0.0 does not implement TransactWriteItems (see the store's conformance rule
// `rule_transactions_dynalite_does_not_implement_them`), and the reference handler
// records each order in one transaction (P9). So the handler's requests go through a
// small local front (wire_server) that passes every request byte for byte to dynalite,
// except TransactWriteItems: that one it serves by reading the touched items from
// dynalite, deciding the transaction with the store model (D5: all or nothing, reasons
// in request order) and writing the resulting items back to dynalite. The front handles
// one request at a time, so the transaction is atomic for this test's only client.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <optional>

#include "emulator.hpp"
#include "reference_check.hpp"
#include "slsim/examples/handlers.hpp"
#include "slsim/live/live_runner.hpp"
#include "slsim/live/live_store_client.hpp"
#include "slsim/pipeline/scenario.hpp"
#include "slsim/store/store_core.hpp"
#include "slsim/store/wire.hpp"
#include "sync_call.hpp"
#include "wire_server.hpp"

namespace slsim::live {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using json = nlohmann::json;
using store::store_errc;

slsim::testing::emulator& dynalite() {
  static std::optional<slsim::testing::emulator> e;
  if (!e) e.emplace(slsim::testing::emulator::start("dynalite"));
  return *e;
}

json call(const std::string& operation, const json& body) {
  const auto r = dynalite().call("DynamoDB_20120810." + operation, body);
  if (r.status != 200) throw std::runtime_error(operation + " failed: " + r.body.dump());
  return r.body;
}

// The tables of the built-in scenario, as the simulator creates them.
const std::vector<store::table_config>& tables() { return pipeline::builtin_scenario().store.tables; }

void create_tables() {
  for (const auto& t : tables()) {
    json definitions =
        json::array({{{"AttributeName", t.partition_key.name}, {"AttributeType", t.partition_key.type}}});
    json schema = json::array({{{"AttributeName", t.partition_key.name}, {"KeyType", "HASH"}}});
    if (!t.sort_key.name.empty()) {
      definitions.push_back({{"AttributeName", t.sort_key.name}, {"AttributeType", t.sort_key.type}});
      schema.push_back({{"AttributeName", t.sort_key.name}, {"KeyType", "RANGE"}});
    }
    call("CreateTable", {{"TableName", t.name},
                         {"AttributeDefinitions", definitions},
                         {"KeySchema", schema},
                         {"BillingMode", "PAY_PER_REQUEST"}});
    for (int i = 0;; ++i) {  // createTableMs 0 still activates asynchronously
      if (call("DescribeTable", {{"TableName", t.name}})["Table"].value("TableStatus", "") == "ACTIVE") break;
      if (i == 100) throw std::runtime_error("table " + t.name + " never became ACTIVE");
    }
  }
}

class live_dynalite : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { create_tables(); }
};

std::optional<store::item> read_item(const std::string& table, const store::item& key) {
  const json r = call("GetItem", {{"TableName", table}, {"Key", store::wire::encode(key)}, {"ConsistentRead", true}});
  if (!r.contains("Item")) return std::nullopt;
  store::item it;
  if (const auto err = store::wire::decode(r["Item"], it); !err.empty()) throw std::runtime_error(err);
  return it;
}

store::item key_of(const std::string& table, const store::item& it) {
  for (const auto& t : tables()) {
    if (t.name != table) continue;
    store::item key{{t.partition_key.name, it.at(t.partition_key.name)}};
    if (!t.sort_key.name.empty()) key.emplace(t.sort_key.name, it.at(t.sort_key.name));
    return key;
  }
  throw std::runtime_error("unknown table " + table);
}

// TransactWriteItems for dynalite: read, decide with the model (D5), write back.
testing::reply transact_through_model(const std::string& body) {
  const json request = json::parse(body);
  store::transact_write_request tx;
  store::store_core core(tables());
  std::vector<std::pair<std::string, store::item>> touched;  // in request order, once each
  if (store::wire::decode(request, tx).empty()) {
    for (const auto& a : tx.actions) {
      const store::item key = key_of(a.table, a.item);
      if (std::find(touched.begin(), touched.end(), std::pair{a.table, key}) == touched.end())
        touched.emplace_back(a.table, key);
      if (auto current = read_item(a.table, key)) core.put_item({.table = a.table, .item = std::move(*current)}, 0);
    }
  }
  const auto answer = store::wire::handle(core, "TransactWriteItems", request, 1);
  if (answer.status == 200) {
    for (const auto& [table, key] : touched) {
      if (const store::item* now = core.find(table, key)) {
        call("PutItem", {{"TableName", table}, {"Item", store::wire::encode(*now)}});
      } else {
        call("DeleteItem", {{"TableName", table}, {"Key", store::wire::encode(key)}});
      }
    }
  }
  return {answer.status, answer.body.dump()};
}

// Every other request goes to dynalite exactly as the live client signed it.
testing::reply forward(const testing::received_request& r) {
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  socket.connect({asio::ip::make_address("127.0.0.1"), static_cast<std::uint16_t>(dynalite().port())});
  http::request<http::string_body> request{http::verb::post, "/", 11};
  for (const auto& [name, value] : r.headers) request.set(name, value);
  request.body() = r.body;
  request.keep_alive(false);
  request.prepare_payload();
  http::write(socket, request);
  boost::beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(socket, buffer, response);
  return {static_cast<int>(response.result_int()), response.body()};
}

testing::reply front(const testing::received_request& r) {
  if (r.target == "DynamoDB_20120810.TransactWriteItems") return transact_through_model(r.body);
  return forward(r);
}

using testing::outcome;

outcome run(asio::io_context& io, store_client& client, store::any_request request) {
  return testing::sync_call(io, client, std::move(request));
}

live_store_config direct_config() {
  live_store_config c;
  c.endpoint = "http://127.0.0.1:" + std::to_string(dynalite().port());
  return c;
}

TEST_F(live_dynalite, signed_put_and_get_round_trip) {
  asio::io_context io;
  live_store_client client(io.get_executor(), direct_config());
  store::put_request put{
      .table = "results",
      .item = {{"pk", store::attribute_value::s("live-rt")}, {"n", store::attribute_value::n("1.50")}}};
  EXPECT_FALSE(run(io, client, put).ec);
  const auto got =
      run(io, client,
          store::get_request{
              .table = "results", .key = {{"pk", store::attribute_value::s("live-rt")}}, .consistent_read = true});
  ASSERT_FALSE(got.ec) << got.result.message;
  ASSERT_TRUE(got.result.attributes.has_value());
  EXPECT_EQ(got.result.attributes->at("n"), store::attribute_value::n("1.5"));
  EXPECT_EQ(client.connections_opened(), 1u);  // dynalite keeps the connection alive
}

// dynalite omits the old item ReturnValuesOnConditionCheckFailure asks for (the store's
// conformance rule rule_rvoccf_dynalite_omits_the_item); the code is what handlers test.
TEST_F(live_dynalite, condition_failure_is_conditional_check_failed) {  // D2
  asio::io_context io;
  live_store_client client(io.get_executor(), direct_config());
  store::put_request put{.table = "results",
                         .item = {{"pk", store::attribute_value::s("live-cond")}},
                         .condition = "attribute_not_exists(pk)"};
  EXPECT_FALSE(run(io, client, put).ec);
  put.return_old_on_condition_failure = true;
  const auto again = run(io, client, put);
  EXPECT_EQ(again.ec, store_errc::conditional_check_failed);
  EXPECT_EQ(again.result.error, store_errc::conditional_check_failed);
  EXPECT_EQ(again.result.message, "The conditional request failed");
  EXPECT_EQ(client.attempts(), 2u);  // never retried
}

TEST_F(live_dynalite, missing_table_is_resource_not_found) {
  asio::io_context io;
  live_store_client client(io.get_executor(), direct_config());
  const auto r =
      run(io, client, store::put_request{.table = "no-such-table", .item = {{"pk", store::attribute_value::s("x")}}});
  EXPECT_EQ(r.ec, store_errc::resource_not_found) << r.result.message;
}

TEST_F(live_dynalite, unsupported_transaction_is_a_validation_error_not_a_crash) {
  asio::io_context io;
  live_store_client client(io.get_executor(), direct_config());
  store::transact_write_request tx;
  tx.actions.push_back({.kind = store::transact_action::action_kind::put,
                        .table = "results",
                        .item = {{"pk", store::attribute_value::s("live-tx")}}});
  const auto r = run(io, client, tx);
  EXPECT_EQ(r.ec, store_errc::validation);
  EXPECT_EQ(r.result.message, "UnknownOperationException");
}

TEST_F(live_dynalite, reference_handler_records_each_order_exactly_once) {  // P6, P9, L13, MD4, G6
  asio::io_context io;
  testing::wire_server server(io, &front);
  live_store_config config;
  config.endpoint = server.endpoint();
  live_store_client client(io.get_executor(), config);
  std::vector<std::string> lines;
  live_runner runner(io.get_executor(), examples::reference_handler(), client,
                     [&](std::uint64_t, std::string_view line) { lines.emplace_back(line); });
  const auto workload = testing::make_reference_workload(2024, 8);
  testing::run_and_check_reference(io, runner, workload, &read_item);
  std::size_t already = 0;
  for (const auto& line : lines) already += line.find("already recorded") != std::string::npos;
  EXPECT_EQ(already, 2u);  // the redelivery and the client retry were recognised as duplicates
}

}  // namespace
}  // namespace slsim::live
