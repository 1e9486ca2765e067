#pragma once
// Fault plans as data (docs/architecture.md §5): each fault has a logical trigger, never a
// virtual time. A keyed trigger names a request of the workload and counts from there —
// "the invocation carrying request 0/4 at its first delivery, its 3rd store call" — so
// dropping other requests while shrinking neither moves nor removes it. The older counted
// triggers ("the 3rd invocation", "the 7th store call of the run") still load and replay.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace slsim::faults {

enum class fault_kind : std::uint8_t {
  handler_crash,          ///< the invocation's process dies at await point `point` (0: just before returning)
  store_throttle,         ///< store call `nth` and the next `count - 1` are throttled (D9; the SDK retries, MD9)
  store_timeout_applied,  ///< store call `nth` times out at the client but its write applies (ambiguous)
  store_timeout_lost,     ///< store call `nth` times out and never reaches the table
  store_latency_spike,    ///< store call `nth` takes `seconds` longer (can push past the function timeout, L5)
  duplicate_delivery,     ///< message `nth` sent comes back once more after its delete (S1, MD4)
  delete_failure,         ///< the first delete after invocation `nth` starts fails: the message returns (S7)
  environment_recycle,    ///< all environments are recycled as invocation `nth` starts (cold starts)
  gateway_lost_response,  ///< integration call `nth` stores the message, the client gets 504 (G6)
  gateway_slow,           ///< integration call `nth` takes `seconds` longer (504 past 29 s, stored anyway, G3/G6)
  store_error,            ///< store call `nth` returns `error` to the handler, nothing applied (the SDK gave up, MD20)
};
inline constexpr std::size_t k_fault_kinds = 11;

/// The errors a store_error fault surfaces: a throttle the SDK's retries did not outlast
/// (D9), a 500 InternalServerError the SDK gave up on, a ValidationException (never retried).
enum class surfaced_error : std::uint8_t { throttling, internal_error, validation };
inline constexpr std::size_t k_surfaced_errors = 3;
const char* to_string(surfaced_error e) noexcept;

const char* to_string(fault_kind k) noexcept;
bool parse_fault_kind(std::string_view name, fault_kind& out) noexcept;

/// A request of the workload by its stable identity (its client and its index among that
/// client's requests, as in clients.arrival.only_requests' ordinals), and which delivery
/// of its message: the invocation whose batch carries it with that receive count (S8).
struct request_target {
  std::uint32_t client = 0;
  std::uint32_t index = 0;
  std::uint32_t delivery = 1;  ///< 1: the first receive of its message

  friend bool operator==(const request_target&, const request_target&) = default;
};

/// One fault with its logical trigger.
struct fault {
  fault_kind kind = fault_kind::handler_crash;
  /// Counted trigger (no `request`): which invocation / store call / message / integration
  /// call of the whole run (1-based). Keyed trigger (`request` set): the nth store call of
  /// the targeted invocation, the nth message sent for the request, its nth integration
  /// call; unused (1) for invocation faults (crash, recycle, delete failure).
  std::uint32_t nth = 1;
  std::optional<request_target> request;  ///< keyed trigger: the request the fault is attached to
  std::uint32_t point = 1;                ///< handler_crash: await point (0 = before returning)
  bool after = false;       ///< handler_crash: right after await point `point`'s call completes, not before it starts
  std::uint32_t count = 1;  ///< store_throttle: how many consecutive calls
  double seconds = 0;       ///< latency spikes and slow integrations
  surfaced_error error = surfaced_error::internal_error;  ///< store_error: what the handler receives

  friend bool operator==(const fault&, const fault&) = default;
};

struct fault_plan {
  std::vector<fault> faults;
  bool buggify = false;  ///< buggify sites may fire (from the case's seed)
};

/// One line per fault, for people ("crash invocation 3 at await point 2").
std::string describe(const fault& f);

void to_json(nlohmann::json& j, const fault& f);
void from_json(const nlohmann::json& j, fault& f);
void to_json(nlohmann::json& j, const fault_plan& p);
void from_json(const nlohmann::json& j, fault_plan& p);

}  // namespace slsim::faults
