#pragma once
// The synchronous handler form: plain blocking-style code (`ctx.put_item(request)`) for
// teams whose handlers are not coroutines. It runs on a stackful coroutine on the
// simulator's executor, so every store call still suspends in virtual time and a run
// stays deterministic. Build: links Boost.Context. Not covered by the sanitizer build
// (AddressSanitizer does not follow stack switches without a specially built Boost).
#include <boost/system/error_code.hpp>
#include <functional>

#include "slsim/handler.hpp"

namespace slsim {

namespace detail {
struct sync_yield;
}

/// What a synchronous handler sees: the invocation's context plus blocking store calls.
/// A call returns the result or throws boost::system::system_error carrying the store's
/// error code (compare with `slsim::store::store_errc`); the overloads taking an
/// error_code report it there instead and never throw.
class sync_context {
 public:
  sync_context(lambda_context& context, detail::sync_yield& yield) noexcept : context_(&context), yield_(&yield) {}

  lambda_context& context() noexcept { return *context_; }
  void log(std::string_view line) { context_->log(line); }
  const std::string* env(const std::string& name) const { return context_->env(name); }
  bool buggify(std::string_view site) { return context_->buggify(site); }
  std::chrono::milliseconds remaining_time() const { return context_->remaining_time(); }
  /// Unix epoch time now (lambda_context::now).
  std::chrono::system_clock::time_point now() const { return context_->now(); }
  /// Spends `d` in handler code (lambda_context::async_busy); throws system_error when cut.
  void busy(std::chrono::nanoseconds d);

  store::store_result put_item(store::put_request request);
  store::store_result put_item(store::put_request request, boost::system::error_code& ec);
  store::store_result update_item(store::update_request request);
  store::store_result update_item(store::update_request request, boost::system::error_code& ec);
  store::store_result delete_item(store::delete_request request);
  store::store_result delete_item(store::delete_request request, boost::system::error_code& ec);
  store::store_result get_item(store::get_request request);
  store::store_result get_item(store::get_request request, boost::system::error_code& ec);
  store::store_result query(store::query_request request);
  store::store_result query(store::query_request request, boost::system::error_code& ec);
  store::store_result transact_write_items(store::transact_write_request request);
  store::store_result transact_write_items(store::transact_write_request request, boost::system::error_code& ec);

 private:
  store::store_result call(store_operation op, boost::system::error_code& ec);
  lambda_context* context_;
  detail::sync_yield* yield_;
};

/// `batch_response handle(const sqs_event&, sync_context&)`.
using sync_handler_fn = std::function<batch_response(const sqs_event&, sync_context&)>;

/// The synchronous form as a typed handler: put the result in handler_definition::typed.
typed_handler_fn synchronous(sync_handler_fn handler);

}  // namespace slsim
