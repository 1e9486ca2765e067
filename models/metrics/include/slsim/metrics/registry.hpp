#pragma once
// CloudWatch-like metrics on virtual time (docs/architecture.md §3). Series are registered once
// and addressed by small handles, so recording on the hot path is an array update
// with no string lookup; a sampler turns the current values into timestamped points.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "slsim/sim/time.hpp"

namespace slsim::metrics {

/// Handle of a counter (a monotonically increasing count, sampled as a per-period Sum).
struct counter {
  std::uint32_t index = 0;
};
/// Handle of a gauge (an instantaneous value: set directly or read from a probe).
struct gauge {
  std::uint32_t index = 0;
};
/// Handle of a distribution (observations per period: sampled as count, average, max).
struct distribution {
  std::uint32_t index = 0;
};

/// What a series measures; decides how a sample is taken.
enum class series_kind : std::uint8_t { counter, gauge, distribution_count, distribution_avg, distribution_max };

/// One exported series: its name, unit and kind.
struct series_info {
  std::string name;
  std::string unit;
  series_kind kind = series_kind::counter;
};

/// One sampled value of a series at a virtual instant.
struct point {
  std::uint32_t series = 0;  ///< index into registry::series()
  sim::time_ns t = 0;
  double value = 0;
};

/// Reads a gauge's current value when the sampler runs (e.g. a queue's depth).
using probe_fn = std::function<double()>;

/// The run's metrics. Registration is by name and idempotent (the same name and kind
/// returns the same handle); registering a name again with another kind throws
/// std::invalid_argument. Handles stay valid for the registry's lifetime.
class registry {
 public:
  /// Registers (or finds) a counter named `name`.
  counter add_counter(std::string_view name, std::string_view unit = "Count");
  /// Registers (or finds) a gauge; with a probe, the sampler reads it at each sample.
  gauge add_gauge(std::string_view name, std::string_view unit = "Count", probe_fn probe = {});
  /// Registers (or finds) a distribution, exported as `name.count`, `name.avg`, `name.max`.
  distribution add_distribution(std::string_view name, std::string_view unit = "Milliseconds");

  /// Adds `n` to a counter: one array update.
  void increment(counter c, std::int64_t n = 1) noexcept { counters_[c.index].total += n; }
  /// Sets a gauge without a probe.
  void set(gauge g, double v) noexcept { gauges_[g.index].value = v; }
  /// Records one observation of a distribution.
  void observe(distribution d, double v) noexcept {
    auto& s = distributions_[d.index];
    ++s.count;
    s.sum += v;
    if (s.count == 1 || v > s.max) s.max = v;
  }

  /// The counter's total since the start of the run.
  std::int64_t total(counter c) const noexcept { return counters_[c.index].total; }
  /// The gauge's current value (its probe is called if it has one).
  double value(gauge g) const;
  /// Finds a counter's handle by name (tests, reports); nullptr-like false if absent.
  bool find_counter(std::string_view name, counter& out) const;

  /// Records one point per series at `t`: counters as the Sum since the previous
  /// sample, gauges as their value, distributions as count/avg/max of the period's
  /// observations (a period without observations records count 0 only).
  void sample(sim::time_ns t);
  /// Time of the last sample (-1 before the first).
  sim::time_ns last_sample() const noexcept { return last_sample_; }

  const std::vector<series_info>& series() const noexcept { return series_; }
  const std::vector<point>& points() const noexcept { return points_; }
  /// The points of one series in time order (a copy; for tests and reports).
  std::vector<point> points_of(std::string_view series_name) const;

 private:
  struct counter_state {
    std::int64_t total = 0;
    std::int64_t at_last_sample = 0;
    std::uint32_t series = 0;
  };
  struct gauge_state {
    double value = 0;
    probe_fn probe;
    std::uint32_t series = 0;
  };
  struct distribution_state {
    std::int64_t count = 0;
    double sum = 0;
    double max = 0;
    std::uint32_t series = 0;  ///< first of three consecutive series (count, avg, max)
  };
  std::uint32_t add_series(std::string_view name, std::string_view unit, series_kind kind);
  std::int64_t find_series(std::string_view name) const;

  std::vector<series_info> series_;
  std::vector<std::uint32_t> handle_of_series_;  ///< series index -> handle index of its kind
  std::vector<counter_state> counters_;
  std::vector<gauge_state> gauges_;
  std::vector<distribution_state> distributions_;
  std::vector<point> points_;
  sim::time_ns last_sample_ = -1;
};

}  // namespace slsim::metrics
