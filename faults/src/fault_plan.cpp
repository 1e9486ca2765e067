#include "slsim/faults/fault_plan.hpp"

#include <fmt/format.h>

namespace slsim::faults {
namespace {
constexpr const char* k_names[k_fault_kinds] = {"handler_crash",      "store_throttle",      "store_timeout_applied",
                                                "store_timeout_lost", "store_latency_spike", "duplicate_delivery",
                                                "delete_failure",     "environment_recycle", "gateway_lost_response",
                                                "gateway_slow",       "store_error"};
constexpr const char* k_error_names[k_surfaced_errors] = {"throttling", "internal_error", "validation"};
}  // namespace

const char* to_string(surfaced_error e) noexcept { return k_error_names[static_cast<std::size_t>(e)]; }

const char* to_string(fault_kind k) noexcept { return k_names[static_cast<std::size_t>(k)]; }

bool parse_fault_kind(std::string_view name, fault_kind& out) noexcept {
  for (std::size_t i = 0; i < k_fault_kinds; ++i)
    if (name == k_names[i]) {
      out = static_cast<fault_kind>(i);
      return true;
    }
  return false;
}

namespace {
std::string request_of(const request_target& t) { return fmt::format("request {}/{}", t.client, t.index); }
std::string invocation_of(const fault& f) {
  if (!f.request) return fmt::format("invocation {}", f.nth);
  return fmt::format("the invocation of {} (delivery {})", request_of(*f.request), f.request->delivery);
}
std::string store_call_of(const fault& f) {
  if (!f.request) return fmt::format("store call {}", f.nth);
  return fmt::format("store call {} of the invocation of {} (delivery {})", f.nth, request_of(*f.request),
                     f.request->delivery);
}
std::string sent_of(const fault& f, const char* what) {
  if (!f.request) return fmt::format("{} {}", what, f.nth);
  return fmt::format("{} {} of {}", what, f.nth, request_of(*f.request));
}
}  // namespace

std::string describe(const fault& f) {
  switch (f.kind) {
    case fault_kind::handler_crash:
      if (f.point == 0) return fmt::format("crash {} just before it returns", invocation_of(f));
      return f.after ? fmt::format("crash {} right after its store call {} completes", invocation_of(f), f.point)
                     : fmt::format("crash {} at await point {} (before its store call {})", invocation_of(f), f.point,
                                   f.point);
    case fault_kind::store_throttle:
      if (f.request) return fmt::format("throttle {} and the {} calls after it", store_call_of(f), f.count - 1);
      return fmt::format("throttle store calls {}..{}", f.nth, f.nth + f.count - 1);
    case fault_kind::store_timeout_applied:
      return fmt::format("{} times out after its write applied", store_call_of(f));
    case fault_kind::store_timeout_lost:
      return fmt::format("{} times out and is lost", store_call_of(f));
    case fault_kind::store_latency_spike:
      return fmt::format("{} takes {:.1f}s longer", store_call_of(f), f.seconds);
    case fault_kind::duplicate_delivery:
      return fmt::format("{} is delivered again after its delete", sent_of(f, "message"));
    case fault_kind::delete_failure:
      return fmt::format("the delete after {} fails", invocation_of(f));
    case fault_kind::environment_recycle:
      return fmt::format("environments recycled at {}", invocation_of(f));
    case fault_kind::gateway_lost_response:
      return fmt::format("{} stored, client got 504", sent_of(f, "integration call"));
    case fault_kind::gateway_slow:
      return fmt::format("{} takes {:.1f}s longer", sent_of(f, "integration call"), f.seconds);
    case fault_kind::store_error:
      return fmt::format("{} returns {} to the handler", store_call_of(f), to_string(f.error));
  }
  return "?";
}

void to_json(nlohmann::json& j, const fault& f) {
  j = {{"kind", to_string(f.kind)}, {"nth", f.nth}};
  if (f.request)
    j["request"] = {{"client", f.request->client}, {"index", f.request->index}, {"delivery", f.request->delivery}};
  if (f.kind == fault_kind::handler_crash) {
    j["point"] = f.point;
    if (f.after) j["after"] = true;
  }
  if (f.kind == fault_kind::store_error) j["error"] = to_string(f.error);
  if (f.kind == fault_kind::store_throttle) j["count"] = f.count;
  if (f.kind == fault_kind::store_latency_spike || f.kind == fault_kind::gateway_slow) j["seconds"] = f.seconds;
}

namespace {
// A counter of a fault: a whole number, not a negative or fractional one converted into
// some other count.
std::uint32_t whole_field(const nlohmann::json& j, const char* name, std::uint32_t fallback) {
  const auto it = j.find(name);
  if (it == j.end()) return fallback;
  if (!it->is_number_unsigned() || it->get<std::uint64_t>() > UINT32_MAX)
    throw std::invalid_argument(fmt::format("\"{}\" must be a whole number from 0 to {}", name, UINT32_MAX));
  return it->get<std::uint32_t>();
}
}  // namespace

void from_json(const nlohmann::json& j, fault& f) {
  const auto name = j.at("kind").get<std::string>();
  if (!parse_fault_kind(name, f.kind)) throw std::invalid_argument("unknown fault kind \"" + name + "\"");
  if (!j.contains("nth")) throw std::invalid_argument("\"nth\" is required");
  f.nth = whole_field(j, "nth", 1);
  if (f.nth == 0) throw std::invalid_argument("\"nth\" counts from 1");
  f.request.reset();
  if (const auto it = j.find("request"); it != j.end()) {
    if (!it->is_object())
      throw std::invalid_argument("\"request\" must be an object {\"client\", \"index\", \"delivery\"}");
    request_target t;
    t.client = whole_field(*it, "client", 0);
    t.index = whole_field(*it, "index", 0);
    t.delivery = whole_field(*it, "delivery", 1);
    if (t.delivery == 0) throw std::invalid_argument("\"request.delivery\" counts from 1 (the first receive)");
    f.request = t;
  }
  f.point = whole_field(j, "point", 1);
  f.count = whole_field(j, "count", 1);
  f.seconds = j.value("seconds", 0.0);
  if (!(f.seconds >= 0 && f.seconds <= 86400))  // a day: far past any timeout it could cross
    throw std::invalid_argument(fmt::format("\"seconds\" must be from 0 to 86400, not {}", f.seconds));
  f.after = j.value("after", false);
  if (f.after && f.point == 0) throw std::invalid_argument("\"after\" needs an await point \"point\" >= 1");
  const auto error = j.value("error", std::string("internal_error"));
  bool known = false;
  for (std::size_t i = 0; i < k_surfaced_errors; ++i)
    if (error == k_error_names[i]) {
      f.error = static_cast<surfaced_error>(i);
      known = true;
    }
  if (!known)
    throw std::invalid_argument("unknown store error \"" + error +
                                "\" (expected throttling, internal_error or validation)");
}

void to_json(nlohmann::json& j, const fault_plan& p) { j = {{"faults", p.faults}, {"buggify", p.buggify}}; }

void from_json(const nlohmann::json& j, fault_plan& p) {
  p.faults = j.value("faults", std::vector<fault>{});
  p.buggify = j.value("buggify", false);
}

}  // namespace slsim::faults
