#pragma once
// Byte-level helpers of the queue model: digests (real MD5 / SHA-256 as AWS computes
// them), UUID-shaped ids, receipt handles, packed attributes and the S11 character check.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "slsim/queue/messages.hpp"
#include "slsim/sim/random.hpp"

namespace slsim::queue::detail {

using md5_digest = std::array<std::uint8_t, 16>;

/// MD5 of `bytes`.
md5_digest md5(std::string_view bytes) noexcept;
/// Lower-case hex of a digest.
std::string hex(const std::uint8_t* data, std::size_t n);
inline std::string hex(const md5_digest& d) { return hex(d.data(), d.size()); }
/// Hex SHA-256 of `bytes` (F5 content-based deduplication id).
std::string sha256_hex(std::string_view bytes);
/// AWS's MD5OfMessageAttributes over attributes sorted by name.
md5_digest md5_of_attributes(const std::vector<message_attribute>& sorted);

/// A 128-bit message id, printed as a version-4 UUID.
struct message_key {
  std::uint64_t hi = 0;
  std::uint64_t lo = 0;
  friend bool operator==(const message_key&, const message_key&) = default;
};
/// A fresh random id with the UUID version-4 and variant bits set.
message_key random_message_key(sim::rng& r) noexcept;
/// The first eight bytes of a digest as a number (a draw key).
std::uint64_t digest_word(const md5_digest& d) noexcept;
/// "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".
std::string format_uuid(const message_key& k);
/// format_uuid's characters without a string, for views that live within one call.
using uuid_chars = std::array<char, 36>;
uuid_chars format_uuid_chars(const message_key& k) noexcept;
/// Parses format_uuid's output; false if malformed.
bool parse_uuid(std::string_view s, message_key& out) noexcept;

/// What a receipt handle names.
struct handle_fields {
  std::uint32_t queue = 0;
  std::uint32_t slot = 0;
  std::uint64_t token = 0;
};
/// "AQEB" + 32 hex digits of the fields + 16 hex digits of a keyed check.
std::string format_handle(const handle_fields& f, std::uint64_t secret);
/// False if `s` is not a handle this service issued (ReceiptHandleIsInvalid, MD2).
bool parse_handle(std::string_view s, std::uint64_t secret, handle_fields& out) noexcept;

/// S11: only #x9 #xA #xD #x20-#xD7FF #xE000-#xFFFD #x10000-#x10FFFF, as valid UTF-8.
bool valid_message_characters(std::string_view utf8) noexcept;

/// Packs sorted attributes into one string (no allocation per attribute when stored).
std::string pack_attributes(const std::vector<message_attribute>& sorted);
/// Inverse of pack_attributes.
std::vector<message_attribute> unpack_attributes(std::string_view packed);

/// The 20-digit FIFO sequence number for a per-queue send counter.
std::string format_sequence_number(std::uint64_t n);

}  // namespace slsim::queue::detail
