#pragma once

namespace slsim::sim {

/// Exit status of a process whose model invariant failed (EX_SOFTWARE): distinct from the
/// contract's 0–4 so that no caller can mistake a bug in slsim for a verdict or bad input.
inline constexpr int k_model_bug_exit_code = 70;

}  // namespace slsim::sim
