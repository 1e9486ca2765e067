#include "slsim/sim/run_result.hpp"

#include <fmt/format.h>

namespace slsim::sim {

const char* to_string(run_status s) noexcept {
  switch (s) {
    case run_status::ok:
      return "ok";
    case run_status::failed:
      return "failed";
    case run_status::deadlock:
      return "deadlock";
    case run_status::real_io:
      return "real_io";
    case run_status::event_budget:
      return "event_budget";
    case run_status::watchdog:
      return "watchdog";
  }
  return "unknown";
}

std::string run_result::describe() const {
  std::string out;
  for (const auto& f : failures)
    out += fmt::format("{} in '{}' at t={:.9f}s: {}\n", to_string(f.kind), f.task, to_seconds(f.at), f.message);
  return out;
}

}  // namespace slsim::sim
