// spill_file: append and positional reads on an unlinked temporary file (tmpfile(3)).
#include "spill_file.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace slsim::store::detail {

namespace {
[[noreturn]] void fail(const char* what, int error) {
  throw std::runtime_error(std::string("store: rows spilled to a temporary file: ") + what + ": " +
                           std::strerror(error));
}
}  // namespace

std::unique_ptr<spill_file> spill_file::make() {
  std::FILE* f = std::tmpfile();
  if (!f) return nullptr;
  return std::unique_ptr<spill_file>(new spill_file(f));
}

spill_file::spill_file(std::FILE* file) noexcept : file_(file), fd_(fileno(file)) {}

spill_file::~spill_file() { std::fclose(file_); }

std::uint64_t spill_file::append(std::string_view bytes) {
  const std::uint64_t at = size_;
  std::size_t done = 0;
  while (done < bytes.size()) {
    const auto n = ::pwrite(fd_, bytes.data() + done, bytes.size() - done, static_cast<off_t>(at + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("write failed", n < 0 ? errno : ENOSPC);
    done += static_cast<std::size_t>(n);
  }
  size_ += bytes.size();
  return at;
}

void spill_file::read(std::uint64_t offset, std::size_t length, std::string& out) const {
  out.resize(length);
  std::size_t done = 0;
  while (done < length) {
    const auto n = ::pread(fd_, out.data() + done, length - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("read failed", n < 0 ? errno : EIO);
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace slsim::store::detail
