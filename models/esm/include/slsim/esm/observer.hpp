#pragma once
// What the event source mapping reports to oracles and metrics: why each message went
// back to the queue, concurrent duplicate invocations (P1), deletes and batch sizes.
#include <array>
#include <cstdint>
#include <string_view>

#include "slsim/runtime/invoke_outcome.hpp"
#include "slsim/runtime/judge.hpp"
#include "slsim/sim/time.hpp"

namespace slsim::esm {

/// Why a received message was not deleted (the cause of an unsuccessful receive).
enum class failure_cause : std::uint8_t {
  reported,           ///< L13: listed in the handler's batchItemFailures
  handler_error,      ///< L1: its batch's invocation threw (or init failed); whole batch retried
  invalid_response,   ///< L13: the response failed the whole batch (bad or unknown itemIdentifier, bad JSON)
  timeout,            ///< L5/MD5: its batch's invocation timed out
  crash,              ///< an injected crash killed its batch's invocation
  throttle,           ///< L9/L11/MD6: throttled until its visibility expired, then dropped
  visibility_expiry,  ///< P1: it became visible (and was received again) while an invocation held it
};
inline constexpr std::size_t k_failure_causes = 7;

/// Lower-case name of a cause ("reported", "throttle", ...).
const char* to_string(failure_cause c) noexcept;

/// One invocation attempt of a batch (a throttled batch has several attempts).
struct invocation_report {
  std::uint64_t batch_id = 0;                        ///< 1-based per ESM
  std::uint32_t attempt = 0;                         ///< 1-based
  std::uint32_t size = 0;                            ///< messages in the batch
  sim::time_ns t = 0;                                ///< when the attempt ended
  sim::time_ns started = 0;                          ///< when the attempt was made (INIT included, L11)
  const runtime::invoke_outcome* outcome = nullptr;  ///< valid during the call only
  runtime::verdict_kind verdict = runtime::verdict_kind::complete_success;
};

/// Always-on counters of one ESM.
struct esm_stats {
  std::uint64_t receives = 0;  ///< receive calls
  std::uint64_t messages_received = 0;
  std::uint64_t batches = 0;      ///< batches assembled (each invoked at least once)
  std::uint64_t invocations = 0;  ///< invocation attempts, throttled ones included
  std::uint64_t throttled_attempts = 0;
  std::uint64_t dropped_batches = 0;                       ///< MD6: given up after throttling until visibility expiry
  std::uint64_t deleted = 0;                               ///< delete requests for processed messages
  std::uint64_t filtered = 0;                              ///< L15: deleted without invocation
  std::uint64_t concurrent_duplicates = 0;                 ///< P1: a message held by two invocations at once
  std::array<std::uint64_t, k_failure_causes> failures{};  ///< messages returned, by cause
  std::uint32_t max_batch_size = 0;
  int peak_active = 0;         ///< most batches held at once
  int target_concurrency = 0;  ///< the scaler's current target (L8)
  int peak_target = 0;
};

/// Receives ESM events synchronously; must not call back into the ESM. Views are valid
/// during the call only. Default implementations ignore the event.
class esm_observer {
 public:
  virtual ~esm_observer() = default;
  /// A batch was assembled: its size (batch-size distribution).
  virtual void on_batch(std::uint64_t /*batch_id*/, std::uint32_t /*size*/) {}
  /// An invocation attempt ended.
  virtual void on_invocation(const invocation_report& /*report*/) {}
  /// A message of `batch_id` goes back to the queue because of `cause`.
  virtual void on_message_failed(std::string_view /*message_id*/, std::uint64_t /*batch_id*/, failure_cause) {}
  /// P1: an invocation of `batch_id` starts holding a message another invocation holds.
  virtual void on_concurrent_duplicate(std::string_view /*message_id*/, std::uint64_t /*batch_id*/) {}
  /// The invocation of `batch_id` processed the message: it is deleted next (L1, L13),
  /// whether or not that delete then succeeds.
  virtual void on_processed(std::string_view /*message_id*/, std::uint64_t /*batch_id*/) {}
  /// The ESM deleted a processed message (L1, L13).
  virtual void on_deleted(std::string_view /*message_id*/, std::uint64_t /*batch_id*/) {}
  /// L15: a message matched no filter and was deleted without invocation.
  virtual void on_filtered(std::string_view /*message_id*/) {}
};

}  // namespace slsim::esm
