#include "slsim/properties/oracles.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <utility>

#include "fifo_order.hpp"
#include "slsim/examples/reference_transform.hpp"
#include "slsim/gateway/request.hpp"
#include "slsim/models/json_input.hpp"
#include "slsim/pipeline/summary.hpp"
#include "slsim/sim/record_storage.hpp"
#include "slsim/store/number.hpp"

namespace slsim::properties {
namespace {
using gateway::request_kind;

struct request_facts {
  std::uint64_t number = 0;  ///< the requestId's number (its text is gateway::format_request_id)
  request_kind kind = request_kind::valid;
  bool answered_2xx = false;
  bool enqueued = false;
  /// Its messages in send order (record_mode::folded: those kept for the end).
  std::vector<const pipeline::message_record*> messages;
  const pipeline::request_fold* fold = nullptr;  ///< record_mode::folded only
  std::string id() const { return gateway::format_request_id(number); }
};
/// Every request that reached the gateway, in requestId order: the ids are "req-" and 16
/// hex digits, so the numbers sort as their texts do.
using request_list = std::vector<request_facts>;

template <class List>  // request_list, const or not
auto* find_request(List& requests, std::uint64_t number) {
  const auto it = std::lower_bound(requests.begin(), requests.end(), number,
                                   [](const request_facts& f, std::uint64_t n) { return f.number < n; });
  return it != requests.end() && it->number == number ? &*it : nullptr;
}

// Each message under its request (messages whose request is unknown are not judged here).
void attach_messages(const pipeline::run_outcome& o, request_list& requests) {
  for (const auto& m : o.messages)
    if (const auto number = pipeline::parse_request_number(m.client_request_id))
      if (auto* f = find_request(requests, *number)) f->messages.push_back(&m);
}

// The records' path (record_mode::full): every request's facts, from its attempts.
request_list gather(const pipeline::run_outcome& o) {
  // The attempts grouped by request, each group in arrival order (the last attempt's kind wins).
  std::vector<std::uint32_t> order(o.attempts.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return o.attempts[a].request_id < o.attempts[b].request_id;
  });
  request_list out;
  for (const auto i : order) {
    const auto& a = o.attempts[i];
    if (out.empty() || out.back().number != a.request_id) out.push_back({.number = a.request_id});
    auto& f = out.back();
    f.kind = a.kind;
    f.answered_2xx |= a.status >= 200 && a.status < 300;
    f.enqueued |= a.enqueued;
  }
  attach_messages(o, out);
  return out;
}

bool faulted(const pipeline::run_outcome& o, std::uint64_t invocation) {
  return invocation != 0 && std::binary_search(o.faulted_invocations.begin(), o.faulted_invocations.end(), invocation);
}

bool fault_attributed(const pipeline::run_outcome& o, const pipeline::receive_failure& f) {
  // Crashes only come from injected faults; other causes count when an injected fault
  // touched the invocation that held the message.
  if (f.cause == esm::failure_cause::crash) return true;
  if (f.cause == esm::failure_cause::throttle) {
    // P2/L11/MD14: a throttled batch never ran the handler. Its receive is the fault's
    // when an invocation an injected fault touched (and so slowed: retries, timeouts,
    // latency) held concurrency while the batch's retries were being refused.
    return std::any_of(o.invocation_spans.begin(), o.invocation_spans.end(),
                       [&](const auto& s) { return s.start <= f.t && s.end >= f.since && faulted(o, s.invocation); });
  }
  return faulted(o, f.invocation);
}

std::string causes_of(const pipeline::message_record& m) {
  std::string out;
  for (const auto& f : m.failures) out += std::string(out.empty() ? "" : ", ") + esm::to_string(f.cause);
  return out.empty() ? "none recorded" : out;
}

using counter_totals = std::map<std::pair<std::string, std::string>, std::int64_t>;  // (table, key) → sum

void check_counters(const pipeline::run_outcome& o, const pipeline::scenario& s, const counter_totals& expected_totals,
                    std::vector<violation>& out) {
  const auto& effects = s.effects;
  for (const auto& c : effects.counters) {
    std::map<std::string, std::int64_t> actual;
    if (const auto t = o.tables.find(c.table); t != o.tables.end())
      for (const auto& image : t->second) {
        const store::item& item = *image;
        const auto key = item.find("pk");
        const auto value = item.find(c.attribute);
        if (key != item.end() && value != item.end() && value->second.type == store::value_type::n)
          actual[key->second.scalar] = std::stoll(value->second.scalar);
      }
    for (const auto& [key, want] : expected_totals) {
      if (key.first != c.table) continue;
      const auto got = actual.count(key.second) ? actual[key.second] : 0;
      if (got != want)
        out.push_back(
            {property::exactly_once, "", "",
             fmt::format("counter {}[{}].{} = {}, expected {}", c.table, key.second, c.attribute, got, want)});
    }
  }
}

void check_exactly_once(const pipeline::run_outcome& o, const pipeline::scenario& s, const request_list& requests,
                        std::vector<violation>& out) {
  const auto& effects = s.effects;
  std::map<std::string, std::vector<const store::change_record*>> writes;
  for (const auto& c : o.changes)
    if (c.table == effects.result_table && c.new_image)
      writes[pipeline::result_request_id(*c.new_image, effects)].push_back(&c);
  const expected_fn expected = find_expected(effects.expected);
  counter_totals expected_totals;
  for (const auto& f : requests) {
    const std::string id = f.id();
    const auto w = writes.find(id);
    const std::size_t count = w == writes.end() ? 0 : w->second.size();
    if (count > 1) {
      out.push_back({property::exactly_once, id, "", fmt::format("{} result writes (expected at most one)", count)});
      continue;
    }
    // What the payload calls for decides, not how the client meant it: with auth off an
    // "unauthenticated" request is an ordinary valid one.
    const std::string_view body = f.messages.empty() ? std::string_view() : f.messages.front()->body;
    const auto expected_item = expected && f.enqueued ? expected(body) : std::nullopt;  // parsed once
    const bool valid_accepted =
        f.enqueued && (expected ? expected_item.has_value()
                                : f.kind == request_kind::valid || f.kind == request_kind::unauthenticated);
    if (!valid_accepted) {
      if (count > 0)
        out.push_back({property::exactly_once, id, "", "a result was written for a request that must have none"});
      continue;
    }
    const bool all_in_dlq = !f.messages.empty() && std::all_of(f.messages.begin(), f.messages.end(),
                                                               [&](const auto* m) { return m->moved_to_dlq_at >= 0; });
    if (count == 0) {
      if (!all_in_dlq) out.push_back({property::exactly_once, id, "", "accepted valid request has no result"});
      continue;
    }
    const auto& written = *w->second.front()->new_image;
    if (expected_item && *expected_item != written)
      out.push_back({property::exactly_once, id, "", "the result differs from expected(payload)"});
    // Counters: the amount of every request that has its result.
    if (effects.counters.empty()) continue;
    const auto j = models::parse_or_discarded(body);
    for (const auto& c : effects.counters)
      if (j.is_object() && j.contains(c.key_field) && j[c.key_field].is_string() && j.contains(c.sum_field) &&
          j[c.sum_field].is_number_integer())
        expected_totals[{c.table, j[c.key_field].get<std::string>()}] += j[c.sum_field].get<std::int64_t>();
  }
  check_counters(o, s, expected_totals, out);
}

// record_mode::folded: the same judgement from each request's fold (its write count, whether
// its first write matched expected(first body), its counter amounts) instead of its records.
class folded_exactly_once {
 public:
  folded_exactly_once(const pipeline::run_outcome& o, const pipeline::scenario& s)
      : o_(o), s_(s), expected_(find_expected(s.effects.expected)) {
    // A request without a message is judged by the body "" (as the records' path reads it).
    empty_body_valid_ = expected_ && expected_(std::string_view()).has_value();
  }

