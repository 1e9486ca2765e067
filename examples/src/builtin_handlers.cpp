#include "../zoo/zoo_support.hpp"
#include "slsim/examples/handlers.hpp"

namespace slsim::examples {

const std::vector<handler_definition>& builtin_handlers() {
  static const std::vector<handler_definition> all{reference_handler(),
                                                   zoo::unconditional_put(),
                                                   zoo::stale_read_then_write(),
                                                   zoo::message_id_key(),
                                                   zoo::throw_on_poison(),
                                                   zoo::malformed_batch_response(),
                                                   zoo::non_idempotent_add(),
                                                   zoo::inprogress_without_expiry(),
                                                   zoo::ttl_idempotency(),
                                                   zoo::fifo_reports_only_failed(),
                                                   zoo::body_hash_key(),
                                                   zoo::tier_boundary(),
                                                   zoo::guard_on_first_write_only(),
                                                   zoo::swallow_store_errors(),
                                                   zoo::lease_until_deadline(),
                                                   zoo::unguarded_resume(),
                                                   zoo::start_order_carrier(),
                                                   zoo::double_checked_total(),
                                                   zoo::read_before_lock(),
                                                   applied_set_handler(),
                                                   sync_form_handler(),
                                                   raw_form_handler()};
  return all;
}

const std::vector<std::string_view>& exploration_zoo() {
  static const std::vector<std::string_view> names{"zoo/unguarded_resume", "zoo/start_order_carrier",
                                                   "zoo/read_before_lock"};
  return names;
}

const handler_definition* find_builtin(std::string_view name) {
  for (const auto& h : builtin_handlers())
    if (h.name == name) return &h;
  return nullptr;
}

}  // namespace slsim::examples
