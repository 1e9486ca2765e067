#include "slsim/gateway/config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <regex>
#include <set>

#include "slsim/gateway/schema.hpp"
#include "slsim/models/token_bucket.hpp"

namespace slsim::gateway {
namespace {
// G1: the largest burst the model accepts (AWS's own account default is 5000).
constexpr std::int64_t k_max_burst = 5'000'000;
static_assert(k_max_burst <= models::token_bucket::k_max_burst);

std::string to_string_json(value_from f) { return nlohmann::json(f).get<std::string>(); }

// Checked whether or not the level is enabled: the gateway builds every level's bucket.
void check_limit(models::validator& v, const std::string& path, const throttle_limit& t) {
  if (!(t.rate_per_s >= 0 && t.rate_per_s <= 1e7))
    v.add(path + ".rate_per_s", fmt::format("{}", t.rate_per_s), "0..10000000", "G1");
  v.check_range(path + ".burst", t.burst, 0, k_max_burst, "G1");
}

void check_auth(models::validator& v, const auth_config& a) {
  if (a.api_key_required && a.api_keys.empty())
    v.add("gateway.auth.api_keys", "[]", "at least one key when api_key_required", "G2");
  v.check_range("gateway.auth.authorizer_latency_ms", a.authorizer_latency_ms, 0, 29000, "G3");
}

void check_plans(models::validator& v, const gateway_config& c) {
  const std::set<std::string> known(c.auth.api_keys.begin(), c.auth.api_keys.end());
  std::set<std::string> seen;
  for (std::size_t p = 0; p < c.throttling.usage_plans.size(); ++p) {
    const usage_plan_config& plan = c.throttling.usage_plans[p];
    const std::string path = fmt::format("gateway.throttling.usage_plans[{}]", p);
    check_limit(v, path + ".throttle", plan.throttle);
    if (plan.quota_enabled) v.check_range(path + ".quota_limit", plan.quota_limit, 0, INT64_MAX / 2, "G1");
    for (std::size_t k = 0; k < plan.api_keys.size(); ++k) {
      const std::string& key = plan.api_keys[k];
      const std::string key_path = fmt::format("{}.api_keys[{}]", path, k);
      if (!known.contains(key)) v.add(key_path, key, "a key listed in gateway.auth.api_keys", "G1");
      if (!seen.insert(key).second) v.add(key_path, key, "a key in at most one usage plan of the stage", "G1");
    }
  }
}

bool known_header(const std::string& name) {
  std::string lower;
  for (char ch : name) lower += static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
  return lower == "x-request-id" || lower == "x-api-key";
}

// F1/F5: a templated SendMessage parameter names a header the clients send, or a body
// field the request validator guarantees (required, a string), so no accepted request
// reaches SQS without it.
void check_source(models::validator& v, const std::string& path, const value_source& source, const char* fact,
                  const gateway_config& c) {
  if (!source.enabled()) return;
  if (source.name.empty()) {
    v.add(path + ".name", "\"\"", "a body field or header name", fact);
    return;
  }
  if (source.from == value_from::header) {
    if (!known_header(source.name)) v.add(path + ".name", source.name, "X-Request-Id or x-api-key", fact);
    return;
  }
  if (!c.validate_body) return;  // unvalidated bodies may lack it: SQS then answers 400 (F1)
  const auto& schema = c.request_schema;
  const auto required = schema.find("required");
  const bool is_required = required != schema.end() && required->is_array() &&
                           std::find(required->begin(), required->end(), source.name) != required->end();
  const auto props = schema.find("properties");
  const bool is_string = props != schema.end() && props->is_object() && props->contains(source.name) &&
                         (*props)[source.name].value("type", "") == "string";
  if (!is_required || !is_string)
    v.add(path + ".name", source.name, "a required string property of gateway.request_schema", fact);
}

void check_integration(models::validator& v, const integration_config& i) {
  // G3: 50 ms to 29 s; Regional APIs may request more (up to 300 s per re:Post [?]).
  v.check_range("gateway.integration.timeout_ms", i.timeout_ms, 50, i.extended_timeout ? 300000 : 29000, "G3");
  if (i.queue.empty()) v.add("gateway.integration.queue", "\"\"", "a queue name", "G4");
  if (i.role.empty()) v.add("gateway.integration.role", "\"\"", "an IAM role name", "G4");
  i.latency.validate("gateway.integration.latency", "MD36", 600'000, v);  // G6: a reply may come after the timeout
  for (std::size_t r = 0; r < i.integration_responses.size(); ++r) {
    const integration_response& resp = i.integration_responses[r];
    const std::string path = fmt::format("gateway.integration.integration_responses[{}]", r);
    v.check_range(path + ".status", resp.status, 100, 599, "G5");
    try {
      std::regex re(resp.pattern);
    } catch (const std::regex_error&) {
      v.add(path + ".pattern", resp.pattern, "a regular expression over the backend status", "G5");
    }
  }
  if (i.request_id_attribute.empty() || i.correlation_id_attribute.empty() ||
      i.request_id_attribute == i.correlation_id_attribute)
    v.add("gateway.integration.correlation_id_attribute", i.correlation_id_attribute,
          "two distinct, non-empty message attribute names", "G4");
}
}  // namespace

nlohmann::json gateway_config::default_request_schema() {
  return nlohmann::json::parse(R"({
    "type": "object",
    "required": ["requestId", "customerId", "amount"],
    "properties": {
      "requestId": {"type": "string", "minLength": 1, "maxLength": 64},
      "customerId": {"type": "string", "minLength": 1, "maxLength": 64},
      "amount": {"type": "integer", "minimum": 0, "maximum": 1000000},
      "currency": {"type": "string", "enum": ["EUR", "USD", "GBP"]},
      "poison": {"type": "boolean"}
    }
  })");
}

std::vector<models::violation> gateway_config::validate() const {
  models::validator v;
  if (resource_path.empty() || resource_path.front() != '/')
    v.add("gateway.resource_path", resource_path, "a path starting with /", "G2");
  v.check_range("gateway.max_payload_bytes", max_payload_bytes, 1, 10485760, "G3");
  check_auth(v, auth);
  check_limit(v, "gateway.throttling.method", throttling.method);
  check_limit(v, "gateway.throttling.stage", throttling.stage);
  check_limit(v, "gateway.throttling.account", throttling.account);
  check_plans(v, *this);
  check_integration(v, integration);
  check_source(v, "gateway.integration.message_group_id", integration.message_group_id, "F1", *this);
  check_source(v, "gateway.integration.message_deduplication_id", integration.message_deduplication_id, "F5", *this);
  std::vector<models::violation> out = v.violations();
  for (auto& s : body_validator::check_schema(request_schema, "gateway.request_schema")) out.push_back(std::move(s));
  return out;
}

std::vector<models::violation> gateway_config::validate_for_queue(bool fifo, bool content_based_deduplication) const {
  models::validator v;
  const auto& i = integration;
  if (fifo && !i.message_group_id.enabled())
    v.add("gateway.integration.message_group_id.from", "none", "body or header: a FIFO queue needs a MessageGroupId",
          "F1");
  if (fifo && !i.message_deduplication_id.enabled() && !content_based_deduplication)
    v.add("gateway.integration.message_deduplication_id.from", "none",
          "body or header, or queue.content_based_deduplication: true", "F5");
  if (!fifo && i.message_deduplication_id.enabled())
    v.add("gateway.integration.message_deduplication_id.from", to_string_json(i.message_deduplication_id.from),
          "none: a standard queue takes no MessageDeduplicationId", "F5");
  return v.violations();
}

std::vector<integration_response> gateway_config::effective_responses() const {
  if (!integration.integration_responses.empty()) return integration.integration_responses;
  switch (integration.mapping) {
    case mapping_preset::proper:
      return {{"", 202}, {"4\\d{2}", 400}, {"5\\d{2}", 500}};  // G5 fix
    case mapping_preset::default_only:
      return {{"", 200}};  // G5 pitfall
  }
  return {};
}

}  // namespace slsim::gateway