  void judge(const request_facts& f, std::vector<violation>& out) {
    const auto& effects = s_.effects;
    const pipeline::request_fold* fold = f.fold;
    const bool has_message = fold && fold->messages > 0;
    const std::size_t count = fold ? fold->writes : 0;
    if (count > 1) {
      out.push_back(
          {property::exactly_once, f.id(), "", fmt::format("{} result writes (expected at most one)", count)});
      return;
    }
    const bool front_valid = has_message ? fold->front_valid : empty_body_valid_;
    const bool valid_accepted =
        f.enqueued &&
        (expected_ ? front_valid : f.kind == request_kind::valid || f.kind == request_kind::unauthenticated);
    if (!valid_accepted) {
      if (count > 0)
        out.push_back({property::exactly_once, f.id(), "", "a result was written for a request that must have none"});
      return;
    }
    const bool all_in_dlq = has_message && fold->moved == fold->messages;
    if (count == 0) {
      if (!all_in_dlq) out.push_back({property::exactly_once, f.id(), "", "accepted valid request has no result"});
      return;
    }
    if (expected_ && fold->differs)
      out.push_back({property::exactly_once, f.id(), "", "the result differs from expected(payload)"});
    if (effects.counters.empty() || !has_message || fold->shares == UINT32_MAX) return;
    const auto& folded = *o_.folded;
    for (std::size_t i = 0; i < effects.counters.size(); ++i) {
      const auto& share = folded.shares[fold->shares + i];
      if (share.key != pipeline::counter_share::k_none)
        expected_totals_[{effects.counters[i].table, folded.counter_keys[share.key]}] += share.amount;
    }
  }

