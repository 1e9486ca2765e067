#pragma once
// A vector of records whose length is not known in advance (a DLQ's messages, the records
// kept for the end): chunks in record storage that are never moved. A record_vector that
// doubles copies its whole contents once, so for a moment both copies are resident: a
// long run's peak memory then sits at that copy (docs/architecture.md §8).
#include <algorithm>
#include <bit>
#include <cstddef>
#include <iterator>
#include <utility>
#include <vector>

#include "slsim/sim/assert.hpp"
#include "slsim/sim/record_storage.hpp"

namespace slsim::sim {

/// Chunks double from 64 records up to an eighth of a megabyte (on the heap: a short run's
/// few records cost no file), then are a megabyte each (file-backed blocks). Elements never
/// move once added: references stay valid until clear().
template <class T>
class chunked_vector {
 public:
  chunked_vector() = default;
  // A moved-from vector is empty (not just chunk-less with its old size).
  chunked_vector(chunked_vector&& other) noexcept
      : chunks_(std::move(other.chunks_)), size_(std::exchange(other.size_, 0)) {
    other.chunks_.clear();
  }
  chunked_vector& operator=(chunked_vector&& other) noexcept {
    if (this == &other) return *this;
    chunks_ = std::move(other.chunks_);
    size_ = std::exchange(other.size_, 0);
    other.chunks_.clear();
    return *this;
  }
  chunked_vector(const chunked_vector&) = delete;
  chunked_vector& operator=(const chunked_vector&) = delete;

  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }

  T& operator[](std::size_t i) noexcept { return locate(i); }
  const T& operator[](std::size_t i) const noexcept { return const_cast<chunked_vector&>(*this).locate(i); }
  T& back() noexcept { return chunks_.back().back(); }

  /// In order, by index (a pass over a long run's records: record_storage::for_each_released).
  class const_iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using pointer = const T*;
    using reference = const T&;
    const_iterator() = default;
    const_iterator(const chunked_vector* v, std::size_t i) noexcept : v_(v), i_(i) {}
    reference operator*() const noexcept { return (*v_)[i_]; }
    pointer operator->() const noexcept { return &(*v_)[i_]; }
    const_iterator& operator++() noexcept {
      ++i_;
      return *this;
    }
    const_iterator operator++(int) noexcept {
      const_iterator before = *this;
      ++i_;
      return before;
    }
    bool operator==(const const_iterator&) const noexcept = default;

   private:
    const chunked_vector* v_ = nullptr;
    std::size_t i_ = 0;
  };
  const_iterator begin() const noexcept { return {this, 0}; }
  const_iterator end() const noexcept { return {this, size_}; }

  template <class... Args>
  T& emplace_back(Args&&... args) {
    if (chunks_.empty() || chunks_.back().size() == chunks_.back().capacity()) {
      chunks_.emplace_back();
      chunks_.back().reserve(capacity_of(chunks_.size() - 1));
    }
    ++size_;
    return chunks_.back().emplace_back(std::forward<Args>(args)...);
  }
  void push_back(T&& value) { emplace_back(std::move(value)); }

  void clear() noexcept {
    chunks_.clear();
    size_ = 0;
  }

 private:
  static constexpr std::size_t k_first = 64;
  // Records in a full-size chunk: a power of two at least a megabyte's worth.
  static constexpr std::size_t k_full =
      std::bit_ceil(std::max<std::size_t>(k_first, (std::size_t{1} << 20) / sizeof(T)));
  // How many chunks double (64, 128, … up to k_full / 8), and the records they hold together.
  static constexpr std::size_t k_doubling_chunks =
      k_full / 8 >= k_first ? static_cast<std::size_t>(std::bit_width(k_full / 8 / k_first)) : 0;
  static constexpr std::size_t k_doubling = k_first * ((std::size_t{1} << k_doubling_chunks) - 1);

  static std::size_t capacity_of(std::size_t chunk) noexcept {
    return chunk < k_doubling_chunks ? k_first << chunk : k_full;
  }
  T& locate(std::size_t i) noexcept {
    SLSIM_ASSERT(i < size_, "chunked_vector: an index past the end");
    if (i < k_doubling) {
      const std::size_t chunk = std::bit_width(i / k_first + 1) - 1;
      return chunks_[chunk][i - k_first * ((std::size_t{1} << chunk) - 1)];
    }
    return chunks_[k_doubling_chunks + (i - k_doubling) / k_full][(i - k_doubling) % k_full];
  }

  std::vector<record_vector<T>> chunks_;
  std::size_t size_ = 0;
};

}  // namespace slsim::sim
