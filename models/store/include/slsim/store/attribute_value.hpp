#pragma once
// DynamoDB attribute values (S, N, B, BOOL, NULL, M, L, SS, NS, BS) and items.
// Numbers are stored in canonical text (number.hpp); binary values hold raw bytes
// (base64 is only the wire form); sets are kept sorted and duplicate-free.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace slsim::store {

/// The ten DynamoDB data types, named as on the wire.
enum class value_type : std::uint8_t { s, n, b, boolean, null, m, l, ss, ns, bs };

/// The wire name of a type: "S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS".
std::string_view type_name(value_type t) noexcept;
/// Parses a wire type name; false if unknown.
bool parse_type_name(std::string_view name, value_type& out) noexcept;

struct attribute_value;
/// An item, or a map value: attribute name → value, ordered by name.
using item = std::map<std::string, attribute_value, std::less<>>;

/// One attribute value. Build with the factory functions so invariants hold.
struct attribute_value {
  value_type type = value_type::null;
  bool flag = true;    ///< BOOL value (NULL is always true)
  std::string scalar;  ///< S text, N canonical text, B raw bytes

  attribute_value() noexcept;
  attribute_value(const attribute_value& other);
  attribute_value(attribute_value&&) noexcept;
  attribute_value& operator=(const attribute_value& other);
  attribute_value& operator=(attribute_value&&) noexcept;
  ~attribute_value();

  /// SS / NS (canonical) / BS members, sorted, unique.
  std::vector<std::string>& set();
  const std::vector<std::string>& set() const noexcept;
  /// L elements.
  std::vector<attribute_value>& list();
  const std::vector<attribute_value>& list() const noexcept;
  /// M members.
  item& map();
  const item& map() const noexcept;

  static attribute_value s(std::string v);
  /// A number from text that must already be valid (see canonical_number); throws
  /// std::invalid_argument otherwise (a programmer error, not a service error).
  static attribute_value n(std::string_view text);
  static attribute_value n(std::int64_t v);
  static attribute_value b(std::string bytes);
  static attribute_value boolean(bool v);
  static attribute_value null();
  static attribute_value l(std::vector<attribute_value> elements);
  static attribute_value m(item members);
  /// A set of type SS, NS or BS; members are sorted and deduplicated (numbers canonicalised).
  static attribute_value make_set(value_type t, std::vector<std::string> members);

  bool is_set() const noexcept { return type == value_type::ss || type == value_type::ns || type == value_type::bs; }

 private:
  // Sets, lists and maps live behind one pointer, allocated on first use: nearly every
  // value is a scalar, and a stored item holds one value per attribute, so this keeps a
  // value at 48 bytes instead of 136 (memory bounded by what is live, docs/architecture.md §8).
  struct compound;
  std::unique_ptr<compound> rest_;
  compound& rest();
};

/// Deep equality with DynamoDB semantics (numbers by value, sets as sets).
bool operator==(const attribute_value& a, const attribute_value& b) noexcept;

/// Orders scalar values of one type as DynamoDB does (N numerically, S and B by
/// unsigned bytes). Returns -1, 0, 1; different types order by type (total order).
int compare_scalars(const attribute_value& a, const attribute_value& b) noexcept;

/// Strict weak order usable for keys (type, then value).
struct value_less {
  bool operator()(const attribute_value& a, const attribute_value& b) const noexcept {
    return compare_scalars(a, b) < 0;
  }
};

/// D8: the size DynamoDB bills and limits (names + values, documented sizing rules).
std::size_t value_size(const attribute_value& v) noexcept;
/// D8: size of an item: the sum over attributes of name length + value size.
std::size_t item_size(const item& it) noexcept;
/// D8: the maximum item size, 400 KB.
inline constexpr std::size_t k_max_item_size = 400 * 1024;

/// A stable 64-bit digest of an item's content for traces (sim::digest_bytes based).
std::uint64_t digest(const item& it) noexcept;
/// A stable digest of one value.
std::uint64_t digest(const attribute_value& v) noexcept;

}  // namespace slsim::store