  /// After every request: the counters' totals.
  void finish(std::vector<violation>& out) const { check_counters(o_, s_, expected_totals_, out); }

 private:
  const pipeline::run_outcome& o_;
  const pipeline::scenario& s_;
  expected_fn expected_;
  bool empty_body_valid_ = false;
  counter_totals expected_totals_;
};

/// The ids of the messages in the DLQ at the end, sorted (views of o.dlq's): a long run's
/// DLQ holds a tenth of its requests, and a sorted array of views is a fraction of a hash
/// set's nodes.
class dlq_ids {
 public:
  explicit dlq_ids(const pipeline::run_outcome& o) {
    ids_.reserve(o.dlq.size());
    sim::record_storage::for_each_released(o.dlq,
                                           [&](const queue::message_snapshot& m) { ids_.push_back(m.message_id); });
    std::sort(ids_.begin(), ids_.end());
  }
  bool holds(std::string_view message_id) const { return std::binary_search(ids_.begin(), ids_.end(), message_id); }

 private:
  std::vector<std::string_view> ids_;
};

void judge_no_loss(const dlq_ids& dlq, const request_facts& f, std::vector<violation>& out) {
  if (!f.answered_2xx && !f.enqueued) return;  // rejected: never accepted
  if (!f.enqueued) {
    out.push_back({property::no_loss, f.id(), "", "the client was answered 2xx but no message was enqueued (G5)"});
    return;
  }
  // Folded: a deleted message left no record (its fold says it); an unfinished request
  // deleted none, so its first message is among those kept.
  const bool ended = (f.fold && f.fold->any_deleted) ||
                     std::any_of(f.messages.begin(), f.messages.end(),
                                 [&](const auto* m) { return m->deleted_at >= 0 || dlq.holds(m->message_id); });
  if (!ended) {
    const auto* m = f.messages.empty() ? nullptr : f.messages.front();
    out.push_back({property::no_loss, f.id(), m ? m->message_id : "",
                   m && m->moved_to_dlq_at >= 0 ? "moved to the DLQ, then expired there (S14 retention trap)"
                                                : "neither processed nor in the DLQ"});
  }
}

void check_no_loss(const pipeline::run_outcome& o, const request_list& requests, std::vector<violation>& out) {
  const dlq_ids dlq(o);
  for (const auto& f : requests) judge_no_loss(dlq, f, out);
}

// Folded: the messages not kept were deleted and valid, which this property never faults.
void judge_dlq_routing(const pipeline::run_outcome& o, const pipeline::scenario& s, const expected_fn& expected,
                       const request_facts& f, std::vector<violation>& out) {
  const bool fifo = s.queue.type == queue::queue_type::fifo;
  // A request's messages mostly carry the same body (duplicates, redrives): judge each
  // distinct body once.
  std::string_view judged_body;
  bool judged_valid = false;
  bool judged = false;
  for (const auto* m : f.messages) {
    const bool dlq = m->moved_to_dlq_at >= 0;
    if (expected && (!judged || m->body != judged_body)) {
      judged_body = m->body;
      judged_valid = expected(judged_body).has_value();
      judged = true;
    }
    const bool valid = expected ? judged_valid : f.kind != request_kind::poison;
    if (!valid && !dlq && m->deleted_at >= 0)
      out.push_back({property::dlq_routing, f.id(), m->message_id,
                     "a message the handler must reject was deleted instead of reaching the DLQ"});
    if (!valid || !dlq) continue;
    // F2/P11: on a FIFO queue a message held back behind a failing earlier message of its
    // group fails with it (the handler must report it too), so those receives are excused.
    const bool all_faults =
        !m->failures.empty() && std::all_of(m->failures.begin(), m->failures.end(), [&](const auto& r) {
          return fault_attributed(o, r) || (fifo && held_behind_group(o, *m, r));
        });
    if (!all_faults)
      out.push_back({property::dlq_routing, f.id(), m->message_id,
                     fmt::format("valid message in the DLQ after {} receives; causes: {}",
                                 s.queue.redrive_policy.max_receive_count, causes_of(*m))});
  }
}

void check_dlq_routing(const pipeline::run_outcome& o, const pipeline::scenario& s, const request_list& requests,
                       std::vector<violation>& out) {
  const expected_fn expected = find_expected(s.effects.expected);
  for (const auto& f : requests) judge_dlq_routing(o, s, expected, f, out);
}

void judge_boundary(const request_facts& f, std::vector<violation>& out) {
  if (f.enqueued) return;
  if (f.fold && f.fold->messages > 0)  // folded: its first message's id is in its fold
    out.push_back({property::boundary, f.id(), pipeline::format_message_uuid(f.fold->front_hi, f.fold->front_lo),
                   "a rejected request reached the queue"});
  else if (!f.fold && !f.messages.empty())
    out.push_back({property::boundary, f.id(), f.messages.front()->message_id, "a rejected request reached the queue"});
}

void check_boundary(const pipeline::run_outcome& o, const pipeline::scenario& s, const request_list& requests,
                    std::vector<violation>& out) {
  for (const auto& f : requests) judge_boundary(f, out);
  for (const auto& c : o.changes) {
    if (c.table != s.effects.result_table || !c.new_image) continue;
    if (const auto number = pipeline::parse_request_number(pipeline::result_request_id(*c.new_image, s.effects)))
      if (const auto* f = find_request(requests, *number); f && !f->enqueued)
        out.push_back({property::boundary, f->id(), "", "a rejected request reached the store"});
  }
}

// record_mode::folded: every request judged in one pass over the ledger's records, in their
// order (read from first to last, their pages released as the pass goes: a long run's
// records are never all in memory at once), each property's violations then put in
// requestId order, as the records' path lists them.
void check_folded(const pipeline::run_outcome& o, const pipeline::scenario& s, verdict& v, bool& accepted) {
  const auto& folded = *o.folded;
  // The kept messages' (requestId, place) pairs, sorted: in send order within a request.
  std::vector<std::pair<std::uint64_t, std::uint32_t>> kept;
  std::uint32_t place = 0;
  sim::record_storage::for_each_released(o.messages, [&](const pipeline::message_record& m) {
    if (const auto number = pipeline::parse_request_number(m.client_request_id)) kept.emplace_back(*number, place);
    ++place;
  });
  std::sort(kept.begin(), kept.end());
  // Every write of a request never enqueued was made before any enqueue of it, so it is here.
  enum class ledger_state { absent, rejected, enqueued };
  std::map<std::uint64_t, ledger_state> wrote_early;  // its requestId's, as the pass finds it
  for (const auto number : folded.writes_before_enqueue) wrote_early.emplace(number, ledger_state::absent);
  const dlq_ids dlq(o);
  const expected_fn expected = find_expected(s.effects.expected);
  folded_exactly_once exactly_once(o, s);
  std::vector<violation> by_property[4];  // exactly_once, no_loss, dlq_routing, boundary
  sim::record_storage::for_each_released(o.requests, [&](const gateway::request_record& r) {
    request_facts f{.number = r.request_id,
                    .kind = r.kind,
                    .answered_2xx = r.answered_2xx,
                    .enqueued = r.enqueued,
                    .fold = folded.find(r.request_id)};
    for (auto it = std::lower_bound(kept.begin(), kept.end(), std::pair{r.request_id, std::uint32_t{0}});
         it != kept.end() && it->first == r.request_id; ++it)
      f.messages.push_back(&o.messages[it->second]);
    exactly_once.judge(f, by_property[0]);
    judge_no_loss(dlq, f, by_property[1]);
    judge_dlq_routing(o, s, expected, f, by_property[2]);
    judge_boundary(f, by_property[3]);
    accepted |= f.enqueued;
    if (const auto it = wrote_early.find(r.request_id); it != wrote_early.end())
      it->second = f.enqueued ? ledger_state::enqueued : ledger_state::rejected;
  });
  for (auto& list : by_property)  // requestIds sort as their numbers do; a request's own order is kept
    std::stable_sort(list.begin(), list.end(),
                     [](const violation& a, const violation& b) { return a.client_request_id < b.client_request_id; });
  auto& out = v.violations;
  const auto append = [&](std::vector<violation>& list) {
    out.insert(out.end(), std::make_move_iterator(list.begin()), std::make_move_iterator(list.end()));
  };
  append(by_property[0]);
  exactly_once.finish(out);
  append(by_property[1]);
  append(by_property[2]);
  check_fifo_order(o, s, out);
  append(by_property[3]);
  // A write naming a request that never reached the gateway is not judged here.
  for (const auto number : folded.writes_before_enqueue)
    if (wrote_early.at(number) == ledger_state::rejected)
      out.push_back(
          {property::boundary, gateway::format_request_id(number), "", "a rejected request reached the store"});
}
}  // namespace

