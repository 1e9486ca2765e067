#include "slsim/iam/config.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <set>

#include "slsim/iam/action.hpp"

namespace slsim::iam {
namespace {
// Facts about IAM are not AWS queue/store semantics; violations cite the design section.
constexpr const char* k_fact = "docs/architecture.md §0";

bool is_wildcard(const std::string& a) { return a == "*" || a == "sqs:*" || a == "dynamodb:*"; }
}  // namespace

std::vector<models::violation> iam_config::validate() const {
  models::validator v;
  std::set<std::string> seen;
  for (std::size_t r = 0; r < roles.size(); ++r) {
    const role_config& role = roles[r];
    const std::string path = fmt::format("iam.roles[{}]", r);
    if (role.name.empty()) v.add(path + ".name", "\"\"", "a non-empty role name", k_fact);
    if (!seen.insert(role.name).second) v.add(path + ".name", role.name, "a name not used by another role", k_fact);
    for (std::size_t a = 0; a < role.actions.size(); ++a) {
      const std::string& name = role.actions[a];
      if (!is_wildcard(name) && !parse_action(name))
        v.add(fmt::format("{}.actions[{}]", path, a), name,
              "an IAM action such as sqs:SendMessage, dynamodb:PutItem, sqs:*, dynamodb:*", k_fact);
    }
  }
  return v.violations();
}

void to_json(nlohmann::json& j, const role_config& r) { j = nlohmann::json{{"name", r.name}, {"actions", r.actions}}; }

void from_json(const nlohmann::json& j, role_config& r) {
  r.name = j.value("name", std::string{});
  r.actions = j.value("actions", std::vector<std::string>{});
}

void to_json(nlohmann::json& j, const iam_config& c) { j = nlohmann::json{{"roles", c.roles}}; }

void from_json(const nlohmann::json& j, iam_config& c) {
  if (!j.contains("roles")) return;
  for (const auto& item : j.at("roles")) {
    role_config role = item.get<role_config>();
    bool replaced = false;
    for (auto& existing : c.roles) {
      if (existing.name == role.name) {
        existing = role;
        replaced = true;
        break;
      }
    }
    if (!replaced) c.roles.push_back(std::move(role));
  }
}

}  // namespace slsim::iam
