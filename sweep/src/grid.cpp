#include "slsim/sweep/grid.hpp"

#include <fmt/format.h>

#include <limits>
#include <stdexcept>

#include "slsim/models/json_input.hpp"

namespace slsim::sweep {
namespace {
std::string pointer_of(std::string_view option, std::string_view path) {
  if (path.empty()) throw std::invalid_argument(fmt::format("{}: the field path is empty", option));
  std::string out(path);
  if (out.front() != '/') {
    for (auto& c : out)
      if (c == '.') c = '/';
    out.insert(out.begin(), '/');
  }
  return out;
}

nlohmann::json parse_value(std::string_view text) {
  auto value = models::try_parse_json(text, models::k_flag_value_limits);
  return value ? std::move(*value) : nlohmann::json(std::string(text));
}
}  // namespace

std::string axis::label() const {
  std::string out = path.substr(1);
  for (auto& c : out)
    if (c == '/') c = '.';
  return out;
}

axis make_axis(std::string_view option, std::string_view path, std::string_view list) {
  axis a{pointer_of(option, path), {}};
  if (!list.empty() && list.front() == '[') {
    const auto array = models::try_parse_json(list, models::k_flag_value_limits);
    if (!array || !array->is_array()) {
      const auto problem = models::check_json_bounds(list, models::k_flag_value_limits);
      throw std::invalid_argument(fmt::format(
          "{} {}: {}", option, a.label(),
          problem.empty() ? "the list is not a JSON array" : "the list is too large or too deep: " + problem));
    }
    for (const auto& v : *array) a.values.push_back(v);
  } else {
    std::size_t start = 0;
    while (start <= list.size()) {
      const auto comma = list.find(',', start);
      const auto item = list.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
      if (item.empty())
        throw std::invalid_argument(
            fmt::format("{} {}: empty value in \"{}\" (expected a comma-separated list)", option, a.label(), list));
      a.values.push_back(parse_value(item));
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
  }
  if (a.values.empty()) throw std::invalid_argument(fmt::format("{} {}: no values", option, a.label()));
  return a;
}

axis parse_axis(std::string_view option, std::string_view path_and_list) {
  const auto eq = path_and_list.find('=');
  if (eq == std::string_view::npos || eq == 0)
    throw std::invalid_argument(
        fmt::format("{} \"{}\": expected PATH=LIST, e.g. esm.maximum_batching_window_s=0,1,5", option, path_and_list));
  return make_axis(option, path_and_list.substr(0, eq), path_and_list.substr(eq + 1));
}

std::size_t grid::size() const noexcept {
  // Saturates instead of wrapping: a product past SIZE_MAX is "too many" all the same.
  std::size_t n = 1;
  for (const auto& a : axes_) {
    const std::size_t k = a.values.size();
    if (k != 0 && n > std::numeric_limits<std::size_t>::max() / k) return std::numeric_limits<std::size_t>::max();
    n *= k;
  }
  return n;
}

std::vector<std::size_t> grid::coordinates(std::size_t point) const {
  std::vector<std::size_t> out(axes_.size());
  for (std::size_t i = axes_.size(); i-- > 0;) {
    out[i] = point % axes_[i].values.size();
    point /= axes_[i].values.size();
  }
  return out;
}

std::vector<std::string> grid::settings(std::size_t point) const {
  const auto at = coordinates(point);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < axes_.size(); ++i) out.push_back(axes_[i].path + "=" + axes_[i].values[at[i]].dump());
  return out;
}

std::string grid::describe(std::size_t point) const {
  const auto at = coordinates(point);
  std::string out;
  for (std::size_t i = 0; i < axes_.size(); ++i)
    out += fmt::format("{}{}={}", out.empty() ? "" : " ", axes_[i].label(), axes_[i].values[at[i]].dump());
  return out;
}

void to_json(nlohmann::json& j, const axis& a) { j = {{"path", a.path}, {"values", a.values}}; }

void from_json(const nlohmann::json& j, axis& a) {
  a.path = j.at("path").get<std::string>();
  a.values = j.at("values").get<std::vector<nlohmann::json>>();
}

}  // namespace slsim::sweep
