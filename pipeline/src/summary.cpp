#include "slsim/pipeline/summary.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "slsim/gateway/request.hpp"

namespace slsim::pipeline {
namespace {
void counts_of_the_run(const run_outcome& o, const scenario& s, summary& out);
void summarize_folded(const run_outcome& o, const scenario& s, summary& out);
void set_latencies(std::vector<double>& latencies, summary& out);

double percentile(std::vector<double>& values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(rank, values.size() - 1)];
}
}  // namespace

std::string result_request_id(const store::item& item, const effects_config& effects) {
  const auto it = item.find(effects.request_id_attribute);
  return it != item.end() && it->second.type == store::value_type::s ? it->second.scalar : std::string();
}

summary summarize(const run_outcome& o, const scenario& s) {
  summary out;
  out.requests = o.requests.size();
  out.attempts = o.attempts.size();
  if (o.folded)  // the ledger kept requests, not attempts
    sim::record_storage::for_each_released(o.requests, [&](const auto& r) { out.attempts += r.attempts; });
  sim::record_storage::for_each_released(o.client_requests, [&](const auto& r) {
    if (r.attempts > 0) ++out.final_status[r.final_status];
  });
  if (o.folded) {
    summarize_folded(o, s, out);
    return out;
  }
  std::map<std::string, sim::time_ns> accepted_at;  // requestId → first enqueue
  for (const auto& m : o.messages) {
    ++out.messages_sent;
    if (m.deleted_at >= 0) ++out.messages_processed;
    if (m.receives > 1) ++out.messages_redelivered;
    if (m.receives > 1) out.duplicate_deliveries += static_cast<std::uint64_t>(m.receives - 1);
    if (!m.client_request_id.empty()) accepted_at.emplace(m.client_request_id, m.sent_at);
  }
  out.accepted = accepted_at.size();
  counts_of_the_run(o, s, out);
  std::map<std::string, sim::time_ns> first_write;
  for (const auto& c : o.changes) {
    if (c.table != s.effects.result_table || !c.new_image) continue;
    ++out.result_writes;
    first_write.emplace(result_request_id(*c.new_image, s.effects), c.time);
  }
  std::vector<double> latencies;
  for (const auto& [id, written] : first_write)
    if (const auto a = accepted_at.find(id); a != accepted_at.end())
      latencies.push_back(sim::to_seconds(written - a->second));
  set_latencies(latencies, out);
  return out;
}

namespace {
void counts_of_the_run(const run_outcome& o, const scenario& s, summary& out) {
  out.messages_in_dlq = o.dlq.size();
  out.messages_left = o.remaining.size();
  out.invocations = o.runtime.invocations;
  out.throttled = o.runtime.throttles;
  out.handler_errors = o.runtime.errors;
  out.timeouts = o.runtime.timeouts;
  out.crashes = o.runtime.crashes;
  out.concurrent_duplicates = o.esm.concurrent_duplicates;
  if (const auto n = o.table_items.find(s.effects.result_table); n != o.table_items.end()) out.results = n->second;
  out.virtual_seconds = sim::to_seconds(o.run.end_time);
  out.gb_seconds = o.runtime.gb_seconds;
  out.store_calls = o.store_calls;
  out.sqs_requests = o.sqs_requests;
}

// record_mode::folded: the counts were kept as the run went; a request's latency is its
// first write's time less its first message's (the records' path takes the same two).
// The latencies are held as one 8-byte value per request with a result, for exact percentiles.
void summarize_folded(const run_outcome& o, const scenario& s, summary& out) {
  const auto& f = *o.folded;
  out.messages_sent = f.messages_sent;
  out.messages_processed = f.messages_processed;
  out.messages_redelivered = f.messages_redelivered;
  out.duplicate_deliveries = f.duplicate_deliveries;
  out.result_writes = f.result_writes;
  const auto none = f.by_other_id.find(std::string_view());  // a message without a requestId is not an acceptance
  const std::uint32_t skip = none == f.by_other_id.end() ? UINT32_MAX : none->second;
  std::vector<double> latencies;
  std::uint32_t i = 0;
  sim::record_storage::for_each_released(f.folds, [&](const request_fold& fold) {
    if (i++ == skip || fold.messages == 0) return;
    ++out.accepted;
    if (fold.first_write >= 0) latencies.push_back(sim::to_seconds(fold.first_write - fold.first_sent));
  });
  counts_of_the_run(o, s, out);
  set_latencies(latencies, out);
}

void set_latencies(std::vector<double>& latencies, summary& out) {
  out.latency_max_s = latencies.empty() ? 0 : *std::max_element(latencies.begin(), latencies.end());
  out.latency_p50_s = percentile(latencies, 0.50);
  out.latency_p95_s = percentile(latencies, 0.95);
  out.latency_p99_s = percentile(latencies, 0.99);
}
}  // namespace

