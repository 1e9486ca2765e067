#pragma once
// MD21: DynamoDB supports attribute values nested up to 32 levels (a scalar is one level,
// each enclosing L or M one more). Checked before anything that recurses over a value
// without a bound (sizing, comparing, copying into the table).
#include "slsim/store/attribute_value.hpp"

namespace slsim::store::detail {

inline constexpr int k_max_nesting_levels = 32;

/// True if `v` nests deeper than `levels`; recurses at most `levels` + 1 deep.
bool nested_deeper_than(const attribute_value& v, int levels) noexcept;
/// True if an attribute of `it` nests deeper than k_max_nesting_levels.
bool item_too_deep(const item& it) noexcept;

/// DynamoDB's message for a value nested too deep (observed wording).
inline constexpr const char* k_nesting_message =
    "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit";

}  // namespace slsim::store::detail
