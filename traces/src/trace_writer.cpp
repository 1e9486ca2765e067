#include "slsim/traces/trace_writer.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iterator>
#include <stdexcept>

#include "slsim/io/output_file.hpp"
#include "slsim/traces/crash_flush.hpp"
#include "slsim/traces/json_escape.hpp"

namespace slsim::traces {
namespace {
void append_key(std::string& out, std::string_view name, std::string_view fallback, int index) {
  out += ",\"";
  if (!name.empty()) {
    out += name;
  } else {
    out += fallback;
    if (index >= 0) out += static_cast<char>('0' + index);
  }
  out += "\":";
}
}  // namespace

void append_record_line(std::string& out, const sim::trace_record& r) {
  auto it = std::back_inserter(out);
  fmt::format_to(it, "{{\"t\":{},\"seq\":{}", r.t, r.seq);
  out += ",\"c\":";
  append_json_string(out, r.kind ? r.kind->component : std::string_view("?"));
  out += ",\"e\":";
  append_json_string(out, r.kind ? r.kind->name : std::string_view("?"));
  for (int i = 0; i < 4; ++i) {
    const auto id = r.ids[static_cast<std::size_t>(i)];
    const std::string_view name = r.kind ? r.kind->id_names[static_cast<std::size_t>(i)] : std::string_view{};
    if (id == 0 && name.empty()) continue;
    append_key(out, name, "id", i);
    fmt::format_to(it, "{}", id);
  }
  if (r.value != 0 || (r.kind && !r.kind->value_name.empty())) {
    append_key(out, r.kind ? r.kind->value_name : std::string_view{}, "value", -1);
    fmt::format_to(it, "{}", r.value);
  }
  if (r.digest != 0) fmt::format_to(it, ",\"digest\":\"{:016x}\"", r.digest);
  if (!r.text.empty()) {
    out += ",\"text\":";
    append_json_string(out, r.text);
  }
  out += '}';
}

trace_writer::trace_writer(const std::string& path, const trace_header& header) : path_(path) {
  // Opened now (an unwritable path is an error before anything runs) but not truncated: an
  // existing file is replaced only when the run records its first event, so a case that
  // fails before running (a world that cannot be built) leaves it as it was. From then on
  // the file is written in place, not renamed: after a crash of user code the trace up to
  // the crash must be at `path` (crash_flush.hpp).
  struct stat before {};
  created_ = ::stat(path.c_str(), &before) != 0;
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw io::output_error(path, std::strerror(errno));
  buffer_.reserve(k_flush_threshold * 2);
  write_header(header);
}

trace_writer::trace_writer(std::string& memory, const trace_header& header) : memory_(&memory), started_(true) {
  write_header(header);
  flush();
}

trace_writer::~trace_writer() {
  flush();  // noexcept: a destructor never throws (it may run while an exception unwinds)
  if (fd_ < 0) return;
  if (started_) set_crash_flush_target(nullptr);
  ::close(fd_);
  if (!started_ && created_) ::unlink(path_.c_str());  // nothing was recorded: leave no empty file
}

void trace_writer::start() noexcept {
  started_ = true;
  if (::ftruncate(fd_, 0) != 0) error_ = errno;
  set_crash_flush_target(this);
  flush();  // the header and the first record are on disk before any user code runs
}

std::string header_line(const trace_header& header) {
  nlohmann::json line{{"format", k_format_name},
                      {"version", k_format_version},
                      {"slsim", header.slsim_version},
                      {"handler", header.handler},
                      {"case", header.run_case}};
  if (!header.handler_build.empty()) line["handler_build"] = header.handler_build;
  return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string footer_line(const trace_footer& footer) {
  return fmt::format("{{\"end\":true,\"records\":{},\"trace_hash\":\"{:016x}\",\"status\":\"{}\",\"t\":{}}}",
                     footer.records, footer.trace_hash, footer.status, footer.end_time_ns);
}

void trace_writer::write_header(const trace_header& header) {
  buffer_ += header_line(header);
  commit_line();
}

void trace_writer::commit_line() {
  buffer_ += '\n';
  committed_ = buffer_.size();
  if (buffer_.size() >= k_flush_threshold) flush();
}

void trace_writer::on_record(const sim::trace_record& record) {
  if (error_ != 0) return;  // the file is already incomplete; finish() reports it
  append_record_line(buffer_, record);
  commit_line();
  if (!started_) start();
}

void trace_writer::finish(const trace_footer& footer) {
  if (!started_) start();
  if (error_ == 0) {
    buffer_ += footer_line(footer);
    commit_line();
    flush();
  }
  check();
}

void trace_writer::check() const {
  if (error_ != 0) throw io::output_error(path_.empty() ? std::string("trace") : path_, std::strerror(error_));
}

void trace_writer::flush() noexcept {
  const std::size_t n = committed_;
  if (n == 0 || !started_) return;  // before start(): the file still holds what it held
  if (memory_) {
    memory_->append(buffer_.data(), n);
  } else if (error_ == 0) {
    std::size_t done = 0;
    while (done < n) {
      const ssize_t w = ::write(fd_, buffer_.data() + done, n - done);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) {
        error_ = w < 0 ? errno : ENOSPC;  // EFBIG (file size limit), ENOSPC (disk full), EIO...
        break;
      }
      done += static_cast<std::size_t>(w);
    }
  }
  committed_ = 0;  // before erasing, so a crash in between writes nothing twice
  buffer_.erase(0, n);
}

}  // namespace slsim::traces
