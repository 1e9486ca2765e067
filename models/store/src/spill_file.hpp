#pragma once
// An unlinked temporary file that rows spilled from memory are appended to and read back
// from (spilled_runs.hpp). The file has no name, so nothing is left behind, even by a crash.
// Reading it through pread keeps its pages in the kernel's cache, not in the process.
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

namespace slsim::store::detail {

class spill_file {
 public:
  /// A new empty file, or nullptr when no temporary file can be made (then rows stay in
  /// memory: spilling is an optimisation, never a condition of a run).
  static std::unique_ptr<spill_file> make();
  ~spill_file();
  spill_file(const spill_file&) = delete;
  spill_file& operator=(const spill_file&) = delete;

  /// Appends `bytes`; returns where they start. Throws std::runtime_error if the write fails
  /// (a full disk), naming the file's purpose; the bytes are then not part of the file.
  std::uint64_t append(std::string_view bytes);
  /// Reads `length` bytes at `offset` into `out` (resized). Throws std::runtime_error if the
  /// file is shorter.
  void read(std::uint64_t offset, std::size_t length, std::string& out) const;
  std::uint64_t size() const noexcept { return size_; }

 private:
  explicit spill_file(std::FILE* file) noexcept;
  std::FILE* file_;
  int fd_;
  std::uint64_t size_ = 0;
};

}  // namespace slsim::store::detail
