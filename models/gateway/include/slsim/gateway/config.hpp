#pragma once
// API Gateway configuration with AWS defaults (docs/aws-facts.md §5, G1-G7), and the
// workload's clients that call it. Field names are the JSON keys of a scenario's "gateway"
// and "clients" sections.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "slsim/models/duration_dist.hpp"
#include "slsim/models/validation.hpp"
#include "slsim/sim/time.hpp"

namespace slsim::gateway {

/// G2: how the method authenticates callers. A token authorizer answers Allow (pass),
/// Deny (403 ACCESS_DENIED), Unauthorized (401) or fails (500 AUTHORIZER_FAILURE).
enum class authorizer_kind : std::uint8_t { none, token };

/// Authentication of the one method (POST on `resource_path`).
struct auth_config {
  bool api_key_required = false;      ///< G2: missing/invalid key → 403 INVALID_API_KEY
  std::vector<std::string> api_keys;  ///< the keys API Gateway knows
  authorizer_kind authorizer = authorizer_kind::none;
  std::vector<std::string> allow_tokens;    ///< bearer tokens the simulated authorizer allows
  std::vector<std::string> deny_tokens;     ///< tokens it answers with a Deny policy (403)
  std::vector<std::string> failing_tokens;  ///< tokens on which the authorizer errors (500)
  std::int64_t authorizer_latency_ms = 0;   ///< time the authorizer takes (cache misses)
};

/// G1: one token bucket: `rate_per_s` steady state, `burst` = bucket size. Disabled
/// levels do not throttle.
struct throttle_limit {
  bool enabled = false;
  double rate_per_s = 0;
  std::int64_t burst = 0;
};

/// G1: the usage-plan quota period. Periods start at virtual time 0; a month is 30 days.
enum class quota_period_kind : std::uint8_t { day, week, month };

/// G1: a usage plan: per-API-key throttling and a quota per period (429 QUOTA_EXCEEDED).
struct usage_plan_config {
  std::string name;
  std::vector<std::string> api_keys;  ///< keys in this plan; each key has its own buckets
  throttle_limit throttle;
  bool quota_enabled = false;
  std::int64_t quota_limit = 0;
  quota_period_kind quota_period = quota_period_kind::day;
};

/// G1: throttling levels, applied in AWS's order: usage plan (per key), method,
/// stage, account.
struct throttling_config {
  std::vector<usage_plan_config> usage_plans;
  throttle_limit method;                        ///< per-method stage setting
  throttle_limit stage;                         ///< stage default
  throttle_limit account{true, 10000.0, 5000};  ///< G1: 10,000 rps, burst 5,000
};

/// G5: which backend statuses an integration response maps to which method status.
/// `pattern` is a regex matched against the backend status ("" = the default response).
struct integration_response {
  std::string pattern;
  int status = 200;
};

/// G5: presets of integration responses. `proper` maps SQS 200 to 202, 4xx to 400 and
/// 5xx to 500; `default_only` has only the catch-all 200 (the pitfall).
enum class mapping_preset : std::uint8_t { proper, default_only };

/// F1, F5: where the mapping template takes a per-request SendMessage parameter from:
/// nowhere, a top-level body field (`$input.path('$.NAME')`) or a request header
/// (`$input.params('NAME')`: "X-Request-Id" or "x-api-key", the headers slsim's clients send).
enum class value_from : std::uint8_t { none, body, header };

/// One templated SendMessage parameter (MessageGroupId, MessageDeduplicationId).
struct value_source {
  value_from from = value_from::none;
  std::string name;  ///< the body field or header name
  bool enabled() const noexcept { return from != value_from::none; }
};

/// G4, G6: the SendMessage integration.
struct integration_config {
  std::string queue = "requests";
  std::string role = "gateway";     ///< IAM role used for SendMessage (G4)
  std::int64_t timeout_ms = 29000;  ///< G3: 50..29000 (..300000 if extended)
  bool extended_timeout = false;    ///< G3: Regional APIs may request up to 300 s [?]
  /// MD36: the SendMessage round trip behind the integration, heavy-tailed
  /// (p50 8 / p90 16 / p99 50 ms); one draw per integration call.
  models::duration_dist latency = models::duration_dist::empirical(4, 8, 16, 50);
  mapping_preset mapping = mapping_preset::proper;
  std::vector<integration_response> integration_responses;  ///< non-empty: overrides `mapping`
  std::string request_id_attribute = "requestId";
  std::string correlation_id_attribute = "correlationId";
  /// F1: MessageGroupId of every message (required on a FIFO queue; a fair-queue tag on a
  /// standard one, S1). A request without the field gets none and SQS answers 400.
  value_source message_group_id;
  /// F5: MessageDeduplicationId (FIFO only); none = rely on the queue's content-based
  /// deduplication (a SHA-256 of the body, so a re-serialised retry is not a duplicate).
  value_source message_deduplication_id;
};

/// The gateway's one REST method and its limits.
struct gateway_config {
  std::string resource_path = "/requests";    ///< other paths → 403 MISSING_AUTHENTICATION_TOKEN (G2)
  std::int64_t max_payload_bytes = 10485760;  ///< G3: 10 MB → 413 above
  auth_config auth;
  throttling_config throttling;
  bool validate_body = true;                                 ///< G2: request validator on the body
  nlohmann::json request_schema = default_request_schema();  ///< JSON Schema subset (see schema.hpp)
  integration_config integration;

