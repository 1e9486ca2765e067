#include "reference_check.hpp"

#include <gtest/gtest.h>

#include <map>

#include "slsim/examples/reference_transform.hpp"
#include "slsim/gateway/clients.hpp"
#include "slsim/gateway/config.hpp"
#include "slsim/pipeline/scenario.hpp"
#include "slsim/sim/random.hpp"

namespace slsim::live::testing {
namespace {

live_message gateway_message(std::uint64_t n, std::uint64_t request_id, std::string body) {
  const auto& integration = pipeline::builtin_scenario().gateway.integration;
  live_message m;
  m.message_id = message_id_of(n);
  m.body = std::move(body);
  m.message_attributes = {{integration.request_id_attribute, "String", gateway::format_request_id(request_id), ""},
                          {integration.correlation_id_attribute, "String", gateway::format_correlation_id(n | 1), ""}};
  return m;
}

store::item key_of(const std::string& value) { return {{"pk", store::attribute_value::s(value)}}; }

std::vector<std::string> failed_ids(const live_invocation& inv) {
  std::vector<std::string> ids;
  for (const auto& f : inv.response.batch_item_failures) ids.push_back(f.item_identifier);
  return ids;
}

}  // namespace

reference_workload make_reference_workload(std::uint64_t seed, int valid_count) {
  const gateway::client_config& clients = pipeline::builtin_scenario().clients;
  sim::rng random = sim::rng_source(seed).stream("clients");
  reference_workload w;
  std::uint64_t id = 0;
  for (int i = 0; i < valid_count; ++i) {
    ++id;
    w.valid.push_back(gateway_message(id, id, gateway::make_body(gateway::request_kind::valid, id, random, clients)));
  }
  ++id;
  w.poison = gateway_message(id, id, gateway::make_body(gateway::request_kind::poison, id, random, clients));
  return w;
}

void run_and_check_reference(boost::asio::io_context& io, live_runner& runner, const reference_workload& w,
                             const item_reader& read) {
  ASSERT_GE(w.valid.size(), 2u);
  // The first receive: every message once, the poison one among them.
  std::vector<live_message> batch = w.valid;
  batch.insert(batch.begin() + static_cast<std::ptrdiff_t>(batch.size() / 2), w.poison);
  const live_invocation first = runner.invoke(io, batch);
  EXPECT_TRUE(first.error.empty()) << first.error;
  EXPECT_EQ(failed_ids(first), std::vector<std::string>{w.poison.message_id});  // L13
  EXPECT_EQ(first.verdict.kind, runtime::verdict_kind::partial_failure);
  EXPECT_EQ(first.verdict.failed_ids, std::vector<std::string>{w.poison.message_id});

  // MD4/S8: the first valid message again (same messageId, second receive); G6: a client
  // retry of the second one (same body and requestId, a new messageId); the poison again.
  live_message redelivered = w.valid[0];
  redelivered.receive_count = 2;
  live_message client_retry = w.valid[1];
  client_retry.message_id = message_id_of(1000);
  live_message poison_again = w.poison;
  poison_again.receive_count = 2;
  const live_invocation second = runner.invoke(io, {redelivered, client_retry, poison_again});
  EXPECT_TRUE(second.error.empty()) << second.error;
  EXPECT_EQ(failed_ids(second), std::vector<std::string>{w.poison.message_id});

  const std::string results = examples::k_result_table;
  const std::string totals = examples::k_totals_table;
  std::map<std::string, std::int64_t> expected_totals;
  for (const auto& m : w.valid) {
    const auto o = examples::parse_order(m.body);
    ASSERT_TRUE(o.has_value()) << m.body;
    expected_totals[o->customer_id] += o->amount;  // counted once per requestId
    const auto stored = read(results, key_of(o->request_id));
    ASSERT_TRUE(stored.has_value()) << "no result for " << o->request_id;
    EXPECT_EQ(*stored, examples::reference_transform(m.body)) << o->request_id;
  }
  const auto poison_order = examples::parse_order(w.poison.body);
  ASSERT_TRUE(poison_order.has_value());
  EXPECT_FALSE(read(results, key_of(poison_order->request_id)).has_value());  // poison: no result
  for (const auto& [customer, sum] : expected_totals) {
    const auto total = read(totals, key_of(customer));
    ASSERT_TRUE(total.has_value()) << customer;
    EXPECT_EQ(total->at("total"), store::attribute_value::n(sum)) << customer;
  }
}

}  // namespace slsim::live::testing
