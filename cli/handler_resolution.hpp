#pragma once
// `--handler NAME|PATH`: a built-in handler by name, or a plugin file.
#include <string>

#include "slsim/handler.hpp"

namespace slsim::cli {

/// Throws std::runtime_error listing the built-in names when neither matches.
const handler_definition& resolve_handler(const std::string& name_or_path);

/// How a handler is recorded in case files and traces: a built-in name as is, a plugin
/// file as its absolute path, so the case replays from any working directory.
std::string handler_reference(const std::string& name_or_path);

/// The handler a trace or case file at `file` recorded: as recorded when it resolves from
/// here; a relative plugin path from an older file is tried beside `file` too.
std::string recorded_handler(const std::string& recorded, const std::string& file);

}  // namespace slsim::cli
