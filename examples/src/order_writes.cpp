#include "slsim/examples/order_writes.hpp"

namespace slsim::examples {

store::transact_write_request record_order(const order& o, const std::string& results, const std::string& totals) {
  store::transact_write_request tx;
  store::transact_action put;
  put.kind = store::transact_action::action_kind::put;
  put.table = results;
  put.item = reference_transform(o);
  put.condition = "attribute_not_exists(pk)";
  tx.actions.push_back(std::move(put));
  store::transact_action add;
  add.kind = store::transact_action::action_kind::update;
  add.table = totals;
  add.item = store::item{{"pk", store::attribute_value::s(o.customer_id)}};
  add.update = "ADD #total :amount";
  add.expr.names.emplace();
  add.expr.names->emplace("#total", "total");
  add.expr.values.emplace();
  add.expr.values->emplace(":amount", store::attribute_value::n(o.amount));
  tx.actions.push_back(std::move(add));
  return tx;
}

bool already_recorded(const boost::system::error_code& ec, const store::store_result& r) {
  return ec == store::store_errc::transaction_canceled && !r.reasons.empty() &&
         r.reasons.front().code == "ConditionalCheckFailed";
}

}  // namespace slsim::examples
