#include "slsim/traces/crash_flush.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>

#include "slsim/traces/trace_writer.hpp"

namespace slsim::traces {
namespace {
std::atomic<trace_writer*> g_target{nullptr};
std::atomic<bool> g_installed{false};

// Only async-signal-safe calls here: write(2), then re-raise with the default action.
void on_fatal_signal(int sig) {
  if (trace_writer* w = g_target.load(); w != nullptr && w->fd() >= 0) {
    const char* data = w->committed_data();
    std::size_t left = w->committed_size();
    while (left > 0) {
      const ssize_t n = ::write(w->fd(), data, left);
      if (n <= 0) break;
      data += n;
      left -= static_cast<std::size_t>(n);
    }
  }
  signal(sig, SIG_DFL);
  raise(sig);
}
}  // namespace

void set_crash_flush_target(trace_writer* writer) noexcept {
  g_target.store(writer);
  if (writer == nullptr || g_installed.exchange(true)) return;
  struct sigaction action {};
  action.sa_handler = &on_fatal_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND | SA_NODEFER;
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) sigaction(sig, &action, nullptr);
}

}  // namespace slsim::traces
