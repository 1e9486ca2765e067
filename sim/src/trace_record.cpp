#include "slsim/sim/trace_record.hpp"

#include <cstring>

namespace slsim::sim {
namespace {
constexpr std::uint64_t k_prime1 = 0x9E3779B185EBCA87ULL;
constexpr std::uint64_t k_prime2 = 0xC2B2AE3D27D4EB4FULL;
constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }
// xxHash64's round: cheap, and every input bit reaches every output bit.
constexpr std::uint64_t round(std::uint64_t acc, std::uint64_t input) noexcept {
  acc += input * k_prime2;
  acc = rotl(acc, 31);
  return acc * k_prime1;
}
}  // namespace

void trace_hasher::fold_u64(std::uint64_t v) noexcept { h_ = round(h_, v); }

void trace_hasher::fold_bytes(std::string_view bytes) noexcept {
  // The accumulator stays in a register: bodies of over 1 MB are digested per request.
  std::uint64_t h = round(h_, bytes.size());
  std::size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, bytes.data() + i, 8);
    h = round(h, w);
  }
  std::uint64_t tail = 0;
  std::memcpy(&tail, bytes.data() + i, bytes.size() - i);
  h_ = round(h, tail);
}

void trace_hasher::fold(const trace_record& r) noexcept {
  fold_u64(static_cast<std::uint64_t>(r.t));
  fold_u64(r.seq);
  fold_u64(r.kind ? r.kind->key : 0);
  for (auto id : r.ids) fold_u64(id);
  fold_u64(static_cast<std::uint64_t>(r.value));
  fold_u64(r.digest);
  if (!r.text.empty()) fold_bytes(r.text);
}

std::uint64_t trace_hasher::value() const noexcept {
  std::uint64_t h = h_;
  h ^= h >> 33;
  h *= k_prime2;
  h ^= h >> 29;
  return h;
}

std::uint64_t digest_bytes(std::string_view bytes) noexcept {
  trace_hasher h;
  h.fold_bytes(bytes);
  return h.value();
}

}  // namespace slsim::sim
