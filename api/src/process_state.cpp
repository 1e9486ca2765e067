#include "slsim/api/process_state.hpp"

#include <link.h>

#include <cstring>
#include <map>
#include <mutex>

namespace slsim::api {
namespace {
// Plugin definitions by address (definitions live in their plugin's static storage).
std::mutex g_plugins_mutex;
std::map<const handler_definition*, std::string>& plugins() {
  static std::map<const handler_definition*, std::string> m;
  return m;
}

struct search {
  std::uintptr_t address = 0;
  std::vector<std::pair<const unsigned char*, std::size_t>> ranges;
  bool found = false;
};

// The object one of whose loaded segments contains `address`: its PT_LOAD segments with PF_W.
int visit(dl_phdr_info* info, std::size_t, void* data) {
  auto* s = static_cast<search*>(data);
  bool contains = false;
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const auto& ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_LOAD) continue;
    const std::uintptr_t start = info->dlpi_addr + ph.p_vaddr;
    contains |= s->address >= start && s->address < start + ph.p_memsz;
  }
  if (!contains) return 0;
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const auto& ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_LOAD || (ph.p_flags & PF_W) == 0) continue;
    s->ranges.emplace_back(reinterpret_cast<const unsigned char*>(info->dlpi_addr + ph.p_vaddr), ph.p_memsz);
  }
  s->found = true;
  return 1;
}
}  // namespace

void register_plugin_definition(const handler_definition& definition, const std::string& path) {
  const std::lock_guard lock(g_plugins_mutex);
  plugins()[&definition] = path;
}

std::optional<writable_memory> writable_memory::of_plugin(const handler_definition& definition) {
  writable_memory m;
  {
    const std::lock_guard lock(g_plugins_mutex);
    const auto it = plugins().find(&definition);
    if (it == plugins().end()) return std::nullopt;
    m.object_ = it->second;
  }
  search s;
  s.address = reinterpret_cast<std::uintptr_t>(&definition);
  dl_iterate_phdr(&visit, &s);
  if (!s.found || s.ranges.empty()) return std::nullopt;
  m.ranges_ = std::move(s.ranges);
  for (const auto& r : m.ranges_) m.size_ += r.second;
  return m;
}

void writable_memory::snapshot(std::vector<unsigned char>& out) const {
  out.resize(size_);
  std::size_t at = 0;
  for (const auto& [p, n] : ranges_) {
    std::memcpy(out.data() + at, p, n);
    at += n;
  }
}

std::size_t writable_memory::changed(std::vector<unsigned char>& before) const {
  if (before.size() != size_) {
    snapshot(before);
    return size_;
  }
  std::size_t differ = 0, at = 0;
  for (const auto& [p, n] : ranges_) {
    if (std::memcmp(before.data() + at, p, n) != 0) {
      for (std::size_t i = 0; i < n; ++i) differ += before[at + i] != p[i] ? 1 : 0;
      std::memcpy(before.data() + at, p, n);
    }
    at += n;
  }
  return differ;
}

}  // namespace slsim::api
