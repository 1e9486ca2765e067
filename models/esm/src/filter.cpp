// L15: a message whose body matches no filter is deleted without invocation.
#include "filter.hpp"
#include "slsim/models/json_input.hpp"

namespace slsim::esm::detail {
namespace {

using nlohmann::json;

bool match_value(const json& rule, const json* value);

/// One element of a rule array: a literal, or an operator object.
bool match_element(const json& element, const json* value) {
  if (!element.is_object()) return value != nullptr && *value == element;
  if (const auto it = element.find("exists"); it != element.end()) return it->get<bool>() == (value != nullptr);
  if (value == nullptr) return false;
  if (const auto it = element.find("prefix"); it != element.end())
    return value->is_string() && value->get_ref<const std::string&>().starts_with(it->get<std::string>());
  if (const auto it = element.find("anything-but"); it != element.end()) {
    if (it->is_array()) {
      for (const auto& excluded : *it)
        if (*value == excluded) return false;
      return true;
    }
    return *value != *it;
  }
  return false;  // unsupported operator: never matches
}

bool match_value(const json& rule, const json* value) {
  if (rule.is_object()) {  // nested fields: every key must match
    for (const auto& [key, sub] : rule.items()) {
      const json* field = nullptr;
      if (value != nullptr && value->is_object())
        if (const auto it = value->find(key); it != value->end()) field = &*it;
      if (!match_value(sub, field)) return false;
    }
    return true;
  }
  if (!rule.is_array()) return false;
  // A field holding an array matches when any of its elements does (EventBridge rule).
  if (value != nullptr && value->is_array()) {
    for (const auto& item : *value)
      for (const auto& element : rule)
        if (match_element(element, &item)) return true;
    return false;
  }
  for (const auto& element : rule)
    if (match_element(element, value)) return true;
  return false;
}

}  // namespace

body_filter::body_filter(const std::vector<std::string>& patterns) {
  for (const auto& text : patterns) {
    const json j = models::parse_or_discarded(text, models::k_document_limits);
    patterns_.push_back(j.is_object() && j.contains("body") ? j.at("body") : json::object());
  }
}

bool body_filter::matches(std::string_view body) const {
  if (patterns_.empty()) return true;
  const json parsed = models::parse_or_discarded(body);
  // A body that is not JSON is matched as a plain string value.
  const json value = parsed.is_discarded() ? json(std::string(body)) : parsed;
  for (const auto& rule : patterns_)
    if (match_value(rule, &value)) return true;
  return false;
}

}  // namespace slsim::esm::detail
