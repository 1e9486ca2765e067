// G6: a client that retries by rebuilding its request — an app re-running its send code, an
// outbox replaying a row — serialises a new body: non-semantic fields change (a timestamp,
// a nonce) and the key order may differ, while the requestId stays. A key derived from a
// hash of the body then differs between the two messages of one request.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "slsim/gateway/clients.hpp"

namespace slsim::gateway {

std::string reserialise_body(std::string_view body, std::int64_t sent_at_epoch_ms, sim::rng& random, bool add_fields) {
  const auto document = nlohmann::json::parse(body, nullptr, false);
  if (!document.is_object()) return std::string(body);
  std::vector<std::pair<std::string, std::string>> fields;
  fields.reserve(document.size() + 2);
  for (const auto& [key, value] : document.items())
    if (!add_fields || (key != "sentAt" && key != "nonce")) fields.emplace_back(key, value.dump());
  if (add_fields) {
    fields.emplace_back("sentAt", std::to_string(sent_at_epoch_ms));
    fields.emplace_back("nonce", fmt::format("\"{:016x}\"", random.next_u64()));
  }
  for (std::size_t i = fields.size(); i > 1; --i)  // Fisher-Yates: another key order
    std::swap(fields[i - 1], fields[static_cast<std::size_t>(random.uniform_int(0, static_cast<std::int64_t>(i) - 1))]);
  std::string out = "{";
  for (const auto& [key, value] : fields) {
    if (out.size() > 1) out += ',';
    out += nlohmann::json(key).dump();
    out += ':';
    out += value;
  }
  out += '}';
  return out;
}

}  // namespace slsim::gateway
