#pragma once
// SIGINT/SIGTERM during a long command (check, sweep): instead of dying with nothing on
// disk, the command stops its workers, writes what finished (marked partial) and exits
// 128 + signal (130, 143).
namespace slsim::cli {

/// Catches SIGINT and SIGTERM while alive; restores the previous actions when destroyed.
class interruption_scope {
 public:
  interruption_scope();
  ~interruption_scope();
  interruption_scope(const interruption_scope&) = delete;
  interruption_scope& operator=(const interruption_scope&) = delete;
};

/// The signal received while a scope was alive (0: none).
int interrupted() noexcept;
/// Readable once a signal arrived (a self-pipe), for poll(); -1 outside a scope.
int interruption_fd() noexcept;
/// 128 + the signal: the exit code of an interrupted command.
int interrupted_exit_code() noexcept;

}  // namespace slsim::cli
