#pragma once
// Running the slsim program with an environment, a shell prefix (ulimit) or stdout alone,
// and starting it in the background to signal it mid-run.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "cli_support.hpp"

namespace slsim::testing {

/// Runs `prefix SLSIM args` through the shell; `stderr_too` merges stderr into the output.
inline command_result slsim_shell(const std::string& prefix, const std::string& args, bool stderr_too = true) {
  command_result r;
  const std::string command =
      prefix + " " + std::string(SLSIM_BINARY) + " " + args + (stderr_too ? " 2>&1" : " 2>/dev/null");
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buffer{};
  while (fgets(buffer.data(), buffer.size(), pipe)) r.output += buffer.data();
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

/// The slsim program with SLSIM_TEST_MISBEHAVIOUR set and the misbehaving plugin as handler.
inline command_result misbehaving(const std::string& misbehaviour, const std::string& args, bool stderr_too = true) {
  return slsim_shell("SLSIM_TEST_MISBEHAVIOUR=" + misbehaviour,
                     args + " --handler " + std::string(SLSIM_TEST_MISBEHAVING_PLUGIN), stderr_too);
}

inline std::string file_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// The direct children of `pid` (Linux /proc).
inline std::set<pid_t> children_of(pid_t pid) {
  std::set<pid_t> out;
  std::ifstream in("/proc/" + std::to_string(pid) + "/task/" + std::to_string(pid) + "/children");
  for (pid_t child; in >> child;) out.insert(child);
  return out;
}

/// True while `pid` exists and is not a zombie.
inline bool alive(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  if (!std::getline(in, text)) return false;
  const auto close = text.rfind(')');
  return close != std::string::npos && close + 2 < text.size() && text[close + 2] != 'Z';
}

/// Starts `SLSIM args` in the background with one environment variable set; stdout and
/// stderr go to `log`.
inline pid_t start_slsim(const std::string& variable, const std::string& args, const std::string& log) {
  const pid_t pid = fork();
  if (pid == 0) {
    const std::string command = "exec " + std::string(SLSIM_BINARY) + " " + args + " >" + log + " 2>&1";
    ::setenv("SLSIM_TEST_MISBEHAVIOUR", variable.c_str(), 1);
    ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

}  // namespace slsim::testing
