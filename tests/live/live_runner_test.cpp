// The live runner: a warm environment (init once), Lambda's event, L13 judging, logs to
// the caller's sink; and the reference handler end to end against the store model
// served over HTTP (the conformance test does the same against dynalite).
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "reference_check.hpp"
#include "slsim/examples/handlers.hpp"
#include "slsim/live/live_runner.hpp"
#include "slsim/live/live_store_client.hpp"
#include "slsim/pipeline/scenario.hpp"
#include "slsim/store/store_core.hpp"
#include "slsim/store/wire.hpp"
#include "wire_server.hpp"

namespace slsim::live {
namespace {

namespace asio = boost::asio;

struct counters {
  int inits = 0;
  int calls = 0;
};

asio::awaitable<void> counting_init(init_context& ctx) {
  ++ctx.state().get<counters>().inits;
  ctx.log("init");
  co_return;
}

asio::awaitable<batch_response> counting_handle(const sqs_event& event, lambda_context& ctx) {
  auto& c = ctx.state().get<counters>();
  ++c.calls;
  const std::string* table = ctx.env("TABLE");
  ctx.log("call " + std::to_string(c.calls) + " inits " + std::to_string(c.inits) + " table " + (table ? *table : "-") +
          (ctx.buggify("site") ? " buggy" : ""));
  batch_response r;
  if (event.records.size() > 1) r.batch_item_failures.push_back({event.records[1].message_id});
  co_return r;
}

asio::awaitable<std::string> malformed_raw(std::string_view payload, lambda_context&) {
  co_return payload.find("Records") != std::string_view::npos ? R"({"batchItemFailures":[{"itemIdentifier":""}]})"
                                                              : "{}";
}

asio::awaitable<batch_response> throwing_handle(const sqs_event&, lambda_context&) {
  throw std::runtime_error("boom");
  co_return batch_response{};
}

// A store that must never be called (these handlers do not touch it).
class no_store final : public store_client {
 protected:
  void execute(store_operation, asio::any_completion_handler<store_signature>) override { ADD_FAILURE(); }
};

struct logged {
  std::uint64_t invocation;
  std::string line;
};

TEST(live_runner, init_runs_once_and_state_stays_warm) {
  asio::io_context io;
  no_store store;
  std::vector<logged> lines;
  const handler_definition h{.name = "counting", .init = &counting_init, .typed = &counting_handle};
  live_function_options options;
  options.variables["TABLE"] = "results";
  live_runner runner(
      io.get_executor(), h, store,
      [&](std::uint64_t inv, std::string_view line) {
        lines.push_back({inv, std::string(line)});
      },
      options);
  const live_message a{message_id_of(1), "{}", {}, 1};
  const live_message b{message_id_of(2), "{}", {}, 1};
  const auto first = runner.invoke(io, {a, b});
  const auto second = runner.invoke(io, {a});
  EXPECT_TRUE(runner.initialized());
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].invocation, 0u);  // init logs as invocation 0
  EXPECT_EQ(lines[0].line, "init");
  EXPECT_EQ(lines[1].line, "call 1 inits 1 table results");  // buggify never fires live
  EXPECT_EQ(lines[2].invocation, 2u);
  EXPECT_EQ(lines[2].line, "call 2 inits 1 table results");
  EXPECT_EQ(first.verdict.kind, runtime::verdict_kind::partial_failure);  // L13
  EXPECT_EQ(first.verdict.failed_ids, std::vector<std::string>{message_id_of(2)});
  EXPECT_EQ(first.payload, R"({"batchItemFailures":[{"itemIdentifier":")" + message_id_of(2) + R"("}]})");
  EXPECT_EQ(second.verdict.kind, runtime::verdict_kind::complete_success);
  EXPECT_EQ(second.event.records.at(0).message_id, message_id_of(1));
}

TEST(live_runner, raw_form_gets_the_lambda_payload_and_is_judged_by_l13) {  // L13, L14
  asio::io_context io;
  no_store store;
  const handler_definition h{.name = "raw", .raw = &malformed_raw};
  live_runner runner(io.get_executor(), h, store, {});
  const auto out = runner.invoke(io, {live_message{message_id_of(1), "{}", {}, 1}});
  EXPECT_EQ(out.payload, R"({"batchItemFailures":[{"itemIdentifier":""}]})");
  EXPECT_EQ(out.verdict.kind, runtime::verdict_kind::complete_failure);  // an empty itemIdentifier
}

TEST(live_runner, a_thrown_exception_fails_the_whole_batch) {  // L13
  asio::io_context io;
  no_store store;
  const handler_definition h{.name = "throws", .typed = &throwing_handle};
  live_runner runner(io.get_executor(), h, store, {});
  const auto out = runner.invoke(io, {live_message{message_id_of(1), "{}", {}, 1}});
  EXPECT_EQ(out.error, "boom");
  EXPECT_EQ(out.verdict.kind, runtime::verdict_kind::complete_failure);
}

TEST(live_runner, rejects_a_definition_without_exactly_one_form) {
  asio::io_context io;
  no_store store;
  const handler_definition none{.name = "none"};
  EXPECT_THROW(live_runner(io.get_executor(), none, store, {}), std::invalid_argument);
}

// The reference handler, unchanged, over HTTP against the simulated store's core.
TEST(live_runner, reference_handler_records_each_order_once_over_http) {  // P6, P9, L13
  asio::io_context io;
  store::store_core core(pipeline::builtin_scenario().store.tables);
  testing::wire_server server(io, [&](const testing::received_request& r) {
    const auto answer = store::wire::handle(core, r.target, nlohmann::json::parse(r.body), 0);
    return testing::reply{answer.status, answer.body.dump()};
  });
  live_store_config config;
  config.endpoint = server.endpoint();
  live_store_client client(io.get_executor(), config);
  std::vector<std::string> lines;
  live_runner runner(io.get_executor(), examples::reference_handler(), client,
                     [&](std::uint64_t, std::string_view line) { lines.emplace_back(line); });
  const auto workload = testing::make_reference_workload(7, 8);
  testing::run_and_check_reference(io, runner, workload, [&](const std::string& table, const store::item& key) {
    const store::item* found = core.find(table, key);
    return found ? std::optional<store::item>(*found) : std::nullopt;
  });
  EXPECT_EQ(client.connections_opened(), 1u);  // keep-alive across both invocations
  ASSERT_FALSE(lines.empty());
  EXPECT_NE(lines.front().find("correlationId=corr-"), std::string::npos);  // the gateway's id reached the logs
}

}  // namespace
}  // namespace slsim::live
