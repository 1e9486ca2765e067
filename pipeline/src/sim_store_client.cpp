// The store client handlers get inside the simulator: crash injection at each await
// point (before a call, or right after one completes), the function role's IAM check per
// action (docs/architecture.md §3), then the SDK-like retrying client in front of the
// simulated service (MD9), writing as the invocation. A killed invocation's calls stop
// retrying and it starts no new ones (MD5).
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/post.hpp>
#include <memory>

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

// Errors that reach a handler only because a service or the SDK gave up (D9, MD9, MD20):
// not a handler's own business outcome such as a failed condition (D2) or a cancelled
// transaction (D5).
bool surfaced_error(const std::error_code& ec) {
  if (!ec || ec.category() != store::store_category()) return false;
  switch (static_cast<store::store_errc>(ec.value())) {
    case store::store_errc::conditional_check_failed:
    case store::store_errc::transaction_canceled:
    case store::store_errc::access_denied:
      return false;
    default:
      return true;
  }
}

// What outlives the client object: a completion may arrive after a callback-style
// handler returned and destroyed its client.
struct client_state {
  world* w;
  runtime::invocation_info* info;  // null once the client is gone, or for init
  std::uint32_t writes_issued = 0;
  // Cancellation of each call in flight (to the SDK's retry loop), emitted when the
  // invocation is killed: no retry is issued after that instant (MD5).
  std::vector<std::shared_ptr<asio::cancellation_signal>> in_flight;

  void forget(const asio::cancellation_signal* s) {
    for (auto it = in_flight.begin(); it != in_flight.end(); ++it)
      if (it->get() == s) {
        in_flight.erase(it);
        return;
      }
  }
  void cancel_all() {
    auto calls = std::move(in_flight);
    in_flight.clear();
    for (auto& c : calls) c->emit(asio::cancellation_type::terminal);
  }
};

class sim_store_client final : public store_client {
 public:
  sim_store_client(world& w, runtime::invocation_info* info)
      : state_(std::make_shared<client_state>(client_state{&w, info})), role_(w.iam.role("handler")) {
    if (info) info->on_kill([s = state_] { s->cancel_all(); });
  }
  ~sim_store_client() override {
    if (state_->info) state_->info->on_kill(nullptr);
    state_->info = nullptr;
  }

 protected:
  void before_call(const store_operation& op) override {
    if (!state_->info) return;
    const bool already_killed = state_->info->killed();  // a timeout's aftermath, not an injected crash
    try {
      state_->info->await_point();  // throws runtime::injected_crash when a crash is due here
    } catch (const runtime::injected_crash&) {
      if (!already_killed && state_->writes_issued > 0 && is_write(op)) ++state_->w->crashes_between_writes;
      throw;
    }
  }

  void execute(store_operation op, asio::any_completion_handler<store_signature> handler) override {
    world& w = *state_->w;
    runtime::invocation_info* const info = state_->info;
    const std::uint64_t writer = info ? info->invocation_id() : 0;
    for (const auto a : actions_of(op)) {
      const std::error_code denied = w.iam.authorize(role_, a, writer);
      if (!denied) continue;
      store::store_result r;
      r.error = store::store_errc::access_denied;
      r.message = "User is not authorized to perform: " + std::string(iam::to_string(a));
      complete_later(w, std::move(handler), store::store_errc::access_denied, std::move(r));
      return;
    }
    const std::uint64_t call = ++w.store_calls_started;
    if (w.on_store_call && info) w.on_store_call(writer, info->await_points(), is_write(op));
    const world::store_call_fault fault =
        w.before_store_call ? w.before_store_call(call, writer) : world::store_call_fault{};
    if (fault.error) {  // the SDK gave up, or the error is not retryable: nothing applied
      store::store_result r;
      r.error = fault.error;
      r.message = "injected: " + fault.error.message();
      if (info) ++w.store_errors_surfaced;
      complete_later(w, std::move(handler), fault.error, std::move(r));
      return;
    }
    if (is_write(op)) ++state_->writes_issued;
    const std::uint32_t point = info ? info->await_points() : 0;
    auto signal = std::make_shared<asio::cancellation_signal>();
    state_->in_flight.push_back(signal);
    // The caller's own cancellation (`co_await (call || timer)`, the runtime's cut) also
    // reaches the SDK's retry loop.
    if (auto slot = handler.get_cancellation_slot(); slot.is_connected())
      slot.assign([weak = std::weak_ptr(signal)](asio::cancellation_type t) {
        if (auto s = weak.lock()) s->emit(t);
      });
    if (fault.delay > 0) w.store.delay_next(fault.delay);
    // The call's identity for keyed draws: its invocation's delivery and its await point,
    // never the global call count, so shrinking keeps its latency (docs/architecture.md §6).
    const std::uint64_t key = info ? sim::mix_key(info->draw_key(), point) : 0;
    w.sdk.async_call(
        std::move(op), store::call_context{writer, key},
        asio::bind_cancellation_slot(signal->slot(), [state = state_, signal, point, h = std::move(handler)](
                                                         std::error_code ec, store::store_result r) mutable {
          state->forget(signal.get());  // the signal lives until here: the SDK's slot points into it
          if (auto slot = h.get_cancellation_slot(); slot.is_connected()) slot.clear();
          if (state->info && surfaced_error(ec)) ++state->w->store_errors_surfaced;
          // A crash right after this call: its effect is made, the handler
          // never sees it.
          if (state->info && state->info->crash_after(point)) {
            ec = std::make_error_code(std::errc::operation_canceled);
            r = store::store_result{};
          }
          std::move(h)(boost::system::error_code(ec), std::move(r));
        }));
  }

 private:
  static bool is_write(const store_operation& op) {
    return !std::holds_alternative<store::get_request>(op) && !std::holds_alternative<store::query_request>(op);
  }
  static void complete_later(world& w, asio::any_completion_handler<store_signature> handler, std::error_code ec,
                             store::store_result r) {
    asio::post(w.ctx.get_executor(), [h = std::move(handler), ec, r = std::move(r)]() mutable {
      std::move(h)(boost::system::error_code(ec), std::move(r));
    });
  }

  std::shared_ptr<client_state> state_;
  iam::role_ref role_;
};

}  // namespace

std::unique_ptr<store_client> sim_store_factory::make(runtime::invocation_info* info, std::uint64_t) {
  return std::make_unique<sim_store_client>(world_, info);
}

}  // namespace slsim::pipeline::detail
