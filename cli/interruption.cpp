#include "interruption.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <csignal>

namespace slsim::cli {
namespace {
volatile std::sig_atomic_t g_signal = 0;
int g_pipe[2] = {-1, -1};
struct sigaction g_previous_int {
}, g_previous_term{};

void on_signal(int sig) {
  if (g_signal == 0) g_signal = sig;
  if (g_pipe[1] >= 0) {
    const char byte = 1;
    [[maybe_unused]] const auto n = ::write(g_pipe[1], &byte, 1);  // async-signal-safe wake-up for poll()
  }
}
}  // namespace

interruption_scope::interruption_scope() {
  g_signal = 0;
  if (::pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) != 0) g_pipe[0] = g_pipe[1] = -1;
  struct sigaction action {};
  action.sa_handler = &on_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: a blocking poll() returns EINTR
  sigaction(SIGINT, &action, &g_previous_int);
  sigaction(SIGTERM, &action, &g_previous_term);
}

interruption_scope::~interruption_scope() {
  sigaction(SIGINT, &g_previous_int, nullptr);
  sigaction(SIGTERM, &g_previous_term, nullptr);
  for (int& fd : g_pipe) {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
}

int interrupted() noexcept { return g_signal; }
int interruption_fd() noexcept { return g_pipe[0]; }
int interrupted_exit_code() noexcept { return 128 + g_signal; }

}  // namespace slsim::cli
