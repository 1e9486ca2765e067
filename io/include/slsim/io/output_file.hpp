#pragma once
// One way to write an output file (results, JUnit, case files, reports, CSV, metrics,
// exports): into a temporary file in the same directory, renamed over the target once
// complete. Readers see the old file or the whole new one, never a part of it; any
// failure (unwritable directory, disk full, file size limit) is an error naming the file.
#include <stdexcept>
#include <string>
#include <string_view>

namespace slsim::io {

/// A file could not be written: "PATH: cannot write: REASON". The CLI answers exit 2.
class output_error : public std::runtime_error {
 public:
  output_error(const std::string& path, const std::string& reason);
  const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
};

/// Writes `path` as a stream: chunks go to a temporary file beside it; commit() makes it
/// the file. Without commit() (an error, an exception, an interruption) the temporary
/// file is removed and `path` is left as it was.
class output_file {
 public:
  /// Creates the temporary file. Throws output_error naming `path`.
  explicit output_file(std::string path);
  output_file(const output_file&) = delete;
  output_file& operator=(const output_file&) = delete;
  /// Removes the temporary file unless committed; never throws.
  ~output_file();

  /// Appends `text` (buffered). Throws output_error naming the file on a failed write.
  void write(std::string_view text);
  /// Flushes, syncs and renames the temporary file to `path`. Throws output_error.
  void commit();
  const std::string& path() const noexcept { return path_; }

 private:
  void drain();
  void write_all(std::string_view bytes);
  std::string path_;
  std::string temporary_;
  std::string buffer_;
  int fd_ = -1;
  bool committed_ = false;
};

/// Writes `text` as the whole content of `path` (an output_file written and committed).
void write_file(const std::string& path, std::string_view text);

}  // namespace slsim::io
