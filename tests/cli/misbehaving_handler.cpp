// A handler plugin that misbehaves in the way SLSIM_TEST_MISBEHAVIOUR names (the
// bad-input catalogue's handler rows): it throws, segfaults, aborts, calls exit(0), spins
// without awaiting, awaits forever, prints to stdout, fails a model invariant, or answers
// with a malformed or huge raw response. Otherwise it is the reference handler. The
// misbehaviour starts at the third invocation, so the run is under way when it happens.
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <slsim/api/handler_plugin.hpp>
#include <slsim/examples/handlers.hpp>
#include <slsim/sim/assert.hpp>
#include <slsim/sim/context.hpp>
#include <slsim/sim/timer.hpp>
#include <stdexcept>
#include <string>
#include <thread>

namespace {
std::string misbehaviour() {
  const char* v = std::getenv("SLSIM_TEST_MISBEHAVIOUR");  // a test plugin: chosen by the test
  return v ? "," + std::string(v) + "," : "";
}

// SLSIM_TEST_MISBEHAVIOUR is a comma-separated list, e.g. "wall_clock,throw".
bool does(const std::string& what, const char* name) {
  return what.find("," + std::string(name) + ",") != std::string::npos;
}

boost::asio::awaitable<slsim::batch_response> typed(const slsim::sqs_event& event, slsim::lambda_context& ctx) {
  static const std::string what = misbehaviour();
  // Process-global state that outlives a case: crashes once the process has seen virtual
  // time go backwards (a second case started in it), never in a process that runs one case.
  static auto latest = std::chrono::system_clock::time_point::min();
  static bool second_case = false;
  if (does(what, "crash_in_second_case")) {
    second_case = second_case || ctx.now() < latest;
    latest = ctx.now();
    if (second_case) std::raise(SIGSEGV);
  }
  if (ctx.invocation_id() >= 3) {
    if (does(what, "throw")) throw std::runtime_error("handler threw on purpose");
    if (does(what, "segfault")) std::raise(SIGSEGV);
    if (does(what, "abort")) std::abort();
    if (does(what, "exit0")) std::exit(0);
    if (does(what, "spin")) {
      volatile unsigned long n = 0;
      for (;;) n = n + 1;  // never yields to the simulation
    }
    if (does(what, "await_forever")) {
      auto& sim = slsim::sim::context_of(ctx.get_executor());
      co_await slsim::sim::async_sleep_for(sim, slsim::sim::seconds(1'000'000), boost::asio::use_awaitable);
    }
    if (does(what, "model_bug")) SLSIM_ASSERT(false, "test: a model invariant reported from a handler plugin");
  }
  if (does(what, "slow")) std::this_thread::sleep_for(std::chrono::milliseconds(3));  // real time: interruption tests
  if (does(what, "wall_clock"))  // a determinism escape: real time leaks into the trace
    ctx.log("wall clock " + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
  if (does(what, "stdout"))
    std::printf("handler output on stdout %lu\n", static_cast<unsigned long>(ctx.invocation_id()));
  co_return co_await slsim::examples::reference_handler().typed(event, ctx);
}

boost::asio::awaitable<std::string> raw(std::string_view payload, slsim::lambda_context& ctx) {
  static const std::string what = misbehaviour();
  if (ctx.invocation_id() >= 3) {
    if (does(what, "raw_malformed")) co_return "{\"batchItemFailures\": [ not json";
    if (does(what, "raw_huge")) co_return std::string(7 * 1024 * 1024, 'x');  // past Lambda's 6 MB response limit
  }
  // Otherwise the reference handler's work and answer, through the wire format (L13, L14).
  const slsim::sqs_event event = nlohmann::json::parse(payload).get<slsim::sqs_event>();
  const slsim::batch_response response = co_await slsim::examples::reference_handler().typed(event, ctx);
  co_return nlohmann::json(response).dump();
}

slsim::handler_definition make_definition() {
  const std::string what = misbehaviour();
  if (what.find(",raw_") != std::string::npos) return {.name = "test/misbehaving-raw", .raw = &raw};
  return {.name = "test/misbehaving", .typed = &typed};
}
}  // namespace

SLSIM_HANDLER_PLUGIN(make_definition())
