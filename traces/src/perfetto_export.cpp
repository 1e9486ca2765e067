#include "slsim/traces/perfetto_export.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <vector>

namespace slsim::traces {
namespace {
constexpr int k_lambda_pid = 1;
constexpr int k_queue_pid = 2;
constexpr int k_components_pid = 3;
// Larger integers lose precision in JavaScript viewers (IEEE doubles): they go out as strings.
constexpr std::uint64_t k_max_exact_json_integer = std::uint64_t{1} << 53;
// A receive is an instant in slsim; its slice gets this width so the flow leaving it has an
// enclosing slice (the trace-event format binds flow events to enclosing slices).
constexpr double k_receive_slice_us = 1.0;

double micros(std::int64_t ns) { return static_cast<double>(ns) / 1000.0; }
double micros(const nlohmann::json& record) { return micros(record.value("t", std::int64_t{0})); }

nlohmann::json exact(const nlohmann::json& value) {
  if (value.is_number_unsigned() && value.get<std::uint64_t>() > k_max_exact_json_integer)
    return std::to_string(value.get<std::uint64_t>());
  if (value.is_number_integer() && !value.is_number_unsigned()) {
    const auto v = value.get<std::int64_t>();
    if (v > static_cast<std::int64_t>(k_max_exact_json_integer) ||
        v < -static_cast<std::int64_t>(k_max_exact_json_integer))
      return std::to_string(v);
  }
  return value;
}

nlohmann::json args_of(const nlohmann::json& record) {
  nlohmann::json args = nlohmann::json::object();
  for (const auto& [key, value] : record.items())
    if (key != "t" && key != "seq" && key != "c" && key != "e") args[key] = exact(value);
  return args;
}

nlohmann::json process_name(int pid, const char* name) {
  return {{"name", "process_name"}, {"ph", "M"}, {"pid", pid}, {"tid", 0}, {"ts", 0}, {"args", {{"name", name}}}};
}

nlohmann::json thread_name(int pid, std::uint64_t tid, const std::string& name) {
  return {{"name", "thread_name"}, {"ph", "M"}, {"pid", pid}, {"tid", tid}, {"ts", 0}, {"args", {{"name", name}}}};
}

// The SQS message id as the queue prints it (a version-4 UUID of the two halves).
std::string message_id(const nlohmann::json& record) {
  const auto hi = record.value("message_hi", std::uint64_t{0});
  const auto lo = record.value("message_lo", std::uint64_t{0});
  return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", hi >> 32, (hi >> 16) & 0xffff, hi & 0xffff, lo >> 48,
                     lo & 0xffffffffffffULL);
}

struct invocation_slice {
  std::uint64_t environment = 0;
  double start = 0;
  std::optional<double> end;
};

struct message_track {
  std::uint64_t tid = 0;
  std::vector<double> receives;  // receive slice starts, in time order
};
// Two passes over the records: the first learns where each invocation ran (so a delivery's
// flow can end inside its slice) and when the trace ends; the second emits events one at a
// time. Memory holds per-invocation and per-message bookkeeping, never the events.
class perfetto_builder {
 public:
  using sink = std::function<void(const nlohmann::json&)>;
  explicit perfetto_builder(sink emit) : emit_(std::move(emit)) {}

  void learn(const nlohmann::json& r) {
    trace_end_ = micros(r);
    if (r.value("c", "") != "runtime") return;
    const std::string kind = r.value("e", "");
    const auto id = r.value("invocation", std::uint64_t{0});
    if (kind == "invoke_start")
      invocations_[id] = {r.value("environment", std::uint64_t{0}), micros(r), std::nullopt};
    else if (kind == "invoke_end" && invocations_.count(id))
      invocations_[id].end = micros(r);
  }

