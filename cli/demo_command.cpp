#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "number_options.hpp"
#include "slsim/sim/demo_workload.hpp"

namespace slsim::cli {

void add_demo_command(CLI::App& app, int& result) {
  auto* cmd = app.add_subcommand("demo", "Run the kernel's demo workload for one seed and print its trace hash");
  struct options {
    std::uint64_t seed = 1;
    int workers = 100;
    int steps = 100;
    bool json = false;
  };
  auto opts = std::make_shared<options>();
  cmd->add_option("--seed", opts->seed, "seed of the run")->check(whole_number())->capture_default_str();
  cmd->add_option("--workers", opts->workers, "coroutines")->check(CLI::Range(1, 100'000))->capture_default_str();
  cmd->add_option("--steps", opts->steps, "sleeps per coroutine")->check(CLI::Range(1, 100'000))->capture_default_str();
  cmd->add_flag("--json", opts->json, "print one JSON object");
  cmd->callback([opts, &result] {
    const auto run = sim::run_demo({.seed = opts->seed, .workers = opts->workers, .steps = opts->steps});
    const auto hash = fmt::format("{:016x}", run.trace_hash);
    if (opts->json) {
      nlohmann::json out{{"seed", opts->seed},     {"status", sim::to_string(run.status)},
                         {"trace_hash", hash},     {"events", run.events},
                         {"records", run.records}, {"virtual_seconds", sim::to_seconds(run.end_time)}};
      fmt::print("{}\n", out.dump());
    } else {
      fmt::print("seed {}\nstatus {}\nevents {}\nrecords {}\nvirtual_seconds {:.9f}\ntrace_hash {}\n", opts->seed,
                 sim::to_string(run.status), run.events, run.records, sim::to_seconds(run.end_time), hash);
      if (!run.ok()) fmt::print(stderr, "{}", run.describe());
    }
    result = run.ok() ? k_ok : (run.hang() ? k_hang : k_violation);
  });
}

}  // namespace slsim::cli
