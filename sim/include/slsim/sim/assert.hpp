#pragma once
// SLSIM_ASSERT: a model invariant, checked in every build (release included).
//
// A failed assertion is a bug in slsim's models, never a verdict on the handler and never
// bad input: it prints the condition, the place and a message to stderr and ends the process
// with exit code 70 (k_model_bug_exit_code), which every command reports as a model bug
// (see docs/architecture.md, "Assertions").

namespace slsim::sim::detail {

/// Prints "slsim model invariant violated" with the condition, file, line and message, then
/// exits with k_model_bug_exit_code. Never returns; must not be called for bad input (that is exit 2).
[[noreturn]] void assertion_failed(const char* condition, const char* file, int line, const char* message) noexcept;

}  // namespace slsim::sim::detail

#define SLSIM_ASSERT(condition, message)                                               \
  do {                                                                                 \
    if (!(condition)) [[unlikely]]                                                     \
      ::slsim::sim::detail::assertion_failed(#condition, __FILE__, __LINE__, message); \
  } while (false)
