#include "workers.hpp"

#include <dlfcn.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <charconv>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <optional>
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

// Prepares a forked child: dies with the parent, leaves SIGINT/SIGTERM to it, sends
// handler output to stderr and notes a handler's exit().
void become_worker(pid_t parent, breadcrumb* crumb) {
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
}

// One key's work as the line the parent reads (JSON, no newline inside, newline-terminated).
std::string run_one(std::uint64_t key, breadcrumb& crumb, const work_fn& work) {
  try {
    return work(key, crumb).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  } catch (const io::output_error& e) {
    return nlohmann::json{{"error", e.what()}, {"bad_input", true}}.dump() + "\n";
  } catch (const pipeline::scenario_error& e) {
    return nlohmann::json{{"error", e.what()}, {"bad_input", true}}.dump() + "\n";
  } catch (const models::config_error& e) {
    return nlohmann::json{{"error", e.what()}, {"bad_input", true}}.dump() + "\n";
  } catch (const traces::trace_format_error& e) {
    return nlohmann::json{{"error", e.what()}, {"bad_input", true}}.dump() + "\n";
  } catch (const std::exception& e) {
    return nlohmann::json{{"error", e.what()}}.dump() + "\n";
  }
}

bool write_all(int fd, const std::string& out) {
  std::size_t done = 0;
  while (done < out.size()) {
    const ssize_t n = ::write(fd, out.data() + done, out.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

[[noreturn]] void child_main(std::uint64_t key, pid_t parent, int write_fd, breadcrumb* crumb, const work_fn& work) {
  become_worker(parent, crumb);
  write_all(write_fd, run_one(key, *crumb, work));
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

namespace {
// One process per key.
worker_batch run_fresh(const std::vector<std::uint64_t>& keys, const work_fn& work, const worker_options& options) {
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

// A worker that runs key after key: the parent writes a key's position to `command_fd`, the
// child answers one line on `output_fd`. Forking and faulting in a fresh process cost a
// default case about as much CPU as the case itself.
struct pooled_worker {
  pid_t pid = -1;
  int command_fd = -1;
  int output_fd = -1;
  breadcrumb* crumb = nullptr;
  std::size_t runs = 0;              // keys finished in this process
  std::optional<std::size_t> index;  // the key position it runs now
  clock_type::time_point started;    // of the current key
  double kill_after_s = 0;           // of the current key; <= 0: never
  std::string output;
};

constexpr std::uint64_t k_retire = ~std::uint64_t{0};  // the command that ends a worker

[[noreturn]] void pooled_child_main(pid_t parent, int command_fd, int output_fd, breadcrumb* crumb,
                                    const std::vector<std::uint64_t>& keys, const work_fn& work) {
  become_worker(parent, crumb);
  for (;;) {
    std::uint64_t index = 0;
    std::size_t got = 0;
    while (got < sizeof index) {
      const ssize_t n = ::read(command_fd, reinterpret_cast<char*>(&index) + got, sizeof index - got);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) _exit(0);  // the parent is gone or closed the pipe
      got += static_cast<std::size_t>(n);
    }
    if (index == k_retire) {
      std::fflush(stdout);
      std::fflush(stderr);
      _exit(0);
    }
    crumb->records = 0;
    crumb->t = 0;
    crumb->kind = nullptr;
    if (!write_all(output_fd, run_one(keys[index], *crumb, work))) _exit(1);
    std::fflush(stdout);
    std::fflush(stderr);
  }
}

pooled_worker spawn_pooled(const std::vector<std::uint64_t>& keys, const work_fn& work,
                           const std::vector<pooled_worker>& siblings) {
  void* shared = ::mmap(nullptr, sizeof(breadcrumb), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (shared == MAP_FAILED) throw std::runtime_error(std::string("mmap failed: ") + std::strerror(errno));
  pooled_worker w;
  w.crumb = new (shared) breadcrumb{};
  int commands[2], outputs[2];
  if (::pipe2(commands, O_CLOEXEC) != 0 || ::pipe2(outputs, O_CLOEXEC) != 0)
    throw std::runtime_error(std::string("pipe failed: ") + std::strerror(errno));
  std::fflush(stdout);
  std::fflush(stderr);
  const pid_t parent = ::getpid();
  w.pid = ::fork();
  if (w.pid < 0) throw std::runtime_error(std::string("fork failed: ") + std::strerror(errno));
  if (w.pid == 0) {
    ::close(commands[1]);
    ::close(outputs[0]);
    for (const auto& other : siblings) {  // the parent's ends, inherited by the fork
      ::close(other.command_fd);
      ::close(other.output_fd);
    }
    pooled_child_main(parent, commands[0], outputs[1], w.crumb, keys, work);
  }
  ::close(commands[0]);
  ::close(outputs[1]);
  w.command_fd = commands[1];
  w.output_fd = outputs[0];
  return w;
}

void retire(pooled_worker& w, bool kill) {
  if (kill)
    ::kill(w.pid, SIGKILL);
  else
    write_all(w.command_fd, std::string(reinterpret_cast<const char*>(&k_retire), sizeof k_retire));
  ::close(w.command_fd);
  int status = 0;
  while (::waitpid(w.pid, &status, 0) < 0 && errno == EINTR) {
  }
  ::close(w.output_fd);
  ::munmap(w.crumb, sizeof(breadcrumb));
}

// What ended the current key of a worker whose process ended (or was killed).
worker_result died(pooled_worker& w, std::uint64_t key, bool killed_for_time) {
  running r{*w.index, key, w.pid, w.output_fd, w.crumb, w.started, w.kill_after_s, std::move(w.output)};
  int status = 0;
  if (killed_for_time) ::kill(w.pid, SIGKILL);
  while (::waitpid(w.pid, &status, 0) < 0 && errno == EINTR) {
  }
  ::close(w.command_fd);
  ::close(w.output_fd);
  return finish(r, status, killed_for_time);  // unmaps the breadcrumb
}

// SIGPIPE ignored while it lives: a key written to a worker that just died must be an
// error code on write(), not the end of the parent.
class sigpipe_ignored {
 public:
  sigpipe_ignored() {
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGPIPE, &ignore, &previous_);
  }
  ~sigpipe_ignored() { ::sigaction(SIGPIPE, &previous_, nullptr); }
  sigpipe_ignored(const sigpipe_ignored&) = delete;
  sigpipe_ignored& operator=(const sigpipe_ignored&) = delete;

 private:
  struct sigaction previous_ {};
};

worker_batch run_pooled(const std::vector<std::uint64_t>& keys, const work_fn& work, const worker_options& options) {
  const sigpipe_ignored no_sigpipe;
  worker_batch batch;
  std::map<std::size_t, worker_result> results;
  std::vector<pooled_worker> pool;
  std::size_t next = 0;
  const std::size_t jobs = static_cast<std::size_t>(std::max(1, options.jobs));
  const std::size_t reuse = static_cast<std::size_t>(std::max(1, options.reuse));
  bool stop = false;
  auto assign = [&](pooled_worker& w) {
    const std::uint64_t index = next++;
    const double deadline = options.deadline_s ? options.deadline_s(keys[index]) : 0;
    w.index = index;
    w.started = clock_type::now();
    w.kill_after_s = deadline > 0 ? deadline + kill_grace_s(deadline) : 0;
    w.output.clear();
    if (!write_all(w.command_fd, std::string(reinterpret_cast<const char*>(&index), sizeof index)))
      w.kill_after_s = -1;  // the child is gone: its end is read below
  };
  auto record = [&](std::size_t index, worker_result r) {
    results[index] = std::move(r);
    if (options.progress) options.progress(results.size(), keys[index]);
  };
  while ((next < keys.size() && !stop) || !pool.empty()) {
    if (interrupted() != 0 && !stop) {
      batch.interrupted_by = interrupted();
      stop = true;
    }
    if (stop) {
      for (auto& w : pool) retire(w, true);
      pool.clear();
      break;
    }
    // Idle workers take the next key, or retire after `reuse` keys; new workers fill the pool.
    for (std::size_t i = pool.size(); i-- > 0;) {
      auto& w = pool[i];
      if (w.index) continue;
      if (next < keys.size() && w.runs < reuse) {
        assign(w);
      } else {
        retire(w, false);
        pool.erase(pool.begin() + static_cast<std::ptrdiff_t>(i));
      }
    }
    while (next < keys.size() && pool.size() < jobs) {
      pool.push_back(spawn_pooled(keys, work, pool));
      assign(pool.back());
    }
    if (pool.empty()) continue;  // every key handed out and every worker retired
    std::vector<pollfd> fds;
    for (const auto& w : pool) fds.push_back({w.output_fd, POLLIN, 0});
    if (interruption_fd() >= 0) fds.push_back({interruption_fd(), POLLIN, 0});
    int timeout_ms = -1;
    for (const auto& w : pool)
      if (w.index && w.kill_after_s > 0) {
        const double ran = std::chrono::duration<double>(clock_type::now() - w.started).count();
        const int left = std::max(0, static_cast<int>((w.kill_after_s - ran) * 1000) + 1);
        timeout_ms = timeout_ms < 0 ? left : std::min(timeout_ms, left);
      }
    if (::poll(fds.data(), fds.size(), timeout_ms) < 0 && errno != EINTR)
      throw std::runtime_error(std::string("poll failed: ") + std::strerror(errno));
    for (std::size_t i = pool.size(); i-- > 0;) {
      auto& w = pool[i];
      if (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) {
        char buffer[65536];
        const ssize_t n = ::read(w.output_fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n > 0) {
          w.output.append(buffer, static_cast<std::size_t>(n));
          const auto end = w.output.find('\n');
          if (end == std::string::npos || !w.index) continue;
          worker_result r;
          r.key = keys[*w.index];
          r.seconds = std::chrono::duration<double>(clock_type::now() - w.started).count();
          // No last_event: a reported run says itself where it stopped (describe() costs
          // three symbol lookups, measured at 5% of a default case).
          r.payload = nlohmann::json::parse(w.output.substr(0, end), nullptr, false);
          r.end = r.payload.is_object() ? worker_end::reported : worker_end::exited;
          if (!r.reported()) r.payload = nullptr;
          record(*w.index, std::move(r));
          w.output.erase(0, end + 1);
          w.index.reset();
          ++w.runs;
          continue;
        }
        // The process ended: mid-key (a crash, exit, model bug) or after its last key.
        if (w.index) {
          const std::size_t index = *w.index;
          record(index, died(w, keys[index], false));
        } else {
          retire(w, false);
        }
        pool.erase(pool.begin() + static_cast<std::ptrdiff_t>(i));
      } else if (w.index && w.kill_after_s > 0 &&
                 std::chrono::duration<double>(clock_type::now() - w.started).count() >= w.kill_after_s) {
        const std::size_t index = *w.index;
        record(index, died(w, keys[index], true));
        pool.erase(pool.begin() + static_cast<std::ptrdiff_t>(i));
        if (options.stop_after_timeout) {
          batch.stopped_after_timeout = true;
          stop = true;
        }
      }
    }
  }
  for (std::size_t i = 0; i < keys.size(); ++i) {
    auto it = results.find(i);
    worker_result r;
    r.key = keys[i];
    batch.results.push_back(it != results.end() ? std::move(it->second) : std::move(r));
  }
  return batch;
}
}  // namespace

worker_batch run_in_workers(const std::vector<std::uint64_t>& keys, const work_fn& work,
                            const worker_options& options) {
  warm_up_before_forking();
  // Keys that must start from pristine process state run alone; the rest share workers.
  std::vector<std::uint64_t> pooled, fresh;
  std::vector<std::size_t> pooled_at, fresh_at;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const bool alone = options.reuse <= 1 || (options.fresh && options.fresh(keys[i]));
    (alone ? fresh : pooled).push_back(keys[i]);
    (alone ? fresh_at : pooled_at).push_back(i);
  }
  worker_batch batch;
  batch.results.resize(keys.size());
  std::size_t finished = 0;
  worker_options counted = options;
  counted.progress = [&](std::size_t, std::uint64_t key) {
    ++finished;
    if (options.progress) options.progress(finished, key);
  };
  auto merge = [&](worker_batch part, const std::vector<std::size_t>& at) {
    for (std::size_t i = 0; i < at.size(); ++i) batch.results[at[i]] = std::move(part.results[i]);
    batch.interrupted_by = batch.interrupted_by ? batch.interrupted_by : part.interrupted_by;
    batch.stopped_after_timeout = batch.stopped_after_timeout || part.stopped_after_timeout;
  };
  if (!pooled.empty()) merge(run_pooled(pooled, work, counted), pooled_at);
  if (!fresh.empty() && batch.interrupted_by == 0 && !batch.stopped_after_timeout)
    merge(run_fresh(fresh, work, counted), fresh_at);
  else
    for (std::size_t i = 0; i < fresh_at.size(); ++i) batch.results[fresh_at[i]].key = fresh[i];
  // A result from a shared worker that needs confirming (a failure: state left by an earlier
  // key in that process could have caused it) is run again alone, and that run is the answer:
  // it is what a replay does.
  if (options.confirm && batch.interrupted_by == 0) {
    std::vector<std::uint64_t> again;
    std::vector<std::size_t> again_at;
    for (std::size_t i : pooled_at)
      if (batch.results[i].end != worker_end::not_run && batch.results[i].end != worker_end::timed_out &&
          options.confirm(batch.results[i])) {
        again.push_back(keys[i]);
        again_at.push_back(i);
      }
    if (!again.empty()) {
      worker_options alone = options;
      alone.progress = nullptr;
      merge(run_fresh(again, work, alone), again_at);
      for (std::size_t i : again_at) batch.results[i].confirmed_alone = true;
    }
  }
  return batch;
}

int default_jobs() { return static_cast<int>(std::max(1L, sysconf(_SC_NPROCESSORS_ONLN))); }

std::pair<std::uint64_t, std::uint64_t> parse_shard(const std::string& text) {
  // Digits only on both sides: sscanf's %lu would read "-1" as 2^64 - 1.
  std::uint64_t index = 0, count = 0;
  const char* end = text.data() + text.size();
  const auto [slash, e1] = std::from_chars(text.data(), end, index);
  const bool ok = e1 == std::errc() && slash != text.data() && slash < end && *slash == '/' &&
                  [&] {
                    const auto [tail, e2] = std::from_chars(slash + 1, end, count);
                    return e2 == std::errc() && tail == end && tail != slash + 1;
                  }() &&
                  count > 0 && index < count;
  if (!ok) throw std::invalid_argument("--shard " + text + ": expected I/N with whole numbers 0 <= I < N");
  return {index, count};
}

}  // namespace slsim::cli
