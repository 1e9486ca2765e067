#pragma once
// G2: API Gateway's request validator for bodies, on a JSON Schema (draft 4) subset:
// type (string, number, integer, boolean, object, array, null, or a list), required,
// properties, additionalProperties (boolean), enum, maxLength, minLength, minimum,
// maximum. A body that fails is answered 400 BAD_REQUEST_BODY.
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "slsim/models/validation.hpp"

namespace slsim::gateway {

/// Why a body failed validation.
enum class schema_error : std::uint8_t {
  none,
  malformed_json,
  wrong_type,
  missing_required,
  not_in_enum,
  too_long,
  too_short,
  below_minimum,
  above_maximum,
  additional_property
};

/// Lower-case name of a schema error ("missing_required", ...).
const char* to_string(schema_error e) noexcept;

/// The outcome of validating one body.
struct schema_result {
  schema_error error = schema_error::none;
  std::string field;  ///< the offending property ("" for the root)
  bool ok() const noexcept { return error == schema_error::none; }
};

/// A compiled schema. Copyable; validation does not allocate beyond parsing the body (long
/// string values are measured, not copied: see src/long_strings.hpp).
class body_validator {
 public:
  /// Every unsupported keyword or malformed value in `schema`, with JSON paths under `path`.
  static std::vector<models::violation> check_schema(const nlohmann::json& schema, const std::string& path);

  /// Compiles `schema`; throws models::config_error if check_schema finds problems.
  explicit body_validator(const nlohmann::json& schema);
  ~body_validator();
  body_validator(const body_validator&);
  body_validator& operator=(const body_validator&);

  /// Parses and validates a raw body.
  schema_result validate_text(std::string_view body) const;
  /// Validates an already parsed document.
  schema_result validate(const nlohmann::json& document) const;

  struct node;

 private:
  std::unique_ptr<node> root_;
  bool compact_ok_ = true;  ///< no enum holds a long string (long strings may be compacted)
};

}  // namespace slsim::gateway
