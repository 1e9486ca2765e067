#pragma once
// Inline SVG heatmaps of one metric over the grid: the first axis across, the second
// down, one map per combination of any further axes. No script, no network.
#include <optional>
#include <string>
#include <vector>

#include "slsim/io/markup_escape.hpp"
#include "slsim/sweep/aggregate.hpp"

namespace slsim::sweep::detail {

/// Escapes for HTML text and attributes alike (the report puts the same strings in both).
inline std::string html_escape(std::string_view text) { return io::markup_escape(text, io::markup_context::attribute); }

/// One or more <svg class="heatmap"> elements of metric `m`'s mean per point.
std::string heatmaps(const grid& g, const std::vector<point_summary>& points, metric m,
                     std::optional<std::size_t> recommended);

}  // namespace slsim::sweep::detail