std::vector<std::pair<std::string, std::uint64_t>> result_writes_by_request(const run_outcome& o, const scenario& s) {
  std::vector<std::pair<std::string, std::uint64_t>> out;
  if (o.folded) {
    const auto& f = *o.folded;
    f.by_request.for_each([&](std::uint64_t number, std::uint32_t index) {
      if (f.folds[index].writes > 0) out.emplace_back(gateway::format_request_id(number), f.folds[index].writes);
    });
    for (const auto& [id, index] : f.by_other_id)
      if (f.folds[index].writes > 0) out.emplace_back(id, f.folds[index].writes);
    std::sort(out.begin(), out.end());
    return out;
  }
  std::map<std::string, std::uint64_t> writes;
  for (const auto& change : o.changes)
    if (change.table == s.effects.result_table && change.new_image)
      ++writes[result_request_id(*change.new_image, s.effects)];
  out.assign(writes.begin(), writes.end());
  return out;
}

void to_json(nlohmann::json& j, const summary& s) {
  nlohmann::json statuses = nlohmann::json::object();
  for (const auto& [status, n] : s.final_status) statuses[std::to_string(status)] = n;
  j = {{"requests", s.requests},
       {"attempts", s.attempts},
       {"accepted", s.accepted},
       {"final_status", statuses},
       {"messages",
        {{"sent", s.messages_sent},
         {"processed", s.messages_processed},
         {"redelivered", s.messages_redelivered},
         {"in_dlq", s.messages_in_dlq},
         {"left", s.messages_left},
         {"duplicate_deliveries", s.duplicate_deliveries}}},
       {"invocations",
        {{"total", s.invocations},
         {"throttled", s.throttled},
         {"errors", s.handler_errors},
         {"timeouts", s.timeouts},
         {"crashes", s.crashes},
         {"concurrent_duplicates", s.concurrent_duplicates}}},
       {"result_items", s.results},
       {"result_writes", s.result_writes},
       {"latency_s",
        {{"p50", s.latency_p50_s}, {"p95", s.latency_p95_s}, {"p99", s.latency_p99_s}, {"max", s.latency_max_s}}},
       {"virtual_seconds", s.virtual_seconds},
       {"gb_seconds", s.gb_seconds},
       {"store_calls", s.store_calls},
       {"sqs_requests", s.sqs_requests}};
}

std::string format_summary(const summary& s) {
  std::string statuses;
  for (const auto& [status, n] : s.final_status)
    statuses += fmt::format(" {}×{}", status < 0 ? std::string("timeout") : std::to_string(status), n);
  return fmt::format(
      "requests     {} ({} attempts), accepted {}; final status:{}\n"
      "messages     {} sent, {} processed, {} redelivered ({} duplicate deliveries), {} in DLQ, {} left\n"
      "invocations  {} ({} throttled, {} errors, {} timeouts, {} crashes, {} concurrent duplicates)\n"
      "results      {} items, {} writes\n"
      "latency      p50 {:.3f}s  p95 {:.3f}s  p99 {:.3f}s  max {:.3f}s (accepted → result, virtual)\n"
      "virtual time {:.3f}s\n",
      s.requests, s.attempts, s.accepted, statuses, s.messages_sent, s.messages_processed, s.messages_redelivered,
      s.duplicate_deliveries, s.messages_in_dlq, s.messages_left, s.invocations, s.throttled, s.handler_errors,
      s.timeouts, s.crashes, s.concurrent_duplicates, s.results, s.result_writes, s.latency_p50_s, s.latency_p95_s,
      s.latency_p99_s, s.latency_max_s, s.virtual_seconds);
}

}  // namespace slsim::pipeline
