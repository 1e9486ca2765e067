// `slsim diff A B`: the first divergent event of two traces (docs/architecture.md §10).
#include <fmt/format.h>

#include "commands.hpp"
#include "slsim/traces/trace_diff.hpp"
#include "slsim/traces/trace_reader.hpp"

namespace slsim::cli {

namespace {
// A strict reader's verdict on a trace that stops without its end line (trace-format.md).
[[noreturn]] void throw_cut_short(const std::string& cut, std::size_t line, const std::string& other) {
  throw traces::trace_format_error(
      cut, line,
      fmt::format("the trace ends here without its end line (cut short: a crash or a truncated file), where {} "
                  "goes on",
                  other));
}
}  // namespace

void add_diff_command(CLI::App& app, int& result) {
  auto* cmd = app.add_subcommand("diff", "Show the first divergent event of two traces");
  auto files = std::make_shared<std::pair<std::string, std::string>>();
  cmd->add_option("A", files->first, "first trace file")->required();
  cmd->add_option("B", files->second, "second trace file")->required();
  cmd->callback([files, &result] {
    result = guarded([&] {
      traces::trace_stream a(files->first, /*require_end=*/false);
      traces::trace_stream b(files->second, /*require_end=*/false);
      const auto d = traces::first_divergence(a, b);  // both read line by line: bounded memory
      // A trace that ends without its end line where the other goes on was cut short (a
      // crash, a truncated copy): malformed input, not a divergence. Two traces cut at the
      // same line compare equal (a crash reproduced).
      if (d && d->left.empty() && !a.footer()) throw_cut_short(files->first, d->line, files->second);
      if (d && d->right.empty() && !b.footer()) throw_cut_short(files->second, d->line, files->first);
      if (!d) {
        fmt::print("identical: {} lines\n", a.line_number());
        return int{k_ok};
      }
      fmt::print("{}", d->describe(files->first, files->second));
      return int{k_nondeterminism};  // the traces differ
    });
  });
}

}  // namespace slsim::cli

// `slsim replay TRACE`: re-run the trace's case and compare byte for byte.
#include <optional>

#include "handler_resolution.hpp"
#include "isolated_run.hpp"
#include "slsim/api/handler_plugin.hpp"
#include "slsim/properties/case.hpp"
#include "slsim/traces/trace_writer.hpp"
#include "slsim/version.hpp"
#include "workers.hpp"

namespace slsim::cli {

void add_replay_command(CLI::App& app, int& result) {
  auto* cmd = app.add_subcommand("replay", "Re-run a trace's case and compare the new trace byte for byte");
  auto path = std::make_shared<std::string>();
  cmd->add_option("TRACE", *path, "trace file written by run or check")->required();
  cmd->callback([path, &result] {
    result = guarded([&] {
      std::optional<traces::trace_stream> header_only;
      header_only.emplace(*path, /*require_end=*/false);
      const traces::trace_header header = header_only->header();
      header_only.reset();
      const auto c = properties::case_from_json(header.run_case, *path + " (header case)");
      const std::string handler_name = recorded_handler(header.handler.empty() ? c.handler : header.handler, *path);
      const handler_definition& handler = resolve_handler(handler_name);
      // A rebuilt plugin is a different input, not a nondeterministic run: replay compares two
      // runs of the same code, so a changed build id is bad input (exit 2), named as such.
      if (!header.handler_build.empty()) {
        const std::string now = api::plugin_build_id(handler_name);
        if (now != header.handler_build) {
          fmt::print(stderr,
                     "slsim replay: {}: the handler changed since this trace was written ({} was {} then, is {} "
                     "now); replay compares runs of the same handler build: re-record the trace with the new "
                     "build, or replay with the old one\n",
                     *path, handler_name, header.handler_build, now);
          return int{k_bad_input};
        }
      }
      const pipeline::scenario s = pipeline::load_scenario(c.scenario, *path + " (header case)");
      // The re-run happens in a worker (a crashing handler is no_crash, not a dead command)
      // and is compared with the recording while it runs: one line of each in memory.
      worker_options options;
      options.deadline_s = [&](std::uint64_t) { return s.bounds.wall_seconds; };
      const auto r =
          run_in_workers(
              {0},
              [&](std::uint64_t, breadcrumb& crumb) -> nlohmann::json {
                traces::trace_stream recorded(*path, /*require_end=*/false);
                traces::replay_comparer compare(
                    recorded, {std::string(k_version), header.handler, header.run_case, header.handler_build});
                breadcrumb_listener listener(crumb, &compare);
                // The trace is the product: no oracles, none of their records (bounded memory).
                const auto run = properties::run_for_trace(c, handler, listener);
                const auto d = compare.finish(
                    {run.run.records, run.run.trace_hash, sim::to_string(run.run.status), run.run.end_time});
                // The recording stops without its end line where the run goes on: it was cut
                // short (a crash the re-run does not repeat is reported by the worker instead).
                if (d && d->left.empty() && !recorded.footer()) throw_cut_short(*path, d->line, "the replay");
                if (d)
                  return {{"text", fmt::format("replay diverged from {}\n{}", *path, d->describe(*path, "replay"))},
                          {"code", int{k_nondeterminism}}};
                return {{"text", fmt::format("replay identical: {} lines, trace_hash {:016x}\n", compare.lines(),
                                             run.run.trace_hash)},
                        {"code", int{k_ok}}};
              },
              options)
              .results[0];
      return report_isolated_run(r, {"replay", c.seed, handler_name, "", false});
    });
  });
}

}  // namespace slsim::cli

// `slsim export TRACE --format perfetto -o FILE`
#include "slsim/io/output_file.hpp"

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
      io::output_file out(o->out);
      try {
        traces::write_perfetto(o->trace, out);        // record by record: bounded memory whatever the trace's length
      } catch (const nlohmann::json::exception& e) {  // a record field of an unexpected type
        throw models::input_error(o->trace, "",
                                  "a record has a field of an unexpected type: " + models::describe_json_error(e));
      }
      out.commit();
      return int{k_ok};
    });
  });
}

}  // namespace slsim::cli
