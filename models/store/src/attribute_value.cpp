// Attribute values: construction, comparison, D8 sizing and digests.
#include "slsim/store/attribute_value.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

#include "slsim/sim/trace_record.hpp"
#include "slsim/store/number.hpp"

namespace slsim::store {

namespace {
constexpr std::array<std::string_view, 10> k_type_names{"S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS"};

int sign(int c) noexcept { return c < 0 ? -1 : (c > 0 ? 1 : 0); }

int compare_numbers(std::string_view a, std::string_view b) noexcept {
  if (a == b) return 0;
  auto da = decimal::parse(a);
  auto db = decimal::parse(b);
  if (!da || !db) return sign(a.compare(b));
  return compare(*da, *db);
}
}  // namespace

std::string_view type_name(value_type t) noexcept { return k_type_names[static_cast<std::size_t>(t)]; }

bool parse_type_name(std::string_view name, value_type& out) noexcept {
  for (std::size_t i = 0; i < k_type_names.size(); ++i) {
    if (k_type_names[i] == name) {
      out = static_cast<value_type>(i);
      return true;
    }
  }
  return false;
}

struct attribute_value::compound {
  std::vector<std::string> set;
  std::vector<attribute_value> list;
  item map;
};

attribute_value::attribute_value(const attribute_value& other)
    : type(other.type),
      flag(other.flag),
      scalar(other.scalar),
      rest_(other.rest_ ? std::make_unique<compound>(*other.rest_) : nullptr) {}

attribute_value& attribute_value::operator=(const attribute_value& other) {
  if (this != &other) {
    type = other.type;
    flag = other.flag;
    scalar = other.scalar;
    rest_ = other.rest_ ? std::make_unique<compound>(*other.rest_) : nullptr;
  }
  return *this;
}

attribute_value::attribute_value() noexcept = default;
attribute_value::attribute_value(attribute_value&&) noexcept = default;
attribute_value& attribute_value::operator=(attribute_value&&) noexcept = default;
attribute_value::~attribute_value() = default;

attribute_value::compound& attribute_value::rest() {
  if (!rest_) rest_ = std::make_unique<compound>();
  return *rest_;
}

namespace {
// What an absent compound part reads as.
const std::vector<std::string> k_no_members;
const std::vector<attribute_value> k_no_elements;
const item k_no_item;
}  // namespace

std::vector<std::string>& attribute_value::set() { return rest().set; }
const std::vector<std::string>& attribute_value::set() const noexcept { return rest_ ? rest_->set : k_no_members; }
std::vector<attribute_value>& attribute_value::list() { return rest().list; }
const std::vector<attribute_value>& attribute_value::list() const noexcept {
  return rest_ ? rest_->list : k_no_elements;
}
item& attribute_value::map() { return rest().map; }
const item& attribute_value::map() const noexcept { return rest_ ? rest_->map : k_no_item; }

attribute_value attribute_value::s(std::string v) {
  attribute_value r;
  r.type = value_type::s;
  r.scalar = std::move(v);
  return r;
}

attribute_value attribute_value::n(std::string_view text) {
  auto canon = canonical_number(text);
  if (!canon) throw std::invalid_argument("not a storable DynamoDB number: " + std::string(text));
  attribute_value r;
  r.type = value_type::n;
  r.scalar = std::move(*canon);
  return r;
}

attribute_value attribute_value::n(std::int64_t v) { return n(std::to_string(v)); }

attribute_value attribute_value::b(std::string bytes) {
  attribute_value r;
  r.type = value_type::b;
  r.scalar = std::move(bytes);
  return r;
}

attribute_value attribute_value::boolean(bool v) {
  attribute_value r;
  r.type = value_type::boolean;
  r.flag = v;
  return r;
}

attribute_value attribute_value::null() { return attribute_value{}; }

attribute_value attribute_value::l(std::vector<attribute_value> elements) {
  attribute_value r;
  r.type = value_type::l;
  r.list() = std::move(elements);
  return r;
}

attribute_value attribute_value::m(item members) {
  attribute_value r;
  r.type = value_type::m;
  r.map() = std::move(members);
  return r;
}

attribute_value attribute_value::make_set(value_type t, std::vector<std::string> members) {
  attribute_value r;
  r.type = t;
  if (t == value_type::ns) {
    for (auto& m : members) {
      auto canon = canonical_number(m);
      if (!canon) throw std::invalid_argument("not a storable DynamoDB number: " + m);
      m = std::move(*canon);
    }
  }
  std::sort(members.begin(), members.end());
  members.erase(std::unique(members.begin(), members.end()), members.end());
  r.set() = std::move(members);
  return r;
}

bool operator==(const attribute_value& a, const attribute_value& b) noexcept {
  if (a.type != b.type) return false;
  switch (a.type) {
    case value_type::s:
    case value_type::n:  // canonical text: equal numbers have equal text
    case value_type::b:
      return a.scalar == b.scalar;
    case value_type::boolean:
      return a.flag == b.flag;
    case value_type::null:
      return true;
    case value_type::l:
      return a.list() == b.list();
    case value_type::m:
      return a.map() == b.map();
    default:
      return a.set() == b.set();  // sorted, canonical
  }
}

int compare_scalars(const attribute_value& a, const attribute_value& b) noexcept {
  if (a.type != b.type) return a.type < b.type ? -1 : 1;
  switch (a.type) {
    case value_type::n:
      return compare_numbers(a.scalar, b.scalar);
    case value_type::s:
    case value_type::b:
      return sign(a.scalar.compare(b.scalar));  // char_traits<char> compares as unsigned
    case value_type::boolean:
      return sign(int(a.flag) - int(b.flag));
    default:
      return 0;
  }
}

std::size_t value_size(const attribute_value& v) noexcept {
  // D8 sizing rules (developer guide, "Item sizes"): strings and binaries by byte
  // length; numbers 1 byte per two significant digits + 1; BOOL/NULL 1 byte; L and M
  // 3 bytes overhead + 1 byte per element (+ the member names for M); sets the sum of
  // their members.
  auto number_size = [](const std::string& text) -> std::size_t {
    auto d = decimal::parse(text);
    const std::size_t digits = d ? d->significant_digits() : text.size();
    return (digits + 1) / 2 + 1;
  };
  switch (v.type) {
    case value_type::s:
    case value_type::b:
      return v.scalar.size();
    case value_type::n:
      return number_size(v.scalar);
    case value_type::boolean:
    case value_type::null:
      return 1;
    case value_type::l: {
      std::size_t n = 3;
      for (const auto& e : v.list()) n += 1 + value_size(e);
      return n;
    }
    case value_type::m: {
      std::size_t n = 3;
      for (const auto& [k, e] : v.map()) n += 1 + k.size() + value_size(e);
      return n;
    }
    case value_type::ns: {
      std::size_t n = 0;
      for (const auto& e : v.set()) n += number_size(e);
      return n;
    }
    default: {
      std::size_t n = 0;
      for (const auto& e : v.set()) n += e.size();
      return n;
    }
  }
}

std::size_t item_size(const item& it) noexcept {
  std::size_t n = 0;
  for (const auto& [k, v] : it) n += k.size() + value_size(v);
  return n;
}

namespace {
void fold(std::uint64_t& h, std::uint64_t x) noexcept { h ^= x + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2); }
void fold_value(std::uint64_t& h, const attribute_value& v) noexcept {
  fold(h, static_cast<std::uint64_t>(v.type) + 1);
  switch (v.type) {
    case value_type::s:
    case value_type::n:
    case value_type::b:
      fold(h, sim::digest_bytes(v.scalar));
      break;
    case value_type::boolean:
      fold(h, v.flag ? 2 : 1);
      break;
    case value_type::null:
      break;
    case value_type::l:
      fold(h, v.list().size());
      for (const auto& e : v.list()) fold_value(h, e);
      break;
    case value_type::m:
      fold(h, v.map().size());
      for (const auto& [k, e] : v.map()) {
        fold(h, sim::digest_bytes(k));
        fold_value(h, e);
      }
      break;
    default:
      fold(h, v.set().size());
      for (const auto& e : v.set()) fold(h, sim::digest_bytes(e));
  }
}
}  // namespace

std::uint64_t digest(const attribute_value& v) noexcept {
  std::uint64_t h = 0x5bd1e995ULL;
  fold_value(h, v);
  return h;
}

std::uint64_t digest(const item& it) noexcept {
  std::uint64_t h = 0x27d4eb2f165667c5ULL;
  fold(h, it.size());
  for (const auto& [k, v] : it) {
    fold(h, sim::digest_bytes(k));
    fold_value(h, v);
  }
  return h;
}

}  // namespace slsim::store
