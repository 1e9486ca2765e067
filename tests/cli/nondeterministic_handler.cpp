// A handler with a determinism escape: a process-global counter that survives from one
// run to the next in the same process, and leaks into what it writes. `slsim check
// --determinism-check` must report it (exit 3) with the first divergent event.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <slsim/api/handler_plugin.hpp>

namespace {
long g_calls = 0;  // the bug: state outside the simulated world

boost::asio::awaitable<slsim::batch_response> handle(const slsim::sqs_event& event, slsim::lambda_context& ctx) {
  for (const auto& record : event.records) {
    slsim::store::put_request put;
    put.table = "results";
    put.item = {{"pk", slsim::store::attribute_value::s(record.message_id)},
                {"n", slsim::store::attribute_value::n(++g_calls)}};
    co_await ctx.store().async_put_item(std::move(put), boost::asio::as_tuple(boost::asio::use_awaitable));
  }
  co_return slsim::batch_response{};
}
}  // namespace

SLSIM_HANDLER_PLUGIN(slsim::handler_definition{.name = "test/global-counter", .typed = &handle})
