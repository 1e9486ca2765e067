// A process killed by a fatal signal still leaves every complete trace line on disk.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "slsim/sim/context.hpp"
#include "slsim/traces/trace_reader.hpp"
#include "slsim/traces/trace_writer.hpp"

namespace slsim::traces {
namespace {

constexpr sim::event_kind k_step{"test", "step", {"n"}};

TEST(crash_flush, records_before_a_segfault_survive) {
  const auto path =
      (std::filesystem::temp_directory_path() / ("slsim-crash-" + std::to_string(getpid()) + ".jsonl")).string();
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    sim::context ctx;
    trace_writer writer(path, trace_header{"0.1.0", "crasher", {{"seed", 3}}});
    ctx.set_trace_listener(&writer);
    for (std::uint64_t i = 1; i <= 100; ++i) ctx.emit({.kind = &k_step, .ids = {i}});
    raise(SIGSEGV);  // user code crashing mid-run; nothing was flushed explicitly
    std::_Exit(0);
  }
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGSEGV);
  const auto file = read_trace(path, /*require_end=*/false);
  EXPECT_EQ(file.records.size(), 100u);
  EXPECT_FALSE(file.footer.has_value());
  EXPECT_THROW(read_trace(path), trace_format_error);  // strict readers say it is truncated
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace slsim::traces
