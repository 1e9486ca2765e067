#pragma once
// The asynchronous store interface handlers call (docs/architecture.md §4): Asio-style
// async_* operations with any completion token, signature
//   void(std::error_code, store_result)
// over one non-template virtual start() (Asio's cpp20/type_erasure pattern), so the
// simulated service, the retrying client and a live backend share one seam.
// With asio::use_awaitable the result is a std::tuple<std::error_code, store_result>;
// errors such as a failed condition (D2) never throw.
#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/async_result.hpp>
#include <system_error>
#include <variant>

#include "slsim/store/errors.hpp"
#include "slsim/store/requests.hpp"

namespace slsim::store {

namespace asio = boost::asio;

/// The completion signature of every store operation.
using completion_signature = void(std::error_code, store_result);
/// A type-erased completion handler of a store operation.
using store_handler = asio::any_completion_handler<completion_signature>;
/// Any request the store serves.
using any_request =
    std::variant<put_request, update_request, delete_request, get_request, query_request, transact_write_request>;

/// The operation name of a request ("PutItem", ...).
const char* operation_name(const any_request& r) noexcept;

/// A DynamoDB-like endpoint. Implementations complete each call exactly once, on the
/// caller's executor; they must not complete inline from start().
class store_api {
 public:
  virtual ~store_api() = default;

  template <class Token>
  auto async_call(any_request r, call_context who, Token&& token) {
    return asio::async_initiate<Token, completion_signature>(
        [this](auto handler, any_request req, call_context w) {
          start(std::move(req), w, store_handler(std::move(handler)));
        },
        token, std::move(r), who);
  }
  /// PutItem (D1–D3, D8).
  template <class Token>
  auto async_put_item(put_request r, call_context who, Token&& token) {
    return async_call(std::move(r), who, std::forward<Token>(token));
  }
  /// UpdateItem (D1–D4, D8).
  template <class Token>
  auto async_update_item(update_request r, call_context who, Token&& token) {
    return async_call(std::move(r), who, std::forward<Token>(token));
  }
  /// DeleteItem (D1, D2).
  template <class Token>
  auto async_delete_item(delete_request r, call_context who, Token&& token) {
    return async_call(std::move(r), who, std::forward<Token>(token));
  }
  /// GetItem (D7, MD8).
  template <class Token>
  auto async_get_item(get_request r, call_context who, Token&& token) {
    return async_call(std::move(r), who, std::forward<Token>(token));
  }
  /// Query on the partition key.
  template <class Token>
  auto async_query(query_request r, call_context who, Token&& token) {
    return async_call(std::move(r), who, std::forward<Token>(token));
  }
  /// TransactWriteItems (D5, D6).
  template <class Token>
  auto async_transact_write_items(transact_write_request r, call_context who, Token&& token) {
    return async_call(std::move(r), who, std::forward<Token>(token));
  }

 protected:
  /// Starts one call; `handler` must be completed exactly once.
  virtual void start(any_request r, call_context who, store_handler handler) = 0;
  friend class retrying_store_client;
};

}  // namespace slsim::store
