// Fuzz target: a scenario file as `slsim run --scenario FILE` reads it (bounded parse,
// shape check, conversion, every model's validation).
#include <cstdint>
#include <string_view>

#include "fuzz_support.hpp"
#include "slsim/models/json_input.hpp"
#include "slsim/pipeline/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  slsim::fuzz::expect_clean_errors([&] {
    const auto document = slsim::models::parse_json(text, "fuzz.json");
    (void)slsim::pipeline::load_scenario(document, "fuzz.json");
  });
  return 0;
}
