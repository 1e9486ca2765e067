#include "slsim/models/validation.hpp"

#include <fmt/format.h>

namespace slsim::models {

std::string violation::message() const {
  return fmt::format("{} = {}: allowed {}{}", path, value, allowed, fact.empty() ? "" : fmt::format(" ({})", fact));
}

void validator::check_range(const std::string& path, long long value, long long lo, long long hi, const char* fact) {
  if (value < lo || value > hi) add(path, std::to_string(value), fmt::format("{}..{}", lo, hi), fact);
}

void validator::add(std::string path, std::string value, std::string allowed, std::string fact) {
  violations_.push_back({std::move(path), std::move(value), std::move(allowed), std::move(fact)});
}

std::string validator::message() const {
  std::string out;
  for (const auto& v : violations_) out += v.message() + "\n";
  return out;
}

config_error::config_error(std::vector<violation> violations) : violations_(std::move(violations)) {
  text_ = "invalid configuration:";
  for (const auto& v : violations_) text_ += "\n  " + v.message();
}

}  // namespace slsim::models
