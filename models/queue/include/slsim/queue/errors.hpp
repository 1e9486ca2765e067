#pragma once
// Errors of the simulated SQS API: one category whose messages are the AWS error names,
// so a gateway or handler can map them exactly as AWS clients do. std::error_code, as the
// store's and IAM's service errors (docs/architecture.md "Model shape").
#include <string_view>
#include <system_error>
#include <type_traits>

namespace slsim::queue {

/// SQS API errors (the message of each is the AWS error code name).
enum class queue_errc {
  queue_does_not_exist = 1,           ///< QueueDoesNotExist
  receipt_handle_is_invalid,          ///< ReceiptHandleIsInvalid (MD2: malformed handle)
  message_not_inflight,               ///< MessageNotInflight (S6)
  invalid_parameter_value,            ///< InvalidParameterValue (ranges, FIFO-only/standard-only parameters)
  invalid_message_contents,           ///< InvalidMessageContents (S11 characters)
  message_too_long,                   ///< InvalidParameterValue for a body + attributes over MaximumMessageSize (S11)
  over_limit,                         ///< OverLimit (S3: too many in-flight messages)
  missing_parameter,                  ///< MissingParameter (empty body, F1 missing MessageGroupId)
  invalid_attribute_name,             ///< InvalidAttributeName (message attribute names)
  empty_batch_request,                ///< EmptyBatchRequest
  too_many_entries_in_batch_request,  ///< TooManyEntriesInBatchRequest (> 10)
  batch_entry_ids_not_distinct,       ///< BatchEntryIdsNotDistinct
  batch_request_too_long,             ///< BatchRequestTooLong (total payload over the maximum)
  invalid_batch_entry_id,             ///< InvalidBatchEntryId
  internal_error,                     ///< InternalError (injected API failure, docs/architecture.md §5)
  service_unavailable,                ///< ServiceUnavailable (injected API failure)
  request_throttled,                  ///< RequestThrottled (injected API failure)
};

/// The error category of queue_errc ("sqs").
const std::error_category& queue_category() noexcept;

/// Makes a std::error_code in queue_category().
inline std::error_code make_error_code(queue_errc e) noexcept { return {static_cast<int>(e), queue_category()}; }

/// The AWS error code name of `e`, e.g. "ReceiptHandleIsInvalid".
std::string_view aws_error_name(queue_errc e) noexcept;

}  // namespace slsim::queue

template <>
struct std::is_error_code_enum<slsim::queue::queue_errc> : std::true_type {};
