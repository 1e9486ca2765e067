#include "slsim/external/child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace slsim::external {
namespace {
constexpr std::size_t k_tail_bytes = 4096;
}

child_process::child_process(const std::string& command, const std::string& cwd,
                             const std::map<std::string, std::string>& env, const options& how) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  // Everything the child needs is prepared before fork: only async-signal-safe calls after.
  std::vector<std::string> env_strings;
  env_strings.reserve(env.size());
  for (const auto& [name, value] : env) env_strings.push_back(name + "=" + value);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::string script = "exec " + command;
  char sh[] = "/bin/sh";
  char dash_c[] = "-c";
  char* argv[] = {sh, dash_c, script.data(), nullptr};
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  }
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive slsim
    if (::getppid() != parent) ::_exit(127);
    ::setpgid(0, 0);
    const int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, 0);
    ::dup2(pipe_fds[1], 1);
    ::dup2(pipe_fds[1], 2);
    if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) ::_exit(126);
    for (const int fd : how.inherit_fds) ::fcntl(fd, F_SETFD, 0);
    // Addresses a runtime mixes into its random state (OpenSSL's DRBG nonce holds the
    // thread's address) repeat from run to run.
    if (how.fixed_layout) ::personality(static_cast<unsigned long>(::personality(0xffffffff)) | ADDR_NO_RANDOMIZE);
    ::execve(sh, argv, envp.data());
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  output_fd_ = pipe_fds[0];
  ::fcntl(output_fd_, F_SETFL, ::fcntl(output_fd_, F_GETFL) | O_NONBLOCK);
  pid_ = pid;
}

child_process::~child_process() {
  kill();
  if (output_fd_ >= 0) ::close(output_fd_);
}

bool child_process::exited() {
  if (reaped_) return true;
  int status = 0;
  const pid_t r = ::waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    reaped_ = true;
    status_ = status;
  }
  return reaped_;
}

std::string child_process::exit_description() const {
  if (!reaped_) return "running";
  if (WIFEXITED(status_)) return "exit status " + std::to_string(WEXITSTATUS(status_));
  if (WIFSIGNALED(status_)) return "killed by signal " + std::to_string(WTERMSIG(status_));
  return "ended";
}

void child_process::kill() {
  if (reaped_ || pid_ <= 0) return;
  ::kill(-pid_, SIGKILL);  // its own process group: a shell's or runtime's children die too
  ::kill(pid_, SIGKILL);
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  reaped_ = true;
  status_ = status;
}

void child_process::drain_output() {
  if (output_fd_ < 0) return;
  char chunk[4096];
  for (;;) {
    const ssize_t n = ::read(output_fd_, chunk, sizeof chunk);
    if (n > 0) {
      tail_.append(chunk, static_cast<std::size_t>(n));
      if (tail_.size() > 2 * k_tail_bytes) tail_.erase(0, tail_.size() - k_tail_bytes);
      continue;
    }
    if (n == 0) {
      ::close(output_fd_);
      output_fd_ = -1;
    }
    return;
  }
}

}  // namespace slsim::external
