#pragma once
// Streams a run's trace records as JSON Lines with bounded memory. Lines are appended to
// a buffer that is written out whenever it passes a threshold; after a crash of user
// code (signal), the crash handler writes out every complete line still buffered, so the
// trace survives up to the last record (see crash_flush.hpp).
#include <cstdint>
#include <string>

#include "slsim/sim/trace_record.hpp"
#include "slsim/traces/format.hpp"

namespace slsim::traces {

class trace_writer final : public sim::trace_listener {
 public:
  /// Opens `path` for writing and buffers the header line; the file is truncated and
  /// written from the first record on (until then an existing file is left as it was,
  /// and a file this writer created is removed if no record comes). Throws
  /// io::output_error naming the file if it cannot be opened.
  trace_writer(const std::string& path, const trace_header& header);
  /// Writes into `memory` instead of a file (determinism checks, tests).
  trace_writer(std::string& memory, const trace_header& header);
  trace_writer(const trace_writer&) = delete;
  trace_writer& operator=(const trace_writer&) = delete;
  /// Flushes what it can and closes the file; never throws (a write error is reported
  /// by finish() or check()). Without finish(), the trace has no end line.
  ~trace_writer() override;

  /// Never throws: it runs inside the simulation. After a failed write, records are
  /// dropped and the error waits for finish() or check().
  void on_record(const sim::trace_record& record) override;
  /// Writes the end line and flushes. Throws io::output_error naming the file if any
  /// write of this trace failed (disk full, file size limit).
  void finish(const trace_footer& footer);
  /// Writes out every complete buffered line; a failure is remembered, not thrown.
  void flush() noexcept;
  /// Throws io::output_error naming the file if a write failed.
  void check() const;
  /// The first write error (errno), 0 if none.
  int error() const noexcept { return error_; }

  /// The committed (complete-lines) part of the buffer and the file descriptor: read
  /// by the crash handler, which may only make async-signal-safe calls.
  int fd() const noexcept { return fd_; }
  const char* committed_data() const noexcept { return buffer_.data(); }
  std::size_t committed_size() const noexcept { return committed_; }

 private:
  void write_header(const trace_header& header);
  void commit_line();
  void start() noexcept;  // at the first record: truncates the file and writes what is buffered

  static constexpr std::size_t k_flush_threshold = 64 * 1024;
  std::string buffer_;
  volatile std::size_t committed_ = 0;  // read from a signal handler
  std::string* memory_ = nullptr;
  std::string path_;
  int fd_ = -1;
  int error_ = 0;
  bool started_ = false;  // the file was truncated and is being written
  bool created_ = false;  // the file did not exist before this writer
};

/// The header line of a trace (without the newline), as the writer writes it.
std::string header_line(const trace_header& header);
/// The end line of a trace (without the newline), as finish() writes it.
std::string footer_line(const trace_footer& footer);

/// Formats one record as its trace line (without the newline), e.g.
/// {"t":1500000000,"seq":3,"c":"queue","e":"receive","queue":1,"message_seq":7,"receive_count":2}
void append_record_line(std::string& out, const sim::trace_record& record);

}  // namespace slsim::traces
