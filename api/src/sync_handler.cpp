#include "slsim/sync_handler.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

namespace slsim {
namespace detail {
// The stackful coroutine's yield, kept out of the public header so users need not
// include Asio's spawn machinery.
struct sync_yield {
  boost::asio::yield_context yield;
};
}  // namespace detail

store::store_result sync_context::call(store_operation op, boost::system::error_code& ec) {
  // The store client's one virtual entry point, completed on this coroutine's stack.
  return std::visit(
      [&](auto&& request) -> store::store_result {
        using request_type = std::decay_t<decltype(request)>;
        store_client& store = context_->store();
        if constexpr (std::is_same_v<request_type, store::put_request>)
          return store.async_put_item(std::move(request), yield_->yield[ec]);
        else if constexpr (std::is_same_v<request_type, store::update_request>)
          return store.async_update_item(std::move(request), yield_->yield[ec]);
        else if constexpr (std::is_same_v<request_type, store::delete_request>)
          return store.async_delete_item(std::move(request), yield_->yield[ec]);
        else if constexpr (std::is_same_v<request_type, store::get_request>)
          return store.async_get_item(std::move(request), yield_->yield[ec]);
        else if constexpr (std::is_same_v<request_type, store::query_request>)
          return store.async_query(std::move(request), yield_->yield[ec]);
        else
          return store.async_transact_write_items(std::move(request), yield_->yield[ec]);
      },
      std::move(op));
}

void sync_context::busy(std::chrono::nanoseconds d) {
  boost::system::error_code ec;
  context_->async_busy(d, yield_->yield[ec]);
  if (ec) throw boost::system::system_error(ec);
}

#define SLSIM_SYNC_CALL(name, request_type)                                                            \
  store::store_result sync_context::name(store::request_type request, boost::system::error_code& ec) { \
    return call(store_operation(std::move(request)), ec);                                              \
  }                                                                                                    \
  store::store_result sync_context::name(store::request_type request) {                                \
    boost::system::error_code ec;                                                                      \
    auto result = call(store_operation(std::move(request)), ec);                                       \
    if (ec) throw boost::system::system_error(ec, result.message);                                     \
    return result;                                                                                     \
  }
SLSIM_SYNC_CALL(put_item, put_request)
SLSIM_SYNC_CALL(update_item, update_request)
SLSIM_SYNC_CALL(delete_item, delete_request)
SLSIM_SYNC_CALL(get_item, get_request)
SLSIM_SYNC_CALL(query, query_request)
SLSIM_SYNC_CALL(transact_write_items, transact_write_request)
#undef SLSIM_SYNC_CALL

namespace {
asio::awaitable<batch_response> run_synchronously(std::shared_ptr<sync_handler_fn> handler, const sqs_event& event,
                                                  lambda_context& ctx) {
  // spawn's completion carries the handler's exception or its response; use_awaitable
  // rethrows the former here, where the runtime treats it like any handler exception.
  auto body = [handler, &event, &ctx](boost::asio::yield_context yield) {
    detail::sync_yield y{yield};
    sync_context sync(ctx, y);
    return (*handler)(event, sync);
  };
  // The runtime's cut must not reach the stackful coroutine through spawn: spawn posts its
  // cancellation emitter, and a crash unwinding the coroutine first frees what that
  // emitter points to (a SIGSEGV). The cut reaches the coroutine's store calls instead:
  // the store client cancels them when the invocation is killed, and any later call
  // throws (runtime::invocation_info::on_kill, await_point).
  batch_response response = co_await boost::asio::spawn(
      ctx.get_executor(), std::move(body),
      boost::asio::bind_cancellation_slot(boost::asio::cancellation_slot(), asio::use_awaitable));
  co_return response;
}
}  // namespace

typed_handler_fn synchronous(sync_handler_fn handler) {
  auto shared = std::make_shared<sync_handler_fn>(std::move(handler));
  return [shared](const sqs_event& event, lambda_context& ctx) { return run_synchronously(shared, event, ctx); };
}

}  // namespace slsim
