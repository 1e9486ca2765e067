// Grids of settings and the price table.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "slsim/sweep/grid.hpp"
#include "slsim/sweep/price_table.hpp"

namespace slsim::sweep {
namespace {

TEST(grid, parses_comma_lists_and_json_arrays_with_dotted_or_pointer_paths) {
  const auto a = parse_axis("--set", "esm.maximum_batching_window_s=0,1,5");
  EXPECT_EQ(a.path, "/esm/maximum_batching_window_s");
  EXPECT_EQ(a.label(), "esm.maximum_batching_window_s");
  ASSERT_EQ(a.values.size(), 3u);
  EXPECT_EQ(a.values[2], 5);
  const auto b = parse_axis("--set", R"(/function/reserved_concurrency=[1, null, 20])");
  ASSERT_EQ(b.values.size(), 3u);
  EXPECT_TRUE(b.values[1].is_null());
  const auto c = make_axis("--set", "queue.type", "standard,fifo");
  EXPECT_EQ(c.values[1], "fifo");  // not JSON: taken as a string
}

TEST(grid, rejects_malformed_lists_naming_the_option) {
  for (const char* bad : {"esm.batch_size", "=1,2", "esm.batch_size=1,,2", "esm.batch_size=[1,"}) {
    try {
      (void)parse_axis("--set", bad);
      ADD_FAILURE() << bad << " was accepted";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("--set"), std::string::npos) << e.what();
    }
  }
}

TEST(grid, enumerates_the_cartesian_product_with_the_first_axis_slowest) {
  const grid g({make_axis("-a", "esm.batch_size", "1,10"), make_axis("-b", "queue.visibility_timeout_s", "5,30,60")});
  ASSERT_EQ(g.size(), 6u);
  EXPECT_EQ(g.coordinates(0), (std::vector<std::size_t>{0, 0}));
  EXPECT_EQ(g.coordinates(4), (std::vector<std::size_t>{1, 1}));
  EXPECT_EQ(g.settings(5), (std::vector<std::string>{"/esm/batch_size=10", "/queue/visibility_timeout_s=60"}));
  EXPECT_EQ(g.describe(2), "esm.batch_size=1 queue.visibility_timeout_s=60");
}

TEST(price_table, costs_each_billable_unit_at_its_price) {
  price_table p;
  billable_usage u{.gateway_requests = 1e6,
                   .invocations = 2e6,
                   .gb_seconds = 1000,
                   .sqs_requests = 3e6,
                   .fifo = false,
                   .write_units = 4e6,
                   .read_units = 5e6};
  const double expected = 3.50 + 2 * 0.20 + 1000 * 0.0000166667 + 3 * 0.40 + 4 * 0.625 + 5 * 0.125;
  EXPECT_NEAR(cost_usd(u, p), expected, 1e-9);
  u.fifo = true;  // FIFO requests cost more (MD11)
  EXPECT_NEAR(cost_usd(u, p), expected + 3 * (0.50 - 0.40), 1e-9);
}

TEST(price_table, a_file_replaces_some_prices_and_bad_fields_are_named) {
  const auto dir = std::filesystem::temp_directory_path() / "slsim-prices-test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "ok.json") << R"({"region": "eu-west-1", "lambda_per_gb_second": 0.00002})";
  const auto p = read_price_table((dir / "ok.json").string());
  EXPECT_EQ(p.region, "eu-west-1");
  EXPECT_DOUBLE_EQ(p.lambda_per_gb_second, 0.00002);
  EXPECT_DOUBLE_EQ(p.sqs_per_million_requests, price_table{}.sqs_per_million_requests);
  std::ofstream(dir / "bad.json") << R"({"lambda_per_gb_secnd": 1})";
  try {
    (void)read_price_table((dir / "bad.json").string());
    ADD_FAILURE();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("/lambda_per_gb_secnd"), std::string::npos) << e.what();
  }
  std::ofstream(dir / "negative.json") << R"({"sqs_per_million_requests": -1})";
  EXPECT_THROW((void)read_price_table((dir / "negative.json").string()), std::invalid_argument);
}

}  // namespace
}  // namespace slsim::sweep
