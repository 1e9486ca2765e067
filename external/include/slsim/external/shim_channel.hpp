#pragma once
// The shared page and the two eventfds slsim keeps with one handler process that runs under
// libslsim_shim.so (docs/other-languages.md, "Determinism tiers"): slsim writes the virtual
// clock before every hand-over, takes the virtual time the process slept, and answers its
// idle timed waits. Outside the simulated world: plain POSIX.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

struct slsim_shim_page;

namespace slsim::external {

/// Where libslsim_shim.so is: $SLSIM_SHIM_LIBRARY, else beside the running program, else
/// PREFIX/lib(/slsim) of an installed slsim, else the build tree's. nullopt: nowhere.
std::optional<std::string> shim_library();
/// The places shim_library() looks, for an error message.
std::string shim_library_search_path();

class shim_channel {
 public:
  /// Creates the page and the eventfds (close-on-exec; the child clears that flag).
  /// Throws std::runtime_error when the kernel refuses.
  explicit shim_channel(std::uint64_t seed);
  ~shim_channel();
  shim_channel(const shim_channel&) = delete;
  shim_channel& operator=(const shim_channel&) = delete;

  /// The variables the process needs (LD_PRELOAD is added by the caller).
  std::map<std::string, std::string> environment() const;
  /// The descriptors the process inherits.
  std::vector<int> inherited_fds() const { return {page_fd_, idle_fd_, ack_fd_}; }
  /// Readable when the process entered an idle timed wait.
  int idle_fd() const noexcept { return idle_fd_; }

  /// Publishes virtual time `now_ns` (ns since the run began): call before any hand-over.
  void set_clock(std::int64_t now_ns) noexcept;
  /// The virtual time the process slept since the last call, taken off the page.
  std::int64_t take_pending() noexcept;
  /// Clears the idle signal; true when the process is in an idle timed wait.
  bool idle_waiting() noexcept;
  /// Lets the process's current idle wait time out (it holds nothing slsim owes it).
  void release_idle() noexcept;

 private:
  void release() noexcept;
  int page_fd_ = -1, idle_fd_ = -1, ack_fd_ = -1;
  slsim_shim_page* page_ = nullptr;
  std::uint64_t seed_;
};

}  // namespace slsim::external
