#include "slsim/faults/injector.hpp"

#include <algorithm>
#include <string>

#include "slsim/gateway/request.hpp"

namespace slsim::faults {
namespace {
constexpr sim::event_kind k_fired{"fault", "fired", {"fault", "nth", "invocation"}, "kind"};

sim::time_ns seconds_of(double s) { return static_cast<sim::time_ns>(s * 1e9); }
}  // namespace

void injector::record(pipeline::world& w, std::size_t index, std::uint64_t invocation) {
  fired_[index] = true;
  log_.push_back({index, w.ctx.now(), invocation});
  const fault& f = plan_.faults[index];
  w.ctx.emit({.kind = &k_fired, .ids = {index + 1, f.nth, invocation}, .value = static_cast<std::int64_t>(f.kind)});
}

std::vector<std::uint64_t> injector::faulted_invocations() const {
  std::vector<std::uint64_t> out;
  for (const auto& f : log_)
    if (f.invocation != 0) out.push_back(f.invocation);
  for (const auto i : affected_)
    if (i != 0) out.push_back(i);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool injector::resolve(pipeline::world& w, std::size_t index) {
  if (targets_[index].resolved) return true;
  // The clients' requests in creation order: each one is looked at once for every target.
  const auto& made = w.clients.requests();
  for (; requests_seen_ < made.size(); ++requests_seen_) {
    const auto& r = made[requests_seen_];
    for (std::size_t i = 0; i < plan_.faults.size(); ++i) {
      const auto& want = plan_.faults[i].request;
      if (!want || targets_[i].resolved || want->client != r.client || want->index != r.sequence) continue;
      targets_[i].resolved = true;
      targets_[i].client_request_id = r.request_id;
      targets_[i].request_id = gateway::format_request_id(r.request_id);
    }
  }
  return targets_[index].resolved;
}

bool injector::carries(pipeline::world& w, std::size_t index, const sqs_event& event) {
  if (!resolve(w, index)) return false;
  const auto delivery = std::to_string(plan_.faults[index].request->delivery);
  for (const auto& record : event.records) {
    if (record.attributes.approximate_receive_count != delivery) continue;
    const std::string* request = w.request_of_message(record.message_id);
    if (request && *request == targets_[index].request_id) return true;
  }
  return false;
}

void injector::scan_requests(pipeline::world& w) {
  const auto& made = w.clients.requests();
  for (; log_requests_seen_ < made.size(); ++log_requests_seen_) {
    const auto& r = made[log_requests_seen_];
    const request_target t{r.client, r.sequence, 1};
    log_by_number_.emplace(r.request_id, t);
    log_by_text_.emplace(gateway::format_request_id(r.request_id), t);
  }
}

std::optional<request_target> injector::request_of(pipeline::world& w, const std::string& request_id) {
  scan_requests(w);
  const auto it = log_by_text_.find(request_id);
  return it == log_by_text_.end() ? std::nullopt : std::optional(it->second);
}

std::optional<request_target> injector::request_of(pipeline::world& w, std::uint64_t client_request_id) {
  scan_requests(w);
  const auto it = log_by_number_.find(client_request_id);
  return it == log_by_number_.end() ? std::nullopt : std::optional(it->second);
}

// An invocation is addressed by each (request, delivery) its batch carries for the first
// time in the run: a keyed trigger fires at the first invocation carrying its key.
void injector::log_invocation(pipeline::world& w, std::uint64_t invocation, const sqs_event& event) {
  logged_invocation out{points_->next(w.ctx.trace_hash(), stopped_), invocation, {}};
  for (const auto& record : event.records) {
    const std::string* request = w.request_of_message(record.message_id);
    if (!request) continue;
    auto key = request_of(w, *request);
    std::uint32_t delivery = 0;
    for (const char ch : record.attributes.approximate_receive_count)
      if (ch >= '0' && ch <= '9') delivery = delivery * 10 + static_cast<std::uint32_t>(ch - '0');
    if (!key || delivery == 0) continue;
    key->delivery = delivery;
    if (log_keys_.emplace(key->client, key->index, key->delivery).second) out.keys.push_back(*key);
  }
  points_->invocations.push_back(std::move(out));
}

// Invocation triggers: crashes, recycles and delete failures as the invocation starts;
// keyed store-call faults learn which invocation carries their request.
std::optional<runtime::crash_point> injector::plan_invocation(pipeline::world& w, std::uint64_t invocation,
                                                              const sqs_event& event) {
  std::optional<runtime::crash_point> crash;
  if (points_) log_invocation(w, invocation, event);
  for (std::size_t i = 0; i < plan_.faults.size(); ++i) {
    const fault& f = plan_.faults[i];
    if (!armed(i)) continue;
    const bool invocation_kind = f.kind == fault_kind::handler_crash || f.kind == fault_kind::environment_recycle ||
                                 f.kind == fault_kind::delete_failure;
    if (f.request) {
      if (!invocation_kind) {
        const bool store_kind = f.kind != fault_kind::duplicate_delivery &&
                                f.kind != fault_kind::gateway_lost_response && f.kind != fault_kind::gateway_slow;
        // The first invocation carrying the request's delivery: the fault waits for its nth call.
        if (store_kind && targets_[i].invocation == 0 && carries(w, i, event)) {
          targets_[i].invocation = invocation;
          calls_.emplace(invocation, 0);
        }
        continue;
      }
      if (!carries(w, i, event)) continue;
    } else if (f.nth != invocation) {
      continue;
    }
    switch (f.kind) {
      case fault_kind::handler_crash:
        crash = f.point == 0 ? runtime::crash_point::before_return()
                : f.after    ? runtime::crash_point::after_call(f.point)
                             : runtime::crash_point::at(f.point);
        record(w, i, invocation);
        break;
      case fault_kind::environment_recycle:
        record(w, i, invocation);
        w.ctx.post([&w] { w.function.recycle_environments(); });
        break;
      case fault_kind::delete_failure:
        record(w, i, invocation);
        w.queues.inject_api_failure(w.config.queue.name, queue::api_call::delete_message,
                                    queue::queue_errc::internal_error);
        break;
      default:
        break;
    }
  }
  return crash;
}

// Store-call triggers: counted across all invocations (1-based), or keyed: the nth call of
// the invocation carrying the fault's request.
pipeline::world::store_call_fault injector::plan_store_call(pipeline::world& w, std::uint64_t call,
                                                            std::uint64_t invocation) {
  pipeline::world::store_call_fault out;
  std::uint32_t own_call = 0;  // this call's number within its invocation, when a keyed fault waits for it
  if (const auto it = calls_.find(invocation); it != calls_.end()) own_call = ++it->second;
  for (std::size_t i = 0; i < plan_.faults.size(); ++i) {
    const fault& f = plan_.faults[i];
    if (!armed(i)) continue;
    if (f.request ? targets_[i].invocation != invocation || f.nth != own_call || own_call == 0 : f.nth != call)
      continue;
    switch (f.kind) {
      case fault_kind::store_throttle:
        w.store.throttle_next(std::max(1u, f.count));
        break;
      case fault_kind::store_timeout_applied:
        w.store.timeout_next(1, true);
        break;
      case fault_kind::store_timeout_lost:
        w.store.timeout_next(1, false);
        break;
      case fault_kind::store_latency_spike:
        out.delay += seconds_of(f.seconds);
        break;
      case fault_kind::store_error:
        out.error = f.error == surfaced_error::throttling       ? store::store_errc::throttling
                    : f.error == surfaced_error::internal_error ? store::store_errc::internal_error
                                                                : store::store_errc::validation;
        break;
      default:
        continue;
    }
    record(w, i, invocation);
  }
  return out;
}

void injector::attach(pipeline::world& w) {
  if (plan_.buggify) {
    buggify_ = std::make_unique<buggify_sites>(w.ctx, w.random.stream("buggify"));
    w.buggify = [b = buggify_.get()](std::string_view site) { return b->fire(site); };
  }
  w.function.set_crash_planner(
      [this, &w](std::uint64_t invocation, const sqs_event& event) { return plan_invocation(w, invocation, event); });

  // Each call an injected throttle or timeout hits (a retry of another invocation's call
  // included) is credited to its own invocation: a burst spanning invocations N..N+4 is a
  // cause of each one's failure, not of N's only.
  w.store.set_injected_fault_observer([this](bool, std::uint64_t writer) {
    if (writer != 0) affected_.push_back(writer);
  });
  w.before_store_call = [this, &w](std::uint64_t call, std::uint64_t invocation) {
    return plan_store_call(w, call, invocation);
  };
  if (points_)
    w.on_store_call = [this, &w](std::uint64_t invocation, std::uint32_t await_point, bool write) {
      points_->calls.push_back(
          {points_->next(w.ctx.trace_hash(), stopped_), invocation, ++log_calls_[invocation], await_point, write});
    };

  // Message triggers: a duplicate copy after the delete (S1, MD4).
  bool keyed_sends = false, keyed_calls = false;
  for (const auto& f : plan_.faults) {
    keyed_sends |= f.request && f.kind == fault_kind::duplicate_delivery;
    keyed_calls |= f.request && (f.kind == fault_kind::gateway_lost_response || f.kind == fault_kind::gateway_slow);
  }
  w.after_send = [this, &w, keyed_sends](std::uint64_t send_index, const std::string& message_id) {
    if (points_)
      if (const std::string* id = w.request_of_message(message_id))
        if (const auto key = request_of(w, *id))
          points_->sends.push_back({points_->next(w.ctx.trace_hash(), stopped_), *key,
                                    ++log_sends_[{key->client, key->index}], message_id, false});
    std::uint32_t own_send = 0;  // this message's number among its request's messages
    const std::string* request = keyed_sends ? w.request_of_message(message_id) : nullptr;
    for (std::size_t i = 0; i < plan_.faults.size(); ++i) {
      const fault& f = plan_.faults[i];
      if (!armed(i) || f.kind != fault_kind::duplicate_delivery) continue;
      if (f.request) {
        if (!request || !resolve(w, i) || *request != targets_[i].request_id) continue;
        if (own_send == 0) own_send = ++sent_[*request];
        if (f.nth != own_send) continue;
      } else if (f.nth != send_index) {
        continue;
      }
      w.queues.duplicate_after_delete(w.config.queue.name, message_id);
      record(w, i, 0);
    }
  };

  // Integration-call triggers at the gateway (0-based call index there).
  w.gateway.set_integration_fault_hook(
      [this, &w, keyed_calls](std::uint64_t call_index, const gateway::http_request& request) {
        gateway::integration_fault out;
        if (points_)
          if (const auto key = request_of(w, request.request_id))
            points_->integrations.push_back({points_->next(w.ctx.trace_hash(), stopped_),
                                             *key,
                                             ++log_integrations_[{key->client, key->index}],
                                             {},
                                             false});
        std::uint32_t own_call = 0;  // this call's number among its request's integration calls
        for (std::size_t i = 0; i < plan_.faults.size(); ++i) {
          const fault& f = plan_.faults[i];
          if (!armed(i) || (f.kind != fault_kind::gateway_lost_response && f.kind != fault_kind::gateway_slow))
            continue;
          if (f.request) {
            if (!keyed_calls || !resolve(w, i) || request.request_id != targets_[i].client_request_id) continue;
            if (own_call == 0) own_call = ++integrations_[request.request_id];
            if (f.nth != own_call) continue;
          } else if (f.nth != call_index + 1) {
            continue;
          }
          if (f.kind == fault_kind::gateway_lost_response) {
            out.what = gateway::integration_fault::kind::lost_response;
          } else {
            out.what = gateway::integration_fault::kind::slow;
            out.extra_latency = seconds_of(f.seconds);
          }
          record(w, i, 0);
        }
        return out;
      });
}

}  // namespace slsim::faults
