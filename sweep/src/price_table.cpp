#include "slsim/sweep/price_table.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "slsim/models/json_input.hpp"

namespace slsim::sweep {
namespace {
struct field {
  const char* name;
  double price_table::*member;
};
constexpr field k_fields[] = {
    {"api_gateway_per_million_requests", &price_table::api_gateway_per_million_requests},
    {"lambda_per_million_requests", &price_table::lambda_per_million_requests},
    {"lambda_per_gb_second", &price_table::lambda_per_gb_second},
    {"sqs_per_million_requests", &price_table::sqs_per_million_requests},
    {"sqs_fifo_per_million_requests", &price_table::sqs_fifo_per_million_requests},
    {"dynamodb_per_million_write_units", &price_table::dynamodb_per_million_write_units},
    {"dynamodb_per_million_read_units", &price_table::dynamodb_per_million_read_units},
};
}  // namespace

double cost_usd(const billable_usage& u, const price_table& p) noexcept {
  const double sqs_price = u.fifo ? p.sqs_fifo_per_million_requests : p.sqs_per_million_requests;
  return u.gateway_requests * p.api_gateway_per_million_requests / 1e6 +
         u.invocations * p.lambda_per_million_requests / 1e6 + u.gb_seconds * p.lambda_per_gb_second +
         u.sqs_requests * sqs_price / 1e6 + u.write_units * p.dynamodb_per_million_write_units / 1e6 +
         u.read_units * p.dynamodb_per_million_read_units / 1e6;
}

void to_json(nlohmann::json& j, const price_table& p) {
  j = nlohmann::json{{"region", p.region}};
  for (const auto& f : k_fields) j[f.name] = p.*(f.member);
}

price_table price_table_from_json(const nlohmann::json& j, const std::string& source) {
  if (!j.is_object()) throw std::invalid_argument(source + ": a price table must be a JSON object");
  price_table p;
  for (const auto& [key, value] : j.items()) {
    if (key == "region") {
      if (!value.is_string()) throw std::invalid_argument(source + ": /region: expected a string");
      p.region = value.get<std::string>();
      continue;
    }
    const field* match = nullptr;
    for (const auto& f : k_fields)
      if (key == f.name) match = &f;
    if (!match) throw std::invalid_argument(fmt::format("{}: /{}: unknown price (see docs/prices.md)", source, key));
    if (!value.is_number() || value.get<double>() < 0)
      throw std::invalid_argument(fmt::format("{}: /{}: expected a non-negative number of US dollars", source, key));
    p.*(match->member) = value.get<double>();
  }
  return p;
}

price_table read_price_table(const std::string& path) {
  return price_table_from_json(models::read_json_file(path, "price table"), path);
}

}  // namespace slsim::sweep
