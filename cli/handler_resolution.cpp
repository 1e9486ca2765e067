#include "handler_resolution.hpp"

#include <filesystem>
#include <stdexcept>

#include "slsim/api/handler_plugin.hpp"
#include "slsim/examples/handlers.hpp"

namespace slsim::cli {

const handler_definition& resolve_handler(const std::string& name_or_path) {
  if (const auto* builtin = examples::find_builtin(name_or_path)) return *builtin;
  if (name_or_path.find('/') != std::string::npos && std::filesystem::exists(name_or_path))
    return api::load_handler_plugin(name_or_path);
  std::string names;
  for (const auto& h : examples::builtin_handlers()) names += "\n  " + h.name;
  throw std::runtime_error("--handler " + name_or_path + ": no built-in handler of that name and no such file; " +
                           "built-in handlers:" + names);
}

std::string handler_reference(const std::string& name_or_path) {
  if (examples::find_builtin(name_or_path) || name_or_path.find('/') == std::string::npos ||
      !std::filesystem::exists(name_or_path))
    return name_or_path;
  return std::filesystem::absolute(name_or_path).lexically_normal().string();
}

std::string recorded_handler(const std::string& recorded, const std::string& file) {
  namespace fs = std::filesystem;
  if (examples::find_builtin(recorded) || fs::path(recorded).is_absolute() || fs::exists(recorded)) return recorded;
  const fs::path beside = fs::path(file).parent_path() / recorded;
  return fs::exists(beside) ? handler_reference(beside.string()) : recorded;
}

}  // namespace slsim::cli
