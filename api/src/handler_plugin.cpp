#include "slsim/api/handler_plugin.hpp"

#include <dlfcn.h>

#include <fstream>
#include <iterator>
#include <stdexcept>

#include "slsim/api/process_state.hpp"
#include "slsim/sim/random.hpp"

namespace slsim::api {

const handler_definition& load_handler_plugin(const std::string& path) {
  // RTLD_NOW: a missing symbol fails here, with its name, not in the middle of a run.
  void* library = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!library) throw std::runtime_error(path + ": cannot load handler plugin: " + dlerror());
  using entry_fn = const handler_definition* (*)();
  auto entry = reinterpret_cast<entry_fn>(dlsym(library, SLSIM_HANDLER_PLUGIN_SYMBOL));
  if (!entry)
    throw std::runtime_error(path + ": not a handler plugin (no " SLSIM_HANDLER_PLUGIN_SYMBOL
                                    " symbol; build it with slsim_add_handler)");
  const handler_definition* definition = entry();
  if (!definition || static_cast<bool>(definition->typed) == static_cast<bool>(definition->raw))
    throw std::runtime_error(path + ": the plugin's handler must have exactly one of a typed and a raw form");
  register_plugin_definition(*definition, path);
  return *definition;
}

std::string plugin_build_id(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot read the handler plugin");
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  static constexpr char k_hex[] = "0123456789abcdef";
  std::uint64_t h = sim::fnv1a64(bytes);
  std::string out = "fnv1a64:0000000000000000";
  for (std::size_t i = out.size(); i-- > 8; h >>= 4) out[i] = k_hex[h & 0xf];
  return out;
}

}  // namespace slsim::api