  /// The example pipeline's request model: requestId, customerId, amount required.
  static nlohmann::json default_request_schema();
  /// Every violation, with JSON paths ("gateway.integration.timeout_ms") and fact ids.
  std::vector<models::violation> validate() const;
  /// Cross-checks against the target queue's type: FIFO needs a group id (F1) and a
  /// deduplication id or content-based deduplication (F5); standard takes no
  /// deduplication id (F5). Paths under "gateway.integration.".
  std::vector<models::violation> validate_for_queue(bool fifo, bool content_based_deduplication) const;
  /// The effective integration responses (the preset unless overridden).
  std::vector<integration_response> effective_responses() const;
};

NLOHMANN_JSON_SERIALIZE_ENUM(authorizer_kind, {{authorizer_kind::none, "none"}, {authorizer_kind::token, "token"}})
NLOHMANN_JSON_SERIALIZE_ENUM(quota_period_kind, {{quota_period_kind::day, "DAY"},
                                                 {quota_period_kind::week, "WEEK"},
                                                 {quota_period_kind::month, "MONTH"}})
NLOHMANN_JSON_SERIALIZE_ENUM(mapping_preset,
                             {{mapping_preset::proper, "proper"}, {mapping_preset::default_only, "default_only"}})
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(auth_config, api_key_required, api_keys, authorizer, allow_tokens,
                                                deny_tokens, failing_tokens, authorizer_latency_ms)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(throttle_limit, enabled, rate_per_s, burst)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(usage_plan_config, name, api_keys, throttle, quota_enabled, quota_limit,
                                                quota_period)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(throttling_config, usage_plans, method, stage, account)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(integration_response, pattern, status)
NLOHMANN_JSON_SERIALIZE_ENUM(value_from,
                             {{value_from::none, "none"}, {value_from::body, "body"}, {value_from::header, "header"}})
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(value_source, from, name)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(integration_config, queue, role, timeout_ms, extended_timeout, latency,
                                                mapping, integration_responses, request_id_attribute,
                                                correlation_id_attribute, message_group_id, message_deduplication_id)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(gateway_config, resource_path, max_payload_bytes, auth, throttling,
                                                validate_body, request_schema, integration)

/// Length of one quota period in virtual time.
sim::time_ns quota_period_length(quota_period_kind p) noexcept;

// ---- Clients ----------------------------------------------------------------------
// The workload's clients (docs/architecture.md §6): arrival processes, the mix of request kinds,
// and retries with exponential backoff and jitter that reuse the requestId, bounded
// by a retry horizon, plus rare "late" retries long after the first attempt.

/// How a client spaces its requests.
enum class arrival_process : std::uint8_t {
  constant,  ///< exactly 1/rate apart
  poisson,   ///< exponential gaps with mean 1/rate
  bursts,    ///< `burst_size` requests at once every `burst_interval_s`
  ramp,      ///< rate grows linearly from rate_per_s to ramp_to_rate_per_s over ramp_duration_s
};

/// One client's arrivals.
struct arrival_config {
  arrival_process process = arrival_process::constant;
  double rate_per_s = 10;
  std::int64_t requests = 100;  ///< requests per client (each with its retries)
  std::int64_t burst_size = 50;
  double burst_interval_s = 10;
  double ramp_to_rate_per_s = 100;
  double ramp_duration_s = 60;
  double start_s = 0;  ///< first arrival after this delay
  /// If non-empty, only these requests are sent, by ordinal (client × requests + index,
  /// from 0); the others' arrival slots pass unused. Each request's content comes from its
  /// own stream, so a kept request has the body and send time it has in the full workload
  /// (what lets the shrinker drop any request, docs/architecture.md §6).
  std::vector<std::int64_t> only_requests;
};

/// Shares of request kinds (normalised; they need not sum to 1).
struct mix_config {
  double valid = 0.90;
  double poison = 0.02;
  double invalid = 0.03;
  double oversized = 0.02;
  double unauthenticated = 0.03;
};

/// Client retries: on 429, 5xx, 504 and client-side timeouts, reusing the requestId.
struct retry_config {
  std::int64_t max_attempts = 4;     ///< including the first
  double max_elapsed_s = 120;        ///< no new attempt after this long since the first
  std::int64_t base_delay_ms = 100;  ///< backoff: uniform(0, min(cap, base * 2^n)) ("full jitter")
  std::int64_t max_delay_ms = 20000;
  bool jitter = true;                    ///< false: exactly min(cap, base * 2^n)
  double late_retry_probability = 0.01;  ///< per request: one more attempt long after the others
  double late_retry_min_s = 3600;
  double late_retry_max_s = 86400;
  /// G6: per retry, the chance the client re-serialises the body (a fresh sentAt and
  /// nonce, another key order) instead of resending the same bytes; the requestId stays.
  double reserialise_probability = 0.8;
};

/// A client's credentials (client i uses entry i modulo the list).
struct credentials_config {
  std::string api_key;
  std::string token;
};

/// The whole workload.
struct client_config {
  std::int64_t clients = 1;
  arrival_config arrival;
  mix_config mix;
  retry_config retry;
  double timeout_s = 30;  ///< client-side timeout per attempt
  std::vector<credentials_config> credentials;
  std::int64_t customers = 10;  ///< customerId drawn from c-0 .. c-(n-1)
  std::int64_t amount_min = 1;
  std::int64_t amount_max = 1000;
  /// Share of amounts drawn from boundaries: amount_min/max, the request schema's limits,
  /// powers of ten and their neighbours, amount_boundaries (see amounts.hpp).
  double amount_boundary_probability = 0.25;
  /// Share of amounts drawn log-uniformly over the whole range the schema allows.
  double amount_wide_probability = 0.1;
  std::vector<std::int64_t> amount_boundaries;  ///< business thresholds to probe (each ±1)
  std::int64_t oversized_bytes = 10485761;      ///< G3: just over 10 MB (set below to aim at SQS's 1 MiB, G7)
  std::string path = "/requests";

