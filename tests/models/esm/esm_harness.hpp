#pragma once
// A small pipeline for ESM tests: the real queue service, the real runtime, the ESM, and a
// test function_code whose behaviour is set per test.
#include <boost/asio/use_awaitable.hpp>
#include <climits>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "slsim/esm/esm.hpp"
#include "slsim/metrics/registry.hpp"
#include "slsim/queue/queue.hpp"
#include "slsim/runtime/lambda_runtime.hpp"
#include "slsim/sim/timer.hpp"

namespace slsim::esm::testing {

namespace asio = boost::asio;

/// One handler invocation as the test code saw it.
struct seen_invocation {
  sim::time_ns start = 0;
  sim::time_ns deadline = 0;  ///< the invocation's timeout instant (its start + the function timeout)
  sim::time_ns end = 0;       ///< k_never while running or when cut
  std::vector<std::string> ids;
  std::vector<std::string> bodies;
  std::vector<int> receive_counts;
};

/// Records with body "poison" fail (while their receive count is <= poison_times).
struct test_code final : runtime::function_code {
  enum class mode { throw_on_poison, partial, fifo_partial, raw };
  mode how = mode::throw_on_poison;
  sim::time_ns work = sim::milliseconds(100);
  int poison_times = INT_MAX;
  std::string raw_response;  ///< mode::raw: returned as is
  bool capture_json = false;
  std::vector<nlohmann::json> events_json;
  std::vector<seen_invocation> seen;
  std::vector<std::pair<sim::time_ns, std::string>> processed;  ///< (end time, body) of successful records

  asio::awaitable<void> init(runtime::environment_info&) override { co_return; }

  bool poisoned(const sqs_message& r) const {
    return r.body == "poison" && std::stoi(r.attributes.approximate_receive_count) <= poison_times;
  }

  asio::awaitable<runtime::invocation_output> invoke(const sqs_event& event, runtime::invocation_info& info) override {
    const std::size_t index = seen.size();
    seen.push_back({.start = info.context().now(), .deadline = info.deadline(), .end = sim::k_never});
    for (const auto& r : event.records) {
      seen[index].ids.push_back(r.message_id);
      seen[index].bodies.push_back(r.body);
      seen[index].receive_counts.push_back(std::stoi(r.attributes.approximate_receive_count));
    }
    if (capture_json) events_json.push_back(nlohmann::json(event));
    info.await_point();
    co_await sim::async_sleep_for(info.context(), work, asio::use_awaitable);
    const sim::time_ns now = info.context().now();
    seen[index].end = now;
    batch_response response;
    bool failing = false;  // fifo_partial: every record after the first failure is returned too (L13)
    for (const auto& r : event.records) {
      const bool bad = poisoned(r);
      if (how == mode::throw_on_poison && bad) throw std::runtime_error("poison message");
      failing = failing || (how == mode::fifo_partial && bad);
      if (bad || failing) {
        response.batch_item_failures.push_back({r.message_id});
      } else {
        processed.emplace_back(now, r.body);
      }
    }
    if (how == mode::raw) co_return runtime::raw_payload{raw_response};
    co_return response;
  }

  int times_seen(const std::string& id) const {
    int n = 0;
    for (const auto& s : seen)
      for (const auto& i : s.ids) n += i == id;
    return n;
  }
};

/// Records everything the ESM reports.
struct recorder final : esm_observer {
  std::vector<std::uint32_t> batch_sizes;
  std::vector<std::pair<std::string, failure_cause>> failures;
  std::vector<std::string> duplicates;
  std::vector<std::string> deleted;
  std::vector<std::string> filtered;
  std::vector<runtime::invoke_status> statuses;
  std::vector<sim::time_ns> invocation_times;
  void on_batch(std::uint64_t, std::uint32_t size) override { batch_sizes.push_back(size); }
  void on_invocation(const invocation_report& r) override {
    statuses.push_back(r.outcome->status);
    invocation_times.push_back(r.t);
  }
  void on_message_failed(std::string_view id, std::uint64_t, failure_cause c) override {
    failures.emplace_back(std::string(id), c);
  }
  void on_concurrent_duplicate(std::string_view id, std::uint64_t) override { duplicates.emplace_back(id); }
  void on_deleted(std::string_view id, std::uint64_t) override { deleted.emplace_back(id); }
  void on_filtered(std::string_view id) override { filtered.emplace_back(id); }
  std::size_t count(failure_cause c) const {
    std::size_t n = 0;
    for (const auto& f : failures) n += f.second == c;
    return n;
  }
};

/// The pipeline under test. Create, send, then run_for(horizon).
struct harness {
  sim::context ctx;
  metrics::registry metrics;  ///< every model's published counters
  queue::queue_service queues{ctx, sim::rng(7), &metrics};
  test_code code;
  recorder observed;
  std::unique_ptr<runtime::lambda_runtime> function;
  std::unique_ptr<event_source_mapping> mapping;
  std::string queue_name = "source";
  std::string dlq_name;
  /// MD16 hop and call latencies set to 0, so tests of other facts see exact instants;
  /// tests of the latencies themselves turn this off.
  bool instant_hops = true;

