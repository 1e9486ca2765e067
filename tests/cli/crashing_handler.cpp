// A handler that crashes its process (a null dereference on the third message): `slsim
// check` must report `no_crash` without dying, and a run's trace must survive the crash.
#include <boost/asio/use_awaitable.hpp>
#include <csignal>
#include <slsim/api/handler_plugin.hpp>

namespace {
boost::asio::awaitable<slsim::batch_response> handle(const slsim::sqs_event& event, slsim::lambda_context& ctx) {
  for (const auto& record : event.records) {
    ctx.log("processing " + record.message_id);
    if (record.body.find("\"amount\"") != std::string::npos && ctx.invocation_id() >= 3) std::raise(SIGSEGV);
  }
  co_return slsim::batch_response{};
}
}  // namespace

SLSIM_HANDLER_PLUGIN(slsim::handler_definition{.name = "test/crasher", .typed = &handle})
