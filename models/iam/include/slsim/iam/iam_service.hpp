#pragma once
// IAM enforcement (docs/architecture.md §0, §3): each service call names the caller's role and
// action; a call outside the role fails with AccessDenied, is listed in denials()
// and traced. Checks are a bit test on a precomputed mask.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "slsim/iam/action.hpp"
#include "slsim/iam/config.hpp"
#include "slsim/metrics/registry.hpp"
#include "slsim/sim/context.hpp"

namespace slsim::iam {

/// Errors of IAM checks (category "iam").
enum class iam_errc { access_denied = 1 };

/// The category of iam_errc; its message() gives AWS's error code ("AccessDenied").
const std::error_category& iam_category() noexcept;
std::error_code make_error_code(iam_errc e) noexcept;

/// A handle to a configured role, obtained once with iam_service::role().
struct role_ref {
  std::uint32_t index = 0;
};

/// One denied call, in the order they happened.
struct denial {
  sim::time_ns at = 0;
  std::string role;
  action what = action::sqs_send_message;
  std::uint64_t caller = 0;  ///< e.g. request id or invocation id; 0 if not given
  std::string resource;      ///< queue or table name, if given
};

/// Per-role allowed actions for one run.
class iam_service {
 public:
  /// Validates `config` (throws models::config_error listing every violation). With
  /// `metrics`, registers the counters "iam.checks" and "iam.denials".
  iam_service(sim::context& ctx, iam_config config, metrics::registry* metrics = nullptr);

  /// The role named `name`; throws std::invalid_argument if there is none (a wiring error).
  role_ref role(std::string_view name) const;
  /// True if a role named `name` exists.
  bool has_role(std::string_view name) const noexcept;
  /// The role's name.
  const std::string& role_name(role_ref r) const { return names_.at(r.index); }

  /// True if `r` may call `a`; records nothing.
  bool allows(role_ref r, action a) const noexcept { return (masks_[r.index] >> static_cast<unsigned>(a)) & 1u; }

  /// Checks one call: success, or iam_errc::access_denied recorded as a denial and a
  /// trace record {"iam", "deny"}.
  std::error_code authorize(role_ref r, action a, std::uint64_t caller = 0, std::string_view resource = {});

  /// Checks a transaction (TransactWriteItems) per contained action, as AWS does: the
  /// first action outside the role denies the whole call.
  std::error_code authorize_all(role_ref r, std::span<const action> actions, std::uint64_t caller = 0,
                                std::string_view resource = {});

  const std::vector<denial>& denials() const noexcept { return denials_; }
  std::uint64_t checks() const noexcept { return checks_; }
  const iam_config& config() const noexcept { return config_; }

 private:
  sim::context* ctx_;
  iam_config config_;
  std::vector<std::string> names_;
  std::vector<std::uint32_t> masks_;
  std::vector<denial> denials_;
  std::uint64_t checks_ = 0;
  metrics::registry* metrics_;
  metrics::counter checks_counter_{};
  metrics::counter denials_counter_{};
};

}  // namespace slsim::iam

template <>
struct std::is_error_code_enum<slsim::iam::iam_errc> : std::true_type {};
