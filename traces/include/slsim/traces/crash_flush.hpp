#pragma once
// Keeps a trace readable when user code crashes the process: fatal signals write out
// the active writer's complete lines before the default action runs.
namespace slsim::traces {

class trace_writer;

/// Installs handlers for SIGSEGV, SIGBUS, SIGFPE, SIGILL and SIGABRT (once per process)
/// and makes `writer` the one they flush (nullptr: none).
void set_crash_flush_target(trace_writer* writer) noexcept;

}  // namespace slsim::traces
