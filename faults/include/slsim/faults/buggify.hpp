#pragma once
// Buggify sites (docs/architecture.md §5): named points in handler code
// (`ctx.buggify("site")`) that may misbehave when the case's fault plan enables them. The
// decision is the fault layer's; the pipeline only asks it (pipeline::world::buggify).
#include <map>
#include <string>
#include <string_view>

#include "slsim/sim/context.hpp"
#include "slsim/sim/random.hpp"

namespace slsim::faults {

/// FoundationDB-style: a site is switched on for the whole run with probability 1/4, then
/// fires on 1 in 4 of its calls — rare enough to let runs make progress.
class buggify_sites {
 public:
  /// `stream`: the case's "buggify" stream.
  buggify_sites(sim::context& ctx, sim::rng stream) noexcept : ctx_(ctx), random_(stream) {}
  /// Whether `site` fires now (emits a fault/buggify trace record when it does).
  bool fire(std::string_view site);

 private:
  sim::context& ctx_;
  sim::keyed_rng random_;
  sim::instant_keys hits_;
  std::map<std::string, bool, std::less<>> sites_;  // a site is on or off for the whole run
};

}  // namespace slsim::faults
