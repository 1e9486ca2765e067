#include "slsim/gateway/ledger.hpp"

#include <nlohmann/json.hpp>

#include "slsim/sim/assert.hpp"

namespace slsim::gateway {
namespace {
const char* to_string(client_view v) noexcept {
  switch (v) {
    case client_view::pending:
      return "pending";
    case client_view::answered:
      return "answered";
    case client_view::timed_out:
      return "timed_out";
    case client_view::cancelled:
      return "cancelled";
  }
  return "unknown";
}
}  // namespace

std::uint32_t request_ledger::begin_attempt(std::uint64_t request_id, std::uint32_t client, request_kind kind,
                                            sim::time_ns now) {
  const auto [at, inserted] = index_.try_emplace(request_id, static_cast<std::uint32_t>(requests_.size()));
  attempt_record a;
  a.client = client;
  a.kind = kind;
  a.received_at = now;
  a.request_id = request_id;
  if (folding_) {
    if (inserted) requests_.push_back({.request_id = request_id, .kind = kind});
    request_record& request = requests_[at];
    request.kind = kind;
    a.attempt = ++request.attempts;
    std::uint32_t index = 0;
    if (free_.empty()) {
      index = static_cast<std::uint32_t>(attempts_.size());
      attempts_.push_back(std::move(a));
    } else {
      index = free_.back();
      free_.pop_back();
      attempts_[index] = std::move(a);
    }
    return index;
  }
  const auto index = static_cast<std::uint32_t>(attempts_.size());
  if (inserted) requests_.push_back({.request_id = request_id, .kind = kind, .first = index, .last = index});
  request_record& request = requests_[at];
  if (!inserted) attempts_[request.last].next = index;
  request.last = index;
  a.attempt = ++request.attempts;
  attempts_.push_back(std::move(a));
  return index;
}

void request_ledger::note_answered(std::uint32_t index, int status) {
  if (status < 200 || status >= 300) return;
  const auto at = index_.find(attempts_[index].request_id);
  SLSIM_ASSERT(at.has_value(), "ledger invariant: an attempt's request is indexed");
  requests_[*at].answered_2xx = true;
}

void request_ledger::note_enqueued(std::uint32_t index) {
  const auto at = index_.find(attempts_[index].request_id);
  SLSIM_ASSERT(at.has_value(), "ledger invariant: an attempt's request is indexed");
  requests_[*at].enqueued = true;
}

void request_ledger::end_attempt(std::uint32_t index) {
  if (!folding_) return;
  attempts_[index] = attempt_record{};  // frees its message id
  free_.push_back(index);
}

const request_record* request_ledger::find(std::uint64_t request_id) const {
  const auto at = index_.find(request_id);
  return at ? &requests_[*at] : nullptr;
}

std::vector<attempt_record> request_ledger::attempts_of(std::uint64_t request_id) const {
  std::vector<attempt_record> out;
  if (const request_record* r = find(request_id))
    for (std::uint32_t i = r->first; i != attempt_record::k_none; i = attempts_[i].next) out.push_back(attempts_[i]);
  return out;
}

std::uint32_t request_ledger::enqueued_count(std::uint64_t request_id) const {
  std::uint32_t n = 0;
  if (const request_record* r = find(request_id))
    for (std::uint32_t i = r->first; i != attempt_record::k_none; i = attempts_[i].next) n += attempts_[i].enqueued;
  return n;
}

void to_json(nlohmann::json& j, const attempt_record& a) {
  j = {{"attempt", a.attempt},
       {"client", a.client},
       {"received_at_ns", a.received_at},
       {"answered_at_ns", a.answered_at},
       {"status", a.status},
       {"type", to_string(a.type)},
       {"backend_status", a.backend_status},
       {"enqueued", a.enqueued},
       {"enqueued_at_ns", a.enqueued_at},
       {"message_id", a.message_id},
       {"correlation_id", a.correlation_id == 0 ? std::string() : format_correlation_id(a.correlation_id)},
       {"client_saw", to_string(a.client_saw)}};
}

void to_json(nlohmann::json& j, const request_ledger& ledger) {
  nlohmann::json list = nlohmann::json::array();
  for (const request_record& r : ledger.requests()) {
    nlohmann::json attempts = nlohmann::json::array();
    for (std::uint32_t i = r.first; i != attempt_record::k_none; i = ledger.attempt(i).next)
      attempts.push_back(ledger.attempt(i));
    list.push_back({{"request_id", format_request_id(r.request_id)},
                    {"kind", to_string(r.kind)},
                    {"attempts", std::move(attempts)}});
  }
  j = {{"requests", std::move(list)}};
}

}  // namespace slsim::gateway
