#pragma once
// A map from 64-bit ids (request numbers) to 32-bit record indexes, for the records a run
// keeps per request (record_storage.hpp). Ids are random, so one table of a million
// entries is read at random: between two page releases nearly all its pages came back.
// The index is instead a series of generations by insertion time, each a flat
// open-addressing table of 12-byte slots in record storage. A full generation is sealed
// and fronted by a 16-bit fingerprint per slot on the heap (a sixth of its table). A run
// looks up mostly the ids it inserted lately, so it touches the newest table's pages and,
// for an old id or a new one, a cache line of fingerprints per older generation: a page of
// an old table is read only when a fingerprint matches (about 1 in 8,000 for an absent id).
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "slsim/sim/record_storage.hpp"

namespace slsim::sim {

class id_index {
 public:
  static constexpr std::uint32_t k_empty = UINT32_MAX;  ///< not a storable value
  /// Entries per generation: its table (~87 k slots, 1 MiB) is just large enough to be
  /// file-backed under the default policy.
  static constexpr std::size_t k_generation_ids = std::size_t{1} << 16;

  explicit id_index(std::size_t generation_ids = k_generation_ids);

  /// Makes room for `ids` entries (up to one generation) without growing.
  void reserve(std::size_t ids);
  /// The value of `id`, inserting `value` if `id` is absent; `.second`: it was inserted.
  std::pair<std::uint32_t, bool> try_emplace(std::uint64_t id, std::uint32_t value);
  std::optional<std::uint32_t> find(std::uint64_t id) const noexcept;
  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  void clear() noexcept;
  /// How many times a lookup read a sealed generation's table (its fingerprint matched):
  /// the only reads of old pages, so what a long run's lookups bring back into memory.
  std::uint64_t sealed_table_reads() const noexcept;

  /// Calls f(id, value) for every entry, in no particular order: sort what it collects.
  template <class F>
  void for_each(F&& f) const {
    for (const auto& g : sealed_) g.entries.for_each(f);
    current_.for_each(f);
  }

 private:
  struct slot {  // three 32-bit words: 12 bytes, not 16
    std::uint32_t lo = 0;
    std::uint32_t hi = 0;
    std::uint32_t value = k_empty;
    std::uint64_t id() const noexcept { return (std::uint64_t{hi} << 32) | lo; }
  };
  /// One generation's table: linear probing, at most three-quarters full.
  struct table {
    record_vector<slot> slots;
    std::size_t size = 0;

    const slot* find(std::uint64_t id, std::uint64_t mixed) const noexcept;
    void insert(std::uint64_t id, std::uint64_t mixed, std::uint32_t value);
    void rebuild(std::size_t capacity);
    template <class F>
    void for_each(F&& f) const {
      for (const auto& s : slots)
        if (s.value != k_empty) f(s.id(), s.value);
    }
  };
  /// A full generation: its table, and each slot's fingerprint (0: empty) in the same places.
  struct sealed {
    table entries;
    std::vector<std::uint16_t> prints;
    mutable std::uint64_t table_reads = 0;
    const slot* find(std::uint64_t id, std::uint64_t mixed) const noexcept;
  };

  const slot* find_mixed(std::uint64_t id, std::uint64_t mixed) const noexcept;
  void seal();

  std::vector<sealed> sealed_;  // oldest first
  table current_;
  std::size_t size_ = 0;
  std::size_t generation_ids_;
};

}  // namespace slsim::sim
