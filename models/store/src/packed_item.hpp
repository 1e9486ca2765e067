#pragma once
// A stored item at rest: one allocation holding the item in a compact binary form.
// The store keeps every current item of every table for the whole run, and a decoded
// item (std::map nodes, one string per name and value) costs five to six times its
// encoding, so tables hold packed items and decode one when a request reads it
// (memory bounded by the user's data, docs/architecture.md §8).
//
// The encoding is canonical: names in order, numbers in canonical text, sets sorted and
// duplicate-free (attribute_value's invariants), so two items are equal (operator==,
// DynamoDB semantics) exactly when their encodings are equal byte for byte.
#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>

#include "slsim/store/attribute_value.hpp"

namespace slsim::store::detail {

class packed_item {
 public:
  packed_item() noexcept = default;  // no item
  explicit packed_item(const item& it);

  bool has_value() const noexcept { return data_ != nullptr; }
  /// The item, decoded; requires has_value().
  item unpack() const;
  /// The item as an optional (nullopt when there is none).
  std::optional<item> unpack_optional() const { return has_value() ? std::optional<item>(unpack()) : std::nullopt; }
  /// The text of a top-level scalar attribute (S, N or B) named `name`, without decoding
  /// the item; nullopt if absent or not of type `type`.
  std::optional<std::string_view> scalar(std::string_view name, value_type type) const;

  /// Byte-wise equality of the encodings, which is item equality (see above).
  bool same_as(const packed_item& other) const noexcept;
  /// The encoding's size in bytes (0 without an item).
  std::size_t size() const noexcept;

  /// The encoded map as stored (empty without an item), and the item it encodes: how a
  /// row spilled to disk (spilled_runs.hpp) is written and read back without decoding it.
  std::string_view encoding() const noexcept;
  static packed_item from_encoding(std::string_view encoded);

 private:
  std::unique_ptr<unsigned char[]> data_;  // a 4-byte length, then the encoded map
};

}  // namespace slsim::store::detail
