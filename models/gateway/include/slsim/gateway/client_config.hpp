#pragma once
// The workload's clients (docs/architecture.md §6): arrival processes, the mix of request kinds,
// and retries with exponential backoff and jitter that reuse the requestId, bounded
// by a retry horizon, plus rare "late" retries long after the first attempt.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "slsim/models/validation.hpp"
#include "slsim/sim/time.hpp"

namespace slsim::gateway {

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
