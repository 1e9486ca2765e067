#pragma once
// Parsed condition and update expressions (D1, D4). A parse depends only on the
// expression text, so it is cached per distinct string; placeholders (#n, :v) stay
// unresolved and are bound per request (bind.cpp), then evaluated against an item.
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "slsim/store/attribute_value.hpp"

namespace slsim::store::detail {

/// One step of a document path: a name (bare or "#placeholder") or a list index.
struct path_step {
  std::string name;         ///< attribute name, or the "#n" placeholder; empty for an index
  std::int32_t index = -1;  ///< >= 0 for [n]
  bool placeholder = false;
};
using raw_path = std::vector<path_step>;

/// Node kinds: operands first, then conditions.
enum class op : std::uint8_t {
  path,
  value,
  size,
  plus,
  minus,
  if_not_exists,
  list_append,
  unknown_function,
  eq,
  ne,
  lt,
  le,
  gt,
  ge,
  between,
  in,
  and_,
  or_,
  not_,
  attribute_exists,
  attribute_not_exists,
  attribute_type,
  begins_with,
  contains,
};

struct node {
  op kind = op::path;
  raw_path path;                    ///< op::path
  std::string ref;                  ///< op::value: ":v"; functions: the name as written
  std::vector<std::uint32_t> args;  ///< child node indices
};

/// Validation error categories; each keeps the first message found. The order of
/// reporting differs per expression kind (k_condition_order, k_update_order).
enum class err : std::uint8_t {
  parens,
  unknown_function,
  misused_function,
  reserved,
  section,
  attr_name,
  attr_val,
  path_overlap,
  path_conflict,
  operand,
  distinct,
  function,
  count
};
using error_slots = std::array<std::string, static_cast<std::size_t>(err::count)>;

enum class update_action : std::uint8_t { set, remove, add, del };

/// One SET/REMOVE/ADD/DELETE action of an update expression.
struct update_clause {
  update_action action = update_action::set;
  raw_path path;
  std::uint32_t value = 0;  ///< node index of the value (not for REMOVE)
};

/// What the parser produced for one expression string.
struct parsed_expression {
  bool is_update = false;
  std::string syntax_error;  ///< full message without the "Invalid XExpression: " prefix
  error_slots errors;        ///< structural errors found while parsing
  std::vector<node> nodes;
  std::uint32_t root = 0;              ///< condition root
  std::vector<update_clause> clauses;  ///< update actions in order
};

/// Parses a ConditionExpression / KeyConditionExpression.
std::shared_ptr<const parsed_expression> parse_condition(std::string_view text);
/// Parses an UpdateExpression.
std::shared_ptr<const parsed_expression> parse_update(std::string_view text);
/// True if `name` is one of DynamoDB's 573 reserved words (case-insensitive).
bool is_reserved_word(std::string_view name);

/// ExpressionAttributeNames and ExpressionAttributeValues of a request.
struct expression_env {
  const std::map<std::string, std::string, std::less<>>* names = nullptr;
  const std::map<std::string, attribute_value, std::less<>>* values = nullptr;
};

/// Tracks which placeholders a request's expressions used (for the "unused" errors).
struct usage {
  std::vector<std::string_view> names;
  std::vector<std::string_view> values;
};

/// Checks placeholders and value types of a parsed expression against a request's
/// maps; returns DynamoDB's message (without prefix) or "" and records usage.
std::string bind(const parsed_expression& e, const expression_env& env, usage& used);

/// Resolves a path (placeholders through env) into the item; nullptr if absent.
const attribute_value* resolve(const item& it, const raw_path& p, const expression_env& env);
/// The attribute name of a path step (placeholder resolved).
const std::string& step_name(const path_step& s, const expression_env& env);

/// D1: evaluates a bound condition against an item (an absent item is empty).
bool evaluate_condition(const parsed_expression& e, const item& it, const expression_env& env);
/// D4: applies a bound update to `it` in place; returns DynamoDB's runtime error
/// message or "". On error `it` is unspecified (callers work on a copy).
std::string apply_update(const parsed_expression& e, item& it, const expression_env& env);
/// The top-level-to-leaf paths an update touches (for UPDATED_OLD / UPDATED_NEW).
std::vector<raw_path> updated_paths(const parsed_expression& e);
/// Copies the value at `p` (if present) into `out`, creating the enclosing maps/lists.
void project_path(const item& it, const raw_path& p, const expression_env& env, item& out);

}  // namespace slsim::store::detail
