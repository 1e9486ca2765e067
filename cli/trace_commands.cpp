// `slsim diff A B`: the first divergent event of two traces (docs/architecture.md §10).
#include <fmt/format.h>

#include "commands.hpp"
#include "slsim/traces/trace_diff.hpp"
#include "slsim/traces/trace_reader.hpp"

namespace slsim::cli {

void add_diff_command(CLI::App& app, int& result) {
  auto* cmd = app.add_subcommand("diff", "Show the first divergent event of two traces");
  auto files = std::make_shared<std::pair<std::string, std::string>>();
  cmd->add_option("A", files->first, "first trace file")->required();
  cmd->add_option("B", files->second, "second trace file")->required();
  cmd->callback([files, &result] {
    try {
      const auto a = traces::read_trace(files->first, /*require_end=*/false);
      const auto b = traces::read_trace(files->second, /*require_end=*/false);
      const auto d = traces::first_divergence(a, b);
      if (!d) {
        fmt::print("identical: {} lines\n", a.lines.size());
        result = k_ok;
        return;
      }
      fmt::print("{}", d->describe(files->first, files->second));
      result = k_nondeterminism;  // the traces differ
    } catch (const traces::trace_format_error& e) {
      fmt::print(stderr, "slsim diff: {}\n", e.what());
      result = k_bad_input;
    }
  });
}

}  // namespace slsim::cli

// `slsim replay TRACE`: re-run the trace's case and compare byte for byte.
#include "handler_resolution.hpp"
#include "slsim/api/handler_plugin.hpp"
#include "slsim/properties/case.hpp"
#include "slsim/traces/trace_writer.hpp"

namespace slsim::cli {

void add_replay_command(CLI::App& app, int& result) {
  auto* cmd = app.add_subcommand("replay", "Re-run a trace's case and compare the new trace byte for byte");
  auto path = std::make_shared<std::string>();
  cmd->add_option("TRACE", *path, "trace file written by run or check")->required();
  cmd->callback([path, &result] {
    result = guarded([&] {
      const auto recorded = traces::read_trace(*path, /*require_end=*/false);
      const auto c = properties::case_from_json(recorded.header.run_case, *path + " (header case)");
      const std::string name =
          recorded_handler(recorded.header.handler.empty() ? c.handler : recorded.header.handler, *path);
      const handler_definition& handler = resolve_handler(name);
      // A rebuilt plugin is a different input, not a nondeterministic run: replay compares two
      // runs of the same code, so a changed build id is bad input (exit 2), named as such.
      if (!recorded.header.handler_build.empty()) {
        const std::string now = api::plugin_build_id(name);
        if (now != recorded.header.handler_build) {
          fmt::print(stderr,
                     "slsim replay: {}: the handler changed since this trace was written ({} was {} then, is {} "
                     "now); replay compares runs of the same handler build: re-record the trace with the new "
                     "build, or replay with the old one\n",
                     *path, name, recorded.header.handler_build, now);
          return int{k_bad_input};
        }
      }
      std::string memory;
      {
        traces::trace_header header = recorded.header;
        header.slsim_version = std::string(k_version);
        traces::trace_writer writer(memory, header);
        const auto r = properties::run_and_check(c, handler, &writer);
        writer.finish(
            {r.outcome.run.records, r.trace_hash, sim::to_string(r.outcome.run.status), r.outcome.run.end_time});
      }
      const auto fresh = traces::parse_trace(memory, "replay");
      if (const auto d = traces::first_divergence(recorded, fresh)) {
        fmt::print("replay diverged from {}\n{}", *path, d->describe(*path, "replay"));
        return int{k_nondeterminism};
      }
      fmt::print("replay identical: {} lines, trace_hash {:016x}\n", fresh.lines.size(),
                 fresh.footer ? fresh.footer->trace_hash : 0);
      return int{k_ok};
    });
  });
}

}  // namespace slsim::cli

// `slsim export TRACE --format perfetto -o FILE`
#include <fstream>

#include "slsim/models/json_input.hpp"
#include "slsim/traces/perfetto_export.hpp"

namespace slsim::cli {

void add_export_command(CLI::App& app, int& result) {
  auto* cmd = app.add_subcommand("export", "Convert a trace to Chrome/Perfetto trace-event JSON");
  struct options {
    std::string trace, format = "perfetto", out;
  };
  auto o = std::make_shared<options>();
  cmd->add_option("TRACE", o->trace, "trace file")->required();
  cmd->add_option("--format", o->format, "output format")->check(CLI::IsMember({"perfetto"}))->capture_default_str();
  cmd->add_option("-o,--output", o->out, "output file")->required();
  cmd->callback([o, &result] {
    result = guarded([&] {
      const auto trace = traces::read_trace(o->trace, /*require_end=*/false);
      nlohmann::json events;
      try {
        events = traces::to_perfetto(trace);
      } catch (const nlohmann::json::exception& e) {  // a record field of an unexpected type
        throw models::input_error(o->trace, "",
                                  "a record has a field of an unexpected type: " + models::describe_json_error(e));
      }
      std::ofstream out(o->out);
      out << events.dump() << "\n";
      if (!out) throw std::runtime_error(o->out + ": cannot write");
      return int{k_ok};
    });
  });
}

}  // namespace slsim::cli