  /// Every violation, with JSON paths ("clients.retry.max_attempts").
  std::vector<models::violation> validate() const;
  /// How many requests the workload sends: clients × requests, or the distinct entries of
  /// arrival.only_requests when it is non-empty.
  std::int64_t planned_requests() const;
  /// The longest a request can stay in the clients' hands: retries plus a late retry
  /// (the liveness bound's "client retry horizon", docs/architecture.md §6).
  sim::time_ns retry_horizon() const noexcept;
};

NLOHMANN_JSON_SERIALIZE_ENUM(arrival_process, {{arrival_process::constant, "constant"},
                                               {arrival_process::poisson, "poisson"},
                                               {arrival_process::bursts, "bursts"},
                                               {arrival_process::ramp, "ramp"}})
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(arrival_config, process, rate_per_s, requests, burst_size,
                                                burst_interval_s, ramp_to_rate_per_s, ramp_duration_s, start_s,
                                                only_requests)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(mix_config, valid, poison, invalid, oversized, unauthenticated)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(retry_config, max_attempts, max_elapsed_s, base_delay_ms, max_delay_ms,
                                                jitter, late_retry_probability, late_retry_min_s, late_retry_max_s,
                                                reserialise_probability)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(credentials_config, api_key, token)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(client_config, clients, arrival, mix, retry, timeout_s, credentials,
                                                customers, amount_min, amount_max, amount_boundary_probability,
                                                amount_wide_probability, amount_boundaries, oversized_bytes, path)

}  // namespace slsim::gateway
