#include "slsim/external/shim_channel.hpp"

#include <sys/eventfd.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "../shim/shim_page.h"
#include "slsim/api/sim_clock.hpp"

namespace slsim::external {
namespace {
constexpr const char* k_library = "libslsim_shim.so";
// The process's monotonic clock starts at 1 s, not 0: code that treats 0 as "unset" keeps working.
constexpr std::int64_t k_monotonic_origin_ns = 1'000'000'000;

std::vector<std::filesystem::path> candidates() {
  std::vector<std::filesystem::path> out;
  if (const char* given = std::getenv("SLSIM_SHIM_LIBRARY"); given != nullptr && *given != '\0') {
    out.emplace_back(given);
    return out;  // an explicit choice is never second-guessed
  }
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto dir = exe.parent_path();
    out.push_back(dir / k_library);
    out.push_back(dir.parent_path() / "lib" / k_library);
    out.push_back(dir.parent_path() / "lib" / "slsim" / k_library);
    out.push_back(dir.parent_path() / "lib64" / k_library);
  }
#ifdef SLSIM_SHIM_BUILD_PATH
  out.emplace_back(SLSIM_SHIM_BUILD_PATH);
#endif
  return out;
}

template <class T>
T atomic_load(const T& v) noexcept {
  return std::atomic_ref<const T>(v).load(std::memory_order_acquire);
}
}  // namespace

std::optional<std::string> shim_library() {
  for (const auto& p : candidates()) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(p, ec)) return std::filesystem::absolute(p, ec).lexically_normal().string();
  }
  return std::nullopt;
}

std::string shim_library_search_path() {
  std::string out;
  for (const auto& p : candidates()) out += (out.empty() ? "" : ", ") + p.string();
  return out;
}

shim_channel::shim_channel(std::uint64_t seed) : seed_(seed) {
  page_fd_ = ::memfd_create("slsim-shim", MFD_CLOEXEC);
  idle_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  ack_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  void* p = MAP_FAILED;
  if (page_fd_ >= 0 && idle_fd_ >= 0 && ack_fd_ >= 0 && ::ftruncate(page_fd_, sizeof(slsim_shim_page)) == 0)
    p = ::mmap(nullptr, sizeof(slsim_shim_page), PROT_READ | PROT_WRITE, MAP_SHARED, page_fd_, 0);
  if (p == MAP_FAILED) {
    const std::string why = std::strerror(errno);
    release();
    throw std::runtime_error("cannot create the shim's shared page: " + why);
  }
  page_ = static_cast<slsim_shim_page*>(p);
  std::memset(page_, 0, sizeof *page_);
  set_clock(0);
  std::atomic_ref<std::uint64_t>(page_->magic).store(SLSIM_SHIM_MAGIC, std::memory_order_release);
}

shim_channel::~shim_channel() { release(); }

void shim_channel::release() noexcept {
  if (page_ != nullptr) ::munmap(page_, sizeof(slsim_shim_page));
  page_ = nullptr;
  for (int* fd : {&page_fd_, &idle_fd_, &ack_fd_})
    if (*fd >= 0) {
      ::close(*fd);
      *fd = -1;
    }
}

std::map<std::string, std::string> shim_channel::environment() const {
  return {{SLSIM_SHIM_ENV_PAGE_FD, std::to_string(page_fd_)},
          {SLSIM_SHIM_ENV_IDLE_FD, std::to_string(idle_fd_)},
          {SLSIM_SHIM_ENV_ACK_FD, std::to_string(ack_fd_)},
          {SLSIM_SHIM_ENV_SEED, std::to_string(seed_)}};
}

void shim_channel::set_clock(std::int64_t now_ns) noexcept {
  const auto epoch = api::virtual_epoch(now_ns).time_since_epoch();
  std::atomic_ref<std::int64_t>(page_->realtime_ns)
      .store(std::chrono::duration_cast<std::chrono::nanoseconds>(epoch).count(), std::memory_order_release);
  std::atomic_ref<std::int64_t>(page_->monotonic_ns).store(k_monotonic_origin_ns + now_ns, std::memory_order_release);
}

std::int64_t shim_channel::take_pending() noexcept {
  const std::int64_t p = atomic_load(page_->pending_ns);
  if (p != 0) std::atomic_ref<std::int64_t>(page_->pending_ns).fetch_sub(p, std::memory_order_acq_rel);
  return p;
}

bool shim_channel::idle_waiting() noexcept {
  std::uint64_t drained = 0;
  while (::read(idle_fd_, &drained, sizeof drained) > 0) {
  }
  const std::uint64_t word = atomic_load(page_->idle_word);
  return (word & 1) != 0 && atomic_load(page_->idle_ack) != (word >> 1);
}

void shim_channel::release_idle() noexcept {
  const std::uint64_t word = atomic_load(page_->idle_word);
  if ((word & 1) == 0) return;
  std::atomic_ref<std::uint64_t>(page_->idle_ack).store(word >> 1, std::memory_order_release);
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto n = ::write(ack_fd_, &one, sizeof one);
}

}  // namespace slsim::external
