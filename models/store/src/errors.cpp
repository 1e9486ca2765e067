#include "slsim/store/errors.hpp"

#include <array>

namespace slsim::store {
namespace {

struct error_info {
  store_errc code;
  std::string_view name;
  std::string_view prefix;
};

constexpr std::array<error_info, 13> k_errors{{
    {store_errc::conditional_check_failed, "ConditionalCheckFailedException", "com.amazonaws.dynamodb.v20120810#"},
    {store_errc::transaction_canceled, "TransactionCanceledException", "com.amazonaws.dynamodb.v20120810#"},
    {store_errc::transaction_conflict, "TransactionConflictException", "com.amazonaws.dynamodb.v20120810#"},
    {store_errc::transaction_in_progress, "TransactionInProgressException", "com.amazonaws.dynamodb.v20120810#"},
    {store_errc::idempotent_parameter_mismatch, "IdempotentParameterMismatchException",
     "com.amazonaws.dynamodb.v20120810#"},
    {store_errc::provisioned_throughput_exceeded, "ProvisionedThroughputExceededException",
     "com.amazonaws.dynamodb.v20120810#"},
    {store_errc::throttling, "ThrottlingException", "com.amazon.coral.availability#"},
    {store_errc::validation, "ValidationException", "com.amazon.coral.validate#"},
    {store_errc::item_too_large, "ValidationException", "com.amazon.coral.validate#"},
    {store_errc::access_denied, "AccessDeniedException", "com.amazon.coral.service#"},
    {store_errc::resource_not_found, "ResourceNotFoundException", "com.amazonaws.dynamodb.v20120810#"},
    {store_errc::internal_error, "InternalServerError", "com.amazonaws.dynamodb.v20120810#"},
    {store_errc::timeout, "RequestTimeout", "slsim#"},
}};

const error_info* find(store_errc e) noexcept {
  for (const auto& info : k_errors)
    if (info.code == e) return &info;
  return nullptr;
}

class category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "slsim.store"; }
  std::string message(int ev) const override {
    const auto* info = find(static_cast<store_errc>(ev));
    return info ? std::string(info->name) : "success";
  }
};

}  // namespace

const std::error_category& store_category() noexcept {
  static const category instance;
  return instance;
}

std::error_code make_error_code(store_errc e) noexcept { return {static_cast<int>(e), store_category()}; }

std::string_view wire_error_name(store_errc e) noexcept {
  const auto* info = find(e);
  return info ? info->name : std::string_view{};
}

std::string wire_error_type(store_errc e) {
  const auto* info = find(e);
  return info ? std::string(info->prefix) + std::string(info->name) : std::string{};
}

store_errc errc_from_wire(std::string_view type) noexcept {
  const auto hash = type.find('#');
  if (hash != std::string_view::npos) type = type.substr(hash + 1);
  for (const auto& info : k_errors)
    if (info.name == type) return info.code;
  return store_errc::validation;
}

bool is_retryable(store_errc e) noexcept {
  switch (e) {
    case store_errc::provisioned_throughput_exceeded:
    case store_errc::throttling:
    case store_errc::transaction_conflict:
    case store_errc::internal_error:
    case store_errc::timeout:
      return true;  // SDKs retry network timeouts (so a timed-out write may apply twice)
    default:
      return false;  // D2: condition failures are client errors, never retried
  }
}

}  // namespace slsim::store
