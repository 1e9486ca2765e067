#pragma once
// How the kernel orders events that share an instant (docs/architecture.md §2). Real
// services give no order between things that happen "at the same time"; a model that is
// correct only in scheduling order hides races. `fifo` is the reference order (and the
// default, so existing seeds replay); `reverse` and `random` are the adversarial ones.
#include <cstdint>
#include <optional>
#include <string_view>

namespace slsim::sim {

enum class tie_order : std::uint8_t {
  fifo,     ///< same-instant events run in the order they were scheduled
  reverse,  ///< ... in the reverse order: the last scheduled runs first
  random,   ///< ... in an order drawn from the run's `scheduler` stream
};

std::string_view to_string(tie_order order) noexcept;
/// Parses "fifo" | "reverse" | "random"; nullopt for anything else.
std::optional<tie_order> parse_tie_order(std::string_view text) noexcept;

}  // namespace slsim::sim