const char* to_string(property p) noexcept {
  switch (p) {
    case property::exactly_once:
      return "exactly_once";
    case property::no_loss:
      return "no_loss";
    case property::dlq_routing:
      return "dlq_routing";
    case property::fifo_order:
      return "fifo_order";
    case property::boundary:
      return "boundary";
    case property::drains:
      return "drains";
    case property::no_crash:
      return "no_crash";
    case property::vacuous:
      return "vacuous";
  }
  return "?";
}

std::optional<property> parse_property(std::string_view name) noexcept {
  for (auto p : k_all_properties)
    if (name == to_string(p)) return p;
  return std::nullopt;
}

std::set<property> verdict::violated() const {
  std::set<property> out;
  for (const auto& v : violations) out.insert(v.what);
  return out;
}

const violation* verdict::primary() const noexcept {
  for (auto p : k_all_properties)
    for (const auto& v : violations)
      if (v.what == p) return &v;
  return nullptr;
}

expected_fn find_expected(const std::string& name) {
  if (name == "reference_transform")
    return [](std::string_view payload) -> std::optional<store::item> {
      const auto o = examples::parse_order(payload);
      if (!o || o->poison) return std::nullopt;
      return examples::reference_transform(*o);
    };
  return {};
}

std::string guard_name(const sim::run_result& run) {
  switch (run.status) {
    case sim::run_status::watchdog:
      // A silent external handler process stops the run through its own guard.
      for (const auto& f : run.failures)
        if (f.kind == sim::run_status::watchdog && f.message.rfind("external handler process", 0) == 0)
          return "function.runtime.wall_timeout_s";
      return "bounds.wall_seconds";
    case sim::run_status::event_budget:
      return "bounds.max_events";
    default:
      return "";
  }
}

