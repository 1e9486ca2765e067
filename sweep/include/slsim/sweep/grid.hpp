#pragma once
// The grid of a sweep: axes of scenario fields (JSON paths) with the values to try.
// A point is one value per axis; every point runs the same seeds (common random numbers).
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace slsim::sweep {

/// One swept field: its JSON pointer and the values to try, in the order given.
struct axis {
  std::string path;  ///< JSON pointer, e.g. "/esm/batch_size"
  std::vector<nlohmann::json> values;

  /// The dotted name people type: "esm.batch_size".
  std::string label() const;
};

/// "PATH=LIST" → an axis. PATH is dotted or a JSON pointer; LIST is a JSON array or
/// comma-separated values (each parsed as JSON, else taken as a string). Throws
/// std::invalid_argument naming the option and what was expected.
axis parse_axis(std::string_view option, std::string_view path_and_list);
/// An axis from a path and a LIST as above.
axis make_axis(std::string_view option, std::string_view path, std::string_view list);

/// The cartesian product of the axes; the first axis varies slowest.
class grid {
 public:
  grid() = default;
  explicit grid(std::vector<axis> axes) : axes_(std::move(axes)) {}

  const std::vector<axis>& axes() const noexcept { return axes_; }
  std::size_t size() const noexcept;
  /// The value index on each axis of point `point`.
  std::vector<std::size_t> coordinates(std::size_t point) const;
  /// The point's values as `--set` entries ("/esm/batch_size=10").
  std::vector<std::string> settings(std::size_t point) const;
  /// "esm.batch_size=10 queue.visibility_timeout_s=30"
  std::string describe(std::size_t point) const;

 private:
  std::vector<axis> axes_;
};

void to_json(nlohmann::json& j, const axis& a);
void from_json(const nlohmann::json& j, axis& a);

}  // namespace slsim::sweep
