// `slsim sweep` and `slsim merge` as users run them (docs/architecture.md §10, issue: sweeps).
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_support.hpp"

namespace slsim::testing {
namespace {

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The CSV row whose first columns are `prefix`.
std::map<std::string, std::string> csv_row(const std::string& csv, const std::string& prefix) {
  std::istringstream lines(csv);
  std::string header, line;
  std::getline(lines, header);
  auto split = [](const std::string& text) {
    std::vector<std::string> out;
    std::stringstream s(text);
    for (std::string cell; std::getline(s, cell, ',');) out.push_back(cell);
    return out;
  };
  const auto names = split(header);
  while (std::getline(lines, line)) {
    if (line.rfind(prefix, 0) != 0) continue;
    const auto cells = split(line);
    std::map<std::string, std::string> out;
    for (std::size_t i = 0; i < names.size() && i < cells.size(); ++i) out[names[i]] = cells[i];
    return out;
  }
  return {};
}

TEST(sweep, the_same_sweep_twice_gives_identical_csv) {
  const auto a = scratch_dir("sweep-same-a"), b = scratch_dir("sweep-same-b");
  const std::string args = " --batch-size 1,10 --visibility-timeout 5,30 --seeds 4";
  ASSERT_EQ(slsim("sweep" + args + " --out " + a + " --jobs 2").exit_code, 0);
  ASSERT_EQ(slsim("sweep" + args + " --out " + b + " --jobs 1").exit_code, 0);
  const auto csv = read(a + "/results.csv");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 5);  // header + 4 points
  EXPECT_EQ(csv, read(b + "/results.csv"));
  EXPECT_EQ(read(a + "/report.html"), read(b + "/report.html"));
}

TEST(sweep, visibility_shorter_than_the_holding_time_shows_concurrent_duplicates_only_there) {
  // P1: with a 5 s batching window the poller holds messages longer than a 3 s visibility
  // timeout, so they are received again while their first batch is still pending.
  const auto dir = scratch_dir("sweep-p1");
  const auto r = slsim(
      "sweep --batch-size 50 --visibility-timeout 3,30 --set esm.maximum_batching_window_s=5 "
      "--seeds 3 --out " +
      dir);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto csv = read(dir + "/results.csv");
  const auto short_vis = csv_row(csv, "50,3,"), safe = csv_row(csv, "50,30,");
  ASSERT_FALSE(short_vis.empty() || safe.empty()) << csv;
  EXPECT_GT(std::stod(short_vis.at("concurrent_duplicates_mean")), 0);
  EXPECT_EQ(std::stod(safe.at("concurrent_duplicates_mean")), 0);
  EXPECT_GT(std::stod(short_vis.at("redeliveries_mean")), std::stod(safe.at("redeliveries_mean")));
}

TEST(sweep, compute_time_makes_duplicates_and_dlq_moves_exactly_where_visibility_is_shorter_than_the_batch) {
  // MD17: 200 ms of compute per record. With a 5 s batching window and 2 requests/s, a
  // batch of 10 is held ~5 s + 10 × 0.2 s ≈ 7 s; a batch of 1 about 0.25 s. Only where the
  // visibility timeout is shorter than that are messages received again while their batch
  // is still running (P1), and valid ones end in the DLQ; nowhere else.
  const auto dir = scratch_dir("sweep-compute");
  const auto r = slsim(
      "sweep --batch-size 1,10 --visibility-timeout 3,10,30 --set function.duration.per_record.value_ms=200 "
      "--set esm.maximum_batching_window_s=5 --set clients.arrival.rate_per_s=2 --seeds 2 --out " +
      dir);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto csv = read(dir + "/results.csv");
  for (const char* point : {"1,3,", "1,10,", "1,30,", "10,10,", "10,30,"}) {
    const auto row = csv_row(csv, point);
    ASSERT_FALSE(row.empty()) << point << "\n" << csv;
    EXPECT_EQ(std::stod(row.at("concurrent_duplicates_mean")), 0) << point;
    EXPECT_EQ(std::stod(row.at("false_dlq_mean")), 0) << point;
  }
  const auto short_vis = csv_row(csv, "10,3,");
  ASSERT_FALSE(short_vis.empty()) << csv;
  EXPECT_GT(std::stod(short_vis.at("concurrent_duplicates_mean")), 0);
  EXPECT_GT(std::stod(short_vis.at("false_dlq_mean")), 0);
  // The report names the compute model the figures depend on.
  const auto html = read(dir + "/report.html");
  EXPECT_NE(html.find("Compute model (MD17): per invocation constant 0 ms + per record constant 200 ms"),
            std::string::npos);
}

TEST(sweep, reserved_concurrency_below_the_pollers_shows_false_dlq_entries_caused_by_throttling) {
  // P2: five pollers, reserved concurrency 1, busy environments: throttled batches come
  // back with their receive counts incremented and valid messages reach the DLQ.
  const auto dir = scratch_dir("sweep-p2");
  const auto r = slsim(
      "sweep --axis function.reserved_concurrency=1,20 --set clients.arrival.requests=200 "
      "--set clients.arrival.rate_per_s=50 --set queue.redrive_policy.max_receive_count=2 "
      "--set store.latency.fixed_ms=300 --batch-size 1 --seeds 2 --no-false-dlq --out " +
      dir);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto csv = read(dir + "/results.csv");
  const auto starved = csv_row(csv, "1,1,"), roomy = csv_row(csv, "1,20,");
  ASSERT_FALSE(starved.empty() || roomy.empty()) << csv;
  EXPECT_GT(std::stod(starved.at("false_dlq_mean")), 0);
  EXPECT_NE(starved.at("false_dlq_causes").find("throttle:"), std::string::npos) << starved.at("false_dlq_causes");
  EXPECT_EQ(std::stod(roomy.at("false_dlq_mean")), 0);
  EXPECT_NE(r.output.find("recommended: esm.batch_size=1 function.reserved_concurrency=20"), std::string::npos)
      << r.output;
}

TEST(sweep, points_aws_rejects_are_invalid_cells_with_the_reason) {
  const auto dir = scratch_dir("sweep-invalid");
  const auto r = slsim("sweep --batch-size 10,20 --visibility-timeout 2,30 --seeds 2 --out " + dir);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto csv = read(dir + "/results.csv");
  const auto l6 = csv_row(csv, "10,2,"), l2 = csv_row(csv, "20,30,"), ok = csv_row(csv, "10,30,");
  EXPECT_EQ(l6.at("valid"), "no");
  EXPECT_NE(csv.find("/function/timeout_s: 3 is outside what AWS accepts"), std::string::npos) << csv;
  EXPECT_EQ(l2.at("valid"), "no");
  EXPECT_EQ(ok.at("valid"), "yes");
  EXPECT_EQ(ok.at("seeds"), "2");
  EXPECT_NE(r.output.find("invalid: "), std::string::npos);
}

TEST(sweep, merged_shards_equal_the_unsharded_run) {
  const std::string args = " --batch-size 1,10 --axis esm.maximum_batching_window_s=0,2 --seeds 3";
  const auto whole = scratch_dir("sweep-whole");
  ASSERT_EQ(slsim("sweep" + args + " --out " + whole).exit_code, 0);
  std::string shards;
  for (int i = 0; i < 3; ++i) {
    const auto dir = scratch_dir("sweep-shard-" + std::to_string(i));
    const auto r = slsim("sweep" + args + " --shard " + std::to_string(i) + "/3 --out " + dir);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    shards += " " + dir;
  }
  const auto merged = scratch_dir("sweep-merged");
  const auto r = slsim("merge" + shards + " --out " + merged);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(read(merged + "/results.csv"), read(whole + "/results.csv"));
  EXPECT_EQ(read(merged + "/report.html"), read(whole + "/report.html"));
  // A shard of a different sweep is refused.
  const auto other = scratch_dir("sweep-other");
  ASSERT_EQ(slsim("sweep --batch-size 1,10 --seeds 3 --shard 0/3 --out " + other).exit_code, 0);
  EXPECT_EQ(slsim("merge" + shards.substr(0, shards.find(' ', 1)) + " " + other + " --out " + merged).exit_code, 2);
}

TEST(merge, combines_sharded_check_runs) {
  std::string shards;
  for (int i = 0; i < 2; ++i) {
    const auto dir = scratch_dir("check-shard-" + std::to_string(i));
    ASSERT_EQ(slsim("check --seeds 10 --shard " + std::to_string(i) + "/2 --out " + dir).exit_code, 0);
    shards += " " + dir;
  }
  const auto merged = scratch_dir("check-merged");
  const auto r = slsim("merge" + shards + " --out " + merged);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("10 case(s), 10 passed, 0 failed"), std::string::npos) << r.output;
  const auto j = nlohmann::json::parse(read(merged + "/results.json"));
  EXPECT_EQ(j["results"].size(), 10u);
  EXPECT_EQ(slsim("merge" + shards + " " + shards.substr(1, shards.find(' ', 1) - 1) + " --out " + merged).exit_code,
            2);
}

