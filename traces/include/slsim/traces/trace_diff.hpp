#pragma once
// First divergence between two traces of (supposedly) the same case.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "slsim/traces/trace_reader.hpp"

namespace slsim::traces {

struct trace_divergence {
  std::size_t line = 0;              ///< 1-based line number of the first differing line
  std::string left, right;           ///< the differing lines ("" when one trace ended)
  std::vector<std::string> context;  ///< up to 3 equal lines before it
  /// After the divergence: per "component.event", how many records each side has.
  std::map<std::string, std::pair<std::size_t, std::size_t>> after_counts;
  std::size_t left_lines = 0, right_lines = 0;

  /// A human report: the context, both versions, and the summary of what differs after.
  std::string describe(const std::string& left_name, const std::string& right_name) const;
};

/// Compares two traces line by line; nullopt when byte-identical.
std::optional<trace_divergence> first_divergence(const trace_file& left, const trace_file& right);

}  // namespace slsim::traces
