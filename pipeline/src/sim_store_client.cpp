// The store client handlers get inside the simulator: crash injection at each await
// point, the function role's IAM check per action (docs/architecture.md §3), then the SDK-like
// retrying client in front of the simulated service (MD9), writing as the invocation.
#include <boost/asio/post.hpp>

#include "slsim/iam/action.hpp"
#include "slsim/pipeline/world.hpp"
#include "world_parts.hpp"

namespace slsim::pipeline::detail {
namespace {

// The IAM actions a request needs: TransactWriteItems is authorised per contained action.
std::vector<iam::action> actions_of(const store_operation& op) {
  using namespace iam;
  struct visitor {
    std::vector<action> operator()(const store::put_request&) const { return {action::dynamodb_put_item}; }
    std::vector<action> operator()(const store::update_request&) const { return {action::dynamodb_update_item}; }
    std::vector<action> operator()(const store::delete_request&) const { return {action::dynamodb_delete_item}; }
    std::vector<action> operator()(const store::get_request&) const { return {action::dynamodb_get_item}; }
    std::vector<action> operator()(const store::query_request&) const { return {action::dynamodb_query}; }
    std::vector<action> operator()(const store::transact_write_request& r) const {
      std::vector<action> out;
      for (const auto& a : r.actions) {
        switch (a.kind) {
          case store::transact_action::action_kind::put:
            out.push_back(action::dynamodb_put_item);
            break;
          case store::transact_action::action_kind::update:
            out.push_back(action::dynamodb_update_item);
            break;
          case store::transact_action::action_kind::del:
            out.push_back(action::dynamodb_delete_item);
            break;
          case store::transact_action::action_kind::condition_check:
            out.push_back(action::dynamodb_condition_check_item);
            break;
        }
      }
      return out;
    }
  };
  return std::visit(visitor{}, op);
}

class sim_store_client final : public store_client {
 public:
  sim_store_client(world& w, runtime::invocation_info* info)
      : world_(w), info_(info), role_(w.iam.role("handler")) {}  // resolved once, not per call

 protected:
  void before_call() override {
    if (info_) info_->await_point();  // throws runtime::injected_crash when a crash is due here
  }

  void execute(store_operation op, asio::any_completion_handler<store_signature> handler) override {
    const std::uint64_t writer = info_ ? info_->request_id() : 0;
    for (const auto a : actions_of(op)) {
      const std::error_code denied = world_.iam.authorize(role_, a, writer);
      if (!denied) continue;
      store::store_result r;
      r.error = store::store_errc::access_denied;
      r.message = "User is not authorized to perform: " + std::string(iam::to_string(a));
      asio::post(world_.ctx.get_executor(), [h = std::move(handler), r = std::move(r)]() mutable {
        std::move(h)(boost::system::error_code(store::store_errc::access_denied), std::move(r));
      });
      return;
    }
    const std::uint64_t call = ++world_.store_calls_started;
    const sim::time_ns delay = world_.before_store_call ? world_.before_store_call(call, writer) : 0;
    if (delay <= 0) {
      forward(std::move(op), writer, std::move(handler));
      return;
    }
    // A latency spike on the way to the store (network, a slow partition).
    world_.ctx.schedule_at(world_.ctx.now() + delay, [this_world = &world_, op = std::move(op), writer,
                                                      h = std::move(handler)](sim::detail::fire_code) mutable {
      forward_in(*this_world, std::move(op), writer, std::move(h));
    });
  }

  static void forward_in(world& w, store_operation op, std::uint64_t writer,
                         asio::any_completion_handler<store_signature> handler) {
    w.sdk.async_call(std::move(op), store::call_context{writer},
                     [h = std::move(handler)](std::error_code ec, store::store_result r) mutable {
                       std::move(h)(boost::system::error_code(ec), std::move(r));
                     });
  }
  void forward(store_operation op, std::uint64_t writer, asio::any_completion_handler<store_signature> handler) {
    forward_in(world_, std::move(op), writer, std::move(handler));
  }

 private:
  world& world_;
  runtime::invocation_info* info_;
  iam::role_ref role_;
};

}  // namespace

std::unique_ptr<store_client> sim_store_factory::make(runtime::invocation_info* info, std::uint64_t) {
  return std::make_unique<sim_store_client>(world_, info);
}

}  // namespace slsim::pipeline::detail
