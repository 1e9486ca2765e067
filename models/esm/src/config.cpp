// esm_config: validation (L2, L3, L6, L10, L15, MD7, MD14, MD15) and the scenario JSON codec.
#include "slsim/esm/config.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "slsim/models/json_input.hpp"
#include "slsim/queue/config.hpp"
#include "slsim/runtime/config.hpp"
#include "slsim/runtime/detail/json_fields.hpp"

namespace slsim::esm {

using runtime::detail::read_field;

namespace {

void validate_filters(const std::vector<std::string>& patterns, models::validator& v) {
  // L15: at most 5 filters, ORed; each a JSON object over the record's `body`.
  v.check_range("esm.filter_patterns.size", static_cast<long long>(patterns.size()), 0, 5, "L15");
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    const auto j = models::parse_or_discarded(patterns[i], models::k_document_limits);
    const std::string path = "esm.filter_patterns[" + std::to_string(i) + "]";
    if (j.is_discarded() || !j.is_object()) {
      v.add(path, patterns[i], "a JSON object pattern", "L15");
    } else if (!j.empty() && (j.size() != 1 || !j.contains("body"))) {
      v.add(path, patterns[i], "a pattern on \"body\" only (SQS)", "L15");
    }
  }
}

}  // namespace

int esm_config::concurrency_ceiling() const noexcept {
  return maximum_concurrency ? std::min(scaling.max_concurrency, *maximum_concurrency) : scaling.max_concurrency;
}

