#pragma once
// IAM configuration: named roles and the actions each may call (docs/architecture.md §0, §3).
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "slsim/models/validation.hpp"

namespace slsim::iam {

/// One role: a name and the IAM actions it allows ("sqs:SendMessage", "dynamodb:*").
struct role_config {
  std::string name;
  std::vector<std::string> actions;
};

/// The scenario's roles. Defaults follow docs/architecture.md §0: the gateway may only send to
/// the queue; the handler may put, update and get items; the poller (the function's
/// execution role as the event source mapping uses it) may receive, delete and change
/// visibility. A transaction is authorised per contained action, so a handler using
/// TransactWriteItems with a delete needs "dynamodb:DeleteItem" added here.
struct iam_config {
  std::vector<role_config> roles{
      {"gateway", {"sqs:SendMessage"}},
      {"handler", {"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:GetItem"}},
      {"poller",
       {"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:DeleteMessageBatch", "sqs:ChangeMessageVisibility",
        "sqs:GetQueueAttributes"}},
  };

  /// Every violation: empty or duplicate role names, unknown action names (with the
  /// JSON path, e.g. "iam.roles[1].actions[0]").
  std::vector<models::violation> validate() const;
};

void to_json(nlohmann::json& j, const role_config& r);
void from_json(const nlohmann::json& j, role_config& r);
void to_json(nlohmann::json& j, const iam_config& c);
/// Roles in `j` replace the default role of the same name; other defaults stay, so a
/// scenario widens one role without restating the others.
void from_json(const nlohmann::json& j, iam_config& c);

}  // namespace slsim::iam
