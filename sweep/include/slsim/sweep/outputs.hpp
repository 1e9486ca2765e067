#pragma once
// What a sweep (or a merge of its shards) leaves in its output directory: results.json,
// results.csv and report.html, plus a table for the terminal.
#include <string>
#include <vector>

#include "slsim/sweep/recommend.hpp"

namespace slsim::sweep {

struct written_outputs {
  std::vector<point_summary> points;
  recommendation best;
  std::string directory;
};

/// Aggregates `results` and writes the three files into `directory` (created if needed).
written_outputs write_outputs(const std::string& directory, const sweep_results& results, const constraints& limits);

/// Reads `DIR/results.json` of a sweep. Throws std::invalid_argument naming the file.
sweep_results read_results(const std::string& directory);

/// An aligned table of every point's key figures, marking the recommendation.
std::string terminal_table(const std::vector<point_summary>& points, const recommendation& best);

}  // namespace slsim::sweep
