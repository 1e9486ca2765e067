#include "slsim/io/output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

namespace slsim::io {
namespace {
constexpr std::size_t k_buffer = 256 * 1024;

std::string reason(int error) { return std::strerror(error); }
}  // namespace

output_error::output_error(const std::string& path, const std::string& why)
    : std::runtime_error(path + ": cannot write: " + why), path_(path) {}

output_file::output_file(std::string path) : path_(std::move(path)) {
  if (path_.empty()) throw output_error("(empty file name)", "no file name given");
  // The temporary file sits in the target's directory, so the rename never crosses file systems.
  std::string pattern = path_ + ".tmp-XXXXXX";
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  fd_ = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd_ < 0) throw output_error(path_, reason(errno));
  temporary_ = name.data();
  (void)::fchmod(fd_, 0644);  // mkstemp makes 0600; outputs are ordinary files
  buffer_.reserve(k_buffer);
}

output_file::~output_file() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !temporary_.empty()) ::unlink(temporary_.c_str());
}

void output_file::write_all(std::string_view bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw output_error(path_, reason(n < 0 ? errno : ENOSPC));
    done += static_cast<std::size_t>(n);
  }
}

void output_file::drain() {
  write_all(buffer_);
  buffer_.clear();
}

void output_file::write(std::string_view text) {
  if (committed_ || fd_ < 0) throw output_error(path_, "written after commit");
  if (buffer_.size() + text.size() > k_buffer) drain();
  if (text.size() >= k_buffer) {
    write_all(text);  // large pieces skip the buffer (no second copy)
    return;
  }
  buffer_ += text;
}

void output_file::commit() {
  if (committed_) return;
  drain();
  if (::fsync(fd_) != 0 && errno != EINVAL && errno != EROFS) throw output_error(path_, reason(errno));
  const int closed = ::close(fd_);
  fd_ = -1;
  if (closed != 0) throw output_error(path_, reason(errno));
  if (::rename(temporary_.c_str(), path_.c_str()) != 0) throw output_error(path_, reason(errno));
  committed_ = true;
}

void write_file(const std::string& path, std::string_view text) {
  output_file out(path);
  out.write(text);
  out.commit();
}

}  // namespace slsim::io
