#pragma once
// The byte framing the store's compact encodings share (packed items, spilled rows): LEB128
// varints for lengths and counts, and a reader that asserts it never runs past its input
// (the bytes were written by the store itself: a short read is a model bug, not bad input).
#include <cstdint>
#include <string>
#include <string_view>

#include "slsim/sim/assert.hpp"

namespace slsim::store::detail {

inline void append_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

/// Reads an encoding front to back.
class byte_reader {
 public:
  explicit byte_reader(std::string_view in) noexcept : in_(in) {}
  bool done() const noexcept { return at_ >= in_.size(); }
  std::string_view take(std::size_t n) {
    SLSIM_ASSERT(n <= in_.size() - at_, "a store encoding ended early");
    const auto out = in_.substr(at_, n);
    at_ += n;
    return out;
  }
  unsigned char byte() { return static_cast<unsigned char>(take(1)[0]); }
  std::uint64_t varint() {
    std::uint64_t v = 0;
    for (int shift = 0;; shift += 7) {
      SLSIM_ASSERT(shift < 64, "a store encoding's varint is too long");
      const auto b = byte();
      v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) return v;
    }
  }
  /// A length-prefixed byte string.
  std::string_view bytes() { return take(varint()); }

 private:
  std::string_view in_;
  std::size_t at_ = 0;
};

}  // namespace slsim::store::detail
