#pragma once
// The prices behind a sweep's cost estimate (MD11): one documented, editable table.
// Defaults are AWS's public on-demand list prices for us-east-1 (see docs/prices.md);
// `slsim sweep --prices FILE` replaces any of them.
#include <nlohmann/json.hpp>
#include <string>

namespace slsim::sweep {

struct price_table {
  std::string region = "us-east-1";
  double api_gateway_per_million_requests = 3.50;  ///< REST API, first tier
  double lambda_per_million_requests = 0.20;
  double lambda_per_gb_second = 0.0000166667;  ///< x86
  double sqs_per_million_requests = 0.40;      ///< standard queue; a batch call counts once
  double sqs_fifo_per_million_requests = 0.50;
  double dynamodb_per_million_write_units = 0.625;  ///< on-demand write request units
  double dynamodb_per_million_read_units = 0.125;   ///< on-demand read request units
};

/// The counts a run's bill depends on.
struct billable_usage {
  double gateway_requests = 0;
  double invocations = 0;  ///< throttled attempts are not billed
  double gb_seconds = 0;
  double sqs_requests = 0;
  bool fifo = false;
  double write_units = 0;
  double read_units = 0;
};

/// US dollars for `usage` at `prices` (free tiers ignored: a sweep compares settings).
double cost_usd(const billable_usage& usage, const price_table& prices) noexcept;

/// Reads a price table (JSON; missing fields keep their defaults). Throws
/// std::invalid_argument naming the file and the field on malformed input.
price_table read_price_table(const std::string& path);

void to_json(nlohmann::json& j, const price_table& p);
/// Throws std::invalid_argument naming `source` and the field.
price_table price_table_from_json(const nlohmann::json& j, const std::string& source);

}  // namespace slsim::sweep
