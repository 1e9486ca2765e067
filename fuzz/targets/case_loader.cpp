// Fuzz target: a case file as `slsim run --case FILE` and `check --corpus` read it.
#include <cstdint>
#include <string_view>

#include "fuzz_support.hpp"
#include "slsim/models/json_input.hpp"
#include "slsim/properties/case.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  slsim::fuzz::expect_clean_errors([&] {
    const auto c = slsim::properties::case_from_json(slsim::models::parse_json(text, "fuzz.case.json"), "fuzz");
    (void)slsim::properties::describe_case(c);
  });
  return 0;
}
