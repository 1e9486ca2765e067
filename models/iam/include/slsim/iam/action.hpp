#pragma once
// The IAM actions slsim's services check (docs/architecture.md §0, §3). Parsed once from the
// scenario's "service:Action" strings; the hot path works on the enum.
#include <cstdint>
#include <optional>
#include <string_view>

namespace slsim::iam {

/// One service API action a role may be allowed to call.
enum class action : std::uint8_t {
  sqs_send_message,
  sqs_send_message_batch,
  sqs_receive_message,
  sqs_delete_message,
  sqs_delete_message_batch,
  sqs_change_message_visibility,
  sqs_get_queue_attributes,
  dynamodb_put_item,
  dynamodb_update_item,
  dynamodb_delete_item,
  dynamodb_get_item,
  dynamodb_query,
  dynamodb_scan,
  dynamodb_condition_check_item,
  dynamodb_batch_write_item,
  dynamodb_batch_get_item,
  count_  ///< not an action: the number of actions
};

inline constexpr std::size_t k_action_count = static_cast<std::size_t>(action::count_);

/// The IAM spelling of `a`, e.g. "sqs:SendMessage".
std::string_view to_string(action a) noexcept;

/// Parses "sqs:SendMessage" (exact IAM spelling); nullopt for anything else.
/// Wildcards are handled by the config ("sqs:*", "dynamodb:*"), not here.
std::optional<action> parse_action(std::string_view name) noexcept;

/// True for the SQS actions (prefix "sqs:"), false for DynamoDB ones.
bool is_sqs(action a) noexcept;

}  // namespace slsim::iam
