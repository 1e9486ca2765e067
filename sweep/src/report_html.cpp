#include "slsim/sweep/report_html.hpp"

#include <fmt/format.h>

#include <map>

#include "heatmap_svg.hpp"
#include "slsim/esm/config.hpp"
#include "slsim/pipeline/assumptions.hpp"
#include "slsim/runtime/config.hpp"

namespace slsim::sweep {
namespace {
using detail::html_escape;

constexpr metric k_mapped[] = {metric::latency_p99_s, metric::concurrent_duplicates, metric::false_dlq,
                               metric::cost_usd, metric::redeliveries};
// The table's figures (results.csv has every metric): what fits a 1400 px window.
constexpr metric k_columns[] = {metric::latency_p50_s,    metric::latency_p99_s, metric::latency_max_s,
                                metric::throughput_per_s, metric::redeliveries,  metric::concurrent_duplicates,
                                metric::false_dlq,        metric::lost,          metric::invocations,
                                metric::throttled,        metric::cost_usd};

constexpr const char* k_style = R"(
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #222; max-width: 1352px; }
h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 28px; }
.maps { display: flex; flex-wrap: wrap; gap: 16px; }
svg.heatmap text { font: 12px system-ui, sans-serif; } svg.heatmap .map-title { font-weight: 600; }
svg.heatmap .muted { fill: #777; }
#recommendation { border-left: 4px solid #1a9850; padding: 8px 12px; background: #f0f9f2; }
#recommendation.none { border-color: #bd0026; background: #fdf0f0; }
table { border-collapse: collapse; font-size: 11px; width: 100%; }
th, td { border: 1px solid #ddd; padding: 2px 3px; text-align: right; }
th { background: #f4f4f4; cursor: pointer; vertical-align: bottom; font-weight: 600; }
td { white-space: nowrap; }
td.text, th.text { text-align: left; white-space: normal; overflow-wrap: anywhere; min-width: 5em; max-width: 14em; }
td.settings { text-align: left; white-space: normal; font-family: ui-monospace, monospace; font-size: 11px;
              min-width: 12em; }
tr.invalid td { color: #999; } tr.violated td { background: #fbeff7; } tr.recommended td { background: #e5f5e9; }
pre { background: #f7f7f7; padding: 8px; overflow: auto; max-height: 400px; }
.muted { color: #777; }
)";

// Sorts the table by a clicked header; reports its own health in #script-status so a
// headless browser test can tell the script ran without errors.
constexpr const char* k_script = R"(
(function () {
  var table = document.getElementById('results-table');
  var headers = table.querySelectorAll('th');
  headers.forEach(function (th, column) {
    th.addEventListener('click', function () {
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var descending = th.getAttribute('data-order') === 'asc';
      rows.sort(function (a, b) {
        var x = a.cells[column].getAttribute('data-value') || a.cells[column].textContent;
        var y = b.cells[column].getAttribute('data-value') || b.cells[column].textContent;
        var nx = parseFloat(x), ny = parseFloat(y);
        var order = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
        return descending ? -order : order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
      headers.forEach(function (h) { h.removeAttribute('data-order'); });
      th.setAttribute('data-order', descending ? 'desc' : 'asc');
    });
  });
  var cells = document.querySelectorAll('svg.heatmap g.cell');
  cells.forEach(function (cell) {
    cell.addEventListener('click', function () {
      var row = document.getElementById('point-' + cell.getAttribute('data-point'));
      if (row) row.scrollIntoView({block: 'center'});
    });
  });
  // For tools (the headless-browser test), never shown: what ran, and the laid-out widths.
  var status = document.getElementById('script-status');
  status.setAttribute('data-columns', String(headers.length));
  status.setAttribute('data-cells', String(cells.length));
  status.setAttribute('data-page-width', String(document.documentElement.scrollWidth));
  status.setAttribute('data-table-right', String(Math.ceil(table.getBoundingClientRect().right)));
  if (status.getAttribute('data-errors') === '0') status.setAttribute('data-ran', 'yes');
})();
)";

constexpr const char* k_error_trap = R"(
window.addEventListener('error', function (e) {
  var status = document.getElementById('script-status');
  if (!status) return;
  status.setAttribute('data-errors', String(Number(status.getAttribute('data-errors')) + 1));
  status.setAttribute('data-last-error', e.message);
});
)";

// "exactly_once on 2/3 seeds, no_loss on 1/3 seeds"
std::string violated_text(const point_summary& p) {
  std::string out;
  for (const auto& [property, seeds] : p.violated)
    out += fmt::format("{}{} on {}/{} seeds", out.empty() ? "" : ", ", property, seeds, p.cases);
  return out;
}

std::string table(const std::vector<point_summary>& points, const recommendation& best) {
  std::string out = R"(<table id="results-table"><thead><tr><th class="text">settings</th><th>properties held</th>)";
  for (auto m : k_columns) out += fmt::format("<th>{}</th>", html_escape(info(m).title));
  out += R"(<th class="text">violated properties</th><th class="text">false DLQ causes</th>)"
         R"(<th class="text">rejected by AWS because</th></tr></thead><tbody>)";
  for (const auto& p : points) {
    const char* kind = !p.valid ? "invalid" : best.point == p.point ? "recommended" : p.all_held() ? "ok" : "violated";
    // One setting per line ("esm.batch_size=10<br>queue.visibility_timeout_s=30"), and a
    // long one may break after a dot of its path.
    std::string settings;
    for (const char ch : html_escape(p.settings))
      settings += ch == ' ' ? std::string("<br>") : ch == '.' ? std::string(".<wbr>") : std::string(1, ch);
    out += fmt::format(R"(<tr id="point-{}" class="{}"><td class="settings">{}</td><td>{}</td>)", p.point, kind,
                       settings, p.valid ? fmt::format("{}/{}", p.held, p.cases) : "–");
    for (auto m : k_columns) {
      if (!p.valid || p.cases == 0) {
        out += "<td>–</td>";
        continue;
      }
      out += fmt::format(R"(<td data-value="{:.9g}" title="sd {:.4g}, min {:.4g}, max {:.4g}">{:.{}f}</td>)", p[m].mean,
                         p[m].stddev, p[m].min, p[m].max, p[m].mean, info(m).decimals);
    }
    std::string causes;
    for (const auto& [cause, n] : p.false_dlq_causes)
      causes += fmt::format("{}{} {}", causes.empty() ? "" : ", ", cause, n);
    std::string violated = violated_text(p);
    if (p.errors > 0)
      violated += fmt::format("{}{} seed(s) failed to run: {}", violated.empty() ? "" : "; ", p.errors, p.first_error);
    out +=
        fmt::format(R"(<td class="text violated">{}</td><td class="text">{}</td><td class="text reason">{}</td></tr>)",
                    html_escape(violated), html_escape(causes), html_escape(p.valid ? "" : p.reason));
  }
  return out + "</tbody></table>";
}
}  // namespace

// The time model every figure depends on: the handler's compute time (MD17) and the hop
// latencies (MD16), as the base scenario states them (a swept axis overrides per point).
static std::string time_model(const nlohmann::json& scenario) {
  std::string compute = "not stated", hop = "not stated";
  try {
    if (const auto f = scenario.find("function"); f != scenario.end() && f->contains("duration"))
      compute = f->at("duration").get<runtime::compute_config>().describe();
    if (const auto e = scenario.find("esm"); e != scenario.end() && e->contains("latency")) {
      const auto l = e->at("latency").get<esm::latency_config>();
      hop = "invoke " + l.invoke.describe() + " (FIFO: " + l.invoke_fifo.describe() + "), DeleteMessageBatch " +
            l.delete_call.describe();
    }
  } catch (const nlohmann::json::exception&) {
    // An older results file: say nothing rather than guess.
  }
  return fmt::format("<p id=\"time-model\" class=\"muted\">Compute model (MD17): {}. SQS → Lambda hop (MD16): {}.</p>",
                     html_escape(compute), html_escape(hop));
}

// The inferred facts (docs/aws-facts.md, *inferred*) behind the figures: those of the base
// scenario and of every point the grid makes of it (an axis can reach another one, e.g. a
// batching window or reserved concurrency), each with the points that depend on it.
static std::string assumptions_section(const sweep_results& r) {
  const grid g = r.spec.points();
  std::map<std::string, std::pair<pipeline::assumption, std::size_t>> seen;  // fact → (first, points)
  std::size_t loaded = 0;
  for (std::size_t i = 0; i < g.size(); ++i) {
    try {
      const auto s = pipeline::load_scenario(pipeline::apply_settings(r.spec.scenario, g.settings(i)));
      ++loaded;
      for (auto& a : pipeline::inferred_assumptions(s)) ++seen.try_emplace(a.fact, a, 0).first->second.second;
    } catch (const std::exception&) {
      // A point AWS rejects never ran: it depends on nothing.
    }
  }
  std::vector<std::pair<pipeline::assumption, std::size_t>> rows;
  for (auto& [fact, row] : seen) rows.push_back(row);
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return pipeline::catalogue_less(a.first.fact, b.first.fact); });
  std::string out =
      "<h2>Stated assumptions</h2><p class=\"muted\">Behaviours AWS does not document that these figures depend "
      "on: each is a fact marked <em>inferred</em> in docs/aws-facts.md, reached by a setting of the scenario.</p>"
      "<table id=\"assumptions\"><thead><tr><th class=\"text\">fact</th><th class=\"text\">reached by</th>"
      "<th class=\"text\">assumed</th><th>points</th></tr></thead><tbody>\n";
  for (const auto& [a, n] : rows)
    out += fmt::format(
        R"(<tr><td class="text"><code>{}</code></td><td class="text">{}{}</td><td class="text">{}</td><td>{}/{}</td></tr>)"
        "\n",
        html_escape(a.fact), html_escape(a.feature),
        a.path.empty() ? "" : " (<code>" + html_escape(a.path) + "</code>)", html_escape(a.assumed), n, loaded);
  return out + "</tbody></table>\n";
}

std::string report_html(const sweep_results& r, const std::vector<point_summary>& points, const constraints& limits,
                        const recommendation& best) {
  const grid g = r.spec.points();
  std::size_t invalid = 0;
  for (const auto& p : points) invalid += p.valid ? 0 : 1;
  std::string html = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>slsim sweep — {}</title>"
      "<style>{}</style><script>{}</script></head><body>\n",
      html_escape(r.spec.handler), k_style, k_error_trap);
  html += fmt::format("<h1>slsim sweep: handler <code>{}</code>, scenario <code>{}</code></h1>\n",
                      html_escape(r.spec.handler), html_escape(r.spec.scenario_source));
  html += fmt::format(
      "<p>{} point(s) ({} rejected by AWS) × {} common seed(s) from {}: every point ran the same seeds, so differences "
      "come from the settings. Figures are means across seeds; hover a cell for the spread.</p>\n",
      points.size(), invalid, r.spec.seeds, r.spec.base_seed);
  if (best.point)
    html += fmt::format(R"(<div id="recommendation"><strong>Recommended:</strong> <code>{}</code> — {}</div>)",
                        html_escape(points[*best.point].settings), html_escape(best.reason));
  else
    html += fmt::format(R"(<div id="recommendation" class="none"><strong>No recommendation:</strong> {}</div>)",
                        html_escape(best.reason));
  html += "\n" + time_model(r.spec.scenario);
  html +=
      "\n<h2>Heatmaps</h2><p class=\"muted\">Lighter is better. Hatched: AWS rejects the setting. “!” and a purple "
      "border: a property was violated on some seed. ★: the recommendation.</p><div class=\"maps\">\n";
  for (auto m : k_mapped) html += detail::heatmaps(g, points, m, best.point) + "\n";
  html +=
      "</div>\n<h2>Every point</h2>\n<p class=\"muted\">Means across seeds; hover a figure for its spread. "
      "Click a column to sort. results.csv has every figure of every seed.</p>\n" +
      table(points, best) + "\n";
  html += assumptions_section(r);
  html += "<h2>Scenario</h2><details><summary>The base scenario every point started from</summary><pre>" +
          html_escape(r.spec.scenario.dump(2)) + "</pre></details>\n";
  html +=
      "<h2>Prices</h2><p class=\"muted\">Estimated cost per run from this table (MD11; edit with "
      "<code>--prices FILE</code>; free tiers ignored).</p><pre>" +
      html_escape(nlohmann::json(r.spec.prices).dump(2)) + "</pre>\n";
  html += fmt::format("<p class=\"muted\">Constraints: {}.</p>\n", html_escape(limits.describe()));
  html += "<div id=\"script-status\" hidden data-errors=\"0\"></div>\n";
  html += fmt::format("<script>{}</script>\n</body></html>\n", k_script);
  return html;
}

}  // namespace slsim::sweep
