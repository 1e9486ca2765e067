// record_storage: large blocks in shared mappings of unlinked temporary files, whose
// resident pages can be handed back to the kernel without losing their contents.
#include "slsim/sim/record_storage.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cstdio>
#include <map>
#include <mutex>
#include <new>

namespace slsim::sim::record_storage {
namespace {
struct registry {
  std::mutex lock;
  policy rules;
  std::map<void*, std::size_t> blocks;  // file-backed block → its size
  std::size_t bytes = 0;
};

registry& blocks() {
  static auto* r = new registry;  // never destroyed: a static vector may free its block at exit
  return *r;
}

bool file_size_allowed(std::size_t bytes) {
  rlimit limit{};
  // Past RLIMIT_FSIZE, growing the file raises SIGXFSZ: such a block comes from the heap.
  return getrlimit(RLIMIT_FSIZE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY || bytes <= limit.rlim_cur;
}

std::size_t file_block_bytes() noexcept {
  auto& r = blocks();
  const std::lock_guard guard(r.lock);
  return r.rules.file_block_bytes;
}

// A shared mapping of a new unlinked file of `bytes`, its blocks reserved on disk (so that
// writing a page back can never fail for lack of space), or nullptr.
void* map_file(std::size_t bytes) {
  if (!file_size_allowed(bytes)) return nullptr;
  std::FILE* file = std::tmpfile();
  if (!file) return nullptr;
  const int fd = fileno(file);
  void* block = nullptr;
  if (::posix_fallocate(fd, 0, static_cast<off_t>(bytes)) == 0) {
    block = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (block == MAP_FAILED) block = nullptr;
  }
  std::fclose(file);  // the mapping keeps the file
  // A forked child (a worker, a handler process before its exec) must not share the
  // parent's records: it does not inherit the mapping at all.
  if (block) ::madvise(block, bytes, MADV_DONTFORK);
  // Without it, a fault after a release maps far more than its page: measured on Linux
  // 6.18/ext4, ~330 KB per read fault and ~30 KB per write fault (read-around and large
  // folios), against 64 KB (fault-around) and 4 KB with it. A random read of an old record
  // would otherwise bring back a large slice of the run's history.
  if (block) ::madvise(block, bytes, MADV_RANDOM);
  return block;
}
}  // namespace

policy set_policy(const policy& p) noexcept {
  auto& r = blocks();
  const std::lock_guard guard(r.lock);
  policy previous = r.rules;
  r.rules = p;
  r.rules.release_every_events = std::bit_ceil(std::max<std::uint64_t>(p.release_every_events, 1));
  return previous;
}

std::uint64_t release_mask() noexcept {
  auto& r = blocks();
  const std::lock_guard guard(r.lock);
  return r.rules.release_every_events - 1;
}

void* allocate(std::size_t bytes) {
  if (bytes >= file_block_bytes())
    if (void* block = map_file(bytes)) {
      auto& r = blocks();
      const std::lock_guard guard(r.lock);
      r.blocks[block] = bytes;
      r.bytes += bytes;
      return block;
    }
  return ::operator new(bytes);
}

void deallocate(void* block, std::size_t bytes) noexcept {
  {  // by address: the policy may have changed since the block was made
    auto& r = blocks();
    const std::lock_guard guard(r.lock);
    if (const auto it = r.blocks.find(block); it != r.blocks.end() && it->second == bytes) {
      ::munmap(block, bytes);
      r.bytes -= bytes;
      r.blocks.erase(it);
      return;
    }
  }
  ::operator delete(block);
}

void release_pages() noexcept {
  auto& r = blocks();
  const std::lock_guard guard(r.lock);
  for (const auto& [block, bytes] : r.blocks) ::madvise(block, bytes, MADV_DONTNEED);
}

std::size_t file_backed_bytes() noexcept {
  auto& r = blocks();
  const std::lock_guard guard(r.lock);
  return r.bytes;
}

}  // namespace slsim::sim::record_storage
