#pragma once
// A one-line progress display on stderr (done/total, rate, ETA) when stderr is a
// terminal; otherwise, for long runs only, a plain line every few seconds.
#include <chrono>
#include <cstddef>
#include <string>

namespace slsim::cli {

class progress_line {
 public:
  /// `what` names the unit ("cases").
  progress_line(std::size_t total, std::string what);
  /// Redraws at most ten times a second; `detail` is appended ("3/25 points").
  void update(std::size_t done, const std::string& detail = {});
  /// Clears the line.
  void finish();
  /// Cases per wall-second so far.
  double rate(std::size_t done) const;

 private:
  std::size_t total_;
  std::string what_;
  /// Below this many units a non-terminal run prints no progress at all.
  static constexpr std::size_t k_plain_minimum = 200;
  bool enabled_;
  bool plain_;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace slsim::cli
