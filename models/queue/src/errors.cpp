// The "sqs" error category: messages are the AWS error code names.
#include "slsim/queue/errors.hpp"

#include <string>

namespace slsim::queue {
namespace {

class queue_category_impl final : public std::error_category {
 public:
  const char* name() const noexcept override { return "sqs"; }
  std::string message(int ev) const override { return std::string(aws_error_name(static_cast<queue_errc>(ev))); }
};

}  // namespace

const std::error_category& queue_category() noexcept {
  static const queue_category_impl category;
  return category;
}

std::string_view aws_error_name(queue_errc e) noexcept {
  switch (e) {
    case queue_errc::queue_does_not_exist:
      return "QueueDoesNotExist";
    case queue_errc::receipt_handle_is_invalid:
      return "ReceiptHandleIsInvalid";
    case queue_errc::message_not_inflight:
      return "MessageNotInflight";
    case queue_errc::invalid_parameter_value:
      return "InvalidParameterValue";
    case queue_errc::invalid_message_contents:
      return "InvalidMessageContents";
    case queue_errc::message_too_long:
      return "InvalidParameterValue";
    case queue_errc::over_limit:
      return "OverLimit";
    case queue_errc::missing_parameter:
      return "MissingParameter";
    case queue_errc::invalid_attribute_name:
      return "InvalidAttributeName";
    case queue_errc::empty_batch_request:
      return "EmptyBatchRequest";
    case queue_errc::too_many_entries_in_batch_request:
      return "TooManyEntriesInBatchRequest";
    case queue_errc::batch_entry_ids_not_distinct:
      return "BatchEntryIdsNotDistinct";
    case queue_errc::batch_request_too_long:
      return "BatchRequestTooLong";
    case queue_errc::invalid_batch_entry_id:
      return "InvalidBatchEntryId";
    case queue_errc::internal_error:
      return "InternalError";
    case queue_errc::service_unavailable:
      return "ServiceUnavailable";
    case queue_errc::request_throttled:
      return "RequestThrottled";
  }
  return "UnknownError";
}

}  // namespace slsim::queue
