// `slsim timeline TRACE --request ID | --message ID`: one request's life, from the
// gateway to its result or the DLQ. The trace's case is re-run (runs are deterministic)
// and the request is followed through the run's event record.
#include <fmt/format.h>

#include <algorithm>

#include "commands.hpp"
#include "handler_resolution.hpp"
#include "isolated_run.hpp"
#include "slsim/gateway/request.hpp"
#include "slsim/pipeline/log_collector.hpp"
#include "slsim/pipeline/summary.hpp"
#include "slsim/properties/case.hpp"
#include "slsim/traces/trace_reader.hpp"
#include "workers.hpp"

namespace slsim::cli {
namespace {
struct timeline_options {
  std::string trace;
  std::string request;
  std::string message;
};

struct entry {
  sim::time_ns t;
  std::string what;
};

// The child's part (it runs handler code): the run and the request's story as text.
nlohmann::json timeline_in_child(const timeline_options& o, const properties::case_spec& c,
                                 const handler_definition& handler, const pipeline::scenario& s, breadcrumb& crumb) {
  breadcrumb_listener listener(crumb, nullptr);
  pipeline::log_collector logs(&listener);
  const auto r = properties::run_and_check(c, handler, &logs);
  const auto& out = r.outcome;

  std::string request = o.request;
  if (request.empty()) {
    const auto m = std::find_if(out.messages.begin(), out.messages.end(),
                                [&](const auto& x) { return x.message_id == o.message; });
    if (m == out.messages.end()) throw std::invalid_argument("no message " + o.message + " in this run");
    request = m->client_request_id;
  }
  std::vector<entry> events;
  for (const auto& a : out.attempts) {
    if (gateway::format_request_id(a.request_id) != request) continue;
    events.push_back({a.received_at, fmt::format("gateway: attempt {} received", a.attempt)});
    if (a.enqueued) events.push_back({a.enqueued_at, fmt::format("queue: enqueued as message {}", a.message_id)});
    if (a.answered_at >= 0) events.push_back({a.answered_at, fmt::format("gateway: answered {}", a.status)});
  }
  std::vector<std::string> ids;
  for (const auto& m : out.messages) {
    if (m.client_request_id != request) continue;
    ids.push_back(m.message_id);
    events.push_back({m.sent_at, fmt::format("queue: message {} stored", m.message_id)});
    // Each receive at its own instant, each failed one where the ESM learnt it came back.
    for (std::size_t i = 0; i < m.received_at.size(); ++i)
      events.push_back({m.received_at[i], fmt::format("queue: receive #{} of {}", i + 1, m.message_id)});
    for (std::size_t i = 0; i < m.failures.size(); ++i)
      events.push_back(
          {m.failures[i].t, fmt::format("esm: receive #{} of {} came back: {} (invocation {})", i + 1, m.message_id,
                                        esm::to_string(m.failures[i].cause), m.failures[i].invocation)});
    if (m.deleted_at >= 0)
      events.push_back(
          {m.deleted_at, fmt::format("esm: message {} deleted after {} receive(s)", m.message_id, m.receives)});
    if (m.moved_to_dlq_at >= 0)
      events.push_back({m.moved_to_dlq_at, fmt::format("queue: message {} moved to the DLQ", m.message_id)});
  }
  for (const auto& ch : out.changes)
    if (ch.new_image && pipeline::result_request_id(*ch.new_image, s.effects) == request)
      events.push_back({ch.time, fmt::format("store: {} {} by invocation {}", ch.operation, ch.table, ch.writer)});
  for (const auto& line : logs.lines())
    if (line.text.find(request) != std::string::npos ||
        std::any_of(ids.begin(), ids.end(), [&](const auto& id) { return line.text.find(id) != std::string::npos; }))
      events.push_back({line.t, fmt::format("handler (invocation {}): {}", line.invocation, line.text)});
  if (events.empty()) throw std::invalid_argument("no request " + request + " in this run");
  std::stable_sort(events.begin(), events.end(), [](const entry& a, const entry& b) { return a.t < b.t; });
  std::string text = fmt::format("request {}\n", request);
  for (const auto& e : events) text += fmt::format("  {:>12.6f}s  {}\n", sim::to_seconds(e.t), e.what);
  return {{"text", text}, {"code", int{k_ok}}};
}

int timeline(const timeline_options& o) {
  if (o.request.empty() == o.message.empty())
    throw std::invalid_argument("give exactly one of --request and --message");
  // Only the header is needed: the case is re-run (runs are deterministic).
  // The whole file is validated as it streams past (bounded memory), so a damaged trace is
  // named here rather than silently re-run from its header.
  traces::trace_stream stream(o.trace, /*require_end=*/false);
  const traces::trace_header header = stream.header();
  while (stream.next()) {
  }
  const auto c = properties::case_from_json(header.run_case, o.trace + " (header case)");
  const std::string handler_name = recorded_handler(header.handler.empty() ? c.handler : header.handler, o.trace);
  const handler_definition& handler = resolve_handler(handler_name);
  const pipeline::scenario s = pipeline::load_scenario(c.scenario, o.trace);
  worker_options options;
  options.deadline_s = [&](std::uint64_t) { return s.bounds.wall_seconds; };
  const auto r =
      run_in_workers(
          {0}, [&](std::uint64_t, breadcrumb& crumb) { return timeline_in_child(o, c, handler, s, crumb); }, options)
          .results[0];
  return report_isolated_run(r, {"timeline", c.seed, handler_name, "", false});
}
}  // namespace

void add_timeline_command(CLI::App& app, int& result) {
  auto* cmd = app.add_subcommand("timeline",
                                 "One request's life: accepted, enqueued, received, invoked, stored, deleted or DLQ'd");
  auto o = std::make_shared<timeline_options>();
  cmd->add_option("TRACE", o->trace, "trace file")->required();
  cmd->add_option("--request", o->request, "client requestId (e.g. req-...)");
  cmd->add_option("--message", o->message, "SQS messageId");
  cmd->callback([o, &result] { result = guarded([&] { return timeline(*o); }); });
}

}  // namespace slsim::cli
