// G6: a client that retries by rebuilding its request — an app re-running its send code, an
// outbox replaying a row — serialises a new body: non-semantic fields change (a timestamp,
// a nonce) and the key order may differ, while the requestId stays. A key derived from a
// hash of the body then differs between the two messages of one request.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "long_strings.hpp"
#include "slsim/gateway/clients.hpp"

namespace slsim::gateway {

namespace {
// The top-level fields of `body` as (key, serialised value), in the document's key order;
// nullopt when `body` is not a JSON object. A body of megabytes (G7) is one long string:
// it is parsed through a compact copy (detail::compact_long_strings) and each long string
// at the top level is put back verbatim, which is what serialising it gives (printable
// ASCII without escapes serialises as itself).
std::optional<std::vector<std::pair<std::string, std::string>>> top_level_fields(std::string_view body) {
  std::vector<std::string_view> runs;
  const auto compact = detail::compact_long_strings(body, &runs);
  const auto document = nlohmann::json::parse(compact ? std::string_view(*compact) : body, nullptr, false);
  if (!document.is_object()) return std::nullopt;
  std::vector<std::pair<std::string, std::string>> fields;
  fields.reserve(document.size() + 2);
  std::size_t restored = 0;
  for (const auto& [key, value] : document.items()) {
    const auto run =
        compact && value.is_string() ? detail::compacted_run(value.get_ref<const std::string&>()) : std::nullopt;
    if (run && *run < runs.size()) {
      fields.emplace_back(key, "\"" + std::string(runs[*run]) + "\"");
      ++restored;
    } else {
      fields.emplace_back(key, value.dump());
    }
  }
  if (restored == runs.size()) return fields;
  // A long string below the top level (or a duplicate key's dropped value): the full parse.
  const auto full = nlohmann::json::parse(body, nullptr, false);
  fields.clear();
  for (const auto& [key, value] : full.items()) fields.emplace_back(key, value.dump());
  return fields;
}
}  // namespace

std::string reserialise_body(std::string_view body, std::int64_t sent_at_epoch_ms, sim::rng& random, bool add_fields) {
  auto all = top_level_fields(body);
  if (!all) return std::string(body);
  std::vector<std::pair<std::string, std::string>> fields;
  fields.reserve(all->size() + 2);
  for (auto& [key, value] : *all)
    if (!add_fields || (key != "sentAt" && key != "nonce")) fields.emplace_back(std::move(key), std::move(value));
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
