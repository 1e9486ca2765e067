#include "slsim/sweep/case_metrics.hpp"

#include <algorithm>
#include <stdexcept>

#include "slsim/gateway/request.hpp"
#include "slsim/pipeline/summary.hpp"

namespace slsim::sweep {
namespace {
constexpr std::array<metric_info, k_metric_count> k_catalogue{{
    {"latency_p50_s", "p50 latency (s)", 3},
    {"latency_p95_s", "p95 latency (s)", 3},
    {"latency_p99_s", "p99 latency (s)", 3},
    {"latency_max_s", "max latency (s)", 3},
    {"throughput_per_s", "throughput (msg/s)", 2},
    {"redeliveries", "redeliveries", 2},
    {"concurrent_duplicates", "concurrent duplicate invocations", 2},
    {"false_dlq", "false DLQ entries", 2},
    {"lost", "messages lost", 2},
    {"invocations", "invocations", 1},
    {"throttled", "throttled invocations", 1},
    {"billed_s", "billed duration (s)", 3},
    {"gb_seconds", "GB-seconds", 4},
    {"sqs_requests", "SQS requests", 1},
    {"store_requests", "DynamoDB requests", 1},
    {"store_write_units", "write request units", 1},
    {"store_read_units", "read request units", 1},
    {"cost_usd", "cost (USD)", 8},
}};

// Whether the effect contract says this message must be processed (not rejected).
bool is_valid(const pipeline::message_record& m, const properties::expected_fn& expected,
              const std::map<std::string, gateway::request_kind>& kinds) {
  if (expected) return expected(m.body).has_value();
  const auto it = kinds.find(m.client_request_id);
  return it == kinds.end() || it->second != gateway::request_kind::poison;
}

// The cause that returned a message most often (ties: the earlier cause in the enum).
std::string dominant_cause(const pipeline::message_record& m) {
  std::array<int, esm::k_failure_causes> counts{};
  for (const auto& f : m.failures) ++counts[static_cast<std::size_t>(f.cause)];
  const auto top = std::max_element(counts.begin(), counts.end());
  if (*top == 0) return "unknown";
  return esm::to_string(static_cast<esm::failure_cause>(top - counts.begin()));
}

double throughput(const pipeline::run_outcome& o) {
  sim::time_ns first = -1, last = -1;
  double processed = 0;
  for (const auto& m : o.messages) {
    if (first < 0 || m.sent_at < first) first = m.sent_at;
    if (m.deleted_at < 0) continue;
    ++processed;
    last = std::max(last, m.deleted_at);
  }
  return last > first && first >= 0 ? processed / sim::to_seconds(last - first) : 0;
}
}  // namespace

const std::array<metric_info, k_metric_count>& metric_catalogue() noexcept { return k_catalogue; }

case_metrics measure(const properties::case_result& r, const pipeline::scenario& s, const price_table& prices) {
  const auto& o = r.outcome;
  const auto sum = pipeline::summarize(o, s);
  case_metrics out;
  auto set = [&](metric m, double v) { out.values[static_cast<std::size_t>(m)] = v; };
  set(metric::latency_p50_s, sum.latency_p50_s);
  set(metric::latency_p95_s, sum.latency_p95_s);
  set(metric::latency_p99_s, sum.latency_p99_s);
  set(metric::latency_max_s, sum.latency_max_s);
  set(metric::throughput_per_s, throughput(o));
  set(metric::redeliveries, static_cast<double>(sum.duplicate_deliveries));
  set(metric::concurrent_duplicates, static_cast<double>(sum.concurrent_duplicates));

  const auto expected = properties::find_expected(s.effects.expected);
  std::map<std::string, gateway::request_kind> kinds;  // by the client's requestId
  for (const auto& q : o.requests) kinds.emplace(gateway::format_request_id(q.request_id), q.kind);
  double false_dlq = 0;
  for (const auto& m : o.messages) {
    if (m.moved_to_dlq_at < 0 || !is_valid(m, expected, kinds)) continue;
    const bool reported = std::any_of(m.failures.begin(), m.failures.end(),
                                      [](const auto& f) { return f.cause == esm::failure_cause::reported; });
    if (reported) continue;
    ++false_dlq;
    ++out.false_dlq_causes[dominant_cause(m)];
  }
  set(metric::false_dlq, false_dlq);
  double lost = 0;
  for (const auto& v : r.result.violations) lost += v.what == properties::property::no_loss ? 1 : 0;
  set(metric::lost, lost);
  set(metric::invocations, static_cast<double>(o.runtime.invocations));
  set(metric::throttled, static_cast<double>(o.runtime.throttles));
  set(metric::billed_s, sim::to_seconds(o.runtime.billed_duration));
  set(metric::gb_seconds, o.runtime.gb_seconds);
  set(metric::sqs_requests, static_cast<double>(o.sqs_requests));
  set(metric::store_requests, static_cast<double>(o.store_calls));
  set(metric::store_write_units, o.store_write_units);
  set(metric::store_read_units, o.store_read_units);
  const billable_usage usage{.gateway_requests = static_cast<double>(o.attempts.size()),
                             .invocations = static_cast<double>(o.runtime.invocations),
                             .gb_seconds = o.runtime.gb_seconds,
                             .sqs_requests = static_cast<double>(o.sqs_requests),
                             .fifo = s.queue.type == queue::queue_type::fifo,
                             .write_units = o.store_write_units,
                             .read_units = o.store_read_units};
  set(metric::cost_usd, cost_usd(usage, prices));

  out.properties_held = r.result.ok();
  for (auto p : r.result.violated()) out.violated.emplace_back(properties::to_string(p));
  return out;
}

void to_json(nlohmann::json& j, const case_metrics& m) {
  nlohmann::json values = nlohmann::json::object();
  for (std::size_t i = 0; i < k_metric_count; ++i) values[std::string(k_catalogue[i].name)] = m.values[i];
  j = {{"metrics", values},
       {"properties_held", m.properties_held},
       {"violated", m.violated},
       {"false_dlq_causes", m.false_dlq_causes}};
}

case_metrics case_metrics_from_json(const nlohmann::json& j, const std::string& source) {
  try {
    case_metrics m;
    const auto& values = j.at("metrics");
    for (std::size_t i = 0; i < k_metric_count; ++i)
      m.values[i] = values.at(std::string(k_catalogue[i].name)).get<double>();
    m.properties_held = j.at("properties_held").get<bool>();
    m.violated = j.at("violated").get<std::vector<std::string>>();
    m.false_dlq_causes = j.at("false_dlq_causes").get<std::map<std::string, std::uint64_t>>();
    return m;
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument(source + ": malformed case figures: " + e.what());
  }
}

}  // namespace slsim::sweep
