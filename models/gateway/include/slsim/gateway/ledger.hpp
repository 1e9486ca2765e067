#pragma once
// The per-request ledger (docs/architecture.md §6): always on and cheap. For every requestId,
// every attempt that reached the gateway: when, the status, whether SQS stored a
// message (even after a 504, G6) and its message id, and what the client saw.
// Oracles read it instead of the trace.
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <utility>
#include <vector>

#include "slsim/gateway/request.hpp"
#include "slsim/sim/id_index.hpp"
#include "slsim/sim/record_storage.hpp"
#include "slsim/sim/time.hpp"

namespace slsim::gateway {

/// What the client made of an attempt.
enum class client_view : std::uint8_t {
  pending,    ///< no answer yet
  answered,   ///< the client received `status`
  timed_out,  ///< the client gave up first (client-side timeout)
  cancelled,  ///< the client cancelled the call
};

/// One attempt of one request.
struct attempt_record {
  static constexpr std::uint32_t k_none = UINT32_MAX;
  std::uint64_t request_id = 0;
  std::uint32_t attempt = 1;  ///< 1-based, in arrival order at the gateway
  std::uint32_t client = 0;
  request_kind kind = request_kind::valid;
  sim::time_ns received_at = 0;
  sim::time_ns answered_at = -1;  ///< when the gateway answered (-1: not yet)
  int status = 0;                 ///< the gateway's status (0: not answered yet)
  response_type type = response_type::accepted;
  int backend_status = 0;
  bool enqueued = false;  ///< SQS stored a message for this attempt
  sim::time_ns enqueued_at = -1;
  std::string message_id;
  std::uint64_t correlation_id = 0;
  client_view client_saw = client_view::pending;
  std::uint32_t next = k_none;  ///< the next attempt of the same request
};

/// One request and where its attempts are.
struct request_record {
  std::uint64_t request_id = 0;
  request_kind kind = request_kind::valid;       ///< folded: its latest attempt's
  bool answered_2xx = false;                     ///< one of its attempts was answered 2xx
  bool enqueued = false;                         ///< SQS stored a message for one of its attempts
  std::uint32_t first = attempt_record::k_none;  ///< folded: k_none (attempts are not kept)
  std::uint32_t last = attempt_record::k_none;
  std::uint32_t attempts = 0;
};

/// Append-only record of requests and attempts, in arrival order.
class request_ledger {
 public:
  /// Folded (docs/architecture.md §8): an attempt's record lives only while its call does;
  /// what the oracles read of it (answered 2xx, enqueued, its kind) stays in its request's
  /// record. Set before the first attempt.
  void fold_attempts() noexcept { folding_ = true; }
  /// Makes room for `requests` requests (sized once, never doubled during a long run).
  void reserve(std::size_t requests) {
    requests_.reserve(requests);
    index_.reserve(requests);
  }
  bool folding() const noexcept { return folding_; }

  /// Appends an attempt of `request_id` and returns its index.
  std::uint32_t begin_attempt(std::uint64_t request_id, std::uint32_t client, request_kind kind, sim::time_ns now);
  /// The attempt was answered `status`, or SQS stored its message: noted on its request too.
  void note_answered(std::uint32_t index, int status);
  void note_enqueued(std::uint32_t index);
  /// Its call is over (folded: its record's slot is reused; otherwise nothing).
  void end_attempt(std::uint32_t index);
  attempt_record& attempt(std::uint32_t index) { return attempts_[index]; }
  const attempt_record& attempt(std::uint32_t index) const { return attempts_[index]; }

  /// Requests in first-arrival order.
  const sim::record_vector<request_record>& requests() const noexcept { return requests_; }
  /// All attempts in arrival order.
  const std::vector<attempt_record>& attempts() const noexcept { return attempts_; }
  /// The records moved out (the ledger is left empty).
  sim::record_vector<request_record> take_requests() noexcept {
    index_.clear();
    return std::exchange(requests_, {});
  }
  /// Folded: none (their facts are in the requests).
  std::vector<attempt_record> take_attempts() noexcept {
    free_.clear();
    if (folding_) attempts_.clear();
    return std::exchange(attempts_, {});
  }
  /// The request, or nullptr if it never reached the gateway.
  const request_record* find(std::uint64_t request_id) const;
  /// The attempts of one request, oldest first (a copy).
  std::vector<attempt_record> attempts_of(std::uint64_t request_id) const;
  /// Messages SQS stored for the request (one per enqueued attempt; G6 can make several).
  std::uint32_t enqueued_count(std::uint64_t request_id) const;

 private:
  sim::record_vector<request_record> requests_;  // in record storage: a long run keeps one a request
  std::vector<attempt_record> attempts_;
  // Lookup only; never iterated, so its order cannot leak into behaviour.
  sim::id_index index_;
  bool folding_ = false;
  std::vector<std::uint32_t> free_;  // folded: attempt slots whose call is over
};

void to_json(nlohmann::json& j, const attempt_record& a);
/// {"requests": [{"request_id", "kind", "attempts": [...]}, ...]} in arrival order.
void to_json(nlohmann::json& j, const request_ledger& ledger);

}  // namespace slsim::gateway
