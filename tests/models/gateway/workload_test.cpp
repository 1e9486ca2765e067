// Workload realism (docs/architecture.md §6): re-serialised client retries (G6) and
// boundary-biased amounts.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "harness.hpp"
#include "slsim/gateway/amounts.hpp"
#include "slsim/gateway/clients.hpp"

namespace slsim::gateway {
namespace {

std::vector<queue::received_message> drain(queue::queue_service& q) {
  std::vector<queue::received_message> all;
  for (;;) {
    auto batch = q.try_receive("requests", queue::receive_request{.max_number_of_messages = 10, .wait_time_s = 0});
    if (batch.empty()) return all;
    for (auto& m : batch) all.push_back(std::move(m));
  }
}

client_config one_valid_request() {
  client_config c;
  c.mix = {1, 0, 0, 0, 0};
  c.arrival.requests = 1;
  c.retry.late_retry_probability = 0;
  c.retry.reserialise_probability = 1;
  return c;
}

// G6: the answer is lost after SQS stored the message; the client retries with a rebuilt
// body: same requestId and business fields, other bytes (a hash of it is another key).
TEST(workload, a_retry_after_a_lost_answer_sends_a_reserialised_body_with_the_same_request_id) {
  testing::harness h(testing::exact_config());
  h.gateway->inject_integration_fault({integration_fault::kind::lost_response});
  client_fleet fleet(h.ctx, one_valid_request(), *h.gateway, sim::rng_source(3).stream("clients"));
  fleet.start();
  ASSERT_TRUE(h.run().ok());
  const auto messages = drain(h.queues);
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_NE(messages[0].body, messages[1].body);
  const auto a = nlohmann::json::parse(messages[0].body);
  const auto b = nlohmann::json::parse(messages[1].body);
  for (const char* field : {"requestId", "customerId", "amount", "currency"}) EXPECT_EQ(a.at(field), b.at(field));
  EXPECT_FALSE(a.contains("nonce"));
  EXPECT_TRUE(b.contains("nonce"));
  EXPECT_TRUE(b.at("sentAt").is_number_integer());
}

TEST(workload, reserialising_keeps_every_field_and_adds_only_sent_at_and_nonce) {
  sim::rng r(5);
  const std::string body = R"({"requestId":"req-1","customerId":"c-1","amount":1000,"poison":true})";
  const auto again = nlohmann::json::parse(reserialise_body(body, 1700000000123, r, true));
  auto expected = nlohmann::json::parse(body);
  expected["sentAt"] = 1700000000123;
  expected["nonce"] = again.at("nonce");
  EXPECT_EQ(again, expected);
  // A schema without additional properties: the same fields, reordered only.
  EXPECT_EQ(nlohmann::json::parse(reserialise_body(body, 0, r, false)), nlohmann::json::parse(body));
  EXPECT_EQ(reserialise_body("{truncated", 0, r, true), "{truncated");
}

// The serialisation through a full document: what reserialise_body must give, byte for
// byte, however it reads a body of megabytes.
std::string reserialised_through_a_document(std::string_view body, std::int64_t sent_at, sim::rng& random,
                                            bool add_fields) {
  const auto document = nlohmann::json::parse(body, nullptr, false);
  if (!document.is_object()) return std::string(body);
  std::vector<std::pair<std::string, std::string>> fields;
  for (const auto& [key, value] : document.items())
    if (!add_fields || (key != "sentAt" && key != "nonce")) fields.emplace_back(key, value.dump());
  if (add_fields) {
    fields.emplace_back("sentAt", std::to_string(sent_at));
    fields.emplace_back("nonce", fmt::format("\"{:016x}\"", random.next_u64()));
  }
  for (std::size_t i = fields.size(); i > 1; --i)
    std::swap(fields[i - 1], fields[static_cast<std::size_t>(random.uniform_int(0, static_cast<std::int64_t>(i) - 1))]);
  std::string out = "{";
  for (const auto& [key, value] : fields) {
    if (out.size() > 1) out += ',';
    out += nlohmann::json(key).dump();
    out += ':';
    out += value;
  }
  return out + "}";
}

TEST(workload, reserialising_a_body_with_long_strings_gives_the_bytes_a_full_document_gives) {  // G6, G7
  const std::string pad(1500, 'x'), other(1200, 'y');
  const std::string bodies[] = {
      R"({"requestId":"r-1","amount":5,"padding":")" + pad + R"("})",
      R"({"padding":")" + pad + R"(","requestId":"r-1","note":")" + other + R"(","z":[1,2]})",
      R"({"requestId":"r-1","nested":{"padding":")" + pad + R"("}})",
      R"({"requestId":"r-1","list":[")" + pad + R"("]})",
      R"({"padding":")" + pad + R"(","padding":"short"})",
      R"({"padding":"short","padding":")" + pad + R"("})",
      R"({"p":")" + pad + R"(","q":")" + pad + R"("})",
      R"({"esc":"a\"b","padding":")" + pad + R"("})",
      R"({"nul":"\u0000","padding":")" + pad + R"("})",
      R"({"padding":")" + pad + R"("} trailing)",
      R"({"padding":")" + pad + R"(")",
      R"([")" + pad + R"("])",
      R"({"sentAt":1,"nonce":"n","padding":")" + pad + R"("})",
  };
  for (const auto& body : bodies)
    for (bool add_fields : {true, false}) {
      sim::rng a(7), b(7);
      EXPECT_EQ(reserialise_body(body, 1700000000123, a, add_fields),
                reserialised_through_a_document(body, 1700000000123, b, add_fields))
          << body.substr(0, 80);
      EXPECT_EQ(a.next_u64(), b.next_u64()) << "the same draws";
    }
}

