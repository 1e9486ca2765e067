// IAM roles (docs/architecture.md §0, §3): calls outside a role fail with AccessDenied and are recorded.
#include <gtest/gtest.h>

#include <array>
#include <nlohmann/json.hpp>

#include "slsim/iam/iam_service.hpp"

namespace slsim::iam {
namespace {

TEST(iam, handler_role_call_to_delete_item_is_denied_with_access_denied) {
  sim::context ctx;
  iam_service iam(ctx, iam_config{});
  const role_ref handler = iam.role("handler");
  const auto ec = iam.authorize(handler, action::dynamodb_delete_item, 42, "results");
  EXPECT_EQ(ec, iam_errc::access_denied);
  EXPECT_EQ(ec.message(), "AccessDenied");
  ASSERT_EQ(iam.denials().size(), 1u);
  EXPECT_EQ(iam.denials()[0].role, "handler");
  EXPECT_EQ(iam.denials()[0].what, action::dynamodb_delete_item);
  EXPECT_EQ(iam.denials()[0].caller, 42u);
  EXPECT_EQ(iam.denials()[0].resource, "results");
}

TEST(iam, default_roles_allow_exactly_the_design_actions) {
  sim::context ctx;
  iam_service iam(ctx, iam_config{});
  const role_ref gateway = iam.role("gateway");
  const role_ref handler = iam.role("handler");
  for (std::size_t i = 0; i < k_action_count; ++i) {
    const auto a = static_cast<action>(i);
    EXPECT_EQ(iam.allows(gateway, a), a == action::sqs_send_message) << to_string(a);
    const bool handler_may =
        a == action::dynamodb_put_item || a == action::dynamodb_update_item || a == action::dynamodb_get_item;
    EXPECT_EQ(iam.allows(handler, a), handler_may) << to_string(a);
  }
  EXPECT_FALSE(iam.authorize(gateway, action::sqs_send_message));
  EXPECT_TRUE(iam.denials().empty());
  EXPECT_EQ(iam.checks(), 1u);
}

TEST(iam, denial_is_traced_and_changes_the_trace_hash) {
  sim::context allowed_ctx;
  iam_service allowed(allowed_ctx, iam_config{});
  EXPECT_FALSE(allowed.authorize(allowed.role("handler"), action::dynamodb_put_item));
  sim::context denied_ctx;
  iam_service denied(denied_ctx, iam_config{});
  EXPECT_TRUE(denied.authorize(denied.role("handler"), action::dynamodb_scan));
  EXPECT_EQ(allowed_ctx.run().records, 0u);
  const auto result = denied_ctx.run();
  EXPECT_EQ(result.records, 1u);
  EXPECT_NE(result.trace_hash, allowed_ctx.trace_hash());
}

TEST(iam, transaction_is_authorised_per_contained_action) {
  sim::context ctx;
  iam_service iam(ctx, iam_config{});
  const role_ref handler = iam.role("handler");
  const std::array<action, 2> put_and_update{action::dynamodb_put_item, action::dynamodb_update_item};
  EXPECT_FALSE(iam.authorize_all(handler, put_and_update));
  const std::array<action, 3> with_check{action::dynamodb_put_item, action::dynamodb_condition_check_item,
                                         action::dynamodb_update_item};
  EXPECT_EQ(iam.authorize_all(handler, with_check), iam_errc::access_denied);
  ASSERT_EQ(iam.denials().size(), 1u);
  EXPECT_EQ(iam.denials()[0].what, action::dynamodb_condition_check_item);
}

TEST(iam, scenario_widens_one_role_and_keeps_the_other_defaults) {
  const auto j = nlohmann::json::parse(R"({"roles": [{"name": "handler", "actions":
      ["dynamodb:PutItem", "dynamodb:ConditionCheckItem"]}, {"name": "auditor", "actions": ["dynamodb:*"]}]})");
  const auto config = j.get<iam_config>();
  sim::context ctx;
  iam_service iam(ctx, config);
  EXPECT_TRUE(iam.allows(iam.role("handler"), action::dynamodb_condition_check_item));
  EXPECT_FALSE(iam.allows(iam.role("handler"), action::dynamodb_update_item));
  EXPECT_TRUE(iam.allows(iam.role("gateway"), action::sqs_send_message));
  EXPECT_TRUE(iam.allows(iam.role("auditor"), action::dynamodb_delete_item));
  EXPECT_FALSE(iam.allows(iam.role("auditor"), action::sqs_send_message));
  const nlohmann::json round_trip = config;
  EXPECT_EQ(round_trip.get<iam_config>().roles.size(), config.roles.size());
}

TEST(iam, unknown_action_names_are_rejected_with_their_path) {
  iam_config config;
  config.roles.push_back({"handler", {"dynamodb:PutItem"}});  // duplicate name
  config.roles[1].actions.push_back("dynamodb:PutItems");     // misspelt
  const auto violations = config.validate();
  ASSERT_EQ(violations.size(), 2u);
  EXPECT_EQ(violations[0].path, "iam.roles[1].actions[3]");
  EXPECT_EQ(violations[0].value, "dynamodb:PutItems");
  EXPECT_EQ(violations[1].path, "iam.roles[3].name");
  sim::context ctx;
  EXPECT_THROW(iam_service(ctx, config), models::config_error);
}

TEST(iam, checks_and_denials_are_counted_in_metrics) {
  sim::context ctx;
  metrics::registry reg;
  iam_service iam(ctx, iam_config{}, &reg);
  (void)iam.authorize(iam.role("gateway"), action::sqs_send_message);
  (void)iam.authorize(iam.role("gateway"), action::sqs_delete_message);
  metrics::counter denials;
  ASSERT_TRUE(reg.find_counter("iam.denials", denials));
  EXPECT_EQ(reg.total(denials), 1);
  metrics::counter checks;
  ASSERT_TRUE(reg.find_counter("iam.checks", checks));
  EXPECT_EQ(reg.total(checks), 2);
}

TEST(iam, unknown_role_is_a_wiring_error) {
  sim::context ctx;
  iam_service iam(ctx, iam_config{});
  EXPECT_FALSE(iam.has_role("admin"));
  EXPECT_THROW((void)iam.role("admin"), std::invalid_argument);
}

}  // namespace
}  // namespace slsim::iam
