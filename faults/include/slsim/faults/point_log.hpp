#pragma once
// The trigger points one run offered (`slsim explore`, docs/exploration.md): every point a
// keyed fault trigger (fault::request) can address, in the order the run reached them, each
// with the run's trace hash there (the state it had reached). The injector fills it while
// it runs a plan (injector::log_points); the explorer turns it into fault placements.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "slsim/faults/fault_plan.hpp"

namespace slsim::faults {

/// Where a point sits in its run: `seq` counts the logged points in the order reached, so a
/// point of another run with the same prefix has the same `seq`; `hash` is the trace hash
/// when it was reached; `stopped`: faults had stopped (the liveness phase), none can fire.
struct point_position {
  std::uint64_t seq = 0;
  std::uint64_t hash = 0;
  bool stopped = false;
};

/// An invocation as it starts (throttled attempts included, as the injector sees them).
struct logged_invocation {
  point_position at;
  std::uint64_t invocation = 0;
  /// The (request, delivery) keys whose first carrying invocation this is: each addresses it.
  std::vector<request_target> keys;
};

/// One store call an invocation makes.
struct logged_call {
  point_position at;
  std::uint64_t invocation = 0;
  std::uint32_t nth = 0;          ///< its number within the invocation (1-based)
  std::uint32_t await_point = 0;  ///< the runtime's await point number (crash points)
  bool write = false;
};

/// A message sent to the source queue for a request, or an integration call the gateway
/// made for one: the nth of that request.
struct logged_request_point {
  point_position at;
  request_target request;  ///< delivery unused (1)
  std::uint32_t nth = 0;
  std::string message_id;  ///< sends only
  bool deleted = false;    ///< sends only: the message was deleted in this run (filled at its end)
};

struct point_log {
  std::vector<logged_invocation> invocations;
  std::vector<logged_call> calls;
  std::vector<logged_request_point> sends;
  std::vector<logged_request_point> integrations;
  std::uint64_t next_seq = 1;

  point_position next(std::uint64_t hash, bool stopped) { return {next_seq++, hash, stopped}; }
};

void to_json(nlohmann::json& j, const point_log& log);
void from_json(const nlohmann::json& j, point_log& log);

}  // namespace slsim::faults
