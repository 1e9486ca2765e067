#include "progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

namespace slsim::cli {

progress_line::progress_line(std::size_t total, std::string what)
    : total_(total),
      what_(std::move(what)),
      enabled_(isatty(STDERR_FILENO) != 0),
      plain_(!enabled_ && total >= k_plain_minimum),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

double progress_line::rate(std::size_t done) const {
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  return elapsed > 0 ? static_cast<double>(done) / elapsed : 0;
}

void progress_line::update(std::size_t done, const std::string& detail) {
  if (plain_) {
    // Not a terminal (CI, a log file): a plain line every few seconds, so a long run is
    // visibly alive without flooding the log.
    const auto now = std::chrono::steady_clock::now();
    if (done < total_ && now - last_ < std::chrono::seconds(5)) return;
    last_ = now;
    fmt::print(stderr, "{}/{} {}{}{} ({:.0f}/s)\n", done, total_, what_, detail.empty() ? "" : " · ", detail,
               rate(done));
    std::fflush(stderr);
    return;
  }
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (done < total_ && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  const double per_second = rate(done);
  const double eta = per_second > 0 ? static_cast<double>(total_ - done) / per_second : 0;
  fmt::print(stderr, "\r\033[K{}/{} {}{}{} · {:.0f}/s · ETA {:.0f}s", done, total_, what_, detail.empty() ? "" : " · ",
             detail, per_second, eta);
  std::fflush(stderr);
}

void progress_line::finish() {
  if (!enabled_) return;
  fmt::print(stderr, "\r\033[K");
  std::fflush(stderr);
}

}  // namespace slsim::cli
