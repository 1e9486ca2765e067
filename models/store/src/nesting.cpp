#include "nesting.hpp"

#include <algorithm>

namespace slsim::store::detail {

bool nested_deeper_than(const attribute_value& v, int levels) noexcept {
  if (levels < 1) return true;
  if (v.type == value_type::l)
    return std::any_of(v.list().begin(), v.list().end(),
                       [&](const auto& e) { return nested_deeper_than(e, levels - 1); });
  if (v.type == value_type::m)
    return std::any_of(v.map().begin(), v.map().end(),
                       [&](const auto& e) { return nested_deeper_than(e.second, levels - 1); });
  return false;
}

bool item_too_deep(const item& it) noexcept {
  return std::any_of(it.begin(), it.end(),
                     [](const auto& a) { return nested_deeper_than(a.second, k_max_nesting_levels); });
}

}  // namespace slsim::store::detail
