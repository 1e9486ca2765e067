#include "sync_call.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <optional>

namespace slsim::live::testing {
namespace {

namespace asio = boost::asio;

// A named coroutine, not a lambda: GCC 12 flags coroutine lambdas' frames with a
// false -Wmismatched-new-delete.
asio::awaitable<outcome> perform(store_client& c, store::any_request r) {
  constexpr auto token = asio::as_tuple(asio::use_awaitable);
  outcome out;
  switch (r.index()) {
    case 0:
      std::tie(out.ec, out.result) = co_await c.async_put_item(std::get<0>(std::move(r)), token);
      break;
    case 1:
      std::tie(out.ec, out.result) = co_await c.async_update_item(std::get<1>(std::move(r)), token);
      break;
    case 2:
      std::tie(out.ec, out.result) = co_await c.async_delete_item(std::get<2>(std::move(r)), token);
      break;
    case 3:
      std::tie(out.ec, out.result) = co_await c.async_get_item(std::get<3>(std::move(r)), token);
      break;
    case 4:
      std::tie(out.ec, out.result) = co_await c.async_query(std::get<4>(std::move(r)), token);
      break;
    default:
      std::tie(out.ec, out.result) = co_await c.async_transact_write_items(std::get<5>(std::move(r)), token);
      break;
  }
  co_return out;
}

}  // namespace

outcome sync_call(asio::io_context& io, store_client& client, store::any_request request) {
  std::optional<outcome> out;
  std::exception_ptr error;
  asio::co_spawn(io, perform(client, std::move(request)), [&](std::exception_ptr e, outcome o) {
    error = e;
    out = std::move(o);
  });
  io.restart();
  while (!out && io.run_one() > 0) {
  }
  if (error) std::rethrow_exception(error);
  return out.value();
}

}  // namespace slsim::live::testing
