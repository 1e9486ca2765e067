#include "slsim/sim/tie_order.hpp"

namespace slsim::sim {

std::string_view to_string(tie_order order) noexcept {
  switch (order) {
    case tie_order::fifo:
      return "fifo";
    case tie_order::reverse:
      return "reverse";
    case tie_order::random:
      return "random";
  }
  return "fifo";
}

std::optional<tie_order> parse_tie_order(std::string_view text) noexcept {
  for (tie_order order : {tie_order::fifo, tie_order::reverse, tie_order::random})
    if (text == to_string(order)) return order;
  return std::nullopt;
}

}  // namespace slsim::sim
