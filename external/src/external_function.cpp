// One process per execution environment, in lockstep with virtual time: the simulator
// hands the process an event or a store answer and then blocks (wall time, bounded)
// until the process's next request, so the process never runs while virtual time moves
// and the order of everything it does is decided by the seed (docs/other-languages.md).
#include "slsim/external/external_function.hpp"

#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>
#include <filesystem>
#include <stdexcept>

#include "slsim/external/child_process.hpp"
#include "slsim/external/dynamodb_endpoint.hpp"
#include "slsim/external/process_endpoint.hpp"
#include "slsim/external/runtime_api.hpp"
#include "slsim/external/shim_channel.hpp"
#include "slsim/sim/timer.hpp"

namespace slsim::external {

struct external_function::process_slot {
  std::uint64_t environment_id = 0;
  process_endpoint endpoint;
  std::unique_ptr<child_process> process;
  std::unique_ptr<shim_channel> shim;         ///< function.runtime.shim: the process's clock and sleeps
  std::optional<std::uint32_t> waiting_next;  ///< the held GET .../next connection
  incoming last;                              ///< the Runtime API request that ended the last wait
  bool dead = false;
};

external_function::external_function(const runtime::function_config& function, api::store_client_factory& stores,
                                     sim::context& ctx, std::uint64_t hash_seed)
    : function_(function), config_(*function.runtime), stores_(stores), ctx_(ctx), hash_seed_(hash_seed) {}

external_function::~external_function() = default;

void external_function::retire(std::uint64_t environment_id) {
  if (const auto it = processes_.find(environment_id); it != processes_.end()) {
    if (it->second->process) it->second->process->kill();  // SIGKILL now; a coroutine still unwinding holds the slot
    it->second->dead = true;
    processes_.erase(it);
  }
}

void external_function::fail(process_slot& slot, const std::string& what) {
  slot.process->kill();
  slot.process->drain_output();
  slot.dead = true;
  std::string message = what;
  if (const auto& tail = slot.process->output_tail(); !tail.empty())
    message += "; its last output: " + tail.substr(tail.size() > 600 ? tail.size() - 600 : 0);
  throw std::runtime_error(message);
}

void external_function::hand_over(process_slot& slot) {
  if (slot.shim) slot.shim->set_clock(ctx_.now());
}

boost::asio::awaitable<void> external_function::take_slept_time(process_slot& slot, runtime::invocation_info* info) {
  const std::int64_t slept = slot.shim->take_pending();
  if (slept <= 0) co_return;
  // The process's sleeps and timed-out waits cost virtual time before its request is
  // served: other environments run meanwhile, and the deadline can pass.
  try {
    co_await sim::async_sleep_for(ctx_, slept, boost::asio::use_awaitable);
  } catch (const boost::system::system_error&) {
    if (info == nullptr || !info->killed()) throw;
  }
  if (info != nullptr && info->killed()) {
    slot.process->kill();
    slot.dead = true;
    throw runtime::injected_crash{info->await_points()};
  }
}

boost::asio::awaitable<void> external_function::serve_until_runtime_call(std::shared_ptr<process_slot> owner,
                                                                         runtime::invocation_info* info) {
  process_slot& slot = *owner;
  std::unique_ptr<store_client> store;
  for (;;) {
    incoming in = slot.endpoint.next(*slot.process, config_.wall_timeout_s, slot.shim.get());
    switch (in.what) {
      case incoming::kind::exited:
        fail(slot, "the handler process ended (" + in.detail + ") before asking for its next event");
      case incoming::kind::stuck:
        ctx_.report_hang("external handler process of environment " + std::to_string(slot.environment_id) + ": " +
                         in.detail);
        fail(slot, in.detail);
      case incoming::kind::malformed:
        fail(slot, "the handler process sent malformed HTTP: " + in.detail);
      case incoming::kind::request:
        break;
    }
    ++stats_.requests;
    if (slot.shim) co_await take_slept_time(slot, info);
    if (route_of(in.request).what != route::kind::dynamodb) {
      slot.last = std::move(in);
      co_return;
    }
    ++stats_.store_requests;
    if (!store) store = stores_.make(info, slot.environment_id);
    dynamodb_answer answer;
    try {
      answer = co_await serve_dynamodb(in.request, *store, stats_.store_requests);
    } catch (const runtime::injected_crash&) {
      slot.process->kill();  // the crash fault: the process dies before the call starts
      slot.dead = true;
      throw;
    }
    if (info != nullptr && info->killed()) {
      // Cut while the call was in flight (timeout, or a crash right after the call): the
      // process is gone and never sees the answer; the call's effect stays (MD5).
      slot.process->kill();
      slot.dead = true;
      throw runtime::injected_crash{info->await_points()};
    }
    hand_over(slot);
    if (answer.reset)
      slot.endpoint.reset(in.connection);
    else
      slot.endpoint.respond(in.connection, answer.bytes);
  }
}

boost::asio::awaitable<void> external_function::init(runtime::environment_info& env) {
  auto owner = std::make_shared<process_slot>();
  process_slot& slot = *owner;
  slot.environment_id = env.environment_id;
  processes_[env.environment_id] = owner;
  const std::string root = std::filesystem::absolute(config_.cwd.empty() ? "." : config_.cwd).lexically_normal();
  static const std::map<std::string, std::string> k_none;
  auto variables = process_environment(env.variables ? *env.variables : k_none, config_.env, function_.function_name,
                                       root, slot.endpoint.port(), hash_seed_ ^ env.environment_id);
  child_process::options how;
  if (config_.shim) {
    const auto library = shim_library();
    if (!library)
      throw std::runtime_error("function.runtime.shim: libslsim_shim.so not found (looked in " +
                               shim_library_search_path() + ")");
    // One byte stream per process, fixed by the seed and the environment's number.
    slot.shim = std::make_unique<shim_channel>(hash_seed_ ^ (env.environment_id * 0x9e3779b97f4a7c15ULL) ^ 0x5eedULL);
    for (auto& [name, value] : slot.shim->environment()) variables[name] = value;
    const auto preload = variables.find("LD_PRELOAD");
    variables["LD_PRELOAD"] =
        *library + (preload != variables.end() && !preload->second.empty() ? " " + preload->second : "");
    // OpenSSL (Node's crypto) draws from RDRAND/RDSEED and the time-stamp counter, which no
    // preload can reach; masked, it asks getrandom(), which the shim serves.
    variables.try_emplace("OPENSSL_ia32cap", "~0x4000000000000010:~0x40000");
    how.inherit_fds = slot.shim->inherited_fds();
    how.fixed_layout = true;
    hand_over(slot);
  }
  const auto started = std::chrono::steady_clock::now();  // wall-clock ok: a figure, never traced
  slot.process = std::make_unique<child_process>(config_.command, config_.cwd, variables, how);
  ++stats_.started;
  // L16: INIT is everything the process does before its first GET .../next.
  co_await serve_until_runtime_call(owner, nullptr);
  stats_.start_wall += std::chrono::steady_clock::now() - started;  // wall-clock ok
  const http_request& request = slot.last.request;
  switch (route_of(request).what) {
    case route::kind::next:
      slot.waiting_next = slot.last.connection;
      co_return;
    case route::kind::init_error:
      hand_over(slot);
      slot.endpoint.respond(slot.last.connection, format_response(202, R"({"status":"OK"})"));
      fail(slot, "init failed: " + describe_error_document(request.body, "Runtime.InitError"));
    default:
      fail(slot, "the handler process sent " + request.method + " " + request.target +
                     " during init; expected GET /2018-06-01/runtime/invocation/next");
  }
}

boost::asio::awaitable<runtime::invocation_output> external_function::invoke(const sqs_event& event,
                                                                             runtime::invocation_info& info) {
  const auto it = processes_.find(info.environment_id());
  if (it == processes_.end()) throw std::logic_error("external handler: invoke before init");
  const std::shared_ptr<process_slot> owner = it->second;
  process_slot& slot = *owner;
  if (slot.dead || !slot.waiting_next)
    fail(slot, "the handler process of this environment is gone (" + slot.process->exit_description() + ")");
  const std::string request_id = api::aws_request_id(info.invocation_id());
  const std::uint32_t connection = *slot.waiting_next;
  slot.waiting_next.reset();
  hand_over(slot);
  slot.endpoint.respond(connection, next_answer(event, request_id, info.deadline(), info.function_name()));
  std::optional<runtime::invocation_output> output;
  std::optional<std::string> error;
  for (;;) {
    co_await serve_until_runtime_call(owner, &info);
    const http_request& request = slot.last.request;
    const route r = route_of(request);
    const std::uint32_t from = slot.last.connection;
    if (r.what == route::kind::next) {
      if (!output && !error)
        fail(slot, "the handler process asked for the next event before answering request " + request_id);
      slot.waiting_next = from;
      break;
    }
    if ((r.what == route::kind::response || r.what == route::kind::error) && r.request_id == request_id && !output &&
        !error) {
      hand_over(slot);
      slot.endpoint.respond(from, format_response(202, R"({"status":"OK"})", {{"Content-Type", "application/json"}}));
      if (r.what == route::kind::response) {
        output = runtime::raw_payload{request.body};  // L13: judged as the C++ path judges raw payloads
      } else {
        const std::string* type = request.header("lambda-runtime-function-error-type");
        error = describe_error_document(request.body, type ? *type : "Unhandled");
      }
      continue;
    }
    // A late or foreign answer, or an unknown route: the AWS Runtime API rejects it too.
    slot.endpoint.respond(from, format_response(r.what == route::kind::unknown ? 404 : 400,
                                                R"({"errorMessage":"not valid for the current invocation"})",
                                                {{"Content-Type", "application/json"}}));
    fail(slot, "the handler process sent " + request.method + " " + request.target + " during request " + request_id);
  }
  if (error) throw std::runtime_error(*error);
  co_return std::move(*output);
}

}  // namespace slsim::external