TEST(workload, amount_boundaries_include_limits_powers_of_ten_and_their_neighbours) {
  client_config c;
  c.amount_boundaries = {2500};
  const auto m = amount_model::make(c, gateway_config::default_request_schema());
  EXPECT_EQ(m.lo, 0);
  EXPECT_EQ(m.hi, 1000000);
  for (std::int64_t v : {0, 1, 2, 999, 1000, 1001, 9999, 10000, 10001, 2499, 2500, 2501, 999999, 1000000})
    EXPECT_TRUE(std::binary_search(m.boundaries.begin(), m.boundaries.end(), v)) << v;
  EXPECT_FALSE(std::binary_search(m.boundaries.begin(), m.boundaries.end(), 1000001));  // past the schema
  EXPECT_FALSE(std::binary_search(m.boundaries.begin(), m.boundaries.end(), -1));
}

// Uniform amounts in 1..1000 would hit exactly 1,000 once in a thousand and never reach the
// schema's range beyond; boundary-biased draws hit the tiers and go past the usual range.
TEST(workload, drawn_amounts_hit_tier_boundaries_and_go_past_the_usual_range_within_the_schema) {
  client_config c;
  const auto m = amount_model::make(c, gateway_config::default_request_schema());
  sim::rng r(17);
  int at_1000 = 0, at_10000 = 0, above_usual = 0;
  for (int i = 0; i < 2000; ++i) {
    const auto v = m.draw(r, c);
    ASSERT_GE(v, 0);
    ASSERT_LE(v, 1000000);
    at_1000 += v == 1000;
    at_10000 += v == 10000;
    above_usual += v > c.amount_max;
  }
  EXPECT_GE(at_1000, 5);
  EXPECT_GE(at_10000, 5);
  EXPECT_GE(above_usual, 100);
}

// Each request draws from its own stream: dropping request 3 leaves every other request's
// id, body and send time as they were (what the shrinker relies on).
TEST(workload, dropping_one_request_keeps_every_other_request_identical) {
  client_config full = one_valid_request();
  full.clients = 2;
  full.arrival.requests = 6;
  full.mix = {0.7, 0.1, 0.1, 0, 0.1};
  full.arrival.process = arrival_process::poisson;
  client_config fewer = full;
  for (std::int64_t i = 0; i < 12; ++i)
    if (i != 3) fewer.arrival.only_requests.push_back(i);
  std::map<std::uint64_t, std::pair<std::string, sim::time_ns>> seen[2];
  int run = 0;
  for (const auto* config : {&full, &fewer}) {
    testing::harness h(testing::exact_config());
    client_fleet fleet(h.ctx, *config, *h.gateway, sim::rng_source(23).stream("clients"));
    fleet.start();
    ASSERT_TRUE(h.run().ok());
    for (const auto& a : h.gateway->ledger().attempts())
      if (a.attempt == 1) seen[run][a.request_id].second = a.received_at;
    for (const auto& m : drain(h.queues)) {
      const auto id = nlohmann::json::parse(m.body).at("requestId").get<std::string>();
      for (auto& [rid, v] : seen[run])
        if (format_request_id(rid) == id && v.first.empty()) v.first = m.body;
    }
    ++run;
  }
  ASSERT_EQ(seen[0].size(), 12u);
  ASSERT_EQ(seen[1].size(), 11u);
  for (const auto& [id, v] : seen[1]) {
    ASSERT_TRUE(seen[0].count(id)) << format_request_id(id);
    EXPECT_EQ(seen[0][id], v) << format_request_id(id);
  }
}

}  // namespace
}  // namespace slsim::gateway