verdict check(const pipeline::run_outcome& o, const pipeline::scenario& s) {
  verdict v;
  if (o.run.hang()) {
    // docs/architecture.md §11: a guard that fires is exit 4 with the guard named and no
    // property verdict; the requests it cut short are unfinished, not lost.
    v.guard = guard_name(o.run);
    for (const auto& f : o.run.failures)
      if (f.kind == o.run.status) v.guard_detail = f.message;
    return v;
  }
  if (!o.run.ok())
    for (const auto& f : o.run.failures)
      v.violations.push_back(
          {property::no_crash, "", "", fmt::format("{} in '{}': {}", sim::to_string(f.kind), f.task, f.message)});
  bool accepted = false;
  if (o.folded) {
    check_folded(o, s, v, accepted);
  } else {
    const auto requests = gather(o);
    check_exactly_once(o, s, requests, v.violations);
    check_no_loss(o, requests, v.violations);
    check_dlq_routing(o, s, requests, v.violations);
    check_fifo_order(o, s, v.violations);
    check_boundary(o, s, requests, v.violations);
    accepted = std::any_of(requests.begin(), requests.end(), [](const auto& r) { return r.enqueued; });
  }
  // docs/architecture.md §6: a green verdict must mean something was checked.
  if (!s.expect.vacuous) {
    if (!accepted)
      v.violations.push_back({property::vacuous, "", "",
                              "no request was accepted: nothing was checked (declare \"expect\": {\"vacuous\": "
                              "true} if the scenario means it)"});
    else if (o.runtime.invocations == 0)
      v.violations.push_back({property::vacuous, "", "",
                              "no message reached the handler: nothing was checked (declare \"expect\": "
                              "{\"vacuous\": true} if the scenario means it)"});
  }
  if (!o.drained)
    v.violations.push_back({property::drains, "", "",
                            fmt::format("not quiescent {:.1f}s after the workload ended (liveness bound)",
                                        sim::to_seconds(o.drain_bound - o.workload_end))});
  return v;
}

}  // namespace slsim::properties
