#include "slsim/iam/action.hpp"

#include <array>

namespace slsim::iam {
namespace {
// Indexed by the enum's value; the order must match `action`.
constexpr std::array<std::string_view, k_action_count> k_names{
    "sqs:SendMessage",        "sqs:SendMessageBatch",        "sqs:ReceiveMessage",      "sqs:DeleteMessage",
    "sqs:DeleteMessageBatch", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes",  "dynamodb:PutItem",
    "dynamodb:UpdateItem",    "dynamodb:DeleteItem",         "dynamodb:GetItem",        "dynamodb:Query",
    "dynamodb:Scan",          "dynamodb:ConditionCheckItem", "dynamodb:BatchWriteItem", "dynamodb:BatchGetItem",
};
}  // namespace

std::string_view to_string(action a) noexcept {
  const auto i = static_cast<std::size_t>(a);
  return i < k_action_count ? k_names[i] : std::string_view("unknown");
}

std::optional<action> parse_action(std::string_view name) noexcept {
  for (std::size_t i = 0; i < k_action_count; ++i)
    if (k_names[i] == name) return static_cast<action>(i);
  return std::nullopt;
}

bool is_sqs(action a) noexcept { return to_string(a).starts_with("sqs:"); }

}  // namespace slsim::iam