  /// Creates the queue (with a DLQ when max_receive_count > 0), the function and the ESM.
  void create(queue::queue_config q, runtime::function_config f, esm_config e, int max_receive_count = 0) {
    queues.keep_receive_history();
    const bool fifo = q.type == queue::queue_type::fifo;
    if (fifo) queue_name = "source.fifo";
    if (max_receive_count > 0) {
      dlq_name = fifo ? "dlq.fifo" : "dlq";
      queue::queue_config d;
      d.name = dlq_name;
      d.type = q.type;
      d.content_based_deduplication = fifo;
      d.message_retention_period_s = 1209600;
      queues.create_queue(d);
      q.redrive_policy = {.dead_letter_target_name = dlq_name, .max_receive_count = max_receive_count};
    }
    q.name = queue_name;
    if (fifo) q.content_based_deduplication = true;
    if (instant_hops) {
      e.latency.invoke = e.latency.invoke_fifo = e.latency.delete_call = models::duration_dist::constant(0);
    }
    queues.create_queue(q);
    function = std::make_unique<runtime::lambda_runtime>(ctx, sim::rng(11), std::move(f), code, &metrics);
    mapping = std::make_unique<event_source_mapping>(ctx, sim::rng(13), std::move(e), queues, queue_name, *function,
                                                     &metrics);
    mapping->set_observer(&observed);
  }

  std::string send(const std::string& body, const std::string& group = "",
                   std::vector<queue::message_attribute> attrs = {}) {
    queue::send_request r;
    r.body = body;
    r.message_group_id = group;
    r.message_attributes = std::move(attrs);
    const auto result = queues.send_message(queue_name, r);
    EXPECT_TRUE(result.ok()) << result.error.message();
    return result.message_id;
  }

  /// Starts the ESM and keeps the run alive until `horizon` (pollers are daemons).
  sim::run_result run_for(sim::time_ns horizon) {
    mapping->start();
    ctx.spawn("horizon", [](sim::context& c, sim::time_ns t) -> asio::awaitable<void> {
      co_await sim::async_sleep_until(c, t, asio::use_awaitable);
    }(ctx, horizon));
    auto result = ctx.run();
    EXPECT_TRUE(result.ok()) << result.describe();
    return result;
  }

  /// Reads the ESM's target concurrency at virtual time `t` (a run-keeping probe).
  void probe_target_at(sim::time_ns t, int& out) {
    ctx.spawn("probe", [](sim::context& c, sim::time_ns at, event_source_mapping& m, int& o) -> asio::awaitable<void> {
      co_await sim::async_sleep_until(c, at, asio::use_awaitable);
      o = m.stats().target_concurrency;
    }(ctx, t, *mapping, out));
  }

  std::vector<std::string> dlq_ids() {
    std::vector<std::string> out;
    for (const auto& m : queues.stored_messages(dlq_name)) out.push_back(m.message_id);
    return out;
  }

  /// The total of a published counter (a missing name fails the test).
  std::int64_t counted(const std::string& name) const {
    metrics::counter c;
    EXPECT_TRUE(metrics.find_counter(name, c)) << name;
    return metrics.total(c);
  }

  std::vector<std::string> dlq_bodies() {
    std::vector<std::string> out;
    for (const auto& m : queues.stored_messages(dlq_name)) out.push_back(m.body);
    return out;
  }
};

inline queue::queue_config standard_queue(int visibility_s) {
  queue::queue_config q;
  q.visibility_timeout_s = visibility_s;
  return q;
}

inline runtime::function_config function_with(int timeout_s, std::optional<int> reserved = std::nullopt) {
  runtime::function_config f;
  f.timeout_s = timeout_s;
  f.init_duration = models::duration_dist::constant(0);  // MD32 off: ESM timings without cold starts
  f.reserved_concurrency = reserved;
  return f;
}

}  // namespace slsim::esm::testing
