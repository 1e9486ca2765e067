#pragma once
// A map from 64-bit ids (request numbers) to 32-bit record indexes, for the records a run
// keeps per request (record_storage.hpp): one flat open-addressing table of 12-byte slots
// in record storage, where std::unordered_map spent ~38 bytes and a heap node per entry.
#include <cstdint>
#include <optional>
#include <utility>

#include "slsim/sim/record_storage.hpp"

namespace slsim::sim {

class id_index {
 public:
  static constexpr std::uint32_t k_empty = UINT32_MAX;  ///< not a storable value

  /// Makes room for `ids` entries without growing.
  void reserve(std::size_t ids);
  /// The value of `id`, inserting `value` if `id` is absent; `.second`: it was inserted.
  std::pair<std::uint32_t, bool> try_emplace(std::uint64_t id, std::uint32_t value);
  std::optional<std::uint32_t> find(std::uint64_t id) const noexcept;
  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  void clear() noexcept;

  /// Calls f(id, value) for every entry, in no particular order: sort what it collects.
  template <class F>
  void for_each(F&& f) const {
    for (const auto& s : slots_)
      if (s.value != k_empty) f(s.id(), s.value);
  }

 private:
  struct slot {  // three 32-bit words: 12 bytes, not 16
    std::uint32_t lo = 0;
    std::uint32_t hi = 0;
    std::uint32_t value = k_empty;
    std::uint64_t id() const noexcept { return (std::uint64_t{hi} << 32) | lo; }
  };
  std::size_t home(std::uint64_t id) const noexcept;
  void rebuild(std::size_t capacity);

  record_vector<slot> slots_;
  std::size_t size_ = 0;
};

}  // namespace slsim::sim
