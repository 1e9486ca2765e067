#pragma once
// The recommended setting: the cheapest point that AWS accepts, where every property held
// on every seed and the user's constraints are met (e.g. --max-p99 5s --no-false-dlq).
#include <optional>
#include <string>
#include <vector>

#include "slsim/sweep/aggregate.hpp"

namespace slsim::sweep {

struct constraints {
  std::optional<double> max_p99_s;                  ///< mean p99 latency across seeds
  bool no_false_dlq = false;                        ///< no false DLQ entry on any seed
  std::optional<double> max_concurrent_duplicates;  ///< mean per run
  std::optional<double> max_redeliveries;           ///< mean per run

  std::string describe() const;
};

struct recommendation {
  std::optional<std::size_t> point;  ///< none: no point qualifies
  std::string reason;                ///< why this point, or why none
};

/// Why `p` does not qualify under `c` ("" if it does).
std::string disqualification(const point_summary& p, const constraints& c);

/// Cheapest qualifying point by mean cost; ties go to lower mean p99, then grid order.
recommendation recommend(const std::vector<point_summary>& points, const constraints& c);

}  // namespace slsim::sweep
