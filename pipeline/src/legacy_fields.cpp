// Legacy scenario fields: constants and log-normal pairs that became duration
// distributions (MD18, MD19, MD36).
#include "legacy_fields.hpp"

#include <fmt/format.h>

namespace slsim::pipeline::detail {
namespace {
using json = nlohmann::json;

enum class shape : std::uint8_t {
  constant,         ///< a number of `to_ms` units → {kind: constant, value_ms}
  custom_constant,  ///< as constant, under {preset: custom, delay: ...}
  lognormal,        ///< a median (ms) and, in `sigma_key`, a spread → {kind: lognormal, ...}
};

struct legacy_field {
  const char* object;     ///< JSON pointer of the object holding the fields, e.g. "/function"
  const char* old_key;    ///< e.g. "init_duration_ms"
  const char* sigma_key;  ///< lognormal only: the spread's old key
  const char* new_key;    ///< e.g. "init_duration"
  shape form;
  double to_ms;          ///< the old unit in milliseconds
  double default_sigma;  ///< lognormal only: the old default spread
  const char* fact;
};

constexpr legacy_field k_legacy[] = {
    {"/function", "init_duration_ms", "", "init_duration", shape::constant, 1, 0, "MD18"},
    {"/store", "ttl_delete_delay_s", "", "ttl_deletion", shape::custom_constant, 1000, 0, "MD19"},
    {"/store/latency", "jitter_median_ms", "jitter_sigma", "jitter", shape::lognormal, 1, 0.5, "MD36"},
    {"/gateway/integration", "latency_ms", "latency_sigma", "latency", shape::lognormal, 1, 0.25, "MD36"},
};

}  // namespace

void migrate_legacy_fields(json& overrides, std::vector<scenario_issue>& issues) {
  if (!overrides.is_object()) return;
  for (const auto& f : k_legacy) {
    const json::json_pointer where(f.object);
    if (!overrides.contains(where) || !overrides.at(where).is_object()) continue;
    json& object = overrides.at(where);
    const bool has_sigma = f.form == shape::lognormal && object.contains(f.sigma_key);
    if (!object.contains(f.old_key) && !has_sigma) continue;
    const std::string old_path = fmt::format("{}/{}", f.object, object.contains(f.old_key) ? f.old_key : f.sigma_key);
    const std::string new_path = fmt::format("{}/{}", f.object, f.new_key);
    const json value = object.value(f.old_key, json());
    const json sigma = f.form == shape::lognormal ? object.value(f.sigma_key, json(f.default_sigma)) : json();
    object.erase(f.old_key);
    if (f.form == shape::lognormal) object.erase(f.sigma_key);
    if (object.contains(f.new_key)) {
      issues.push_back(
          {old_path, fmt::format("the older form of {} ({}): give only one of the two", new_path, f.fact)});
      continue;
    }
    if (!value.is_number() || (f.form == shape::lognormal && !sigma.is_number())) {
      issues.push_back({old_path, fmt::format("expected a number (the older form of {}, {})", new_path, f.fact)});
      continue;
    }
    const double ms = value.get<double>() * f.to_ms;
    switch (f.form) {
      case shape::constant:
        object[f.new_key] = json{{"kind", "constant"}, {"value_ms", ms}};
        break;
      case shape::custom_constant:
        object[f.new_key] = json{{"preset", "custom"}, {"delay", {{"kind", "constant"}, {"value_ms", ms}}}};
        break;
      case shape::lognormal:
        // sigma 0 was a constant; the old store model also added `fixed_ms` (kept as is).
        object[f.new_key] = sigma.get<double>() > 0 ? json{{"kind", "lognormal"}, {"median_ms", ms}, {"sigma", sigma}}
                                                    : json{{"kind", "constant"}, {"value_ms", ms}};
        break;
    }
  }
}

}  // namespace slsim::pipeline::detail
