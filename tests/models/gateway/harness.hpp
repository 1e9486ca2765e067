#pragma once
// Test harness: one context with a queue service, IAM and a gateway, plus helpers to
// send requests at chosen virtual times and collect what the client saw.
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <memory>
#include <vector>

#include "slsim/gateway/gateway.hpp"
#include "slsim/sim/timer.hpp"

namespace slsim::gateway::testing {

namespace asio = boost::asio;

/// What one client call ended with.
struct outcome {
  boost::system::error_code ec;
  http_response response;
  sim::time_ns answered_at = -1;
};

/// A valid body for the default schema.
inline std::string valid_body(std::uint64_t id, int amount = 10) {
  return R"({"requestId":")" + format_request_id(id) + R"(","customerId":"c-1","amount":)" + std::to_string(amount) +
         "}";
}

inline http_request valid_request(std::uint64_t id, std::string api_key = {}, std::string token = {}) {
  http_request r;
  r.request_id = id;
  r.api_key = std::move(api_key);
  r.authorization = std::move(token);
  r.body = valid_body(id);
  return r;
}

inline asio::awaitable<void> call_at(sim::context& ctx, api_gateway& gw, sim::time_ns at, http_request request,
                                     sim::time_ns client_timeout, std::vector<outcome>& out, std::size_t slot) {
  co_await sim::async_sleep_until(ctx, at, asio::use_awaitable);
  boost::system::error_code ec;
  const sim::time_ns deadline = client_timeout == sim::k_never ? sim::k_never : ctx.now() + client_timeout;
  http_response r = co_await gw.async_call(std::move(request), deadline, asio::redirect_error(asio::use_awaitable, ec));
  out[slot] = {ec, std::move(r), ctx.now()};
}

struct harness {
  sim::context ctx;
  sim::rng_source seeds{7};
  queue::queue_service queues{ctx, seeds.stream("queue")};
  std::unique_ptr<iam::iam_service> iam;
  std::unique_ptr<api_gateway> gateway;
  std::vector<outcome> outcomes;

  explicit harness(gateway_config config = {}, iam::iam_config roles = {}, queue::queue_config queue = {}) {
    if (queue.name.empty()) queue.name = config.integration.queue;
    queues.create_queue(queue);
    iam = std::make_unique<iam::iam_service>(ctx, std::move(roles));
    gateway = std::make_unique<api_gateway>(ctx, std::move(config), queues, *iam, seeds.stream("gateway"));
  }

  /// Schedules a call at `at`; returns its slot in `outcomes`.
  std::size_t send(sim::time_ns at, http_request request, sim::time_ns client_timeout = sim::k_never) {
    const std::size_t slot = outcomes.size();
    outcomes.emplace_back();
    ctx.spawn("call", call_at(ctx, *gateway, at, std::move(request), client_timeout, outcomes, slot));
    return slot;
  }

  sim::run_result run() { return ctx.run(); }

  std::size_t count_status(int status) const {
    std::size_t n = 0;
    for (const auto& o : outcomes) n += !o.ec && o.response.status == status;
    return n;
  }
  std::uint64_t stored() const { return queues.counters(gateway->config().integration.queue).sent; }
};

/// A config without latency noise, so answer times are exact.
inline gateway_config exact_config() {
  gateway_config c;
  c.integration.latency = models::duration_dist::constant(8);
  return c;
}

}  // namespace slsim::gateway::testing
