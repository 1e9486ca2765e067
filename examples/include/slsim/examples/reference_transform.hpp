#pragma once
// The reference pipeline's pure business logic, public so effect contracts can state
// what a correct handler must write: expected(payload) → item (docs/architecture.md §6).
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "slsim/store/attribute_value.hpp"

namespace slsim::examples {

/// A request body the reference handler accepts:
/// {"requestId": str, "customerId": str, "amount": int 0..1e9, "poison"?: bool, "note"?: str}.
struct order {
  std::string request_id;
  std::string customer_id;
  std::int64_t amount = 0;
  bool poison = false;
  std::string note;
};

/// Validates the message schema; nullopt when the body is not a valid order.
std::optional<order> parse_order(std::string_view body);

/// The result item for an order: keyed by the client requestId (pk), enriched with the
/// customer tier and the amount in cents. Pure: the same payload always gives the same item.
store::item reference_transform(const order& o);
/// The same from the raw body; throws std::invalid_argument if it is not a valid order.
store::item reference_transform(std::string_view body);

/// Names the reference pipeline uses (overridable through the function's environment).
inline constexpr const char* k_result_table = "results";
inline constexpr const char* k_totals_table = "totals";

}  // namespace slsim::examples
