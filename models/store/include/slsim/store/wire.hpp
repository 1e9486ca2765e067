#pragma once
// The DynamoDB JSON 1.0 wire codec: attribute values ({"S": "x"}, {"N": "1"},
// {"B": base64}, ...), requests and responses of PutItem, UpdateItem, DeleteItem,
// GetItem, Query and TransactWriteItems with their wire field names, and errors in
// the wire shape {"__type": "...#ConditionalCheckFailedException", "message": ...}.
// Used by the differential tests and by the live backend.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "slsim/sim/time.hpp"
#include "slsim/store/errors.hpp"
#include "slsim/store/requests.hpp"

namespace slsim::store {
class store_core;
}

namespace slsim::store::wire {

using json = nlohmann::json;

/// Standard base64 (RFC 4648) with padding.
std::string base64_encode(std::string_view bytes);
/// Decodes standard base64; false if malformed.
bool base64_decode(std::string_view text, std::string& out);

/// Encodes a value / an item in DynamoDB JSON.
json encode(const attribute_value& v);
json encode(const item& it);
/// Decodes a value / an item; returns "" or DynamoDB's ValidationException message.
std::string decode(const json& j, attribute_value& out);
std::string decode(const json& j, item& out);

/// Request codecs: decode returns "" or a ValidationException message.
json encode(const put_request& r);
json encode(const update_request& r);
json encode(const delete_request& r);
json encode(const get_request& r);
json encode(const query_request& r);
json encode(const transact_write_request& r);
std::string decode(const json& j, put_request& r);
std::string decode(const json& j, update_request& r);
std::string decode(const json& j, delete_request& r);
std::string decode(const json& j, get_request& r);
std::string decode(const json& j, query_request& r);
std::string decode(const json& j, transact_write_request& r);

/// An HTTP answer of the JSON 1.0 protocol.
struct http_response {
  int status = 200;
  json body = json::object();
};

/// The response of `operation` ("PutItem", "GetItem", ...) for a result: 200 with
/// Attributes/Item/Items, or 4xx/5xx with __type and message (and Item or
/// CancellationReasons when present).
http_response encode_result(std::string_view operation, const store_result& r);
/// Parses a wire response back into a result (for the live backend and tests).
store_result decode_result(std::string_view operation, const http_response& response);

/// Serves one JSON 1.0 request (`target` = "DynamoDB_20120810.PutItem" or the bare
/// operation name) against a core at virtual time `now`.
http_response handle(store_core& core, std::string_view target, const json& body, sim::time_ns now,
                     const call_context& who = {});

}  // namespace slsim::store::wire
