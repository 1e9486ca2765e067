#pragma once
// What every fuzz target treats as a finding besides a crash: a library exception text
// escaping a loader (issue: every input error names the file, the JSON path and what was
// expected, never "[json.exception.type_error.302] ...").
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <nlohmann/json.hpp>

namespace slsim::fuzz {

/// Runs `load`; input errors (any std::exception slsim throws on purpose) are fine, an
/// nlohmann exception escaping is a finding and aborts (the driver saves the input).
template <class F>
void expect_clean_errors(F&& load) {
  try {
    load();
  } catch (const nlohmann::json::exception& e) {
    std::fprintf(stderr, "library exception escaped a loader: %.300s\n", e.what());
    std::abort();
  } catch (const std::exception&) {
    // a clear input error: the CLI answers it with exit 2
  }
}

}  // namespace slsim::fuzz
