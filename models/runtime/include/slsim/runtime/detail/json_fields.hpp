#pragma once
// Reading config structs from scenario JSON: a missing key keeps the field's default,
// null clears an optional. Shared by the runtime's and the ESM's configs.
#include <nlohmann/json.hpp>
#include <optional>

namespace slsim::runtime::detail {

/// Reads `key` into `field` when present; throws nlohmann::json::exception on a type mismatch.
template <class T>
void read_field(const nlohmann::json& j, const char* key, T& field) {
  if (const auto it = j.find(key); it != j.end()) it->get_to(field);
}

/// Optional fields: absent keeps the default, null resets, anything else is the value.
template <class T>
void read_field(const nlohmann::json& j, const char* key, std::optional<T>& field) {
  const auto it = j.find(key);
  if (it == j.end()) return;
  if (it->is_null()) {
    field.reset();
  } else {
    field = it->get<T>();
  }
}

}  // namespace slsim::runtime::detail
