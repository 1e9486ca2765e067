#pragma once
// Storage for what a long run keeps per request until its end: the ledger's request records,
// the clients' records, the folds, their indexes (docs/architecture.md §8, memory). A large
// block (policy::file_block_bytes) lives in a shared mapping of an unlinked temporary file, so
// release_record_pages() can hand its pages back to the kernel: their contents stay in the
// file (the page cache, written to disk when memory is short) and a later touch maps them
// again. The process then holds only the pages touched since the last release, whatever the
// run's length; a run touches mostly its latest requests' records.
//
// Nothing here changes what a run computes: a released page reads back the bytes it held.
// When no temporary file can be made or the disk cannot hold the block (posix_fallocate
// fails), the block comes from the heap instead and simply stays resident.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace slsim::sim {

namespace record_storage {
/// Which blocks are file-backed and how often the kernel's run loop releases their pages.
/// The defaults suit long runs; tests lower both to exercise the paths on short runs.
struct policy {
  std::size_t file_block_bytes = std::size_t{1} << 20;  ///< blocks this large or larger; smaller ones: operator new
  std::uint64_t release_every_events = std::uint64_t{1} << 16;  ///< rounded up to a power of two
};
/// Sets the process's policy; returns the previous one.
policy set_policy(const policy& p) noexcept;
/// sim::context::run releases the pages when its event count ANDed with this is 0.
std::uint64_t release_mask() noexcept;

void* allocate(std::size_t bytes);
void deallocate(void* block, std::size_t bytes) noexcept;
/// Drops the process's resident pages of every file-backed block (their contents are kept).
void release_pages() noexcept;
/// How many records for_each_released passes between two releases. A step often touches
/// more than its record (a snapshot reads a slot and a body and writes a copy, ≈ 300 bytes),
/// so the window stays near a megabyte rather than the tens a 65,536-record one reached.
inline constexpr std::size_t k_release_window = 4096;
/// Calls f on each record in order, releasing the pages every k_release_window records: one
/// pass over a long run's records (an oracle's, the summary's) then holds a window of them, not all.
template <class Records, class F>
void for_each_released(const Records& records, F&& f) {
  std::size_t seen = 0;
  for (const auto& r : records) {
    f(r);
    if (++seen % k_release_window == 0) release_pages();
  }
}
/// Bytes in file-backed blocks now (0 when every block came from the heap).
std::size_t file_backed_bytes() noexcept;
}  // namespace record_storage

/// A std::allocator whose large blocks are record_storage's (stateless: any two are equal).
template <class T>
struct record_allocator {
  using value_type = T;
  record_allocator() noexcept = default;
  template <class U>
  record_allocator(const record_allocator<U>&) noexcept {}  // NOLINT(google-explicit-constructor): rebinding
  T* allocate(std::size_t n) { return static_cast<T*>(record_storage::allocate(n * sizeof(T))); }
  void deallocate(T* p, std::size_t n) noexcept { record_storage::deallocate(p, n * sizeof(T)); }
  template <class U>
  bool operator==(const record_allocator<U>&) const noexcept {
    return true;
  }
};

/// A vector of per-request records: reserve it once for the run (a long run then never
/// holds a vector and its doubled copy at once), and its pages can leave memory.
template <class T>
using record_vector = std::vector<T, record_allocator<T>>;

}  // namespace slsim::sim
