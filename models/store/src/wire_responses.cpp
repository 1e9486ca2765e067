// Response and error shapes of the DynamoDB JSON 1.0 protocol, and a dispatcher
// that serves wire requests from a store_core.
#include "slsim/store/store_core.hpp"
#include "slsim/store/wire.hpp"

namespace slsim::store::wire {
namespace {

http_response validation(const std::string& message) {
  return {400, {{"__type", wire_error_type(store_errc::validation)}, {"message", message}}};
}

template <class Req>
http_response serve(const json& body, sim::time_ns now, const call_context& who, std::string_view op,
                    store_result (store_core::*fn)(const Req&, sim::time_ns, const call_context&), store_core& core) {
  Req r;
  if (auto err = decode(body, r); !err.empty()) return validation(err);
  return encode_result(op, (core.*fn)(r, now, who));
}

}  // namespace

http_response encode_result(std::string_view operation, const store_result& r) {
  http_response out;
  if (r.error) {
    const auto code = static_cast<store_errc>(r.error.value());
    out.status = code == store_errc::internal_error ? 500 : 400;
    out.body = {{"__type", wire_error_type(code)}, {"message", r.message}};
    if (r.attributes && code == store_errc::conditional_check_failed) out.body["Item"] = encode(*r.attributes);  // D2
    if (!r.reasons.empty()) {  // D5: in request order, "None" as a literal string
      json reasons = json::array();
      for (const auto& reason : r.reasons) {
        json x = {{"Code", reason.code}};
        if (!reason.message.empty()) x["Message"] = reason.message;
        if (reason.old_item) x["Item"] = encode(*reason.old_item);
        reasons.push_back(std::move(x));
      }
      out.body["CancellationReasons"] = std::move(reasons);
    }
    return out;
  }
  if (operation == "GetItem") {
    if (r.attributes) out.body["Item"] = encode(*r.attributes);
  } else if (operation == "Query") {
    json items = json::array();
    for (const auto& it : r.items) items.push_back(encode(it));
    out.body["Count"] = r.items.size();
    out.body["ScannedCount"] = r.items.size();
    out.body["Items"] = std::move(items);
  } else if (r.attributes) {
    out.body["Attributes"] = encode(*r.attributes);
  }
  return out;
}

store_result decode_result(std::string_view operation, const http_response& response) {
  store_result r;
  const auto& b = response.body;
  if (response.status != 200) {
    const auto type = b.is_object() ? b.value("__type", std::string("InternalServerError")) : "InternalServerError";
    r.error = make_error_code(response.status >= 500 ? store_errc::internal_error : errc_from_wire(type));
    if (b.is_object()) r.message = b.value("message", b.value("Message", std::string()));
    if (b.is_object() && b.contains("Item")) {
      item it;
      if (decode(b["Item"], it).empty()) r.attributes = std::move(it);
    }
    if (b.is_object() && b.contains("CancellationReasons")) {
      for (const auto& x : b["CancellationReasons"]) {
        cancellation_reason reason;
        reason.code = x.value("Code", std::string("None"));
        reason.message = x.value("Message", std::string());
        if (x.contains("Item")) {
          item it;
          if (decode(x["Item"], it).empty()) reason.old_item = std::move(it);
        }
        r.reasons.push_back(std::move(reason));
      }
    }
    return r;
  }
  const char* key = operation == "GetItem" ? "Item" : "Attributes";
  if (b.is_object() && b.contains(key)) {
    item it;
    if (decode(b[key], it).empty()) r.attributes = std::move(it);
  }
  if (b.is_object() && b.contains("Items")) {
    for (const auto& x : b["Items"]) {
      item it;
      if (decode(x, it).empty()) r.items.push_back(std::move(it));
    }
  }
  return r;
}

http_response handle(store_core& core, std::string_view target, const json& body, sim::time_ns now,
                     const call_context& who) {
  if (auto dot = target.find('.'); dot != std::string_view::npos) target = target.substr(dot + 1);
  if (target == "PutItem") return serve<put_request>(body, now, who, target, &store_core::put_item, core);
  if (target == "UpdateItem") return serve<update_request>(body, now, who, target, &store_core::update_item, core);
  if (target == "DeleteItem") return serve<delete_request>(body, now, who, target, &store_core::delete_item, core);
  if (target == "TransactWriteItems")
    return serve<transact_write_request>(body, now, who, target, &store_core::transact_write_items, core);
  if (target == "GetItem") {
    get_request r;
    if (auto err = decode(body, r); !err.empty()) return validation(err);
    return encode_result(target, core.get_item(r, now));
  }
  if (target == "Query") {
    query_request r;
    if (auto err = decode(body, r); !err.empty()) return validation(err);
    return encode_result(target, core.query(r, now));
  }
  return {400, {{"__type", "com.amazon.coral.service#UnknownOperationException"}, {"message", ""}}};
}

}  // namespace slsim::store::wire
