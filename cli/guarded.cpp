#include <fmt/format.h>

#include "commands.hpp"
#include "slsim/io/output_file.hpp"
#include "slsim/models/validation.hpp"
#include "slsim/pipeline/scenario.hpp"
#include "slsim/traces/trace_reader.hpp"

namespace slsim::cli {

int guarded(const std::function<int()>& body) {
  try {
    return body();
  } catch (const pipeline::scenario_error& e) {
    fmt::print(stderr, "slsim: {}\n", e.what());
  } catch (const models::config_error& e) {
    fmt::print(stderr, "slsim: {}\n", e.what());
  } catch (const io::output_error& e) {
    fmt::print(stderr, "slsim: {}\n", e.what());
  } catch (const traces::trace_format_error& e) {
    fmt::print(stderr, "slsim: {}\n", e.what());
  } catch (const std::exception& e) {
    fmt::print(stderr, "slsim: error: {}\n", e.what());
  }
  return k_bad_input;
}

}  // namespace slsim::cli