  void begin(const std::optional<trace_footer>& footer) {
    if (footer) trace_end_ = micros(footer->end_time_ns);
    emit_(process_name(k_lambda_pid, "Lambda execution environments"));
    emit_(process_name(k_queue_pid, "SQS messages"));
    emit_(process_name(k_components_pid, "components"));
  }

  void add(const nlohmann::json& r) {
    const std::string component = r.value("c", "");
    const std::string kind = r.value("e", "");
    const double ts = micros(r);
    if (component == "runtime" && (kind == "invoke_start" || kind == "invoke_end")) return add_invocation(r, kind, ts);
    if (component == "queue" && kind == "send") return add_send(r, ts);
    if (component == "queue" && (kind == "delete" || kind == "dlq_move")) {
      if (kind == "dlq_move" || r.value("effective", 0) != 0)
        end_life(message_id(r), ts, kind == "delete" ? "deleted" : "moved to the DLQ");
      return;
    }
    if (component == "queue" && kind == "receive") return add_receive(r, ts);
    if (component == "esm" && kind == "deliver") return add_delivery(r);
    nlohmann::json e{{"ts", ts}, {"args", args_of(r)}, {"name", component + "." + kind}, {"ph", "i"}};
    if (component == "fault") {
      e["s"] = "g";  // faults are global instants: they show across every track
      e["pid"] = k_components_pid;
      e["tid"] = 0;
    } else {
      auto [it, added] = component_track_.emplace(component, static_cast<int>(component_track_.size()) + 1);
      e["s"] = "t";
      e["pid"] = k_components_pid;
      e["tid"] = it->second;
    }
    emit_(e);
  }

  void finish() {
    for (const auto& [environment, open] : open_slices_)
      for (int i = 0; i < open; ++i)
        emit_({{"name", "cut"}, {"ph", "E"}, {"ts", trace_end_}, {"pid", k_lambda_pid}, {"tid", environment}});
    for (const auto& [id, open] : open_lives_)
      if (open) end_life(id, trace_end_, "still queued when the trace ended");
    for (const auto& [component, tid] : component_track_)
      emit_(thread_name(k_components_pid, static_cast<std::uint64_t>(tid), component));
  }

 private:
  message_track& track_of(const std::string& id) {
    auto [it, added] = messages_.try_emplace(id);
    if (added) {
      it->second.tid = messages_.size();
      emit_(thread_name(k_queue_pid, it->second.tid, "message " + id));
    }
    return it->second;
  }

  void end_life(const std::string& id, double ts, const char* how) {
    const auto open = open_lives_.find(id);
    if (open == open_lives_.end() || !open->second) return;
    open->second = false;
    emit_({{"name", "message"},
           {"cat", "message"},
           {"ph", "e"},
           {"id", id},
           {"pid", k_queue_pid},
           {"tid", track_of(id).tid},
           {"ts", ts},
           {"args", {{"end", how}}}});
  }

  void add_invocation(const nlohmann::json& r, const std::string& kind, double ts) {
    const auto environment = r.value("environment", std::uint64_t{0});
    if (kind == "invoke_start") {
      ++open_slices_[environment];
    } else if (open_slices_[environment] == 0) {
      return;  // an end without a start (throttled: never ran)
    } else {
      --open_slices_[environment];
    }
    emit_({{"ts", ts},
           {"args", args_of(r)},
           {"name", "invocation " + std::to_string(r.value("invocation", std::uint64_t{0}))},
           {"ph", kind == "invoke_start" ? "B" : "E"},
           {"pid", k_lambda_pid},
           {"tid", environment}});
  }

  // The message's life, as an async slice from its send to its deletion or DLQ move.
  void add_send(const nlohmann::json& r, double ts) {
    const std::string id = message_id(r);
    open_lives_[id] = true;
    auto args = args_of(r);
    args["message_id"] = id;
    emit_({{"name", "message"},
           {"cat", "message"},
           {"ph", "b"},
           {"id", id},
           {"pid", k_queue_pid},
           {"tid", track_of(id).tid},
           {"ts", ts},
           {"args", args}});
  }

