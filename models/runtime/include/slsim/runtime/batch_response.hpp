#pragma once
// What a handler returns for an SQS batch (L13): the partial batch response, either
// typed or as the raw JSON payload, so a malformed payload is judged by L13's rules.
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <variant>
#include <vector>

namespace slsim {

/// One failed record of a partial batch response: its messageId (L13).
struct batch_item_failure {
  std::string item_identifier;

  friend bool operator==(const batch_item_failure&, const batch_item_failure&) = default;
};

/// The partial batch response {"batchItemFailures":[{"itemIdentifier": id}]} (L13).
/// Default-constructed (no failures) means complete success.
struct batch_response {
  std::vector<batch_item_failure> batch_item_failures;

  friend bool operator==(const batch_response&, const batch_response&) = default;
};

void to_json(nlohmann::json& j, const batch_response& r);
/// Reads the well-formed shape only; use runtime::judge_response() to judge arbitrary payloads.
void from_json(const nlohmann::json& j, batch_response& r);

namespace runtime {

/// The exact response payload a raw handler returned (any text, possibly invalid JSON).
struct raw_payload {
  std::string json;
};

/// A handler's result: nothing (void / null), a typed response, or a raw payload.
using invocation_output = std::variant<std::monostate, batch_response, raw_payload>;

}  // namespace runtime
}  // namespace slsim