std::vector<models::violation> esm_config::validate() const {
  models::validator v;
  v.check_range("esm.batch_size", batch_size, 1, 10000, "L2");
  v.check_range("esm.maximum_batching_window_s", maximum_batching_window_s, 0, 300, "L3");
  // L2: a batch size above 10 needs a batching window of at least 1 s.
  if (batch_size > 10 && maximum_batching_window_s < 1)
    v.add("esm.maximum_batching_window_s", std::to_string(maximum_batching_window_s), ">= 1 when batch_size > 10",
          "L2");
  if (maximum_concurrency) v.check_range("esm.maximum_concurrency", *maximum_concurrency, 2, 1000, "L10");
  v.check_range("esm.scaling.initial_concurrency", scaling.initial_concurrency, 1, 20000, "MD7");
  v.check_range("esm.scaling.scale_up_per_minute", scaling.scale_up_per_minute, 0, 100000, "MD7");
  v.check_range("esm.scaling.max_concurrency", scaling.max_concurrency, 1, 20000, "MD7");
  v.check_range("esm.scaling.scale_down_idle_s", scaling.scale_down_idle_s, 1, 86400, "MD7");
  v.check_range("esm.scaling.idle_concurrency", scaling.idle_concurrency, 1, 20000, "L8");
  v.check_range("esm.throttle_backoff_initial_ms", throttle_backoff_initial_ms, 1, 3'600'000, "MD14");
  v.check_range("esm.throttle_backoff_max_ms", throttle_backoff_max_ms, throttle_backoff_initial_ms, 3'600'000, "MD14");
  // MD15: Lambda's pollers always long-poll. 0 would be short polling (S4), which they never
  // do; in virtual time a poller short-polling an empty queue would spin without time passing.
  if (receive_wait_time_s < 1 || receive_wait_time_s > 20)
    v.add("esm.receive_wait_time_s", std::to_string(receive_wait_time_s),
          "1..20 (Lambda's pollers long-poll; 0 = short polling, which they never use)", "MD15, S4");
  v.check_range("esm.receive_max_messages", receive_max_messages, 1, 10, "MD15");
  v.check_range("esm.payload_limit_bytes", payload_limit_bytes, 1024, 6 * 1024 * 1024, "L4");
  validate_filters(filter_patterns, v);
  // MD16: hop and call latencies, each below the 15-minute function timeout (L5).
  latency.invoke.validate("esm.latency.invoke", "MD16", 900'000, v);
  latency.invoke_fifo.validate("esm.latency.invoke_fifo", "MD16", 900'000, v);
  latency.delete_call.validate("esm.latency.delete_call", "MD16", 900'000, v);
  if (provisioned_mode) {
    v.check_range("esm.provisioned_mode.minimum_pollers", provisioned_mode->minimum_pollers, 2, 200, "L12");
    v.check_range("esm.provisioned_mode.maximum_pollers", provisioned_mode->maximum_pollers,
                  std::max(2, provisioned_mode->minimum_pollers), 2000, "L12");
    // L10: MaximumConcurrency cannot be combined with provisioned mode.
    if (maximum_concurrency)
      v.add("esm.maximum_concurrency", std::to_string(*maximum_concurrency), "unset with provisioned_mode", "L10");
  }
  return v.violations();
}

std::vector<models::violation> esm_config::validate(const queue::queue_config& queue,
                                                    const runtime::function_config& function) const {
  std::vector<models::violation> out = validate();
  models::validator v;
  if (queue.type == queue::queue_type::fifo) {
    v.check_range("esm.batch_size", batch_size, 1, 10, "L2");  // FIFO: at most 10
    // L3: the batching window applies to standard queues only.
    if (maximum_batching_window_s != 0)
      v.add("esm.maximum_batching_window_s", std::to_string(maximum_batching_window_s), "0 for a FIFO queue", "L3");
  }
  // L6: creating the mapping is rejected when the function may outlive the visibility timeout.
  if (function.timeout_s > queue.visibility_timeout_s)
    v.add("function.timeout_s", std::to_string(function.timeout_s),
          "<= queue.visibility_timeout_s (" + std::to_string(queue.visibility_timeout_s) + ")", "L6");
  out.insert(out.end(), v.violations().begin(), v.violations().end());
  return out;
}

void to_json(nlohmann::json& j, const provisioned_poller_config& c) {
  j = nlohmann::json{{"minimum_pollers", c.minimum_pollers}, {"maximum_pollers", c.maximum_pollers}};
}

void from_json(const nlohmann::json& j, provisioned_poller_config& c) {
  read_field(j, "minimum_pollers", c.minimum_pollers);
  read_field(j, "maximum_pollers", c.maximum_pollers);
}

void to_json(nlohmann::json& j, const latency_config& c) {
  j = nlohmann::json{{"invoke", c.invoke}, {"invoke_fifo", c.invoke_fifo}, {"delete_call", c.delete_call}};
}

void from_json(const nlohmann::json& j, latency_config& c) {
  read_field(j, "invoke", c.invoke);
  read_field(j, "invoke_fifo", c.invoke_fifo);
  read_field(j, "delete_call", c.delete_call);
}

void to_json(nlohmann::json& j, const scaling_config& c) {
  j = nlohmann::json{{"initial_concurrency", c.initial_concurrency},
                     {"scale_up_per_minute", c.scale_up_per_minute},
                     {"max_concurrency", c.max_concurrency},
                     {"scale_down_idle_s", c.scale_down_idle_s},
                     {"idle_concurrency", c.idle_concurrency}};
}

void from_json(const nlohmann::json& j, scaling_config& c) {
  read_field(j, "initial_concurrency", c.initial_concurrency);
  read_field(j, "scale_up_per_minute", c.scale_up_per_minute);
  read_field(j, "max_concurrency", c.max_concurrency);
  read_field(j, "scale_down_idle_s", c.scale_down_idle_s);
  read_field(j, "idle_concurrency", c.idle_concurrency);
}

void to_json(nlohmann::json& j, const esm_config& c) {
  j = nlohmann::json{{"batch_size", c.batch_size},
                     {"maximum_batching_window_s", c.maximum_batching_window_s},
                     {"report_batch_item_failures", c.report_batch_item_failures},
                     {"maximum_concurrency", nullptr},
                     {"scaling", c.scaling},
                     {"low_traffic_wait_20s", c.low_traffic_wait_20s},
                     {"extend_visibility", c.extend_visibility},
                     {"throttle_backoff_initial_ms", c.throttle_backoff_initial_ms},
                     {"throttle_backoff_max_ms", c.throttle_backoff_max_ms},
                     {"receive_wait_time_s", c.receive_wait_time_s},
                     {"receive_max_messages", c.receive_max_messages},
                     {"payload_limit_bytes", c.payload_limit_bytes},
                     {"filter_patterns", c.filter_patterns},
                     {"provisioned_mode", nullptr},
                     {"latency", c.latency}};
  if (c.maximum_concurrency) j["maximum_concurrency"] = *c.maximum_concurrency;
  if (c.provisioned_mode) j["provisioned_mode"] = *c.provisioned_mode;
}

void from_json(const nlohmann::json& j, esm_config& c) {
  read_field(j, "batch_size", c.batch_size);
  read_field(j, "maximum_batching_window_s", c.maximum_batching_window_s);
  read_field(j, "report_batch_item_failures", c.report_batch_item_failures);
  if (const auto it = j.find("function_response_types"); it != j.end()) {
    const auto types = it->get<std::vector<std::string>>();
    c.report_batch_item_failures = std::find(types.begin(), types.end(), "ReportBatchItemFailures") != types.end();
  }
  read_field(j, "maximum_concurrency", c.maximum_concurrency);
  read_field(j, "scaling", c.scaling);
  read_field(j, "low_traffic_wait_20s", c.low_traffic_wait_20s);
  read_field(j, "extend_visibility", c.extend_visibility);
  read_field(j, "throttle_backoff_initial_ms", c.throttle_backoff_initial_ms);
  read_field(j, "throttle_backoff_max_ms", c.throttle_backoff_max_ms);
  read_field(j, "receive_wait_time_s", c.receive_wait_time_s);
  read_field(j, "receive_max_messages", c.receive_max_messages);
  read_field(j, "payload_limit_bytes", c.payload_limit_bytes);
  read_field(j, "filter_patterns", c.filter_patterns);
  read_field(j, "provisioned_mode", c.provisioned_mode);
  read_field(j, "latency", c.latency);
}

}  // namespace slsim::esm
