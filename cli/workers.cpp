#include "workers.hpp"

#include <dlfcn.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <stdexcept>

#include "interruption.hpp"
#include "slsim/io/output_file.hpp"
#include "slsim/models/validation.hpp"
#include "slsim/pipeline/scenario.hpp"
#include "slsim/queue/checksums.hpp"
#include "slsim/sim/model_bug.hpp"
#include "slsim/traces/trace_reader.hpp"

namespace slsim::cli {
namespace {
using clock_type = std::chrono::steady_clock;  // wall-clock ok: deadlines outside the simulated world

struct running {
  std::size_t index;
  std::uint64_t key;
  pid_t pid;
  int fd;
  breadcrumb* crumb;
  clock_type::time_point started;
  double kill_after_s;  // <= 0: never
  std::string output;
};

breadcrumb* g_child_crumb = nullptr;  // the child's own slot, for its exit() hook

// A handler calling exit() in a worker: note it for the parent and end the process at
// once, before the parent's exit handlers (atexit, static destructors, stdio buffers of
// the parent's output) can run a second time in the child.
void on_child_exit(int status, void*) {
  if (g_child_crumb) {
    g_child_crumb->exit_status = status;
    g_child_crumb->exit_called = 1;
  }
  std::fflush(stdout);
  std::fflush(stderr);
  _exit(status);
}

[[noreturn]] void child_main(std::uint64_t key, pid_t parent, int write_fd, breadcrumb* crumb, const work_fn& work) {
  // Die with the parent (no orphan workers, whatever kills the parent), and leave SIGINT
  // and SIGTERM to it: the parent stops its workers itself and writes what finished.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) _exit(1);
  std::signal(SIGINT, SIG_IGN);
  std::signal(SIGTERM, SIG_IGN);
  std::signal(SIGPIPE, SIG_DFL);
  // Handler output goes to stderr: stdout is the command's report (--json).
  ::dup2(STDERR_FILENO, STDOUT_FILENO);
  g_child_crumb = crumb;
  ::on_exit(&on_child_exit, nullptr);
  std::string out;
  try {
    out = work(key, *crumb).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  } catch (const io::output_error& e) {
    out = nlohmann::json{{"error", e.what()}, {"bad_input", true}}.dump() + "\n";
  } catch (const pipeline::scenario_error& e) {
    out = nlohmann::json{{"error", e.what()}, {"bad_input", true}}.dump() + "\n";
  } catch (const models::config_error& e) {
    out = nlohmann::json{{"error", e.what()}, {"bad_input", true}}.dump() + "\n";
  } catch (const traces::trace_format_error& e) {
    out = nlohmann::json{{"error", e.what()}, {"bad_input", true}}.dump() + "\n";
  } catch (const std::exception& e) {
    out = nlohmann::json{{"error", e.what()}}.dump() + "\n";
  }
  std::size_t done = 0;
  while (done < out.size()) {
    const ssize_t n = ::write(write_fd, out.data() + done, out.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  std::fflush(stdout);
  std::fflush(stderr);
  _exit(0);  // never the parent's exit path
}

running start(std::size_t index, std::uint64_t key, const work_fn& work, double deadline_s) {
  void* shared = ::mmap(nullptr, sizeof(breadcrumb), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (shared == MAP_FAILED) throw std::runtime_error(std::string("mmap failed: ") + std::strerror(errno));
  auto* crumb = new (shared) breadcrumb{};
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe failed: ") + std::strerror(errno));
  // Whatever the parent has buffered would otherwise be written again by the child.
  std::fflush(stdout);
  std::fflush(stderr);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error(std::string("fork failed: ") + std::strerror(errno));
  if (pid == 0) {
    ::close(fds[0]);
    child_main(key, parent, fds[1], crumb, work);
  }
  ::close(fds[1]);
  const double kill_after = deadline_s > 0 ? deadline_s + kill_grace_s(deadline_s) : 0;
  return {index, key, pid, fds[0], crumb, clock_type::now(), kill_after, {}};
}

// Work every child would otherwise repeat after each fork: OpenSSL's first digest loads its
// configuration and providers (measured at ~7% of a default case's CPU when done per child).
void warm_up_before_forking() {
  static const bool done = [] {
    (void)queue::md5_of_body("warm-up");
    return true;
  }();
  (void)done;
}

double elapsed_s(const running& r) { return std::chrono::duration<double>(clock_type::now() - r.started).count(); }

worker_result finish(running& r, int status, bool killed_for_time) {
  worker_result out;
  out.key = r.key;
  out.seconds = elapsed_s(r);
  out.last_event = describe(*r.crumb);
  if (killed_for_time) {
    out.end = worker_end::timed_out;
  } else if (WIFSIGNALED(status)) {
    out.end = worker_end::signaled;
    out.signal = WTERMSIG(status);
  } else {
    out.payload = nlohmann::json::parse(r.output, nullptr, false);
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (r.crumb->exit_called) {
      out.end = worker_end::exited;
      out.exit_status = r.crumb->exit_status;
      out.called_exit = true;
    } else if (code == sim::k_model_bug_exit_code) {
      out.end = worker_end::model_bug;
    } else if (code == 0 && !out.payload.is_discarded() && out.payload.is_object()) {
      out.end = worker_end::reported;
    } else {
      out.end = worker_end::exited;  // e.g. _exit() or quick_exit() from the handler
      out.exit_status = code;
    }
    if (out.end != worker_end::reported) out.payload = nullptr;
  }
  ::munmap(r.crumb, sizeof(breadcrumb));
  return out;
}

void kill_and_reap(running& r) {
  ::kill(r.pid, SIGKILL);
  int status = 0;
  while (::waitpid(r.pid, &status, 0) < 0 && errno == EINTR) {
  }
  ::close(r.fd);
  ::munmap(r.crumb, sizeof(breadcrumb));
}
}  // namespace

std::string describe(const breadcrumb& crumb) {
  if (crumb.records == 0) return "";
  std::string what = "an event";
  const sim::event_kind* kind = crumb.kind;
  Dl_info info{};
  // The pointer and the names it holds must lie in a loaded object (static storage) before
  // this process reads them: they were written by another process.
  if (kind != nullptr && ::dladdr(kind, &info) != 0 && ::dladdr(kind->component.data(), &info) != 0 &&
      ::dladdr(kind->name.data(), &info) != 0 && kind->component.size() < 64 && kind->name.size() < 64)
    what = fmt::format("{}.{}", kind->component, kind->name);
  return fmt::format("{} at t={:.6f} s (trace record {})", what, static_cast<double>(crumb.t) / 1e9, crumb.records - 1);
}

std::string worker_result::how_it_ended() const {
  switch (end) {
    case worker_end::reported:
      return "returned a result";
    case worker_end::signaled:
      return "died by " + signal_name(signal);
    case worker_end::exited:
      return called_exit ? fmt::format("called exit({}) instead of returning", exit_status)
                         : fmt::format("ended its process (status {}) without returning", exit_status);
    case worker_end::model_bug:
      return fmt::format("exited {}: model invariant violated (a bug in slsim)", sim::k_model_bug_exit_code);
    case worker_end::timed_out:
      return fmt::format("was killed after {:.1f} s of wall-clock time", seconds);
    case worker_end::not_run:
      return "was not run";
  }
  return "?";
}

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
    case SIGTERM:
      return "SIGTERM";
    case SIGINT:
      return "SIGINT";
    case SIGXFSZ:
      return "SIGXFSZ";
    case SIGPIPE:
      return "SIGPIPE";
    default:
      return "signal " + std::to_string(sig);
  }
}

double kill_grace_s(double deadline_s) { return std::clamp(1.0 + 0.05 * deadline_s, 1.0, 10.0); }

worker_batch run_in_workers(const std::vector<std::uint64_t>& keys, const work_fn& work,
                            const worker_options& options) {
  warm_up_before_forking();
  worker_batch batch;
  std::map<std::size_t, worker_result> results;
  std::vector<running> active;
  std::size_t next = 0;
  const int jobs = std::max(1, options.jobs);
  bool stop = false;
  while ((next < keys.size() && !stop) || !active.empty()) {
    if (interrupted() != 0 && !stop) {
      batch.interrupted_by = interrupted();
      stop = true;
    }
    if (stop) {  // kill what runs; what never finished is not_run
      for (auto& r : active) kill_and_reap(r);
      active.clear();
      break;
    }
    while (next < keys.size() && static_cast<int>(active.size()) < jobs) {
      const double deadline = options.deadline_s ? options.deadline_s(keys[next]) : 0;
      active.push_back(start(next, keys[next], work, deadline));
      ++next;
    }
    std::vector<pollfd> fds;
    for (const auto& r : active) fds.push_back({r.fd, POLLIN, 0});
    if (interruption_fd() >= 0) fds.push_back({interruption_fd(), POLLIN, 0});
    int timeout_ms = -1;
    for (const auto& r : active)
      if (r.kill_after_s > 0) {
        const int left = static_cast<int>((r.kill_after_s - elapsed_s(r)) * 1000) + 1;
        timeout_ms = timeout_ms < 0 ? std::max(0, left) : std::min(timeout_ms, std::max(0, left));
      }
    if (::poll(fds.data(), fds.size(), timeout_ms) < 0 && errno != EINTR)
      throw std::runtime_error(std::string("poll failed: ") + std::strerror(errno));
    for (std::size_t i = active.size(); i-- > 0;) {
      running& r = active[i];
      bool ended = false;
      int status = 0;
      bool killed_for_time = false;
      if (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) {
        char buffer[65536];
        const ssize_t n = ::read(r.fd, buffer, sizeof buffer);
        if (n > 0) {
          r.output.append(buffer, static_cast<std::size_t>(n));
          continue;
        }
        if (n < 0 && errno == EINTR) continue;
        while (::waitpid(r.pid, &status, 0) < 0 && errno == EINTR) {
        }
        ended = true;
      } else if (r.kill_after_s > 0 && elapsed_s(r) >= r.kill_after_s) {
        ::kill(r.pid, SIGKILL);  // a spin in user code never returns to the simulation's watchdog
        while (::waitpid(r.pid, &status, 0) < 0 && errno == EINTR) {
        }
        ended = killed_for_time = true;
      }
      if (!ended) continue;
      ::close(r.fd);
      auto result = finish(r, status, killed_for_time);
      if (killed_for_time && options.stop_after_timeout) {
        batch.stopped_after_timeout = true;
        stop = true;
      }
      const std::uint64_t key = result.key;
      results[r.index] = std::move(result);
      if (options.progress) options.progress(results.size(), key);
      active.erase(active.begin() + static_cast<std::ptrdiff_t>(i));
    }
    if (stop) {
      for (auto& r : active) kill_and_reap(r);
      active.clear();
    }
  }
  for (std::size_t i = 0; i < keys.size(); ++i) {
    auto it = results.find(i);
    if (it != results.end()) {
      batch.results.push_back(std::move(it->second));
    } else {
      worker_result r;
      r.key = keys[i];
      batch.results.push_back(std::move(r));
    }
  }
  return batch;
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
