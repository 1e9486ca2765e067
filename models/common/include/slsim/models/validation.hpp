#pragma once
// Configuration validation shared by every model: each model's config has a
// validate() that returns *every* violation, so a user fixes a scenario in one pass.
#include <exception>
#include <string>
#include <vector>

namespace slsim::models {

/// One configuration value outside what AWS accepts.
struct violation {
  std::string path;     ///< JSON path of the field, e.g. "queue.visibility_timeout_s"
  std::string value;    ///< the offending value as written
  std::string allowed;  ///< the allowed range or set, e.g. "0..43200"
  std::string fact;     ///< docs/aws-facts.md fact id, e.g. "S5"

  /// "queue.visibility_timeout_s = 50000: allowed 0..43200 (S5)"
  std::string message() const;
};

/// Collects violations while a config is checked field by field.
class validator {
 public:
  /// Checks lo <= value <= hi for an integer field.
  void check_range(const std::string& path, long long value, long long lo, long long hi, const char* fact);
  /// Records a violation that is not a simple range (cross-field rules).
  void add(std::string path, std::string value, std::string allowed, std::string fact);

  const std::vector<violation>& violations() const noexcept { return violations_; }
  bool ok() const noexcept { return violations_.empty(); }
  /// All messages, one per line.
  std::string message() const;

 private:
  std::vector<violation> violations_;
};

/// Thrown at load time when a configuration has violations (exit code 2 at the CLI).
class config_error : public std::exception {
 public:
  explicit config_error(std::vector<violation> violations);
  const char* what() const noexcept override { return text_.c_str(); }
  const std::vector<violation>& violations() const noexcept { return violations_; }

 private:
  std::vector<violation> violations_;
  std::string text_;
};

}  // namespace slsim::models
