// The L13 judge: reads a handler's result as the event source mapping does (L1, L13, P5).
#include "slsim/runtime/judge.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "slsim/models/json_input.hpp"
#include "slsim/runtime/invoke_outcome.hpp"

namespace slsim {

void to_json(nlohmann::json& j, const batch_response& r) {
  j = nlohmann::json{{"batchItemFailures", nlohmann::json::array()}};
  for (const auto& f : r.batch_item_failures) j["batchItemFailures"].push_back({{"itemIdentifier", f.item_identifier}});
}

void from_json(const nlohmann::json& j, batch_response& r) {
  r.batch_item_failures.clear();
  const auto it = j.find("batchItemFailures");
  if (it == j.end() || it->is_null()) return;
  for (const auto& entry : *it) r.batch_item_failures.push_back({entry.at("itemIdentifier").get<std::string>()});
}

namespace runtime {
namespace {

batch_verdict success() { return {}; }

batch_verdict failure(std::string reason) {
  return {.kind = verdict_kind::complete_failure, .failed_ids = {}, .reason = std::move(reason)};
}

/// Collects the listed ids in batch order; any id outside the batch fails the whole batch.
template <class Ids>
batch_verdict partial(const Ids& listed, std::span<const std::string> batch_ids) {
  batch_verdict v{.kind = verdict_kind::partial_failure};
  for (const std::string& id : listed) {
    if (std::find(batch_ids.begin(), batch_ids.end(), id) == batch_ids.end())
      return failure("itemIdentifier \"" + id + "\" is not a messageId of this batch");
  }
  for (const std::string& id : batch_ids)
    if (std::find(listed.begin(), listed.end(), id) != listed.end()) v.failed_ids.push_back(id);
  return v.failed_ids.empty() ? success() : v;
}

batch_verdict judge_typed(const batch_response& r, std::span<const std::string> batch_ids) {
  std::vector<std::string> listed;
  listed.reserve(r.batch_item_failures.size());
  for (const auto& f : r.batch_item_failures) {
    if (f.item_identifier.empty()) return failure("empty itemIdentifier");
    listed.push_back(f.item_identifier);
  }
  return partial(listed, batch_ids);
}

batch_verdict judge_json(const nlohmann::json& j, std::span<const std::string> batch_ids) {
  // null, a non-object, {} and a misspelled top-level key carry no failure list: success.
  if (!j.is_object()) return success();
  const auto list = j.find("batchItemFailures");
  if (list == j.end() || list->is_null()) return success();
  if (!list->is_array()) return failure("batchItemFailures is not a list");
  std::vector<std::string> listed;
  for (const auto& entry : *list) {
    if (!entry.is_object()) return failure("a batchItemFailures entry is not an object");
    const auto id = entry.find("itemIdentifier");
    if (id == entry.end()) return failure("a batchItemFailures entry has no itemIdentifier key");
    if (id->is_null()) return failure("null itemIdentifier");
    if (!id->is_string()) return failure("itemIdentifier is not a string");
    if (id->get_ref<const std::string&>().empty()) return failure("empty itemIdentifier");
    listed.push_back(id->get<std::string>());
  }
  return partial(listed, batch_ids);
}

}  // namespace

bool batch_verdict::failed(std::string_view id) const {
  if (kind == verdict_kind::complete_failure) return true;
  return std::find(failed_ids.begin(), failed_ids.end(), id) != failed_ids.end();
}

batch_verdict judge_response(const invocation_output& output, std::span<const std::string> batch_ids,
                             bool report_batch_item_failures) {
  // L13/P5: without ReportBatchItemFailures the body is ignored and every message is deleted.
  if (!report_batch_item_failures) return success();
  if (const auto* typed = std::get_if<batch_response>(&output)) return judge_typed(*typed, batch_ids);
  if (const auto* raw = std::get_if<raw_payload>(&output)) return judge_response(raw->json, batch_ids, true);
  return success();  // void / null response
}

batch_verdict judge_response(std::string_view raw_json, std::span<const std::string> batch_ids,
                             bool report_batch_item_failures) {
  if (!report_batch_item_failures) return success();
  if (raw_json.find_first_not_of(" \t\r\n") == std::string_view::npos) return success();  // empty payload = null
  const nlohmann::json j = models::parse_or_discarded(raw_json);
  if (j.is_discarded()) return failure("response is not valid JSON");
  return judge_json(j, batch_ids);
}

batch_verdict judge_invocation(const invoke_outcome& outcome, std::span<const std::string> batch_ids,
                               bool report_batch_item_failures) {
  // L1/L13: an error, timeout, crash or throttle returns the whole batch to the queue.
  if (!outcome.ok()) return failure(std::string("invocation ") + to_string(outcome.status));
  return judge_response(outcome.output, batch_ids, report_batch_item_failures);
}

}  // namespace runtime
}  // namespace slsim
