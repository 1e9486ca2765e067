// Request codecs of the DynamoDB JSON 1.0 protocol (wire field names as in the API
// reference). decode() returns DynamoDB's ValidationException message or "".
#include "slsim/store/wire.hpp"

namespace slsim::store::wire {
namespace {

constexpr std::string_view k_rv_enum = "[ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]";

std::string null_field(std::string_view field) {
  return "1 validation error detected: Value null at '" + std::string(field) +
         "' failed to satisfy constraint: Member must not be null";
}

std::string get_string(const json& j, const char* key, std::optional<std::string>& out) {
  out.reset();
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return {};
  if (!it->is_string()) return std::string("STRING_VALUE can not be converted to a String for ") + key;
  out = it->get<std::string>();
  return {};
}

std::string get_table(const json& j, std::string& out) {
  auto it = j.find("TableName");
  if (it == j.end() || !it->is_string()) return null_field("tableName");
  out = it->get<std::string>();
  return {};
}

std::string get_expr(const json& j, expression_args& out) {
  out = {};
  if (auto it = j.find("ExpressionAttributeNames"); it != j.end() && !it->is_null()) {
    if (!it->is_object()) return "Start of structure or map found where not expected";
    out.names.emplace();
    for (const auto& [k, v] : it->items()) {
      if (!v.is_string()) return "STRING_VALUE can not be converted to a String";
      out.names->emplace(k, v.get<std::string>());
    }
  }
  if (auto it = j.find("ExpressionAttributeValues"); it != j.end() && !it->is_null()) {
    if (!it->is_object()) return "Start of structure or map found where not expected";
    out.values.emplace();
    for (const auto& [k, v] : it->items()) {
      attribute_value value;
      if (auto err = decode(v, value); !err.empty())
        return "ExpressionAttributeValues contains invalid value: " + err + " for key " + k;
      out.values->emplace(k, std::move(value));
    }
  }
  return {};
}

std::string get_return_values(const json& j, return_values& out) {
  out = return_values::none;
  auto it = j.find("ReturnValues");
  if (it == j.end() || it->is_null()) return {};
  const auto s = it->is_string() ? it->get<std::string>() : it->dump();
  if (s == "NONE")
    out = return_values::none;
  else if (s == "ALL_OLD")
    out = return_values::all_old;
  else if (s == "UPDATED_OLD")
    out = return_values::updated_old;
  else if (s == "ALL_NEW")
    out = return_values::all_new;
  else if (s == "UPDATED_NEW")
    out = return_values::updated_new;
  else
    return "1 validation error detected: Value '" + s +
           "' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: " +
           std::string(k_rv_enum);
  return {};
}

std::string get_rvoccf(const json& j, bool& out) {
  out = false;
  auto it = j.find("ReturnValuesOnConditionCheckFailure");
  if (it == j.end() || it->is_null()) return {};
  const auto s = it->is_string() ? it->get<std::string>() : it->dump();
  if (s != "ALL_OLD" && s != "NONE")
    return "1 validation error detected: Value '" + s +
           "' at 'returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must satisfy enum value "
           "set: [ALL_OLD, NONE]";
  out = s == "ALL_OLD";
  return {};
}

std::string get_item(const json& j, const char* key, const char* field, item& out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return null_field(field);
  return decode(*it, out);
}

std::string rv_name(return_values rv) {
  switch (rv) {
    case return_values::all_old:
      return "ALL_OLD";
    case return_values::updated_old:
      return "UPDATED_OLD";
    case return_values::all_new:
      return "ALL_NEW";
    case return_values::updated_new:
      return "UPDATED_NEW";
    default:
      return "NONE";
  }
}

void put_expr(json& j, const std::optional<std::string>& condition, const expression_args& e) {
  if (condition) j["ConditionExpression"] = *condition;
  if (e.names) j["ExpressionAttributeNames"] = *e.names;
  if (e.values) {
    json v = json::object();
    for (const auto& [k, x] : *e.values) v[k] = encode(x);
    j["ExpressionAttributeValues"] = std::move(v);
  }
}

// Decodes the common single-item write fields (all but the item/key and UpdateExpression).
template <class Req>
std::string get_write_common(const json& j, Req& r) {
  if (auto err = get_table(j, r.table); !err.empty()) return err;
  if (auto err = get_string(j, "ConditionExpression", r.condition); !err.empty()) return err;
  if (auto err = get_expr(j, r.expr); !err.empty()) return err;
  if (auto err = get_return_values(j, r.return_values); !err.empty()) return err;
  return get_rvoccf(j, r.return_old_on_condition_failure);
}

template <class Req>
void put_write_common(json& j, const Req& r) {
  j["TableName"] = r.table;
  put_expr(j, r.condition, r.expr);
  if (r.return_values != return_values::none) j["ReturnValues"] = rv_name(r.return_values);
  if (r.return_old_on_condition_failure) j["ReturnValuesOnConditionCheckFailure"] = "ALL_OLD";
}

}  // namespace

std::string decode(const json& j, put_request& r) {
  if (!j.is_object()) return "Start of structure or map found where not expected";
  if (auto err = get_item(j, "Item", "item", r.item); !err.empty()) return err;
  return get_write_common(j, r);
}

std::string decode(const json& j, update_request& r) {
  if (!j.is_object()) return "Start of structure or map found where not expected";
  if (auto err = get_item(j, "Key", "key", r.key); !err.empty()) return err;
  if (auto err = get_string(j, "UpdateExpression", r.update); !err.empty()) return err;
  return get_write_common(j, r);
}

std::string decode(const json& j, delete_request& r) {
  if (!j.is_object()) return "Start of structure or map found where not expected";
  if (auto err = get_item(j, "Key", "key", r.key); !err.empty()) return err;
  return get_write_common(j, r);
}

std::string decode(const json& j, get_request& r) {
  if (!j.is_object()) return "Start of structure or map found where not expected";
  if (auto err = get_table(j, r.table); !err.empty()) return err;
  if (auto err = get_item(j, "Key", "key", r.key); !err.empty()) return err;
  r.consistent_read = j.value("ConsistentRead", false);
  return {};
}

std::string decode(const json& j, query_request& r) {
  if (!j.is_object()) return "Start of structure or map found where not expected";
  if (auto err = get_table(j, r.table); !err.empty()) return err;
  std::optional<std::string> kce;
  if (auto err = get_string(j, "KeyConditionExpression", kce); !err.empty()) return err;
  if (!kce) return "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.";
  r.key_condition = *kce;
  if (auto err = get_expr(j, r.expr); !err.empty()) return err;
  r.scan_index_forward = j.value("ScanIndexForward", true);
  r.consistent_read = j.value("ConsistentRead", false);
  if (auto it = j.find("Limit"); it != j.end() && it->is_number_integer()) {
    if (it->get<long long>() < 1)
      return "1 validation error detected: Value '" + it->dump() +
             "' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1";
    r.limit = static_cast<std::uint32_t>(it->get<long long>());
  }
  return {};
}

std::string decode(const json& j, transact_write_request& r) {
  if (!j.is_object()) return "Start of structure or map found where not expected";
  r = {};
  auto items = j.find("TransactItems");
  if (items == j.end() || !items->is_array()) return null_field("transactItems");
  if (std::optional<std::string> token; get_string(j, "ClientRequestToken", token).empty())
    r.client_request_token = token;
  for (const auto& entry : *items) {
    transact_action a;
    static constexpr std::array<std::pair<const char*, transact_action::action_kind>, 4> k_kinds{
        {{"Put", transact_action::action_kind::put},
         {"Update", transact_action::action_kind::update},
         {"Delete", transact_action::action_kind::del},
         {"ConditionCheck", transact_action::action_kind::condition_check}}};
    const json* body = nullptr;
    for (const auto& [name, kind] : k_kinds) {
      if (auto it = entry.find(name); it != entry.end()) {
        if (body) return "TransactItems can only contain one of Check, Put, Update or Delete";
        body = &*it;
        a.kind = kind;
      }
    }
    if (!body) return "TransactItems can only contain one of Check, Put, Update or Delete";
    const bool put = a.kind == transact_action::action_kind::put;
    if (auto err = get_item(*body, put ? "Item" : "Key", put ? "item" : "key", a.item); !err.empty()) return err;
    if (auto err = get_table(*body, a.table); !err.empty()) return err;
    if (auto err = get_string(*body, "UpdateExpression", a.update); !err.empty()) return err;
    if (auto err = get_string(*body, "ConditionExpression", a.condition); !err.empty()) return err;
    if (auto err = get_expr(*body, a.expr); !err.empty()) return err;
    if (auto err = get_rvoccf(*body, a.return_old_on_condition_failure); !err.empty()) return err;
    r.actions.push_back(std::move(a));
  }
  return {};
}

json encode(const put_request& r) {
  json j = {{"Item", encode(r.item)}};
  put_write_common(j, r);
  return j;
}

json encode(const update_request& r) {
  json j = {{"Key", encode(r.key)}};
  if (r.update) j["UpdateExpression"] = *r.update;
  put_write_common(j, r);
  return j;
}

json encode(const delete_request& r) {
  json j = {{"Key", encode(r.key)}};
  put_write_common(j, r);
  return j;
}

json encode(const get_request& r) {
  return {{"TableName", r.table}, {"Key", encode(r.key)}, {"ConsistentRead", r.consistent_read}};
}

json encode(const query_request& r) {
  json j = {{"TableName", r.table}, {"KeyConditionExpression", r.key_condition}};
  put_expr(j, std::nullopt, r.expr);
  if (!r.scan_index_forward) j["ScanIndexForward"] = false;
  if (r.limit) j["Limit"] = *r.limit;
  if (r.consistent_read) j["ConsistentRead"] = true;
  return j;
}

json encode(const transact_write_request& r) {
  json items = json::array();
  for (const auto& a : r.actions) {
    json body = {{"TableName", a.table}};
    body[a.kind == transact_action::action_kind::put ? "Item" : "Key"] = encode(a.item);
    if (a.update) body["UpdateExpression"] = *a.update;
    put_expr(body, a.condition, a.expr);
    if (a.return_old_on_condition_failure) body["ReturnValuesOnConditionCheckFailure"] = "ALL_OLD";
    static constexpr std::array<const char*, 4> k_names{"Put", "Update", "Delete", "ConditionCheck"};
    items.push_back({{k_names[static_cast<std::size_t>(a.kind)], std::move(body)}});
  }
  json j = {{"TransactItems", std::move(items)}};
  if (r.client_request_token) j["ClientRequestToken"] = *r.client_request_token;
  return j;
}

}  // namespace slsim::store::wire
