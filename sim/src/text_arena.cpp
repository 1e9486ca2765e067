// text_arena: bump allocation in chunks, a live-byte count per chunk.
#include "slsim/sim/text_arena.hpp"

#include <algorithm>
#include <cstring>

#include "slsim/sim/assert.hpp"

namespace slsim::sim {

std::uint32_t text_arena::chunk_for(std::size_t bytes) {
  // (The chunk being filled starts over when its last string is released: see release().)
  if (current_ != UINT32_MAX && chunks_[current_].size - chunks_[current_].used >= bytes) return current_;
  // A string larger than a chunk gets a chunk of its own size.
  const std::size_t size = std::max(bytes, next_chunk_bytes_);
  next_chunk_bytes_ = std::min(next_chunk_bytes_ * 2, k_max_chunk_bytes);
  std::uint32_t index = 0;
  if (!free_chunks_.empty()) {
    index = free_chunks_.back();
    free_chunks_.pop_back();
  } else {
    SLSIM_ASSERT(chunks_.size() < UINT32_MAX, "text_arena: too many chunks");
    index = static_cast<std::uint32_t>(chunks_.size());
    chunks_.emplace_back();
  }
  // The chunk being left is freed once empty (release() frees only non-current chunks).
  if (current_ != UINT32_MAX && chunks_[current_].live == 0) {
    chunks_[current_] = chunk{};
    free_chunks_.push_back(current_);
  }
  chunk& c = chunks_[index];
  c = chunk{.bytes = make_block(size), .size = size};
  current_ = index;
  return index;
}

text_ref text_arena::store(std::string_view text) {
  text_ref ref;
  if (text.empty()) return ref;
  SLSIM_ASSERT(text.size() < UINT32_MAX, "text_arena: a string under 4 GiB");
  const std::uint32_t index = chunk_for(text.size());
  chunk& c = chunks_[index];
  SLSIM_ASSERT(c.used <= UINT32_MAX, "text_arena: offsets fit 32 bits");
  // memmove: `text` may be a view of this arena (never of the bytes being written, which are free).
  std::memmove(c.bytes.get() + c.used, text.data(), text.size());
  ref.chunk_ = index;
  ref.offset_ = static_cast<std::uint32_t>(c.used);
  ref.size_ = static_cast<std::uint32_t>(text.size());
  c.used += text.size();
  c.live += text.size();
  live_ += text.size();
  return ref;
}

std::string_view text_arena::view(const text_ref& ref) const noexcept {
  if (ref.size_ == 0) return {};
  return {chunks_[ref.chunk_].bytes.get() + ref.offset_, ref.size_};
}

void text_arena::release(text_ref& ref) noexcept {
  if (ref.size_ == 0) return;
  chunk& c = chunks_[ref.chunk_];
  SLSIM_ASSERT(c.live >= ref.size_ && live_ >= ref.size_, "text_arena: a string is released once");
  c.live -= ref.size_;
  live_ -= ref.size_;
  if (c.live == 0) {
    if (ref.chunk_ == current_) {
      c.used = 0;  // the chunk being filled starts over
    } else {
      c = chunk{};
      free_chunks_.push_back(ref.chunk_);
    }
  }
  ref.size_ = 0;
}

std::size_t text_arena::chunk_bytes() const noexcept {
  std::size_t total = 0;
  for (const auto& c : chunks_) total += c.size;
  return total;
}

}  // namespace slsim::sim
