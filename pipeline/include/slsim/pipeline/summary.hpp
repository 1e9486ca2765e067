#pragma once
// The figures a person reads after a run (`slsim run`), computed from the outcome.
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "slsim/pipeline/outcome.hpp"
#include "slsim/pipeline/scenario.hpp"

namespace slsim::pipeline {

struct summary {
  std::uint64_t requests = 0;                 ///< distinct requests that reached the gateway
  std::uint64_t attempts = 0;                 ///< attempts (client retries included)
  std::uint64_t accepted = 0;                 ///< requests with a message enqueued
  std::map<int, std::uint64_t> final_status;  ///< requests by the last status their client saw (-1: timed out)
  std::uint64_t messages_sent = 0;
  std::uint64_t messages_processed = 0;    ///< deleted after processing
  std::uint64_t messages_redelivered = 0;  ///< received more than once
  std::uint64_t messages_in_dlq = 0;
  std::uint64_t messages_left = 0;         ///< still in the source queue at the end
  std::uint64_t duplicate_deliveries = 0;  ///< receives beyond each message's first
  std::uint64_t invocations = 0;
  std::uint64_t throttled = 0;
  std::uint64_t handler_errors = 0;
  std::uint64_t timeouts = 0;
  std::uint64_t crashes = 0;
  std::uint64_t concurrent_duplicates = 0;  ///< P1
  std::uint64_t results = 0;                ///< items in the result table
  std::uint64_t result_writes = 0;          ///< writes to the result table (change stream)
  double latency_p50_s = 0, latency_p95_s = 0, latency_p99_s = 0, latency_max_s = 0;  ///< accepted → first result write
  double virtual_seconds = 0;
  double gb_seconds = 0;
  std::uint64_t store_calls = 0;
  std::uint64_t sqs_requests = 0;
};

summary summarize(const run_outcome& outcome, const scenario& s);
void to_json(nlohmann::json& j, const summary& s);
/// A few aligned lines for a terminal.
std::string format_summary(const summary& s);

/// Result writes per requestId they name, in requestId order (`slsim run --json`).
std::vector<std::pair<std::string, std::uint64_t>> result_writes_by_request(const run_outcome& outcome,
                                                                            const scenario& s);

/// The client requestId of a result item per the effect contract ("" if absent).
std::string result_request_id(const store::item& item, const effects_config& effects);

}  // namespace slsim::pipeline