TEST(sweep, bad_input_exits_2_with_the_option_named) {
  const auto dir = scratch_dir("sweep-bad");
  const auto a = slsim("sweep --batch-size 1,,2 --out " + dir);
  EXPECT_EQ(a.exit_code, 2);
  EXPECT_NE(a.output.find("--batch-size"), std::string::npos) << a.output;
  const auto b = slsim("sweep --batch-size 1 --max-p99 soon --out " + dir);
  EXPECT_EQ(b.exit_code, 2);
  EXPECT_NE(b.output.find("--max-p99"), std::string::npos) << b.output;
  const auto all_invalid = slsim("sweep --axis queue.no_such_field=1,2 --out " + dir);  // nothing can run: bad input
  EXPECT_EQ(all_invalid.exit_code, 2);
  EXPECT_NE(all_invalid.output.find("every one of the 2 point(s)"), std::string::npos) << all_invalid.output;
  EXPECT_NE(all_invalid.output.find("/queue/no_such_field"), std::string::npos) << all_invalid.output;
  // --set fixes one value (as in check); a list is not an axis there.
  const auto listed = slsim("sweep --set esm.batch_size=1,5 --seeds 1 --out " + dir);
  EXPECT_EQ(listed.exit_code, 2) << listed.output;
  EXPECT_NE(listed.output.find("esm"), std::string::npos) << listed.output;
  EXPECT_EQ(slsim("sweep --shard 3/3 --out " + dir).exit_code, 2);
  EXPECT_EQ(slsim("merge " + dir + "/missing --out " + dir).exit_code, 2);
  std::ofstream(dir + "/prices.json") << "{\"lambda\": 1}";
  EXPECT_EQ(slsim("sweep --prices " + dir + "/prices.json --out " + dir).exit_code, 2);
}

