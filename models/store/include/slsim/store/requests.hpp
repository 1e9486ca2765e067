#pragma once
// Requests of the store model, one plain struct per DynamoDB operation, with the
// API's field meanings. Expressions are optional: an absent expression and an empty
// one differ (the empty one is a ValidationException, as in DynamoDB).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "slsim/store/attribute_value.hpp"

namespace slsim::store {

/// ExpressionAttributeNames ("#n" → name) and ExpressionAttributeValues (":v" → value).
struct expression_args {
  std::optional<std::map<std::string, std::string, std::less<>>> names;
  std::optional<std::map<std::string, attribute_value, std::less<>>> values;
};

/// ReturnValues (D2): which attributes a write returns.
enum class return_values : std::uint8_t { none, all_old, updated_old, all_new, updated_new };

/// Who is calling: the writer identity recorded in the change stream (D11).
struct call_context {
  std::uint64_t writer = 0;  ///< opaque invocation id
  /// Stable identity of this attempt of the call (its invocation's draw key, its index in
  /// the invocation, the SDK's retry), under which its latency is drawn (sim::keyed_rng);
  /// 0: the service numbers its unkeyed calls itself, in call order.
  std::uint64_t key = 0;
};

struct put_request {
  std::string table;
  store::item item;
  std::optional<std::string> condition;
  expression_args expr;
  store::return_values return_values = store::return_values::none;
  bool return_old_on_condition_failure = false;  ///< ReturnValuesOnConditionCheckFailure=ALL_OLD
};

struct update_request {
  std::string table;
  store::item key;
  std::optional<std::string> update;
  std::optional<std::string> condition;
  expression_args expr;
  store::return_values return_values = store::return_values::none;
  bool return_old_on_condition_failure = false;
};

struct delete_request {
  std::string table;
  store::item key;
  std::optional<std::string> condition;
  expression_args expr;
  store::return_values return_values = store::return_values::none;
  bool return_old_on_condition_failure = false;
};

struct get_request {
  std::string table;
  store::item key;
  bool consistent_read = false;  ///< D7: eventually consistent by default
};

/// Query on the partition key with an optional sort-key condition, ascending by default.
struct query_request {
  std::string table;
  std::string key_condition;
  expression_args expr;
  bool scan_index_forward = true;
  std::optional<std::uint32_t> limit;
  bool consistent_read = false;
};

/// One action of TransactWriteItems (D5).
struct transact_action {
  enum class action_kind : std::uint8_t { put, update, del, condition_check };
  action_kind kind = action_kind::put;
  std::string table;
  store::item item;  ///< Put: the item; others: the key
  std::optional<std::string> update;
  std::optional<std::string> condition;
  expression_args expr;
  bool return_old_on_condition_failure = false;
};

struct transact_write_request {
  std::vector<transact_action> actions;
  std::optional<std::string> client_request_token;  ///< D6
};

}  // namespace slsim::store
