#include "workers.hpp"

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <map>
#include <stdexcept>

namespace slsim::cli {
namespace {
struct running {
  std::size_t index;
  std::uint64_t key;
  pid_t pid;
  int fd;
  std::string output;
};

running start(std::size_t index, std::uint64_t key, const std::function<nlohmann::json(std::uint64_t)>& work) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    close(fds[0]);
    std::string out;
    try {
      out = work(key).dump() + "\n";
    } catch (const std::exception& e) {
      out = nlohmann::json{{"error", e.what()}}.dump() + "\n";
    }
    std::size_t done = 0;
    while (done < out.size()) {
      const ssize_t n = write(fds[1], out.data() + done, out.size() - done);
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
    _exit(0);
  }
  close(fds[1]);
  return {index, key, pid, fds[0], {}};
}
}  // namespace

std::string signal_name(int sig) {
  switch (sig) {
    case SIGSEGV:
      return "SIGSEGV";
    case SIGABRT:
      return "SIGABRT";
    case SIGBUS:
      return "SIGBUS";
    case SIGFPE:
      return "SIGFPE";
    case SIGILL:
      return "SIGILL";
    case SIGKILL:
      return "SIGKILL";
    default:
      return "signal " + std::to_string(sig);
  }
}

std::vector<worker_result> run_in_workers(const std::vector<std::uint64_t>& keys, int jobs,
                                          const std::function<nlohmann::json(std::uint64_t)>& work,
                                          const progress_fn& progress) {
  std::map<std::size_t, worker_result> results;
  std::vector<running> active;
  std::size_t next = 0;
  if (jobs < 1) jobs = 1;
  while (next < keys.size() || !active.empty()) {
    while (next < keys.size() && static_cast<int>(active.size()) < jobs) {
      active.push_back(start(next, keys[next], work));
      ++next;
    }
    std::vector<pollfd> fds;
    for (const auto& r : active) fds.push_back({r.fd, POLLIN, 0});
    if (poll(fds.data(), fds.size(), -1) < 0) continue;
    for (std::size_t i = fds.size(); i-- > 0;) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char buffer[65536];
      const ssize_t n = read(active[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        active[i].output.append(buffer, static_cast<std::size_t>(n));
        continue;
      }
      close(active[i].fd);
      int status = 0;
      waitpid(active[i].pid, &status, 0);
      worker_result r;
      r.key = active[i].key;
      if (WIFSIGNALED(status)) {
        r.crashed = true;
        r.signal = WTERMSIG(status);
      } else {
        r.payload = nlohmann::json::parse(active[i].output, nullptr, false);
        if (r.payload.is_discarded()) r.crashed = true;
      }
      const std::uint64_t key = r.key;
      results[active[i].index] = std::move(r);
      if (progress) progress(results.size(), key);
      active.erase(active.begin() + static_cast<std::ptrdiff_t>(i));
    }
  }
  std::vector<worker_result> out;
  for (std::size_t i = 0; i < keys.size(); ++i) out.push_back(std::move(results[i]));
  return out;
}

int default_jobs() { return static_cast<int>(std::max(1L, sysconf(_SC_NPROCESSORS_ONLN))); }

std::pair<std::uint64_t, std::uint64_t> parse_shard(const std::string& text) {
  std::uint64_t index = 0, count = 1;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%lu/%lu%c", &index, &count, &tail) != 2 || count == 0 || index >= count)
    throw std::invalid_argument("--shard " + text + ": expected I/N with 0 <= I < N");
  return {index, count};
}

}  // namespace slsim::cli
