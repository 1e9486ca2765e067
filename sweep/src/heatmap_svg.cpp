#include "heatmap_svg.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

namespace slsim::sweep::detail {
namespace {
constexpr int k_cell_w = 96, k_cell_h = 40, k_left = 150, k_top = 30, k_bottom = 44, k_legend_h = 40;
constexpr std::array<std::array<int, 3>, 3> k_stops{{{255, 255, 204}, {253, 141, 60}, {189, 0, 38}}};

std::string value_text(const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

// Yellow (low = good) → orange → dark red (high = bad), t in [0, 1].
std::string colour(double t) {
  const auto& stops = k_stops;
  t = std::clamp(t, 0.0, 1.0);
  const std::size_t i = t < 0.5 ? 0 : 1;
  const double u = t < 0.5 ? t * 2 : (t - 0.5) * 2;
  auto channel = [&](std::size_t c) {
    return static_cast<int>(stops[i][c] + (stops[i + 1][c] - stops[i][c]) * u + 0.5);
  };
  return fmt::format("#{:02x}{:02x}{:02x}", channel(0), channel(1), channel(2));
}

std::string number(double v, int decimals) {
  if (v != 0 && std::abs(v) < 0.01) return fmt::format("{:.3g}", v);
  return fmt::format("{:.{}f}", v, std::min(decimals, 3));
}

// One map: the points whose coordinates on axes ≥ 2 equal `facet`.
std::string one_map(const grid& g, const std::vector<point_summary>& points, metric m,
                    std::optional<std::size_t> recommended, const std::vector<std::size_t>& facet_points,
                    const std::string& facet_title) {
  const auto& axes = g.axes();
  const std::size_t columns = axes[0].values.size();
  const std::size_t rows = axes.size() > 1 ? axes[1].values.size() : 1;
  double low = 0, high = 0;
  bool first = true;
  for (auto p : facet_points) {
    if (!points[p].valid || points[p].cases == 0) continue;
    const double v = points[p][m].mean;
    low = first ? v : std::min(low, v);
    high = first ? v : std::max(high, v);
    first = false;
  }
  // Wide enough for the title (about 7 px a character at 12 px, bold).
  const int title_w = 8 + 7 * static_cast<int>(info(m).title.size() + facet_title.size());
  const int width = std::max(k_left + static_cast<int>(columns) * k_cell_w + 10, title_w);
  const int height = k_top + static_cast<int>(rows) * k_cell_h + k_bottom + k_legend_h;
  std::string svg = fmt::format(
      R"svg(<svg class="heatmap" data-metric="{}" xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" role="img">)svg"
      R"svg(<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">)svg"
      R"svg(<rect width="6" height="6" fill="#e4e4e4"/><line x1="0" y1="0" x2="0" y2="6" stroke="#aaa" stroke-width="2"/></pattern>)svg"
      R"svg(<linearGradient id="scale"><stop offset="0" stop-color="{}"/><stop offset="0.5" stop-color="{}"/><stop offset="1" stop-color="{}"/></linearGradient></defs>)svg"
      R"svg(<text x="4" y="18" class="map-title">{}{}</text>)svg",
      info(m).name, width, height, colour(0), colour(0.5), colour(1), html_escape(info(m).title),
      html_escape(facet_title));
  for (auto p : facet_points) {
    const auto at = g.coordinates(p);
    const int x = k_left + static_cast<int>(at[0]) * k_cell_w;
    const int y = k_top + static_cast<int>(axes.size() > 1 ? at[1] : 0) * k_cell_h;
    const auto& s = points[p];
    std::string fill = "url(#hatch)", label = "invalid", tip = "rejected by AWS: " + s.reason;
    double t = 0;  // position on the colour scale; also picks a readable text colour
    if (s.valid && s.cases > 0) {
      t = high > low ? (s[m].mean - low) / (high - low) : 0;
      fill = colour(t);
      label = number(s[m].mean, info(m).decimals) + (s.all_held() ? "" : " !");
      tip = fmt::format("{}: mean {} (sd {}, min {}, max {}) over {} seeds; properties held on {}", s.settings,
                        s[m].mean, s[m].stddev, s[m].min, s[m].max, s.cases, s.held);
      for (const auto& [property, seeds] : s.violated) tip += fmt::format("; {} violated on {}", property, seeds);
    } else if (s.valid) {
      fill = "#f0f0f0";
      label = "no data";
      tip = s.errors ? s.first_error : "not run";
    }
    const bool best = recommended && *recommended == p;
    svg += fmt::format(
        R"svg(<g class="cell{}" data-point="{}"><title>{}</title><rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="{}" stroke-width="{}"/>)svg"
        R"svg(<text x="{}" y="{}" text-anchor="middle" fill="{}">{}{}</text></g>)svg",
        best ? " recommended" : "", p, html_escape(tip), x, y, k_cell_w - 2, k_cell_h - 2, fill,
        best                       ? "#1a9850"
        : s.all_held() || !s.valid ? "#ffffff"
                                   : "#7a0177",
        best                       ? 4
        : s.all_held() || !s.valid ? 1
                                   : 3,
        x + k_cell_w / 2, y + k_cell_h / 2 + 5, t > 0.6 ? "#ffffff" : "#222222", best ? "★ " : "", html_escape(label));
  }
  for (std::size_t c = 0; c < columns; ++c)
    svg += fmt::format(R"svg(<text x="{}" y="{}" text-anchor="middle" class="tick">{}</text>)svg",
                       k_left + static_cast<int>(c) * k_cell_w + k_cell_w / 2,
                       k_top + static_cast<int>(rows) * k_cell_h + 16, html_escape(value_text(axes[0].values[c])));
  svg += fmt::format(R"svg(<text x="{}" y="{}" text-anchor="middle" class="axis">{}</text>)svg",
                     k_left + static_cast<int>(columns) * k_cell_w / 2, height - k_legend_h - 6,
                     html_escape(axes[0].label()));
  for (std::size_t r = 0; r < rows && axes.size() > 1; ++r)
    svg += fmt::format(R"svg(<text x="{}" y="{}" text-anchor="end" class="tick">{}</text>)svg", k_left - 8,
                       k_top + static_cast<int>(r) * k_cell_h + k_cell_h / 2 + 5,
                       html_escape(value_text(axes[1].values[r])));
  if (axes.size() > 1)
    svg += fmt::format(R"svg(<text x="4" y="{}" class="axis">{}</text>)svg",
                       k_top + static_cast<int>(rows) * k_cell_h + 32, html_escape("↓ " + axes[1].label()));
  // The legend: this map's own scale (each map is coloured from its own lowest to highest mean).
  const int legend_y = height - k_legend_h + 8;
  const int bar_w = std::max(120, static_cast<int>(columns) * k_cell_w - 120);
  if (first) {
    svg += fmt::format(
        R"svg(<g class="legend"><text x="{}" y="{}" class="tick">no colour scale: no point ran</text></g>)svg", k_left,
        legend_y + 12);
  } else {
    const std::string lo = number(low, info(m).decimals), hi = number(high, info(m).decimals);
    svg += fmt::format(
        R"svg(<g class="legend" data-low="{}" data-high="{}"><text x="{}" y="{}" text-anchor="end" class="tick">{}</text>)svg"
        R"svg(<rect x="{}" y="{}" width="{}" height="12" fill="{}" stroke="#999" stroke-width="0.5"/>)svg"
        R"svg(<text x="{}" y="{}" class="tick">{}</text><text x="{}" y="{}" text-anchor="middle" class="tick muted">{}</text></g>)svg",
        lo, hi, k_left - 6, legend_y + 11, html_escape(lo), k_left, legend_y, bar_w,
        high > low ? "url(#scale)" : colour(0), k_left + bar_w + 6, legend_y + 11, html_escape(hi), k_left + bar_w / 2,
        legend_y + 28,
        html_escape(high > low ? std::string(info(m).title) + ": lower (lighter) is better"
                               : std::string(info(m).title) + ": the same at every point"));
  }
  return svg + "</svg>";
}
}  // namespace

std::string heatmaps(const grid& g, const std::vector<point_summary>& points, metric m,
                     std::optional<std::size_t> recommended) {
  if (g.axes().empty()) return "";
  // Group points by their coordinates beyond the first two axes.
  std::map<std::vector<std::size_t>, std::vector<std::size_t>> facets;
  for (std::size_t p = 0; p < points.size(); ++p) {
    auto at = g.coordinates(p);
    at.erase(at.begin(), at.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(2, at.size())));
    facets[at].push_back(p);
  }
  std::string out;
  for (const auto& [key, members] : facets) {
    std::string title;
    for (std::size_t i = 0; i < key.size(); ++i)
      title += fmt::format(" — {}={}", g.axes()[i + 2].label(), value_text(g.axes()[i + 2].values[key[i]]));
    out += one_map(g, points, m, recommended, members, title);
  }
  return out;
}

}  // namespace slsim::sweep::detail
