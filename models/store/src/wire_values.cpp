// DynamoDB JSON attribute values and base64.
#include <array>

#include "slsim/store/number.hpp"
#include "slsim/store/wire.hpp"

namespace slsim::store::wire {
namespace {

constexpr std::string_view k_b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int b64_index(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

std::string number_message(const json& j) {
  if (!j.is_string() || j.get_ref<const std::string&>().empty())
    return "The parameter cannot be converted to a numeric value";
  const auto& text = j.get_ref<const std::string&>();
  auto d = decimal::parse(text);
  if (!d) return "The parameter cannot be converted to a numeric value: " + text;
  return d->limits_error();
}

std::string set_members(const json& j, value_type t, std::vector<std::string>& out) {
  if (!j.is_array()) return "Start of structure or map found where not expected";
  if (j.empty()) {
    switch (t) {
      case value_type::ss:
        return "One or more parameter values were invalid: An string set  may not be empty";
      case value_type::ns:
        return "One or more parameter values were invalid: An number set  may not be empty";
      default:
        return "One or more parameter values were invalid: Binary sets should not be empty";
    }
  }
  for (const auto& e : j) {
    if (!e.is_string()) return "STRING_VALUE can not be converted to a String";
    if (t == value_type::ns) {
      if (auto err = number_message(e); !err.empty()) return err;
      out.push_back(*canonical_number(e.get_ref<const std::string&>()));
    } else if (t == value_type::bs) {
      std::string bytes;
      if (!base64_decode(e.get_ref<const std::string&>(), bytes)) return "Invalid base64 in a binary set";
      out.push_back(std::move(bytes));
    } else {
      out.push_back(e.get<std::string>());
    }
  }
  auto sorted = out;
  std::sort(sorted.begin(), sorted.end());
  if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
    if (t == value_type::ns) return "Input collection contains duplicates";
    return "One or more parameter values were invalid: Input collection " + j.dump() +
           (t == value_type::bs ? "of type BS contains duplicates." : " contains duplicates.");
  }
  return {};
}

}  // namespace

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const auto n = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                   static_cast<unsigned char>(bytes[i + 2]);
    for (int s : {18, 12, 6, 0}) out.push_back(k_b64[(n >> s) & 63]);
  }
  if (i < bytes.size()) {
    unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out.push_back(k_b64[(n >> 18) & 63]);
    out.push_back(k_b64[(n >> 12) & 63]);
    out.push_back(i + 1 < bytes.size() ? k_b64[(n >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

bool base64_decode(std::string_view text, std::string& out) {
  out.clear();
  if (text.size() % 4 != 0) return false;
  for (std::size_t i = 0; i < text.size(); i += 4) {
    std::array<int, 4> v{};
    int pad = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = text[i + static_cast<std::size_t>(k)];
      if (c == '=' && i + 4 == text.size() && k >= 2) {
        v[static_cast<std::size_t>(k)] = 0;
        ++pad;
      } else {
        if (pad) return false;
        v[static_cast<std::size_t>(k)] = b64_index(c);
        if (v[static_cast<std::size_t>(k)] < 0) return false;
      }
    }
    const unsigned n = (unsigned(v[0]) << 18) | (unsigned(v[1]) << 12) | (unsigned(v[2]) << 6) | unsigned(v[3]);
    out.push_back(static_cast<char>((n >> 16) & 0xff));
    if (pad < 2) out.push_back(static_cast<char>((n >> 8) & 0xff));
    if (pad < 1) out.push_back(static_cast<char>(n & 0xff));
  }
  return true;
}

json encode(const attribute_value& v) {
  json j = json::object();
  const std::string key(type_name(v.type));
  switch (v.type) {
    case value_type::s:
    case value_type::n:
      j[key] = v.scalar;
      break;
    case value_type::b:
      j[key] = base64_encode(v.scalar);
      break;
    case value_type::boolean:
      j[key] = v.flag;
      break;
    case value_type::null:
      j[key] = true;
      break;
    case value_type::l: {
      json arr = json::array();
      for (const auto& e : v.list()) arr.push_back(encode(e));
      j[key] = std::move(arr);
      break;
    }
    case value_type::m:
      j[key] = encode(v.map());
      break;
    case value_type::bs: {
      json arr = json::array();
      for (const auto& e : v.set()) arr.push_back(base64_encode(e));
      j[key] = std::move(arr);
      break;
    }
    default:
      j[key] = v.set();
      break;
  }
  return j;
}

json encode(const item& it) {
  json j = json::object();
  for (const auto& [k, v] : it) j[k] = encode(v);
  return j;
}

std::string decode(const json& j, attribute_value& out) {
  if (!j.is_object()) return "Start of structure or map found where not expected";
  if (j.empty()) return "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes";
  if (j.size() > 1)
    return "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported "
           "datatypes";
  const auto first = j.begin();
  const std::string& key = first.key();
  const json& val = first.value();
  value_type t;
  if (!parse_type_name(key, t))
    return "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes";
  out = attribute_value{};
  out.type = t;
  switch (t) {
    case value_type::s:
      if (!val.is_string()) return "STRING_VALUE can not be converted to a String";
      out.scalar = val.get<std::string>();
      return {};
    case value_type::n:
      if (auto err = number_message(val); !err.empty()) return err;
      out.scalar = *canonical_number(val.get_ref<const std::string&>());
      return {};
    case value_type::b:
      if (!val.is_string() || !base64_decode(val.get_ref<const std::string&>(), out.scalar))
        return "only base-64-encoded strings are convertible to bytes";
      return {};
    case value_type::boolean:
      if (!val.is_boolean()) return "Unexpected value type in payload";
      out.flag = val.get<bool>();
      return {};
    case value_type::null:
      if (!val.is_boolean() || !val.get<bool>())
        return "One or more parameter values were invalid: Null attribute value types must have the value of true";
      return {};
    case value_type::l:
      if (!val.is_array()) return "Start of structure or map found where not expected";
      for (const auto& e : val) {
        out.list().emplace_back();
        if (auto err = decode(e, out.list().back()); !err.empty()) return err;
      }
      return {};
    case value_type::m:
      return decode(val, out.map());
    default: {
      std::vector<std::string> members;
      if (auto err = set_members(val, t, members); !err.empty()) return err;
      out = attribute_value::make_set(t, std::move(members));
      return {};
    }
  }
}

std::string decode(const json& j, item& out) {
  out.clear();
  if (!j.is_object()) return "Start of structure or map found where not expected";
  for (const auto& [k, v] : j.items()) {
    attribute_value value;
    if (auto err = decode(v, value); !err.empty()) return err;
    out.emplace(k, std::move(value));
  }
  return {};
}

}  // namespace slsim::store::wire
