// Fuzz target: a trace file as `slsim replay`, `diff`, `timeline` and `export` read it.
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "slsim/traces/trace_diff.hpp"
#include "slsim/traces/trace_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  slsim::fuzz::expect_clean_errors([&] {
    const auto trace = slsim::traces::parse_trace(text, "fuzz.trace", /*require_end=*/false);
    (void)slsim::traces::first_divergence(trace, trace);
  });
  return 0;
}
