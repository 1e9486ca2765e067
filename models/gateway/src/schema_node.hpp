#pragma once
// The compiled form of a G2 request schema, shared by the two ways a body is checked: the
// document walk (schema.cpp, for an already parsed body) and the streaming check
// (schema_stream.cpp, for a body's text). Both must give the same verdict and field.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "slsim/gateway/schema.hpp"

namespace slsim::gateway {

namespace detail {
enum type_bit : std::uint8_t {
  t_string = 1,
  t_number = 2,
  t_integer = 4,
  t_boolean = 8,
  t_object = 16,
  t_array = 32,
  t_null = 64
};

/// Whether a number of JSON's kinds passes a `type` mask: integers are numbers, and a float
/// with no fraction is an integer (draft 4).
inline bool integer_passes(std::uint8_t mask) { return mask == 0 || (mask & (t_integer | t_number)); }
bool float_passes(std::uint8_t mask, double d);

/// Characters, not bytes: maxLength counts Unicode code points.
std::int64_t code_points(std::string_view s);
}  // namespace detail

struct body_validator::node {
  std::uint8_t types = 0;
  std::vector<nlohmann::json> enum_values;
  std::int64_t max_length = -1;
  std::int64_t min_length = -1;
  std::optional<double> minimum, maximum;
  std::vector<std::string> required;
  std::vector<std::pair<std::string, node>> properties;
  bool additional = true;
  /// Names a streaming check watches for: the properties' (in their order), then the
  /// required ones that are not properties. required_slot[i] is required[i]'s position here.
  std::vector<std::string> watched;
  std::vector<std::size_t> required_slot;
  /// At the root: no enum holds an object or an array, so bodies are checked streaming.
  bool streamable = true;
};

namespace detail {
/// The streaming check of `body` against `root`; `compacted`: `body` is
/// compact_long_strings' output. The same result as parsing `body` and walking the
/// document, provided no enum of the schema holds an object or an array.
schema_result validate_stream(const body_validator::node& root, std::string_view body, bool compacted);
}  // namespace detail

}  // namespace slsim::gateway
