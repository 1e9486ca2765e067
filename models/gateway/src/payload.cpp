// Request bodies of each kind (docs/architecture.md §6), shaped for the default request schema.
#include <fmt/format.h>

#include "slsim/gateway/clients.hpp"

namespace slsim::gateway {
namespace {
constexpr const char* k_currencies[] = {"EUR", "USD", "GBP"};

std::string valid_fields(std::uint64_t request_id, sim::rng& r, const client_config& c, const amount_model& amounts) {
  const auto customer = r.uniform_int(0, c.customers - 1);
  const auto amount = amounts.draw(r, c);
  const char* currency = k_currencies[r.uniform_int(0, 2)];
  return fmt::format(R"("requestId":"{}","customerId":"c-{}","amount":{},"currency":"{}")",
                     format_request_id(request_id), customer, amount, currency);
}

// One broken rule of the default schema, chosen at random (G2 → 400).
std::string invalid_body(std::uint64_t request_id, sim::rng& r, const client_config& c, const amount_model& amounts) {
  const std::string id = format_request_id(request_id);
  switch (r.uniform_int(0, 4)) {
    case 0:
      return fmt::format(R"({{"requestId":"{}","customerId":"c-0"}})", id);  // amount missing
    case 1:
      return fmt::format(R"({{"requestId":"{}","customerId":"c-0","amount":"12"}})", id);  // wrong type
    case 2:
      return fmt::format(R"({{"requestId":"{}","customerId":"c-0","amount":5,"currency":"XYZ"}})", id);
    case 3:
      return fmt::format(R"({{"requestId":"{}","customerId":"{}","amount":5}})", id, std::string(65, 'x'));
    default:
      return "{" + valid_fields(request_id, r, c, amounts);  // truncated JSON
  }
}
}  // namespace

std::string make_body(request_kind kind, std::uint64_t request_id, sim::rng& random, const client_config& config) {
  return make_body(kind, request_id, random, config, amount_model::make(config));
}

std::string make_body(request_kind kind, std::uint64_t request_id, sim::rng& random, const client_config& config,
                      const amount_model& amounts) {
  switch (kind) {
    case request_kind::valid:
    case request_kind::unauthenticated:
      return "{" + valid_fields(request_id, random, config, amounts) + "}";
    case request_kind::poison:
      return "{" + valid_fields(request_id, random, config, amounts) + R"(,"poison":true})";
    case request_kind::invalid:
      return invalid_body(request_id, random, config, amounts);
    case request_kind::oversized: {
      const auto target = static_cast<std::size_t>(config.oversized_bytes);
      std::string body;
      body.reserve(target);  // one allocation for a body of over a megabyte
      body += '{';
      body += valid_fields(request_id, random, config, amounts);
      body += R"(,"padding":")";
      const std::size_t tail = 2;  // closing quote and brace
      if (body.size() + tail < target) body.append(target - body.size() - tail, 'x');
      body += "\"}";
      return body;
    }
  }
  return "{}";
}

}  // namespace slsim::gateway
