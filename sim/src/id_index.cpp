// id_index: generations of linear-probing tables, each sealed behind its slots' fingerprints.
#include "slsim/sim/id_index.hpp"

#include <algorithm>

#include "slsim/sim/assert.hpp"

namespace slsim::sim {
namespace {

constexpr std::size_t capacity_for(std::size_t ids) { return ids + ids / 3 + 8; }

// Ids a handler invents may be sequential: mix them (splitmix64's finaliser).
std::uint64_t mix(std::uint64_t id) noexcept {
  id ^= id >> 30;
  id *= 0xbf58476d1ce4e5b9ULL;
  id ^= id >> 27;
  id *= 0x94d049bb133111ebULL;
  id ^= id >> 31;
  return id;
}

// A fingerprint is the mixed id's top 16 bits, never 0 (the empty slot's).
std::uint16_t print_of(std::uint64_t mixed) noexcept {
  const auto p = static_cast<std::uint16_t>(mixed >> 48);
  return p == 0 ? 1 : p;
}

}  // namespace

static_assert(capacity_for(id_index::k_generation_ids) * 12 >= record_storage::policy{}.file_block_bytes,
              "a full generation's table is file-backed under the default policy");

id_index::id_index(std::size_t generation_ids) : generation_ids_(std::max<std::size_t>(generation_ids, 1)) {}

const id_index::slot* id_index::table::find(std::uint64_t id, std::uint64_t mixed) const noexcept {
  if (slots.empty()) return nullptr;
  for (std::size_t i = mixed % slots.size();; i = i + 1 == slots.size() ? 0 : i + 1) {
    const slot& s = slots[i];
    if (s.value == k_empty) return nullptr;
    if (s.id() == id) return &s;
  }
}

void id_index::table::insert(std::uint64_t id, std::uint64_t mixed, std::uint32_t value) {
  for (std::size_t i = mixed % slots.size();; i = i + 1 == slots.size() ? 0 : i + 1) {
    slot& s = slots[i];
    if (s.value == k_empty) {
      s = {static_cast<std::uint32_t>(id), static_cast<std::uint32_t>(id >> 32), value};
      ++size;
      return;
    }
    SLSIM_ASSERT(s.id() != id, "id_index: an id is inserted once");
  }
}

void id_index::table::rebuild(std::size_t capacity) {
  record_vector<slot> old;
  old.swap(slots);
  slots.assign(capacity, slot{});
  size = 0;
  for (const auto& s : old)
    if (s.value != k_empty) insert(s.id(), mix(s.id()), s.value);
}

const id_index::slot* id_index::sealed::find(std::uint64_t id, std::uint64_t mixed) const noexcept {
  // The fingerprints follow the table's probe sequence; only a match reads the table.
  const std::uint16_t print = print_of(mixed);
  for (std::size_t i = mixed % prints.size();; i = i + 1 == prints.size() ? 0 : i + 1) {
    if (prints[i] == 0) return nullptr;
    if (prints[i] != print) continue;
    ++table_reads;
    if (entries.slots[i].id() == id) return &entries.slots[i];
  }
}

void id_index::seal() {
  sealed g;
  g.prints.assign(current_.slots.size(), 0);
  for (std::size_t i = 0; i < current_.slots.size(); ++i)
    if (current_.slots[i].value != k_empty) g.prints[i] = print_of(mix(current_.slots[i].id()));
  g.entries = std::move(current_);
  current_ = table{};
  sealed_.push_back(std::move(g));
}

void id_index::reserve(std::size_t ids) {
  const auto capacity = capacity_for(std::min(ids, generation_ids_));
  if (capacity > current_.slots.size()) current_.rebuild(capacity);
}

std::pair<std::uint32_t, bool> id_index::try_emplace(std::uint64_t id, std::uint32_t value) {
  SLSIM_ASSERT(value != k_empty, "id_index: the empty marker is not a storable value");
  const auto mixed = mix(id);
  if (const slot* s = find_mixed(id, mixed)) return {s->value, false};
  if (current_.size == generation_ids_) seal();
  if (capacity_for(current_.size + 1) > current_.slots.size())
    current_.rebuild(std::min(2 * capacity_for(current_.size + 1), capacity_for(generation_ids_)));
  current_.insert(id, mixed, value);
  ++size_;
  return {value, true};
}

std::optional<std::uint32_t> id_index::find(std::uint64_t id) const noexcept {
  if (const slot* s = find_mixed(id, mix(id))) return s->value;
  return std::nullopt;
}

const id_index::slot* id_index::find_mixed(std::uint64_t id, std::uint64_t mixed) const noexcept {
  if (const slot* s = current_.find(id, mixed)) return s;
  for (auto g = sealed_.rbegin(); g != sealed_.rend(); ++g)  // newest first: lookups are mostly recent
    if (const slot* s = g->find(id, mixed)) return s;
  return nullptr;
}

std::uint64_t id_index::sealed_table_reads() const noexcept {
  std::uint64_t reads = 0;
  for (const auto& g : sealed_) reads += g.table_reads;
  return reads;
}

void id_index::clear() noexcept {
  sealed_.clear();
  current_ = table{};
  size_ = 0;
}

}  // namespace slsim::sim
