#pragma once
// `--handler NAME|PATH`: a built-in handler by name, or a plugin file.
#include <string>

#include "slsim/handler.hpp"

namespace slsim::cli {

/// Throws std::runtime_error listing the built-in names when neither matches.
const handler_definition& resolve_handler(const std::string& name_or_path);

}  // namespace slsim::cli
