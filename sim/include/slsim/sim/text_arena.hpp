#pragma once
// Byte strings a long run holds for a long time (a DLQ's bodies, for the queue's retention
// period), packed into chunks of record storage (record_storage.hpp) instead of one heap
// block each: their pages can leave memory between touches. A chunk counts the bytes still
// live in it; when that reaches zero the chunk is emptied for reuse (the one being filled)
// or freed (any other). Strings that come and go, as a source queue's do, so recycle
// their chunks, and strings kept to the end never leave the file.
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "slsim/sim/record_storage.hpp"

namespace slsim::sim {

namespace detail {
/// Gives a text_arena chunk's bytes back to record storage (which needs their size).
struct block_release {
  std::size_t size = 0;
  void operator()(char* bytes) const noexcept { record_storage::deallocate(bytes, size); }
};
}  // namespace detail

/// One stored string: where it is in its arena. Move-only, so a copy cannot alias the bytes
/// and release them twice; to duplicate a string, store its view again.
class text_ref {
 public:
  text_ref() noexcept = default;
  text_ref(text_ref&& other) noexcept : chunk_(other.chunk_), offset_(other.offset_), size_(other.size_) {
    other.size_ = 0;
  }
  text_ref& operator=(text_ref&& other) noexcept {
    chunk_ = other.chunk_;
    offset_ = other.offset_;
    size_ = other.size_;
    other.size_ = 0;
    return *this;
  }
  text_ref(const text_ref&) = delete;
  text_ref& operator=(const text_ref&) = delete;

  std::uint32_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }

 private:
  friend class text_arena;
  std::uint32_t chunk_ = 0;
  std::uint32_t offset_ = 0;
  std::uint32_t size_ = 0;  // 0: nothing stored (the empty string needs no bytes)
};

class text_arena {
 public:
  /// The first chunk's size; each new chunk doubles it up to k_max_chunk_bytes, so a short
  /// run's arena stays on the heap and a long run's chunks are file-backed.
  static constexpr std::size_t k_first_chunk_bytes = 4096;
  static constexpr std::size_t k_max_chunk_bytes = std::size_t{4} << 20;

  text_arena() = default;
  text_arena(text_arena&&) noexcept = default;
  text_arena& operator=(text_arena&&) noexcept = default;
  text_arena(const text_arena&) = delete;
  text_arena& operator=(const text_arena&) = delete;
  ~text_arena() = default;

  /// Stores a copy of `text` (which may be a view of this arena).
  text_ref store(std::string_view text);
  /// The bytes of `ref`, valid until it is released.
  std::string_view view(const text_ref& ref) const noexcept;
  /// Gives the bytes of `ref` back; `ref` is left empty.
  void release(text_ref& ref) noexcept;

  /// Bytes held by live strings, and in chunks (live or not): for tests and figures.
  std::size_t live_bytes() const noexcept { return live_; }
  std::size_t chunk_bytes() const noexcept;

 private:
  /// A chunk's bytes, allocated once (views stay valid) and never initialised (a fresh
  /// file-backed chunk costs no page until written).
  using block = std::unique_ptr<char[], detail::block_release>;
  static block make_block(std::size_t size) {
    return block(static_cast<char*>(record_storage::allocate(size)), detail::block_release{size});
  }
  struct chunk {
    block bytes;
    std::size_t size = 0;  // of bytes (0: a freed chunk)
    std::size_t used = 0;
    std::size_t live = 0;
  };
  std::uint32_t chunk_for(std::size_t bytes);

  std::vector<chunk> chunks_;               // a freed chunk has no bytes; its index is reused
  std::vector<std::uint32_t> free_chunks_;  // indexes of freed chunks
  std::uint32_t current_ = UINT32_MAX;      // the chunk being filled
  std::size_t next_chunk_bytes_ = k_first_chunk_bytes;
  std::size_t live_ = 0;
};

}  // namespace slsim::sim