// The DOM after the page's scripts ran, laid out in a 1400 × 1000 window.
std::string rendered_dom(const std::string& html, const std::string& profile_name) {
  const auto profile = scratch_dir(profile_name);
  // Without the networking flags Chromium tries to reach outside hosts.
  const std::string command =
      "chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking "
      "--disable-component-update --disable-sync --disable-quic --window-size=1400,1000 --user-data-dir=" +
      profile + " --dump-dom file://" + html + " 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return "";
  std::string dom;
  std::array<char, 4096> buffer{};
  while (fgets(buffer.data(), buffer.size(), pipe)) dom += buffer.data();
  return pclose(pipe) == 0 ? dom : "";
}

std::string attribute(const std::string& dom, const std::string& element_start, const std::string& name) {
  const auto at = dom.find(element_start);
  if (at == std::string::npos) return "";
  const auto end = dom.find('>', at);
  const auto a = dom.find(" " + name + "=\"", at);
  if (a == std::string::npos || a > end) return "";
  const auto from = a + name.size() + 3;
  return dom.substr(from, dom.find('"', from) - from);
}

TEST(sweep, report_renders_in_headless_chromium_with_heatmaps_and_recommendation) {
  const auto dir = scratch_dir("sweep-report");
  // Visibility 1 s is below the function timeout (L6): one column of invalid points.
  ASSERT_EQ(slsim("sweep --batch-size 1,10,50 --visibility-timeout 1,3,30 --set esm.maximum_batching_window_s=5 "
                  "--axis function.reserved_concurrency=2,null --seeds 3 --max-p99 10s --out " +
                  dir)
                .exit_code,
            0);
  const std::string dom = rendered_dom(dir + "/report.html", "sweep-report-profile");
  ASSERT_FALSE(dom.empty()) << "chromium is required for this test (Debian package chromium)";
  // The page's own script ran without errors; its status element is for tools, never shown.
  EXPECT_EQ(attribute(dom, "id=\"script-status\"", "data-ran"), "yes") << dom.substr(dom.size() - 800);
  EXPECT_EQ(attribute(dom, "id=\"script-status\"", "data-errors"), "0");
  EXPECT_NE(dom.find(R"(id="script-status" hidden="")"), std::string::npos);
  EXPECT_EQ(dom.find("scripts ran"), std::string::npos);
  // The table (and so the page) fits a 1400 px window without horizontal scrolling.
  const std::string page_width = attribute(dom, "id=\"script-status\"", "data-page-width");
  ASSERT_FALSE(page_width.empty());
  EXPECT_LE(std::stoi(page_width), 1400);
  EXPECT_LE(std::stoi(attribute(dom, "id=\"script-status\"", "data-table-right")), 1400);

  std::size_t maps = 0, legends = 0;
  for (auto at = dom.find("class=\"heatmap\""); at != std::string::npos; at = dom.find("class=\"heatmap\"", at + 1))
    ++maps;
  for (auto at = dom.find("<g class=\"legend\""); at != std::string::npos; at = dom.find("<g class=\"legend\"", at + 1))
    ++legends;
  EXPECT_GE(maps, 8u);  // 4+ metrics × 2 reserved-concurrency facets
  EXPECT_EQ(legends, maps) << "every heatmap has its colour legend";
  EXPECT_NE(dom.find("lower (lighter) is better"), std::string::npos);
  for (const char* metric : {"latency_p99_s", "concurrent_duplicates", "false_dlq", "cost_usd"})
    EXPECT_NE(dom.find(std::string("data-metric=\"") + metric + "\""), std::string::npos) << metric;
  EXPECT_NE(dom.find("<strong>Recommended:</strong>"), std::string::npos);
  EXPECT_NE(dom.find("class=\"cell recommended\""), std::string::npos);
  // Columns: violated properties and the reason AWS rejects a point, each in its own column.
  for (const char* header : {"violated properties", "false DLQ causes", "rejected by AWS because"})
    EXPECT_NE(dom.find(std::string(">") + header + "</th>"), std::string::npos) << header;
  const auto invalid_row = dom.find("<tr id=\"point-0\" class=\"invalid\"");
  ASSERT_NE(invalid_row, std::string::npos) << "visibility 1 s must be rejected";
  const auto reason = dom.find("class=\"text reason\">", invalid_row);
  ASSERT_NE(reason, std::string::npos);
  EXPECT_NE(dom.substr(reason, dom.find("</td>", reason) - reason).find("L6"), std::string::npos)
      << dom.substr(reason, 300);
}

TEST(sweep, report_names_the_properties_a_point_violated) {
  const auto dir = scratch_dir("sweep-report-violated");
  ASSERT_EQ(slsim("sweep --handler zoo/message_id_key --batch-size 1,10 --seeds 2 --out " + dir).exit_code, 0);
  const auto html = read(dir + "/report.html");
  const auto cell = html.find("class=\"text violated\">exactly_once on ");
  EXPECT_NE(cell, std::string::npos) << html.substr(html.find("<table"), 3000);
}

}  // namespace
}  // namespace slsim::testing
