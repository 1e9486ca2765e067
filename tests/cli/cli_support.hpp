#pragma once
// Runs the slsim program in a child process and captures its output and exit code.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

namespace slsim::testing {

struct command_result {
  int exit_code = -1;
  std::string output;  ///< stdout and stderr
};

inline command_result slsim(const std::string& args) {
  command_result r;
  const std::string command = std::string(SLSIM_BINARY) + " " + args + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buffer{};
  while (fgets(buffer.data(), buffer.size(), pipe)) r.output += buffer.data();
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

/// A fresh directory under the system's temporary directory.
inline std::string scratch_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("slsim-test-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

}  // namespace slsim::testing

namespace slsim::testing {

/// Runs a shell command line (e.g. several slsim calls, or one in another directory) and
/// captures its stdout only when `stdout_only`, else stdout and stderr.
inline command_result shell(const std::string& command_line, bool stdout_only = false) {
  command_result r;
  const std::string command = command_line + (stdout_only ? " 2>/dev/null" : " 2>&1");
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buffer{};
  while (fgets(buffer.data(), buffer.size(), pipe)) r.output += buffer.data();
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

}  // namespace slsim::testing
