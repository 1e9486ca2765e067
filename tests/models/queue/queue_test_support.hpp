#pragma once
// Shared helpers for the queue model's tests: a service on a fresh context and a way to
// run synchronous steps at chosen virtual times.
#include <functional>
#include <string>

#include "slsim/queue/queue.hpp"
#include "slsim/sim/context.hpp"

namespace slsim::queue::testing {

/// A context, a queue service on it, and timed steps.
struct harness {
  sim::context ctx;
  queue_service svc{ctx, sim::rng_source(42).stream("queue")};
  harness() { svc.keep_receive_history(); }

  /// Runs `f` at virtual time `t` once run() is called.
  void at(sim::time_ns t, std::function<void()> f) {
    ctx.schedule_at(t, [g = std::move(f)](sim::detail::fire_code) { g(); });
  }
  sim::run_result run() { return ctx.run(); }

  /// Creates a standard queue named `name` with visibility `vt` seconds.
  queue_config standard(const std::string& name, int vt = 30) {
    queue_config c;
    c.name = name;
    c.visibility_timeout_s = vt;
    return c;
  }
  /// A FIFO queue config ("name" must end in .fifo).
  queue_config fifo(const std::string& name, int vt = 30) {
    queue_config c = standard(name, vt);
    c.type = queue_type::fifo;
    return c;
  }
  send_result send(const std::string& q, const std::string& body) {
    send_request r;
    r.body = body;
    return svc.send_message(q, r);
  }
  send_result send_fifo(const std::string& q, const std::string& body, const std::string& group) {
    send_request r;
    r.body = body;
    r.message_group_id = group;
    r.message_deduplication_id = body;
    return svc.send_message(q, r);
  }
  std::vector<received_message> receive(const std::string& q, int max = 10) {
    receive_request r;
    r.max_number_of_messages = max;
    return svc.try_receive(q, r);
  }
};

/// Bodies of received messages, in order.
inline std::vector<std::string> bodies(const std::vector<received_message>& ms) {
  std::vector<std::string> out;
  for (const auto& m : ms) out.push_back(m.body);
  return out;
}

}  // namespace slsim::queue::testing
