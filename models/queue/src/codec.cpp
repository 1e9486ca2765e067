// Digests, ids, handles and packing for the queue model (see codec.hpp).
#include "codec.hpp"

#include <openssl/evp.h>

#include <cstdio>
#include <cstring>

#include "slsim/sim/assert.hpp"
#include "slsim/sim/random.hpp"

namespace slsim::queue::detail {
namespace {

// A digest per send and receive: EVP_Digest would fetch the algorithm and make a fresh
// context on every call (most of its cost for a short body), so each thread keeps one
// context per algorithm, fetched once.
class digester {
 public:
  explicit digester(const char* name) : md_(EVP_MD_fetch(nullptr, name, nullptr)), ctx_(EVP_MD_CTX_new()) {
    SLSIM_ASSERT(md_ && ctx_, "OpenSSL lacks a digest the queue uses (MD5, SHA-256)");
  }
  ~digester() {
    EVP_MD_CTX_free(ctx_);
    EVP_MD_free(md_);
  }
  digester(const digester&) = delete;
  digester& operator=(const digester&) = delete;

  void run(std::string_view bytes, unsigned char* out) noexcept {
    unsigned int len = 0;
    const bool ok = EVP_DigestInit_ex2(ctx_, md_, nullptr) == 1 &&
                    EVP_DigestUpdate(ctx_, bytes.data(), bytes.size()) == 1 && EVP_DigestFinal_ex(ctx_, out, &len) == 1;
    SLSIM_ASSERT(ok, "digest failed");
  }

 private:
  EVP_MD* md_;
  EVP_MD_CTX* ctx_;
};

void put_u32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}

void put_field(std::string& out, std::string_view s) {
  put_u32(out, static_cast<std::uint32_t>(s.size()));
  out.append(s);
}

bool get_field(std::string_view& in, std::string& out) {
  if (in.size() < 4) return false;
  std::uint32_t n = 0;
  for (int i = 0; i < 4; ++i) n = (n << 8) | static_cast<unsigned char>(in[static_cast<std::size_t>(i)]);
  in.remove_prefix(4);
  if (in.size() < n) return false;
  out.assign(in.substr(0, n));
  in.remove_prefix(n);
  return true;
}

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

bool parse_hex(std::string_view s, std::uint64_t& out) noexcept {
  out = 0;
  for (const char c : s) {
    const int v = hex_value(c);
    if (v < 0) return false;
    out = (out << 4) | static_cast<std::uint64_t>(v);
  }
  return true;
}

constexpr char k_hex_digits[] = "0123456789abcdef";

// Into a buffer, not appended char by char: ids and digests are formatted on every send
// and receive.
char* write_hex(char* p, std::uint64_t v, int digits) noexcept {
  for (int i = digits - 1; i >= 0; --i) *p++ = k_hex_digits[(v >> (4 * i)) & 0xf];
  return p;
}

std::uint64_t handle_check(const handle_fields& f, std::uint64_t secret) noexcept {
  std::uint64_t state = secret ^ (static_cast<std::uint64_t>(f.queue) << 32 | f.slot);
  std::uint64_t h = sim::splitmix64(state);
  state = h ^ f.token;
  return sim::splitmix64(state);
}

}  // namespace

md5_digest md5(std::string_view bytes) noexcept {
  md5_digest d{};
  thread_local digester md5_digester("MD5");
  md5_digester.run(bytes, d.data());
  return d;
}

std::string hex(const std::uint8_t* data, std::size_t n) {
  std::string out(2 * n, '\0');
  for (std::size_t i = 0; i < n; ++i) {
    out[2 * i] = k_hex_digits[data[i] >> 4];
    out[2 * i + 1] = k_hex_digits[data[i] & 0xf];
  }
  return out;
}

std::string sha256_hex(std::string_view bytes) {
  unsigned char d[32];
  thread_local digester sha256_digester("SHA256");
  sha256_digester.run(bytes, d);
  return hex(d, sizeof d);
}

md5_digest md5_of_attributes(const std::vector<message_attribute>& sorted) {
  std::string buf;
  for (const auto& a : sorted) {
    put_field(buf, a.name);
    put_field(buf, a.data_type);
    const bool binary = a.data_type.rfind("Binary", 0) == 0;
    buf.push_back(binary ? '\2' : '\1');
    put_field(buf, binary ? a.binary_value : a.string_value);
  }
  return md5(buf);
}

std::uint64_t digest_word(const md5_digest& d) noexcept {
  std::uint64_t w = 0;
  for (std::size_t i = 0; i < 8; ++i) w = w << 8 | d[i];
  return w;
}

