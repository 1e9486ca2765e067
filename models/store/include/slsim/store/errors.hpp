#pragma once
// The store's error codes (one category for the DynamoDB model) and the result
// every operation returns: the code, DynamoDB's message, and optional item/reasons.
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "slsim/store/attribute_value.hpp"

namespace slsim::store {

/// DynamoDB service errors the model produces.
enum class store_errc {
  ok = 0,
  conditional_check_failed = 1,     ///< D2
  transaction_canceled,             ///< D5
  transaction_conflict,             ///< D5
  transaction_in_progress,          ///< D6
  idempotent_parameter_mismatch,    ///< D6
  provisioned_throughput_exceeded,  ///< D9 (provisioned tables)
  throttling,                       ///< D9 (on-demand tables)
  validation,                       ///< ValidationException
  item_too_large,                   ///< D8 (a ValidationException on the wire)
  access_denied,
  resource_not_found,
  internal_error,  ///< HTTP 500, retried by SDKs
  timeout,         ///< the client gave up waiting (fault); the write may have applied
};

/// The error category of the store ("slsim.store").
const std::error_category& store_category() noexcept;
std::error_code make_error_code(store_errc e) noexcept;

/// The short wire name of an error, e.g. "ConditionalCheckFailedException".
std::string_view wire_error_name(store_errc e) noexcept;
/// The full wire `__type`, e.g. "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException".
std::string wire_error_type(store_errc e);
/// Maps a wire `__type` (full or short) back to a code; validation for unknown names.
store_errc errc_from_wire(std::string_view type) noexcept;
/// D9/MD9: whether SDKs retry this error (throttling, conflicts, 5xx); never a condition failure.
bool is_retryable(store_errc e) noexcept;

/// One entry of a TransactionCanceledException's CancellationReasons (D5).
struct cancellation_reason {
  std::string code = "None";  ///< "None" is the literal string, never null (D5)
  std::string message;
  std::optional<item> old_item;  ///< with ReturnValuesOnConditionCheckFailure=ALL_OLD
};

/// The outcome of any store operation.
struct store_result {
  std::error_code error;                     ///< empty on success
  std::string message;                       ///< DynamoDB's error message
  std::optional<item> attributes;            ///< GetItem's Item, ReturnValues' Attributes, or the
                                             ///< current item on a condition failure (D2)
  std::vector<item> items;                   ///< Query results in key order
  std::vector<cancellation_reason> reasons;  ///< D5, request order
  double consumed_capacity = 0;              ///< read or write capacity units
  bool ok() const noexcept { return !error; }
};

}  // namespace slsim::store

template <>
struct std::is_error_code_enum<slsim::store::store_errc> : std::true_type {};
