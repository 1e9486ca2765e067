// G2 without a document: the body's scan events are checked as they come, with one frame
// per open object or array. The verdict and its field are the document walk's (schema.cpp):
// an object's own type and enum first, then its required names in the schema's order,
// then its properties in the schema's order (the last of duplicate keys counts, as in a
// parsed document), then the first additional property in key order.
#include <nlohmann/json.hpp>

#include <algorithm>
#include "long_strings.hpp"
#include "schema_node.hpp"
#include "slsim/models/json_scan.hpp"

namespace slsim::gateway::detail {
namespace {

using node = body_validator::node;

struct frame {
  const node* schema = nullptr;  ///< nullptr: nothing inside is checked
  std::string_view field;        ///< this value's name in its parent
  schema_result own;             ///< the object's or array's own verdict (type, enum)
  std::size_t slots = 0;         ///< where its watched names' state starts in checker::slots_
  int pending = -1;              ///< the watched name the last key was; -1 for another key
  bool object = false;
  bool checked = false;      ///< the value answers to a schema: its verdict goes up
  bool has_unknown = false;  ///< a key outside the properties, with additionalProperties false
  std::string unknown;       ///< the least such key
};

struct slot {
  bool seen = false;
  schema_result result;
};

// The events of models::scan_json.
class checker {
 public:
  checker(const node& root, bool compacted) : root_(root), compacted_(compacted) {}

  schema_result result() { return std::move(result_); }

  bool null() { return scalar(nlohmann::json(nullptr), t_null); }
  bool boolean(bool b) { return scalar(nlohmann::json(b), t_boolean); }
  bool number_integer(std::int64_t v) { return number(v, static_cast<double>(v)); }
  bool number_unsigned(std::uint64_t v) { return number(v, static_cast<double>(v)); }
  bool number_float(double v) { return number(v, v); }

  bool string(std::string_view text) {
    const auto [n, field] = target();
    if (!n) return true;
    if (auto r = type_and_enum(*n, t_string, field, [&] { return nlohmann::json(text); }); !r.ok())
      return deliver(std::move(r));
    const auto elided = compacted_ ? compacted_length(text) : std::nullopt;
    const std::int64_t len = elided ? *elided : code_points(text);
    if (n->max_length >= 0 && len > n->max_length) return deliver({schema_error::too_long, std::string(field)});
    if (n->min_length >= 0 && len < n->min_length) return deliver({schema_error::too_short, std::string(field)});
    return deliver({});
  }

  bool start_object() { return open(true, t_object); }
  bool start_array() { return open(false, t_array); }

  bool key(std::string_view name) {
    frame& f = stack_.back();
    f.pending = -1;
    if (!f.schema) return true;
    const auto& watched = f.schema->watched;
    const auto at = std::find(watched.begin(), watched.end(), name);
    if (at != watched.end()) {
      f.pending = static_cast<int>(at - watched.begin());
      slots_[f.slots + static_cast<std::size_t>(f.pending)].seen = true;
    }
    const bool property = f.pending >= 0 && static_cast<std::size_t>(f.pending) < f.schema->properties.size();
    if (!property && !f.schema->additional && (!f.has_unknown || name < f.unknown)) {
      f.has_unknown = true;
      f.unknown = name;
    }
    return true;
  }

  bool end_object() { return close(); }
  bool end_array() { return close(); }

 private:
  // The schema the next value answers to, and its name; no schema when nothing checks it.
  std::pair<const node*, std::string_view> target() const {
    if (stack_.empty()) return {&root_, {}};
    const frame& f = stack_.back();
    if (!f.object || !f.schema || f.pending < 0) return {nullptr, {}};
    const auto i = static_cast<std::size_t>(f.pending);
    if (i >= f.schema->properties.size()) return {nullptr, {}};
    const auto& [name, sub] = f.schema->properties[i];
    return {&sub, name};
  }

  // A value's verdict goes to its parent's slot (the last duplicate key wins) or is the result.
  bool deliver(schema_result r) {
    if (stack_.empty()) {
      result_ = std::move(r);
      return true;
    }
    const frame& f = stack_.back();
    if (f.object && f.schema && f.pending >= 0)
      slots_[f.slots + static_cast<std::size_t>(f.pending)].result = std::move(r);
    return true;
  }

  template <typename MakeValue>
  static schema_result type_and_enum(const node& n, std::uint8_t type, std::string_view field, MakeValue&& value) {
    if (n.types != 0 && !(n.types & type)) return {schema_error::wrong_type, std::string(field)};
    if (!n.enum_values.empty()) {
      const auto v = value();
      if (std::find(n.enum_values.begin(), n.enum_values.end(), v) == n.enum_values.end())
        return {schema_error::not_in_enum, std::string(field)};
    }
    return {};
  }

  bool scalar(const nlohmann::json& v, std::uint8_t type) {
    const auto [n, field] = target();
    if (!n) return true;
    return deliver(type_and_enum(*n, type, field, [&] { return v; }));
  }

  template <typename Number>
  bool number(Number v, double d) {
    const auto [n, field] = target();
    if (!n) return true;
    const bool passes = std::is_floating_point_v<Number> ? float_passes(n->types, d) : integer_passes(n->types);
    if (!passes) return deliver({schema_error::wrong_type, std::string(field)});
    if (!n->enum_values.empty() &&
        std::find(n->enum_values.begin(), n->enum_values.end(), nlohmann::json(v)) == n->enum_values.end())
      return deliver({schema_error::not_in_enum, std::string(field)});
    if (n->minimum && d < *n->minimum) return deliver({schema_error::below_minimum, std::string(field)});
    if (n->maximum && d > *n->maximum) return deliver({schema_error::above_maximum, std::string(field)});
    return deliver({});
  }

  bool open(bool object, std::uint8_t type) {
    const auto [n, field] = target();
    frame f;
    f.object = object;
    f.field = field;
    f.checked = n != nullptr;
    if (n) {
      // An object or an array equals no scalar, and the schema's enums hold only scalars.
      f.own = type_and_enum(*n, type, field, [] { return nlohmann::json::object(); });
      if (f.own.ok() && object) f.schema = n;
    }
    f.slots = slots_.size();
    if (f.schema) slots_.resize(f.slots + f.schema->watched.size());
    stack_.push_back(std::move(f));
    return true;
  }

  bool close() {
    frame f = std::move(stack_.back());
    stack_.pop_back();
    schema_result r = f.schema ? object_verdict(f) : std::move(f.own);
    slots_.resize(f.slots);
    return f.checked ? deliver(std::move(r)) : true;
  }

  schema_result object_verdict(const frame& f) const {
    const node& n = *f.schema;
    for (std::size_t i = 0; i < n.required.size(); ++i)
      if (!slots_[f.slots + n.required_slot[i]].seen) return {schema_error::missing_required, n.required[i]};
    for (std::size_t i = 0; i < n.properties.size(); ++i)
      if (const auto& s = slots_[f.slots + i]; s.seen && !s.result.ok()) return s.result;
    if (f.has_unknown) return {schema_error::additional_property, f.unknown};
    return {};
  }

  const node& root_;
  const bool compacted_;
  std::vector<frame> stack_;
  std::vector<slot> slots_;
  schema_result result_;
};

}  // namespace

schema_result validate_stream(const node& root, std::string_view body, bool compacted) {
  checker c(root, compacted);
  if (!models::scan_json(body, c)) return {schema_error::malformed_json, {}};
  return c.result();
}

}  // namespace slsim::gateway::detail
