#pragma once
// Handler plugins: a shared library built with slsim_add_handler() exports one C symbol
// returning its handler. The plugin links nothing of slsim itself: its calls into slsim
// resolve against the loading program, so there is exactly one copy of every slsim
// global (error categories, registries) in the process.
#include <string>

#include "slsim/handler.hpp"

/// The symbol a plugin exports. Define it with SLSIM_HANDLER_PLUGIN(definition_expression).
#define SLSIM_HANDLER_PLUGIN_SYMBOL "slsim_handler_plugin_v1"
#define SLSIM_HANDLER_PLUGIN(...)                                                                                  \
  extern "C" __attribute__((visibility("default"))) const ::slsim::handler_definition* slsim_handler_plugin_v1() { \
    static const ::slsim::handler_definition definition = __VA_ARGS__;                                             \
    return &definition;                                                                                            \
  }

namespace slsim::api {

/// Loads the plugin at `path` (kept loaded for the life of the process) and returns its
/// handler. Throws std::runtime_error naming the file and what went wrong.
const handler_definition& load_handler_plugin(const std::string& path);

/// The plugin file's build id: "fnv1a64:" and the 16 hex digits of the FNV-1a hash of its
/// bytes. Any rebuild that changes the code changes it. Throws std::runtime_error naming the
/// file if it cannot be read.
std::string plugin_build_id(const std::string& path);

}  // namespace slsim::api
