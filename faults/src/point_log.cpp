#include "slsim/faults/point_log.hpp"

namespace slsim::faults {
namespace {
// Compact arrays: a log crosses the worker boundary once per explored placement.
nlohmann::json position(const point_position& p) { return {p.seq, p.hash, p.stopped}; }
point_position position_of(const nlohmann::json& j) {
  return {j.at(0).get<std::uint64_t>(), j.at(1).get<std::uint64_t>(), j.at(2).get<bool>()};
}
nlohmann::json target(const request_target& t) { return {t.client, t.index, t.delivery}; }
request_target target_of(const nlohmann::json& j) {
  return {j.at(0).get<std::uint32_t>(), j.at(1).get<std::uint32_t>(), j.at(2).get<std::uint32_t>()};
}
nlohmann::json request_points(const std::vector<logged_request_point>& v) {
  auto out = nlohmann::json::array();
  for (const auto& p : v) out.push_back({position(p.at), target(p.request), p.nth, p.message_id, p.deleted});
  return out;
}
std::vector<logged_request_point> request_points_of(const nlohmann::json& j) {
  std::vector<logged_request_point> out;
  for (const auto& p : j)
    out.push_back({position_of(p.at(0)), target_of(p.at(1)), p.at(2).get<std::uint32_t>(), p.at(3).get<std::string>(),
                   p.at(4).get<bool>()});
  return out;
}
}  // namespace

void to_json(nlohmann::json& j, const point_log& log) {
  auto invocations = nlohmann::json::array();
  for (const auto& i : log.invocations) {
    auto keys = nlohmann::json::array();
    for (const auto& k : i.keys) keys.push_back(target(k));
    invocations.push_back({position(i.at), i.invocation, keys});
  }
  auto calls = nlohmann::json::array();
  for (const auto& c : log.calls) calls.push_back({position(c.at), c.invocation, c.nth, c.await_point, c.write});
  j = {{"invocations", invocations},
       {"calls", calls},
       {"sends", request_points(log.sends)},
       {"integrations", request_points(log.integrations)},
       {"next_seq", log.next_seq}};
}

void from_json(const nlohmann::json& j, point_log& log) {
  log = {};
  for (const auto& i : j.at("invocations")) {
    logged_invocation out{position_of(i.at(0)), i.at(1).get<std::uint64_t>(), {}};
    for (const auto& k : i.at(2)) out.keys.push_back(target_of(k));
    log.invocations.push_back(std::move(out));
  }
  for (const auto& c : j.at("calls"))
    log.calls.push_back({position_of(c.at(0)), c.at(1).get<std::uint64_t>(), c.at(2).get<std::uint32_t>(),
                         c.at(3).get<std::uint32_t>(), c.at(4).get<bool>()});
  log.sends = request_points_of(j.at("sends"));
  log.integrations = request_points_of(j.at("integrations"));
  log.next_seq = j.at("next_seq").get<std::uint64_t>();
}

}  // namespace slsim::faults
