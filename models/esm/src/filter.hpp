#pragma once
// L15 event filtering on the record body: a subset of the EventBridge pattern language
// (exact values, "prefix", "exists", "anything-but", nested objects; arrays OR).
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

namespace slsim::esm::detail {

class body_filter {
 public:
  /// Compiles validated patterns (esm_config::validate() accepted them).
  explicit body_filter(const std::vector<std::string>& patterns);
  /// True when there are no patterns or at least one matches (filters are ORed).
  bool matches(std::string_view body) const;
  bool empty() const noexcept { return patterns_.empty(); }

 private:
  std::vector<nlohmann::json> patterns_;  // each the value of a pattern's "body" key
};

}  // namespace slsim::esm::detail
