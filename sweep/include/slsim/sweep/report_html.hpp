#pragma once
// report.html: a self-contained page (inline SVG and one small inline script, no
// network) with heatmaps over the grid, the recommendation, a sortable table of every
// point and the scenario used.
#include <string>
#include <vector>

#include "slsim/sweep/recommend.hpp"

namespace slsim::sweep {

std::string report_html(const sweep_results& results, const std::vector<point_summary>& points,
                        const constraints& limits, const recommendation& best);

}  // namespace slsim::sweep
