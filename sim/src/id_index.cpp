// id_index: linear probing over a table kept at most three-quarters full.
#include "slsim/sim/id_index.hpp"

#include "slsim/sim/assert.hpp"

namespace slsim::sim {
namespace {
std::size_t capacity_for(std::size_t ids) { return ids + ids / 3 + 8; }
}  // namespace

std::size_t id_index::home(std::uint64_t id) const noexcept {
  // Ids a handler invents may be sequential: mix them (splitmix64's finaliser), then take
  // the hash modulo the table's size (no power-of-two rounding of its memory).
  id ^= id >> 30;
  id *= 0xbf58476d1ce4e5b9ULL;
  id ^= id >> 27;
  id *= 0x94d049bb133111ebULL;
  id ^= id >> 31;
  return static_cast<std::size_t>(id % slots_.size());
}

void id_index::reserve(std::size_t ids) {
  if (capacity_for(ids) > slots_.size()) rebuild(capacity_for(ids));
}

void id_index::rebuild(std::size_t capacity) {
  record_vector<slot> old;
  old.swap(slots_);
  slots_.assign(capacity, slot{});
  size_ = 0;
  for (const auto& s : old)
    if (s.value != k_empty) try_emplace(s.id(), s.value);
}

std::pair<std::uint32_t, bool> id_index::try_emplace(std::uint64_t id, std::uint32_t value) {
  SLSIM_ASSERT(value != k_empty, "id_index: the empty marker is not a storable value");
  if (capacity_for(size_ + 1) > slots_.size()) rebuild(2 * capacity_for(size_ + 1));
  for (std::size_t i = home(id);; i = i + 1 == slots_.size() ? 0 : i + 1) {
    slot& s = slots_[i];
    if (s.value == k_empty) {
      s = {static_cast<std::uint32_t>(id), static_cast<std::uint32_t>(id >> 32), value};
      ++size_;
      return {value, true};
    }
    if (s.id() == id) return {s.value, false};
  }
}

std::optional<std::uint32_t> id_index::find(std::uint64_t id) const noexcept {
  if (slots_.empty()) return std::nullopt;
  for (std::size_t i = home(id);; i = i + 1 == slots_.size() ? 0 : i + 1) {
    const slot& s = slots_[i];
    if (s.value == k_empty) return std::nullopt;
    if (s.id() == id) return s.value;
  }
}

void id_index::clear() noexcept {
  record_vector<slot>().swap(slots_);
  size_ = 0;
}

}  // namespace slsim::sim
