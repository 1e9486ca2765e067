#pragma once
// Running a sweep's cases: which points AWS would reject, and one (point, seed) case
// in this process (the CLI runs these in worker processes).
#include <functional>
#include <vector>

#include "slsim/handler.hpp"
#include "slsim/sweep/results.hpp"

namespace slsim::sweep {

/// The effective scenario document of point `point`.
nlohmann::json point_document(const sweep_spec& spec, std::size_t point);

/// Each point's standing: a point whose settings a model rejects (a value out of AWS's
/// range, function timeout > visibility timeout — L6, batch size > 10 without a
/// window — L2, ...) is invalid, with every reason.
/// `on_point(n)` is called after each of the first n points is checked (progress).
std::vector<point_status> check_points(const sweep_spec& spec, const std::function<void(std::size_t)>& on_point = {});

/// Runs point `point` with `seed` and measures it. The point must be valid.
case_metrics run_sweep_case(const sweep_spec& spec, std::size_t point, std::uint64_t seed,
                            const handler_definition& handler);

}  // namespace slsim::sweep
