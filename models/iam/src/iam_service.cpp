#include "slsim/iam/iam_service.hpp"

#include <stdexcept>

namespace slsim::iam {
namespace {
static_assert(k_action_count <= 32, "role masks are 32-bit");

class iam_category_impl final : public std::error_category {
 public:
  const char* name() const noexcept override { return "iam"; }
  std::string message(int code) const override {
    return code == static_cast<int>(iam_errc::access_denied) ? "AccessDenied" : "unknown iam error";
  }
};

std::uint32_t mask_of(const std::string& name) {
  std::uint32_t all = 0;
  for (std::size_t i = 0; i < k_action_count; ++i) {
    const auto a = static_cast<action>(i);
    if (name == "*" || (name == "sqs:*" && is_sqs(a)) || (name == "dynamodb:*" && !is_sqs(a))) all |= 1u << i;
  }
  if (all != 0) return all;
  if (const auto a = parse_action(name)) return 1u << static_cast<unsigned>(*a);
  return 0;
}

// ids: {role index, action, caller}; text: the resource.
constexpr sim::event_kind k_deny{"iam", "deny"};
}  // namespace

const std::error_category& iam_category() noexcept {
  static const iam_category_impl category;
  return category;
}

std::error_code make_error_code(iam_errc e) noexcept { return {static_cast<int>(e), iam_category()}; }

iam_service::iam_service(sim::context& ctx, iam_config config, metrics::registry* metrics)
    : ctx_(&ctx), config_(std::move(config)), metrics_(metrics) {
  if (auto violations = config_.validate(); !violations.empty()) throw models::config_error(std::move(violations));
  for (const role_config& role : config_.roles) {
    std::uint32_t mask = 0;
    for (const std::string& a : role.actions) mask |= mask_of(a);
    names_.push_back(role.name);
    masks_.push_back(mask);
  }
  if (metrics_) {
    checks_counter_ = metrics_->add_counter("iam.checks");
    denials_counter_ = metrics_->add_counter("iam.denials");
  }
}

role_ref iam_service::role(std::string_view name) const {
  for (std::size_t i = 0; i < names_.size(); ++i)
    if (names_[i] == name) return {static_cast<std::uint32_t>(i)};
  throw std::invalid_argument("iam: no role named '" + std::string(name) + "'");
}

bool iam_service::has_role(std::string_view name) const noexcept {
  for (const auto& n : names_)
    if (n == name) return true;
  return false;
}

std::error_code iam_service::authorize(role_ref r, action a, std::uint64_t caller, std::string_view resource) {
  ++checks_;
  if (metrics_) metrics_->increment(checks_counter_);
  if (allows(r, a)) return {};
  denials_.push_back({ctx_->now(), names_[r.index], a, caller, std::string(resource)});
  if (metrics_) metrics_->increment(denials_counter_);
  ctx_->emit({.kind = &k_deny, .ids = {r.index, static_cast<std::uint64_t>(a), caller, 0}, .text = resource});
  return iam_errc::access_denied;
}

std::error_code iam_service::authorize_all(role_ref r, std::span<const action> actions, std::uint64_t caller,
                                           std::string_view resource) {
  for (const action a : actions)
    if (auto ec = authorize(r, a, caller, resource)) return ec;
  return {};
}

}  // namespace slsim::iam