  // A short slice on the message's track: where its flows to the invocations start.
  void add_receive(const nlohmann::json& r, double ts) {
    const std::string id = message_id(r);
    auto& track = track_of(id);
    track.receives.push_back(ts);
    auto args = args_of(r);
    args["message_id"] = id;
    emit_({{"name", fmt::format("receive #{}", r.value("receive_count", 0))},
           {"cat", "message"},
           {"ph", "X"},
           {"pid", k_queue_pid},
           {"tid", track.tid},
           {"ts", ts},
           {"dur", k_receive_slice_us},
           {"args", args}});
  }

  // A flow from the message's latest receive to the invocation slice that got it.
  void add_delivery(const nlohmann::json& r) {
    const auto inv = invocations_.find(r.value("invocation", std::uint64_t{0}));
    const auto m = messages_.find(r.value("text", ""));
    if (inv == invocations_.end() || m == messages_.end() || m->second.receives.empty()) return;
    const double start = inv->second.start;
    const auto received = std::upper_bound(m->second.receives.begin(), m->second.receives.end(), start);
    if (received == m->second.receives.begin()) return;
    const double from = *std::prev(received);
    const double end = inv->second.end.value_or(trace_end_);
    const std::string flow = std::to_string(next_flow_++);
    const nlohmann::json args{{"message_id", m->first}, {"batch", exact(r["batch"])}, {"attempt", r["attempt"]}};
    emit_({{"name", "delivery"},
           {"cat", "delivery"},
           {"ph", "s"},
           {"id", flow},
           {"pid", k_queue_pid},
           {"tid", m->second.tid},
           {"ts", from},  // at the receive slice's start: never after the invocation starts
           {"args", args}});
    emit_({{"name", "delivery"},
           {"cat", "delivery"},
           {"ph", "f"},
           {"bp", "e"},
           {"id", flow},
           {"pid", k_lambda_pid},
           {"tid", inv->second.environment},
           {"ts", start + std::min(1.0, (end - start) / 2)},
           {"args", args}});
  }

  sink emit_;
  double trace_end_ = 0;
  std::map<std::uint64_t, invocation_slice> invocations_;
  std::map<std::string, message_track> messages_;  // by message id
  std::map<std::string, bool> open_lives_;         // message id → its async slice is open
  std::map<std::string, int> component_track_;
  std::map<std::uint64_t, int> open_slices_;  // environment → open "B" count, to close what a crash left open
  std::uint64_t next_flow_ = 1;
};
}  // namespace

nlohmann::json to_perfetto(const trace_file& trace) {
  nlohmann::json events = nlohmann::json::array();
  perfetto_builder builder([&](const nlohmann::json& e) { events.push_back(e); });
  for (const auto& r : trace.records) builder.learn(r);
  builder.begin(trace.footer);
  for (const auto& r : trace.records) builder.add(r);
  builder.finish();
  return {{"traceEvents", events}, {"displayTimeUnit", "ms"}};
}

void write_perfetto(const std::string& trace_path, io::output_file& out) {
  bool first = true;
  std::string text;
  perfetto_builder builder([&](const nlohmann::json& e) {
    text.assign(first ? "\n" : ",\n");
    first = false;
    text += e.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    out.write(text);
  });
  std::optional<trace_footer> footer;
  {
    trace_stream pass(trace_path, /*require_end=*/false);
    while (pass.next())
      if (!pass.at_end_line()) builder.learn(pass.record());
    footer = pass.footer();
  }
  out.write("{\"traceEvents\":[");
  builder.begin(footer);
  trace_stream trace(trace_path, /*require_end=*/false);
  while (trace.next())
    if (!trace.at_end_line()) builder.add(trace.record());
  builder.finish();
  out.write("\n],\"displayTimeUnit\":\"ms\"}\n");
}

}  // namespace slsim::traces
