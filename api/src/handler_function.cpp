#include "slsim/api/handler_function.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "slsim/api/sim_clock.hpp"

namespace slsim::api {

std::string aws_request_id(std::uint64_t invocation) {
  return fmt::format("{:08x}-5e1a-4000-8000-{:012x}", static_cast<std::uint32_t>(invocation >> 32),
                     invocation & 0xFFFFFFFFFFFFULL);
}

handler_function::handler_function(const handler_definition& definition, store_client_factory& stores,
                                   handler_hooks& hooks)
    : definition_(&definition), stores_(&stores), hooks_(&hooks) {
  if (static_cast<bool>(definition.typed) == static_cast<bool>(definition.raw))
    throw std::invalid_argument("handler '" + definition.name + "' must have exactly one of a typed and a raw form");
  memory_ = writable_memory::of_plugin(definition);
  if (memory_) memory_->snapshot(seen_);
}

// All environments share this process, so a plugin's statics outlive cold starts here and
// not in AWS. Its writable memory is compared at the end of each invocation with the last
// look. The first change is let pass (a static initialised lazily on first use, once per
// process); a later one seen at the end of a warm invocation is state kept across
// invocations outside ctx.state(): a seen-set, a cache, a counter.
void handler_function::watch_global_state(const runtime::invocation_info& info) {
  if (!memory_ || finding_) return;
  const std::size_t changed = memory_->changed(seen_);
  if (changed == 0) return;
  if (!first_change_passed_ || info.cold()) {
    first_change_passed_ = true;
    return;
  }
  finding_ = global_state_finding{memory_->object(), changed, info.invocation_id()};
}

asio::awaitable<void> handler_function::init(runtime::environment_info& env) {
  environment_state& state = states_[env.environment_id];
  if (!definition_->init) co_return;
  static const std::map<std::string, std::string> k_no_variables;
  auto store = stores_->make(nullptr, env.environment_id);
  init_context ctx(*store, state, *hooks_, env.environment_id, env.variables ? *env.variables : k_no_variables,
                   asio::any_io_executor(env.ctx->get_executor()));
  co_await definition_->init(ctx);
  if (memory_) memory_->snapshot(seen_);  // what init sets up is per environment in AWS too
}

asio::awaitable<runtime::invocation_output> handler_function::invoke(const sqs_event& event,
                                                                     runtime::invocation_info& info) {
  environment_state& state = states_[info.environment_id()];
  auto store = stores_->make(&info, info.environment_id());
  sim_clock clock(info);
  lambda_context ctx(*store, state, *hooks_,
                     {info.invocation_id(), info.environment_id(), aws_request_id(info.invocation_id()),
                      std::string(info.function_name())},
                     std::chrono::nanoseconds(info.deadline()), info.variables(),
                     asio::any_io_executor(info.context().get_executor()), clock);
  // Each co_await is a statement of its own: GCC 12 mishandles temporaries when a
  // co_await sits inside a co_return expression (the result was freed before use).
  if (definition_->typed) {
    batch_response response = co_await definition_->typed(event, ctx);
    watch_global_state(info);
    co_return runtime::invocation_output(std::move(response));
  }
  const std::string payload = nlohmann::json(event).dump();
  std::string response = co_await definition_->raw(payload, ctx);
  watch_global_state(info);
  co_return runtime::invocation_output(runtime::raw_payload{std::move(response)});
}

}  // namespace slsim::api
