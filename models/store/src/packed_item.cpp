// The packed form of a stored item (packed_item.hpp): a map is a count and its members in
// name order; a value is its type byte and then its content. Lengths and counts are
// LEB128 varints, so the short names and values items are made of cost a byte of framing.
#include "packed_item.hpp"

#include "byte_codec.hpp"

#include <cstdint>
#include <cstring>
#include <string>

#include "slsim/sim/assert.hpp"

namespace slsim::store::detail {
namespace {

class writer {
 public:
  writer() { out_.reserve(256); }  // most items fit: one allocation, not a growth series
  void varint(std::size_t v) { append_varint(out_, v); }
  void bytes(std::string_view s) {
    varint(s.size());
    out_.append(s);
  }
  void byte(unsigned char b) { out_.push_back(static_cast<char>(b)); }
  void map(const item& m) {
    varint(m.size());
    for (const auto& [name, v] : m) {
      bytes(name);
      value(v);
    }
  }
  void value(const attribute_value& v) {
    byte(static_cast<unsigned char>(v.type));
    switch (v.type) {
      case value_type::s:
      case value_type::n:
      case value_type::b:
        bytes(v.scalar);
        break;
      case value_type::boolean:
        byte(v.flag ? 1 : 0);
        break;
      case value_type::null:
        break;
      case value_type::m:
        map(v.map());
        break;
      case value_type::l:
        varint(v.list().size());
        for (const auto& e : v.list()) value(e);
        break;
      case value_type::ss:
      case value_type::ns:
      case value_type::bs:
        varint(v.set().size());
        for (const auto& m : v.set()) bytes(m);
        break;
    }
  }
  const std::string& text() const noexcept { return out_; }

 private:
  std::string out_;
};

class reader {
 public:
  explicit reader(std::string_view in) noexcept : in_(in) {}
  std::size_t varint() { return static_cast<std::size_t>(in_.varint()); }
  std::string_view bytes() { return in_.bytes(); }
  unsigned char byte() { return in_.byte(); }
  item map() {
    item m;
    const std::size_t n = varint();
    for (std::size_t i = 0; i < n; ++i) {
      std::string name(bytes());
      m.emplace_hint(m.end(), std::move(name), value());  // names were written in order
    }
    return m;
  }
  attribute_value value() {
    attribute_value v;
    v.type = static_cast<value_type>(byte());
    switch (v.type) {
      case value_type::s:
      case value_type::n:
      case value_type::b:
        v.scalar = std::string(bytes());
        break;
      case value_type::boolean:
        v.flag = byte() != 0;
        break;
      case value_type::null:
        break;
      case value_type::m:
        v.map() = map();
        break;
      case value_type::l: {
        const std::size_t n = varint();
        auto& list = v.list();
        list.reserve(n);
        for (std::size_t i = 0; i < n; ++i) list.push_back(value());
        break;
      }
      case value_type::ss:
      case value_type::ns:
      case value_type::bs: {
        const std::size_t n = varint();
        auto& set = v.set();
        set.reserve(n);
        for (std::size_t i = 0; i < n; ++i) set.emplace_back(bytes());
        break;
      }
    }
    return v;
  }
  // Skips one value without building it.
  void skip_value() {
    const auto type = static_cast<value_type>(byte());
    switch (type) {
      case value_type::s:
      case value_type::n:
      case value_type::b:
        bytes();
        break;
      case value_type::boolean:
        byte();
        break;
      case value_type::null:
        break;
      case value_type::m: {
        const std::size_t n = varint();
        for (std::size_t i = 0; i < n; ++i) {
          bytes();
          skip_value();
        }
        break;
      }
      case value_type::l: {
        const std::size_t n = varint();
        for (std::size_t i = 0; i < n; ++i) skip_value();
        break;
      }
      case value_type::ss:
      case value_type::ns:
      case value_type::bs: {
        const std::size_t n = varint();
        for (std::size_t i = 0; i < n; ++i) bytes();
        break;
      }
    }
  }

 private:
  byte_reader in_;
};

std::uint32_t stored_length(const unsigned char* data) noexcept {
  std::uint32_t n = 0;
  std::memcpy(&n, data, sizeof n);
  return n;
}

std::string_view body(const unsigned char* data) noexcept {
  return {reinterpret_cast<const char*>(data) + sizeof(std::uint32_t), stored_length(data)};
}

}  // namespace

packed_item::packed_item(const item& it) {
  writer w;
  w.map(it);
  const std::string& text = w.text();
  SLSIM_ASSERT(text.size() <= UINT32_MAX, "a packed item is larger than 4 GiB");
  const auto n = static_cast<std::uint32_t>(text.size());
  data_ = std::make_unique_for_overwrite<unsigned char[]>(sizeof n + n);
  std::memcpy(data_.get(), &n, sizeof n);
  std::memcpy(data_.get() + sizeof n, text.data(), n);
}

item packed_item::unpack() const {
  SLSIM_ASSERT(data_ != nullptr, "unpacked an absent item");
  return reader(body(data_.get())).map();
}

std::optional<std::string_view> packed_item::scalar(std::string_view name, value_type type) const {
  if (!data_) return std::nullopt;
  reader r(body(data_.get()));
  const std::size_t n = r.varint();
  for (std::size_t i = 0; i < n; ++i) {
    const std::string_view member = r.bytes();
    if (member != name) {
      r.skip_value();
      continue;
    }
    if (static_cast<value_type>(r.byte()) != type) return std::nullopt;
    return r.bytes();
  }
  return std::nullopt;
}

bool packed_item::same_as(const packed_item& other) const noexcept {
  if (!data_ || !other.data_) return data_ == other.data_;
  return body(data_.get()) == body(other.data_.get());
}

std::size_t packed_item::size() const noexcept { return data_ ? stored_length(data_.get()) : 0; }

std::string_view packed_item::encoding() const noexcept { return data_ ? body(data_.get()) : std::string_view(); }

packed_item packed_item::from_encoding(std::string_view encoded) {
  SLSIM_ASSERT(encoded.size() <= UINT32_MAX, "a packed item is larger than 4 GiB");
  const auto n = static_cast<std::uint32_t>(encoded.size());
  packed_item out;
  out.data_ = std::make_unique_for_overwrite<unsigned char[]>(sizeof n + n);
  std::memcpy(out.data_.get(), &n, sizeof n);
  std::memcpy(out.data_.get() + sizeof n, encoded.data(), n);
  return out;
}

}  // namespace slsim::store::detail
