#include "slsim/faults/fault_plan.hpp"

#include <fmt/format.h>

namespace slsim::faults {
namespace {
constexpr const char* k_names[k_fault_kinds] = {
    "handler_crash",      "store_throttle", "store_timeout_applied", "store_timeout_lost",    "store_latency_spike",
    "duplicate_delivery", "delete_failure", "environment_recycle",   "gateway_lost_response", "gateway_slow"};
}  // namespace

const char* to_string(fault_kind k) noexcept { return k_names[static_cast<std::size_t>(k)]; }

bool parse_fault_kind(std::string_view name, fault_kind& out) noexcept {
  for (std::size_t i = 0; i < k_fault_kinds; ++i)
    if (name == k_names[i]) {
      out = static_cast<fault_kind>(i);
      return true;
    }
  return false;
}

std::string describe(const fault& f) {
  switch (f.kind) {
    case fault_kind::handler_crash:
      return f.point == 0 ? fmt::format("crash invocation {} just before it returns", f.nth)
                          : fmt::format("crash invocation {} at await point {}", f.nth, f.point);
    case fault_kind::store_throttle:
      return fmt::format("throttle store calls {}..{}", f.nth, f.nth + f.count - 1);
    case fault_kind::store_timeout_applied:
      return fmt::format("store call {} times out after its write applied", f.nth);
    case fault_kind::store_timeout_lost:
      return fmt::format("store call {} times out and is lost", f.nth);
    case fault_kind::store_latency_spike:
      return fmt::format("store call {} takes {:.1f}s longer", f.nth, f.seconds);
    case fault_kind::duplicate_delivery:
      return fmt::format("message {} is delivered again after its delete", f.nth);
    case fault_kind::delete_failure:
      return fmt::format("the delete after invocation {} fails", f.nth);
    case fault_kind::environment_recycle:
      return fmt::format("environments recycled at invocation {}", f.nth);
    case fault_kind::gateway_lost_response:
      return fmt::format("integration call {} stored, client got 504", f.nth);
    case fault_kind::gateway_slow:
      return fmt::format("integration call {} takes {:.1f}s longer", f.nth, f.seconds);
  }
  return "?";
}

void to_json(nlohmann::json& j, const fault& f) {
  j = {{"kind", to_string(f.kind)}, {"nth", f.nth}};
  if (f.kind == fault_kind::handler_crash) j["point"] = f.point;
  if (f.kind == fault_kind::store_throttle) j["count"] = f.count;
  if (f.kind == fault_kind::store_latency_spike || f.kind == fault_kind::gateway_slow) j["seconds"] = f.seconds;
}

void from_json(const nlohmann::json& j, fault& f) {
  const auto name = j.at("kind").get<std::string>();
  if (!parse_fault_kind(name, f.kind)) throw std::invalid_argument("unknown fault kind \"" + name + "\"");
  f.nth = j.at("nth").get<std::uint32_t>();
  if (f.nth == 0) throw std::invalid_argument("\"nth\" counts from 1");
  f.point = j.value("point", 1u);
  f.count = j.value("count", 1u);
  f.seconds = j.value("seconds", 0.0);
}

void to_json(nlohmann::json& j, const fault_plan& p) { j = {{"faults", p.faults}, {"buggify", p.buggify}}; }

void from_json(const nlohmann::json& j, fault_plan& p) {
  p.faults = j.value("faults", std::vector<fault>{});
  p.buggify = j.value("buggify", false);
}

}  // namespace slsim::faults
