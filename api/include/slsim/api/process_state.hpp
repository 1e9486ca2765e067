#pragma once
// Process-global handler state: every simulated environment runs in this one process, so
// a handler's C++ statics (a `static` seen-set, a global cache) are shared between
// environments here and survive cold starts, while in AWS each environment is its own
// process and loses them on a cold start. A handler plugin's own writable memory (its
// object's PT_LOAD segments with PF_W: .data, .bss) is watched across invocations so that
// such state is reported rather than silently relied on.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "slsim/handler.hpp"

namespace slsim::api {

/// A handler that changed process-global state during an invocation.
struct global_state_finding {
  std::string object;            ///< the plugin file
  std::size_t bytes = 0;         ///< bytes of its writable memory that changed
  std::uint64_t invocation = 0;  ///< the invocation at whose end the change was seen
};

/// The writable segments of the loaded object holding `definition`, when it came from a
/// handler plugin (load_handler_plugin); nullopt for built-in handlers.
class writable_memory {
 public:
  static std::optional<writable_memory> of_plugin(const handler_definition& definition);

  const std::string& object() const noexcept { return object_; }
  std::size_t size() const noexcept { return size_; }
  /// Copies the current bytes into `out`.
  void snapshot(std::vector<unsigned char>& out) const;
  /// Bytes that differ from `before`; `before` then holds the current bytes.
  std::size_t changed(std::vector<unsigned char>& before) const;

 private:
  std::string object_;
  std::vector<std::pair<const unsigned char*, std::size_t>> ranges_;
  std::size_t size_ = 0;
};

/// Records `definition` as loaded from plugin `path` (load_handler_plugin calls it).
void register_plugin_definition(const handler_definition& definition, const std::string& path);

}  // namespace slsim::api
