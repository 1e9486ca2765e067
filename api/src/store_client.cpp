#include "slsim/store_client.hpp"

namespace slsim {
namespace {
struct action_of {
  const char* operator()(const store::put_request&) const noexcept { return "dynamodb:PutItem"; }
  const char* operator()(const store::update_request&) const noexcept { return "dynamodb:UpdateItem"; }
  const char* operator()(const store::delete_request&) const noexcept { return "dynamodb:DeleteItem"; }
  const char* operator()(const store::get_request&) const noexcept { return "dynamodb:GetItem"; }
  const char* operator()(const store::query_request&) const noexcept { return "dynamodb:Query"; }
  const char* operator()(const store::transact_write_request&) const noexcept { return "dynamodb:TransactWriteItems"; }
};
}  // namespace

const char* iam_action(const store_operation& operation) noexcept { return std::visit(action_of{}, operation); }

}  // namespace slsim
