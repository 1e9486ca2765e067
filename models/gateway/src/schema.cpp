#include "slsim/gateway/schema.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include "long_strings.hpp"
#include "schema_node.hpp"
#include "slsim/models/json_input.hpp"

namespace slsim::gateway {
namespace {
constexpr const char* k_fact = "G2";

using namespace detail;

std::uint8_t type_bit_of(const std::string& name) {
  if (name == "string") return t_string;
  if (name == "number") return t_number;
  if (name == "integer") return t_integer;
  if (name == "boolean") return t_boolean;
  if (name == "object") return t_object;
  if (name == "array") return t_array;
  if (name == "null") return t_null;
  return 0;
}

bool has_type(const nlohmann::json& v, std::uint8_t mask) {
  if (mask == 0) return true;
  if (v.is_string()) return mask & t_string;
  if (v.is_boolean()) return mask & t_boolean;
  if (v.is_object()) return mask & t_object;
  if (v.is_array()) return mask & t_array;
  if (v.is_null()) return mask & t_null;
  if (v.is_number_integer()) return integer_passes(mask);
  if (v.is_number_float()) return float_passes(mask, v.get<double>());
  return false;
}
}  // namespace

bool detail::float_passes(std::uint8_t mask, double d) {
  return mask == 0 || (mask & t_number) || ((mask & t_integer) && std::floor(d) == d);
}

std::int64_t detail::code_points(std::string_view s) {
  std::int64_t n = 0;
  for (const unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

namespace {
void check_node(const nlohmann::json& s, const std::string& path, models::validator& v) {
  if (!s.is_object()) {
    v.add(path, s.dump(), "a JSON Schema object", k_fact);
    return;
  }
  for (const auto& [key, value] : s.items()) {
    const std::string p = path + "." + key;
    if (key == "type") {
      const auto names = value.is_array() ? value : nlohmann::json::array({value});
      for (const auto& n : names)
        if (!n.is_string() || type_bit_of(n.get<std::string>()) == 0)
          v.add(p, n.dump(), "string|number|integer|boolean|object|array|null", k_fact);
    } else if (key == "required") {
      if (!value.is_array())
        v.add(p, value.dump(), "an array of property names", k_fact);
      else
        for (const auto& n : value)
          if (!n.is_string()) v.add(p, n.dump(), "a property name", k_fact);
    } else if (key == "properties") {
      if (!value.is_object())
        v.add(p, value.dump(), "an object of schemas", k_fact);
      else
        for (const auto& [name, sub] : value.items()) check_node(sub, p + "." + name, v);
    } else if (key == "additionalProperties") {
      if (!value.is_boolean()) v.add(p, value.dump(), "true|false", k_fact);
    } else if (key == "enum") {
      if (!value.is_array() || value.empty()) v.add(p, value.dump(), "a non-empty array", k_fact);
    } else if (key == "maxLength" || key == "minLength") {
      if (!value.is_number_unsigned()) v.add(p, value.dump(), "a non-negative integer", k_fact);
    } else if (key == "minimum" || key == "maximum") {
      if (!value.is_number()) v.add(p, value.dump(), "a number", k_fact);
    } else if (key != "$schema" && key != "title" && key != "description") {
      v.add(p, key, "type, required, properties, additionalProperties, enum, maxLength, minLength, minimum, maximum",
            k_fact);
    }
  }
}

void compile(const nlohmann::json& s, body_validator::node& n) {
  if (const auto it = s.find("type"); it != s.end()) {
    const auto names = it->is_array() ? *it : nlohmann::json::array({*it});
    for (const auto& name : names) n.types |= type_bit_of(name.get<std::string>());
  }
  if (const auto it = s.find("enum"); it != s.end()) n.enum_values.assign(it->begin(), it->end());
  n.max_length = s.value("maxLength", std::int64_t{-1});
  n.min_length = s.value("minLength", std::int64_t{-1});
  if (s.contains("minimum")) n.minimum = s.at("minimum").get<double>();
  if (s.contains("maximum")) n.maximum = s.at("maximum").get<double>();
  n.required = s.value("required", std::vector<std::string>{});
  n.additional = s.value("additionalProperties", true);
  if (const auto it = s.find("properties"); it != s.end())
    for (const auto& [name, sub] : it->items()) {
      n.properties.emplace_back(name, body_validator::node{});
      compile(sub, n.properties.back().second);
    }
  for (const auto& [name, sub] : n.properties) n.watched.push_back(name);
  for (const auto& name : n.required) {
    const auto at = std::find(n.watched.begin(), n.watched.end(), name);
    n.required_slot.push_back(static_cast<std::size_t>(at - n.watched.begin()));
    if (at == n.watched.end()) n.watched.push_back(name);
  }
}

// `compacted`: `v` was parsed from detail::compact_long_strings' output.
schema_result check(const body_validator::node& n, const nlohmann::json& v, const std::string& field, bool compacted) {
  if (!has_type(v, n.types)) return {schema_error::wrong_type, field};
  if (!n.enum_values.empty()) {
    bool found = false;
    for (const auto& e : n.enum_values) found = found || e == v;
    if (!found) return {schema_error::not_in_enum, field};
  }
  if (v.is_string()) {
    const auto& text = v.get_ref<const std::string&>();
    const auto elided = compacted ? detail::compacted_length(text) : std::nullopt;
    const std::int64_t len = elided ? *elided : code_points(text);
    if (n.max_length >= 0 && len > n.max_length) return {schema_error::too_long, field};
    if (n.min_length >= 0 && len < n.min_length) return {schema_error::too_short, field};
  }
  if (v.is_number()) {
    const double d = v.get<double>();
    if (n.minimum && d < *n.minimum) return {schema_error::below_minimum, field};
    if (n.maximum && d > *n.maximum) return {schema_error::above_maximum, field};
  }
  if (!v.is_object()) return {};
  for (const auto& name : n.required)
    if (!v.contains(name)) return {schema_error::missing_required, name};
  for (const auto& [name, sub] : n.properties)
    if (const auto it = v.find(name); it != v.end())
      if (auto r = check(sub, *it, name, compacted); !r.ok()) return r;
  if (!n.additional)
    for (const auto& [name, value] : v.items()) {
      bool known = false;
      for (const auto& p : n.properties) known = known || p.first == name;
      if (!known) return {schema_error::additional_property, name};
    }
  return {};
}
// An enum holding an object or an array needs the value's document to compare with, which
// the streaming check does not build: such schemas are checked on the parsed body.
bool has_structured_enum(const body_validator::node& n) {
  for (const auto& e : n.enum_values)
    if (e.is_structured()) return true;
  for (const auto& [name, sub] : n.properties)
    if (has_structured_enum(sub)) return true;
  return false;
}

// A compacted string stands for its length only, so it cannot be compared with a long
// enum value: such schemas are validated on the full text.
bool has_long_enum_string(const body_validator::node& n) {
  for (const auto& e : n.enum_values)
    if (e.is_string() && e.get_ref<const std::string&>().size() >= detail::k_long_string) return true;
  for (const auto& [name, sub] : n.properties)
    if (has_long_enum_string(sub)) return true;
  return false;
}
}  // namespace

const char* to_string(schema_error e) noexcept {
  switch (e) {
    case schema_error::none:
      return "none";
    case schema_error::malformed_json:
      return "malformed_json";
    case schema_error::wrong_type:
      return "wrong_type";
    case schema_error::missing_required:
      return "missing_required";
    case schema_error::not_in_enum:
      return "not_in_enum";
    case schema_error::too_long:
      return "too_long";
    case schema_error::too_short:
      return "too_short";
    case schema_error::below_minimum:
      return "below_minimum";
    case schema_error::above_maximum:
      return "above_maximum";
    case schema_error::additional_property:
      return "additional_property";
  }
  return "unknown";
}

std::vector<models::violation> body_validator::check_schema(const nlohmann::json& schema, const std::string& path) {
  models::validator v;
  check_node(schema, path, v);
  return v.violations();
}

body_validator::body_validator(const nlohmann::json& schema) : root_(std::make_unique<node>()) {
  if (auto violations = check_schema(schema, "request_schema"); !violations.empty())
    throw models::config_error(std::move(violations));
  compile(schema, *root_);
  compact_ok_ = !has_long_enum_string(*root_);
  root_->streamable = !has_structured_enum(*root_);
}

body_validator::~body_validator() = default;
body_validator::body_validator(const body_validator& other)
    : root_(std::make_unique<node>(*other.root_)), compact_ok_(other.compact_ok_) {}
body_validator& body_validator::operator=(const body_validator& other) {
  root_ = std::make_unique<node>(*other.root_);
  compact_ok_ = other.compact_ok_;
  return *this;
}

schema_result body_validator::validate_text(std::string_view body) const {
  if (body.size() > models::k_payload_limits.max_bytes) return {schema_error::malformed_json, {}};
  const auto compact = compact_ok_ ? detail::compact_long_strings(body) : std::nullopt;
  const std::string_view text = compact ? std::string_view(*compact) : body;
  // The streaming check builds no document: a body's parse tree cost as much as the rest
  // of its request's way through the pipeline.
  if (root_->streamable) return detail::validate_stream(*root_, text, compact.has_value());
  const auto document = models::parse_or_discarded(text);
  if (document.is_discarded()) return {schema_error::malformed_json, {}};
  return check(*root_, document, {}, compact.has_value());
}

schema_result body_validator::validate(const nlohmann::json& document) const {
  return check(*root_, document, {}, false);
}

}  // namespace slsim::gateway
