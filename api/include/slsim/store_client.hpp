#pragma once
// The store client handler code talks to: DynamoDB's operations as Asio asynchronous
// operations with any completion token (use_awaitable, as_tuple, redirect_error,
// callbacks). The error is a boost::system::error_code, so redirect_error works and
// use_awaitable throws on errors as everywhere in Asio; as_tuple gives (ec, result). One interface, two
// implementations: the simulated store (with IAM, SDK retries, fault hooks) and a live DynamoDB-protocol endpoint over
// HTTP with SigV4.
#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/system/error_code.hpp>
#include <variant>

#include "slsim/store/api.hpp"
#include "slsim/store/errors.hpp"
#include "slsim/store/requests.hpp"

namespace boost::system {
// Lets handler code compare a completion's error_code with a store error directly:
// `if (ec == slsim::store::store_errc::conditional_check_failed)`.
template <>
struct is_error_code_enum<slsim::store::store_errc> : std::true_type {};
}  // namespace boost::system

namespace slsim {

/// The completion signature of every store operation. A DynamoDB error (a failed
/// condition included) is the error_code; the result carries its message, the old item
/// (ReturnValuesOnConditionCheckFailure) and cancellation reasons.
using store_signature = void(boost::system::error_code, store::store_result);

/// Any one store request.
using store_operation = store::any_request;

/// DynamoDB for handlers. Thin templates forward to one virtual function, so coroutine
/// machinery is instantiated in the implementation's translation unit only.
class store_client {
 public:
  virtual ~store_client() = default;

  template <class Token>
  auto async_put_item(store::put_request request, Token&& token) {
    return initiate(store_operation(std::move(request)), std::forward<Token>(token));
  }
  template <class Token>
  auto async_update_item(store::update_request request, Token&& token) {
    return initiate(store_operation(std::move(request)), std::forward<Token>(token));
  }
  template <class Token>
  auto async_delete_item(store::delete_request request, Token&& token) {
    return initiate(store_operation(std::move(request)), std::forward<Token>(token));
  }
  template <class Token>
  auto async_get_item(store::get_request request, Token&& token) {
    return initiate(store_operation(std::move(request)), std::forward<Token>(token));
  }
  template <class Token>
  auto async_query(store::query_request request, Token&& token) {
    return initiate(store_operation(std::move(request)), std::forward<Token>(token));
  }
  template <class Token>
  auto async_transact_write_items(store::transact_write_request request, Token&& token) {
    return initiate(store_operation(std::move(request)), std::forward<Token>(token));
  }

 protected:
  /// Called in the handler's coroutine before `operation` starts: the simulator's crash
  /// injection throws from here, as if the process died at this await point.
  virtual void before_call(const store_operation& operation) { (void)operation; }
  /// Runs `operation` and completes `handler` exactly once (never inline).
  virtual void execute(store_operation operation, boost::asio::any_completion_handler<store_signature> handler) = 0;

 private:
  template <class Token>
  auto initiate(store_operation operation, Token&& token) {
    before_call(operation);
    return boost::asio::async_initiate<Token, store_signature>(
        [this](auto handler, store_operation op) {
          execute(std::move(op), boost::asio::any_completion_handler<store_signature>(std::move(handler)));
        },
        token, std::move(operation));
  }
};

}  // namespace slsim
