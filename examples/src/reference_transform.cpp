#include "slsim/examples/reference_transform.hpp"

#include <stdexcept>
#include "slsim/models/json_input.hpp"

namespace slsim::examples {

std::optional<order> parse_order(std::string_view body) {
  const auto j = models::parse_or_discarded(body);
  if (!j.is_object()) return std::nullopt;
  const auto str = [&](const char* key) -> const nlohmann::json* {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() && !it->get_ref<const std::string&>().empty() ? &*it : nullptr;
  };
  const auto* request_id = str("requestId");
  const auto* customer_id = str("customerId");
  const auto amount = j.find("amount");
  if (!request_id || !customer_id || amount == j.end() || !amount->is_number_integer()) return std::nullopt;
  order o;
  o.request_id = request_id->get<std::string>();
  o.customer_id = customer_id->get<std::string>();
  o.amount = amount->get<std::int64_t>();
  if (o.amount < 0 || o.amount > 1'000'000'000) return std::nullopt;
  if (const auto p = j.find("poison"); p != j.end()) {
    if (!p->is_boolean()) return std::nullopt;
    o.poison = p->get<bool>();
  }
  if (const auto n = j.find("note"); n != j.end() && n->is_string()) o.note = n->get<std::string>();
  return o;
}

store::item reference_transform(const order& o) {
  // Enrichment that depends only on the payload, so an oracle can recompute it.
  const char* tier = o.amount >= 10'000 ? "gold" : o.amount >= 1'000 ? "silver" : "bronze";
  return store::item{
      {"pk", store::attribute_value::s(o.request_id)}, {"customerId", store::attribute_value::s(o.customer_id)},
      {"amount", store::attribute_value::n(o.amount)}, {"amountCents", store::attribute_value::n(o.amount * 100)},
      {"tier", store::attribute_value::s(tier)},       {"status", store::attribute_value::s("processed")}};
}

store::item reference_transform(std::string_view body) {
  const auto o = parse_order(body);
  if (!o) throw std::invalid_argument("not a valid order");
  return reference_transform(*o);
}

}  // namespace slsim::examples
