#include "isolated_run.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "commands.hpp"

namespace slsim::cli {

int report_isolated_run(const worker_result& r, const isolated_context& context) {
  const std::string last = r.last_event.empty() ? "" : "; last event: " + r.last_event;
  switch (r.end) {
    case worker_end::reported: {
      if (r.payload.contains("error")) {
        fmt::print(stderr, "slsim: {}\n", r.payload.value("error", ""));
        return k_bad_input;
      }
      fmt::print("{}", r.payload.value("text", ""));
      return r.payload.value("code", int{k_bad_input});
    }
    case worker_end::signaled:
    case worker_end::exited: {
      const std::string detail = "the handler's process " + r.how_it_ended() + last;
      if (context.json) {
        fmt::print("{}\n", nlohmann::json{{"seed", context.seed},
                                          {"handler", context.handler},
                                          {"verdict", "fail"},
                                          {"violations", {{{"property", "no_crash"}, {"detail", detail}}}}}
                               .dump());
      } else {
        fmt::print("seed {}  handler {}\nverdict      FAIL: no_crash: {}\n", context.seed, context.handler, detail);
        if (!context.trace_file.empty()) fmt::print("trace (up to the crash): {}\n", context.trace_file);
      }
      return k_violation;
    }
    case worker_end::timed_out:
      fmt::print(stderr,
                 "slsim {}: HANG: guard bounds.wall_seconds fired: the worker {} (handler code that never yields "
                 "to the simulation){}; seed {}, handler {}\n",
                 context.command, r.how_it_ended(), last, context.seed, context.handler);
      return k_hang;
    case worker_end::model_bug:
      fmt::print(stderr, "slsim {}: model invariant violated (a bug in slsim, not in the handler){}; seed {}\n",
                 context.command, last, context.seed);
      return k_model_bug;
    case worker_end::not_run:
      break;
  }
  fmt::print(stderr, "slsim {}: the worker did not run\n", context.command);
  return k_bad_input;
}

}  // namespace slsim::cli
