#include "slsim/traces/perfetto_export.hpp"

#include <functional>
#include <map>

namespace slsim::traces {
namespace {
constexpr int k_lambda_pid = 1;
constexpr int k_queue_pid = 2;
constexpr int k_components_pid = 3;

double micros(const nlohmann::json& record) { return record.value("t", std::int64_t{0}) / 1000.0; }

nlohmann::json args_of(const nlohmann::json& record) {
  nlohmann::json args = nlohmann::json::object();
  for (const auto& [key, value] : record.items())
    if (key != "t" && key != "seq" && key != "c" && key != "e") args[key] = value;
  return args;
}

nlohmann::json process_name(int pid, const char* name) {
  return {{"name", "process_name"}, {"ph", "M"}, {"pid", pid}, {"tid", 0}, {"ts", 0}, {"args", {{"name", name}}}};
}

// Turns records into trace events one at a time; holds only the open slices and the
// component tracks (bounded by environments and components, not by the trace's length).
class perfetto_builder {
 public:
  explicit perfetto_builder(const std::function<void(const nlohmann::json&)>& sink) : emit(sink) {
    emit(process_name(k_lambda_pid, "Lambda execution environments"));
    emit(process_name(k_queue_pid, "SQS messages"));
    emit(process_name(k_components_pid, "components"));
  }

  void add(const nlohmann::json& r) {
    last_t_ = micros(r);
    const std::string component = r.value("c", "");
    const std::string kind = r.value("e", "");
    const double ts = micros(r);
    nlohmann::json e{{"ts", ts}, {"args", args_of(r)}};
    if (component == "runtime" && (kind == "invoke_start" || kind == "invoke_end")) {
      const auto environment = r.value("environment", std::uint64_t{0});
      e["name"] = "invocation " + std::to_string(r.value("invocation", std::uint64_t{0}));
      e["ph"] = kind == "invoke_start" ? "B" : "E";
      e["pid"] = k_lambda_pid;
      e["tid"] = environment;
      if (kind == "invoke_start") {
        ++open_slices[environment];
      } else if (open_slices[environment] == 0) {
        return;  // an end without a start (throttled: never ran)
      } else {
        --open_slices[environment];
      }
      emit(std::move(e));
      return;
    }
    if (component == "queue" && (kind == "send" || kind == "delete" || kind == "dlq_move")) {
      const auto id = r.value("message_hi", std::uint64_t{0}) ^ (r.value("message_lo", std::uint64_t{0}) * 31);
      e["name"] = "message";
      e["cat"] = "message";
      e["ph"] = kind == "send" ? "s" : "f";
      if (kind != "send") e["bp"] = "e";
      e["id"] = id;
      e["pid"] = k_queue_pid;
      e["tid"] = r.value("queue", std::uint64_t{0});
      emit(e);
      // The flow's anchor, visible on its own track.
      e.erase("id");
      e.erase("bp");
      e.erase("cat");
      e["ph"] = "i";
      e["s"] = "t";
      e["name"] = component + "." + kind;
      emit(std::move(e));
      return;
    }
    e["name"] = component + "." + kind;
    e["ph"] = "i";
    if (component == "fault") {
      e["s"] = "g";  // faults are global instants: they show across every track
      e["pid"] = k_components_pid;
      e["tid"] = 0;
    } else {
      auto [it, added] = component_track.emplace(component, static_cast<int>(component_track.size()) + 1);
      e["s"] = "t";
      e["pid"] = k_components_pid;
      e["tid"] = it->second;
    }
    emit(std::move(e));
  }

  void finish(const std::optional<trace_footer>& footer) {
    const double end = footer ? footer->end_time_ns / 1000.0 : last_t_;
    for (const auto& [environment, open] : open_slices)
      for (int i = 0; i < open; ++i)
        emit({{"name", "cut"}, {"ph", "E"}, {"ts", end}, {"pid", k_lambda_pid}, {"tid", environment}});
    for (const auto& [component, tid] : component_track)
      emit({{"name", "thread_name"},
            {"ph", "M"},
            {"pid", k_components_pid},
            {"tid", tid},
            {"ts", 0},
            {"args", {{"name", component}}}});
  }

 private:
  const std::function<void(const nlohmann::json&)>& emit;
  std::map<std::string, int> component_track;
  std::map<std::uint64_t, int> open_slices;  // environment → open "B" count, to close what a crash left open
  double last_t_ = 0;
};
}  // namespace

nlohmann::json to_perfetto(const trace_file& trace) {
  nlohmann::json events = nlohmann::json::array();
  const std::function<void(const nlohmann::json&)> emit = [&](const nlohmann::json& e) { events.push_back(e); };
  perfetto_builder builder(emit);
  for (const auto& r : trace.records) builder.add(r);
  builder.finish(trace.footer);
  return {{"traceEvents", events}, {"displayTimeUnit", "ms"}};
}

void write_perfetto(trace_stream& trace, io::output_file& out) {
  out.write("{\"traceEvents\":[");
  bool first = true;
  std::string text;
  const std::function<void(const nlohmann::json&)> emit = [&](const nlohmann::json& e) {
    text.assign(first ? "\n" : ",\n");
    first = false;
    text += e.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    out.write(text);
  };
  perfetto_builder builder(emit);
  while (trace.next())
    if (!trace.at_end_line()) builder.add(trace.record());
  builder.finish(trace.footer());
  out.write("\n],\"displayTimeUnit\":\"ms\"}\n");
}

}  // namespace slsim::traces
