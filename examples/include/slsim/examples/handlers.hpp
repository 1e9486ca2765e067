#pragma once
// The built-in handlers: the reference pipeline's Lambda and the public bug zoo.
#include <string_view>
#include <vector>

#include "slsim/handler.hpp"

namespace slsim::examples {

/// The reference handler (docs/architecture.md §0): validate, transform, write exactly once.
const handler_definition& reference_handler();
/// A correct handler with another write pattern (raw form): a counter that records the
/// requestIds it counted and guards itself, with the guarded result, in one transaction.
const handler_definition& applied_set_handler();
/// The reference handler's logic in the synchronous form (slsim/sync_handler.hpp): correct.
const handler_definition& sync_form_handler();
/// The reference handler's logic in the raw form (Lambda's JSON in, the response JSON out): correct.
const handler_definition& raw_form_handler();
/// Every built-in handler, reference first, then the zoo ("zoo/NAME"), in a fixed order.
const std::vector<handler_definition>& builtin_handlers();
/// The zoo handlers a plain check (random seeds, fifo ties) does not find: a bug that needs
/// several faults, each at one specific point (`slsim explore` finds it by construction), or
/// one that needs another order of same-instant events (`check --explore ties`), or a race
/// PCT opens by holding one invocation behind another (`check --explore pct:d=2,w=50`)
/// (docs/exploration.md). The plain-check zoo test skips them; the exploration tests cover them.
const std::vector<std::string_view>& exploration_zoo();
/// A built-in handler by name, or nullptr.
const handler_definition* find_builtin(std::string_view name);

/// The message attribute the gateway puts the correlation id in, and a record's value
/// of it ("-" when absent): handlers log it so a request can be followed end to end.
inline constexpr const char* k_correlation_attribute = "correlationId";
std::string correlation_id_of(const sqs_message& record);
/// The environment variable `name`, or `fallback`.
std::string env_or(const lambda_context& ctx, const std::string& name, const char* fallback);

}  // namespace slsim::examples
