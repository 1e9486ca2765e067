#pragma once
// The L13 judge: how the event source mapping reads an invocation's result. It decides
// which messages of the batch are deleted and which become visible again.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "slsim/runtime/batch_response.hpp"

namespace slsim::runtime {

struct invoke_outcome;

/// The three ways a batch can end (L1, L13).
enum class verdict_kind : std::uint8_t {
  complete_success,  ///< delete every message
  partial_failure,   ///< delete all but `failed_ids`
  complete_failure,  ///< delete nothing; the whole batch reappears after the visibility timeout
};

/// The judge's decision for one batch.
struct batch_verdict {
  verdict_kind kind = verdict_kind::complete_success;
  std::vector<std::string> failed_ids;  ///< partial_failure only; in batch order, no duplicates
  std::string reason;                   ///< complete_failure only: why (for reports)

  /// True when message `id` must stay in the queue (not be deleted).
  bool failed(std::string_view id) const;
};

/// Judges a handler's result against the batch's message ids (L13, P5). With the
/// feature off the result is ignored and the batch succeeds; with it on, an empty or
/// null list, {} , null, and a misspelled top-level key are success; invalid JSON, an
/// entry with "" or null itemIdentifier, a misspelled entry key, or an id not in the
/// batch fail the whole batch.
batch_verdict judge_response(const invocation_output& output, std::span<const std::string> batch_ids,
                             bool report_batch_item_failures);

/// Convenience for a raw payload given as text.
batch_verdict judge_response(std::string_view raw_json, std::span<const std::string> batch_ids,
                             bool report_batch_item_failures);

/// Judges a whole invocation: any error, timeout, crash or throttle is a complete failure
/// (L1, L13: a thrown exception fails the whole batch); ok results go to judge_response.
batch_verdict judge_invocation(const invoke_outcome& outcome, std::span<const std::string> batch_ids,
                               bool report_batch_item_failures);

}  // namespace slsim::runtime
