// A plugin, as users build theirs, that remembers the messages it processed in a C++ static
// seen-set (here only to log a redelivery; the usual next step is to skip what it holds). In
// AWS each execution environment is its own process: a cold start empties the set, and two
// environments never share it. In slsim every environment runs in one process, so the set
// is shared and outlives cold starts — `check` reports it as process-global state
// (api::handler_function). The writes go through the reference handler's transaction, so no
// property fails: the finding alone is reported, as a warning.
#include <boost/asio/use_awaitable.hpp>
#include <set>
#include <slsim/api/handler_plugin.hpp>
#include <slsim/examples/handlers.hpp>
#include <string>

namespace {
std::set<std::string> g_seen;  // process-global: outside ctx.state()

boost::asio::awaitable<slsim::batch_response> handle(const slsim::sqs_event& event, slsim::lambda_context& ctx) {
  static const slsim::handler_definition reference = slsim::examples::reference_handler();
  for (const auto& record : event.records)
    if (!g_seen.insert(record.message_id).second) ctx.log("seen before: " + record.message_id);
  slsim::batch_response response = co_await reference.typed(event, ctx);
  co_return response;
}
}  // namespace

SLSIM_HANDLER_PLUGIN(slsim::handler_definition{.name = "plugin/static-seen-set",
                                               .summary = "dedupes in a C++ static set (process-global state)",
                                               .typed = &handle})