message_key random_message_key(sim::rng& r) noexcept {
  message_key k{r.next_u64(), r.next_u64()};
  k.hi = (k.hi & ~0xf000ULL) | 0x4000ULL;                         // version 4
  k.lo = (k.lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // RFC 4122 variant
  return k;
}

uuid_chars format_uuid_chars(const message_key& k) noexcept {
  uuid_chars out;
  char* p = write_hex(out.data(), k.hi >> 32, 8);
  *p++ = '-';
  p = write_hex(p, (k.hi >> 16) & 0xffff, 4);
  *p++ = '-';
  p = write_hex(p, k.hi & 0xffff, 4);
  *p++ = '-';
  p = write_hex(p, k.lo >> 48, 4);
  *p++ = '-';
  write_hex(p, k.lo & 0xffffffffffffULL, 12);
  return out;
}

std::string format_uuid(const message_key& k) {
  const auto chars = format_uuid_chars(k);
  return std::string(chars.data(), chars.size());
}

bool parse_uuid(std::string_view s, message_key& out) noexcept {
  if (s.size() != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-') return false;
  std::uint64_t a, b, c, d, e;
  if (!parse_hex(s.substr(0, 8), a) || !parse_hex(s.substr(9, 4), b) || !parse_hex(s.substr(14, 4), c) ||
      !parse_hex(s.substr(19, 4), d) || !parse_hex(s.substr(24, 12), e))
    return false;
  out.hi = a << 32 | b << 16 | c;
  out.lo = d << 48 | e;
  return true;
}

std::string format_handle(const handle_fields& f, std::uint64_t secret) {
  char buf[52] = {'A', 'Q', 'E', 'B'};
  char* p = write_hex(buf + 4, f.queue, 8);
  p = write_hex(p, f.slot, 8);
  p = write_hex(p, f.token, 16);
  write_hex(p, handle_check(f, secret), 16);
  return std::string(buf, sizeof buf);
}

bool parse_handle(std::string_view s, std::uint64_t secret, handle_fields& out) noexcept {
  if (s.size() != 52 || s.substr(0, 4) != "AQEB") return false;
  std::uint64_t q, slot, token, check;
  if (!parse_hex(s.substr(4, 8), q) || !parse_hex(s.substr(12, 8), slot) || !parse_hex(s.substr(20, 16), token) ||
      !parse_hex(s.substr(36, 16), check))
    return false;
  out = {static_cast<std::uint32_t>(q), static_cast<std::uint32_t>(slot), token};
  return handle_check(out, secret) == check;
}

bool valid_message_characters(std::string_view s) noexcept {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x80) {  // printable ASCII, most of any body: no decoding
      ++i;
      continue;
    }
    std::uint32_t cp;
    std::size_t len;
    if (c < 0x80) {
      cp = c;
      len = 1;
    } else if ((c & 0xe0) == 0xc0) {
      cp = c & 0x1f;
      len = 2;
    } else if ((c & 0xf0) == 0xe0) {
      cp = c & 0x0f;
      len = 3;
    } else if ((c & 0xf8) == 0xf0) {
      cp = c & 0x07;
      len = 4;
    } else
      return false;
    if (i + len > s.size()) return false;
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    // Overlong encodings are invalid UTF-8.
    static constexpr std::uint32_t k_min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < k_min[len]) return false;
    const bool allowed = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
                         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
    if (!allowed) return false;
    i += len;
  }
  return true;
}

std::string pack_attributes(const std::vector<message_attribute>& sorted) {
  std::string out;
  for (const auto& a : sorted) {
    put_field(out, a.name);
    put_field(out, a.data_type);
    put_field(out, a.string_value);
    put_field(out, a.binary_value);
  }
  return out;
}

std::vector<message_attribute> unpack_attributes(std::string_view packed) {
  std::vector<message_attribute> out;
  while (!packed.empty()) {
    message_attribute a;
    if (!get_field(packed, a.name) || !get_field(packed, a.data_type) || !get_field(packed, a.string_value) ||
        !get_field(packed, a.binary_value))
      break;
    out.push_back(std::move(a));
  }
  return out;
}

std::string format_sequence_number(std::uint64_t n) {
  // Large and 20 digits like AWS's, increasing per queue.
  char buf[32];
  std::snprintf(buf, sizeof buf, "%020llu", static_cast<unsigned long long>(10'000'000'000'000'000'000ULL + n));
  return buf;
}

}  // namespace slsim::queue::detail
