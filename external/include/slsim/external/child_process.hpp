#pragma once
// One handler process: started with /bin/sh -c from a working directory and an exact
// environment, its stdout and stderr collected (the last few KiB, for error messages),
// killed with SIGKILL. Outside the simulated world: plain POSIX.
#include <map>
#include <string>
#include <vector>

namespace slsim::external {

class child_process {
 public:
  /// How the process starts besides its command, directory and environment.
  struct options {
    std::vector<int> inherit_fds;  ///< close-on-exec descriptors the process keeps
    bool fixed_layout = false;     ///< address-space randomisation off (personality ADDR_NO_RANDOMIZE)
  };
  /// Starts `command`; throws std::runtime_error when it cannot be started.
  child_process(const std::string& command, const std::string& cwd, const std::map<std::string, std::string>& env,
                const options& how);
  child_process(const std::string& command, const std::string& cwd, const std::map<std::string, std::string>& env)
      : child_process(command, cwd, env, options{}) {}
  ~child_process();
  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;

  /// True once the process has ended (reaps it).
  bool exited();
  /// "exit status 1" / "killed by signal 9" once exited.
  std::string exit_description() const;
  /// SIGKILL and reap; idempotent.
  void kill();
  /// The read end of its stdout/stderr pipe (for poll), -1 once closed.
  int output_fd() const noexcept { return output_fd_; }
  /// Reads what the process wrote so far without blocking; keeps the last 4 KiB.
  void drain_output();
  /// The last lines it wrote (stdout and stderr together).
  const std::string& output_tail() const noexcept { return tail_; }
  int pid() const noexcept { return pid_; }

 private:
  int pid_ = -1;
  int output_fd_ = -1;
  bool reaped_ = false;
  int status_ = 0;
  std::string tail_;
};

}  // namespace slsim::external
