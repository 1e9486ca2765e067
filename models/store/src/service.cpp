// The simulated store service: latency, throttling, transaction locks, faults,
// eventual reads and the TTL deleter daemon around store_core.
#include "slsim/store/service.hpp"

#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cmath>
#include <utility>

#include "slsim/sim/assert.hpp"
#include "slsim/sim/timer.hpp"

namespace slsim::store {
namespace {

constexpr sim::time_ns k_client_timeout = 3 * sim::k_second;  // AWS SDK for C++ default requestTimeoutMs
constexpr sim::event_kind k_call_kind{
    "store", "call", {"operation_hash", "invocation", "error_code", "latency_ns"}, "consumed_half_units"};

template <class... F>
struct overloaded : F... {
  using F::operator()...;
};
template <class... F>
overloaded(F...) -> overloaded<F...>;

const std::string& table_of(const any_request& r) {
  return std::visit(
      [](const auto& x) -> const std::string& {
        if constexpr (std::is_same_v<std::decay_t<decltype(x)>, transact_write_request>) {
          static const std::string k_none;
          return x.actions.empty() ? k_none : x.actions.front().table;
        } else {
          return x.table;
        }
      },
      r);
}

// Digest of (table, key attributes of `it`): the identity of an item for locks.
std::uint64_t key_digest(const store_config& cfg, const std::string& table, const item& it) {
  item key;
  for (const auto& t : cfg.tables) {
    if (t.name != table) continue;
    for (const auto* k : {&t.partition_key, &t.sort_key})
      if (auto f = it.find(k->name); !k->name.empty() && f != it.end()) key.emplace(f->first, f->second);
  }
  return sim::digest_bytes(table) ^ digest(key);
}

// By any_request alternative.
constexpr std::array<const char*, std::variant_size_v<any_request>> k_operation_names{
    "PutItem", "UpdateItem", "DeleteItem", "GetItem", "Query", "TransactWriteItems"};

bool is_write(const any_request& r) {
  return !std::holds_alternative<get_request>(r) && !std::holds_alternative<query_request>(r);
}

}  // namespace

const char* operation_name(const any_request& r) noexcept { return k_operation_names[r.index()]; }

struct store_service::call {
  any_request request;
  call_context who;
  // Boost 1.81's any_completion_handler move-assignment recurses forever (it copies
  // from an lvalue through its converting constructor): only ever move-construct it.
  std::optional<store_handler> handler;
  sim::time_ns started = 0;
  store_result result;
  bool completed = false;
  bool skip_apply = false;
  std::vector<std::uint64_t> locks;
  std::string token;
  bool applied = false;  ///< the request reached the table (apply ran)
  sim::rng draws{0};     ///< the call's own member of the keyed family: latency, then staleness
};

store_service::store_service(sim::context& ctx, sim::rng rng, store_config config, metrics::registry* metrics)
    : ctx_(ctx),
      rng_(rng),
      config_((config.validate_or_throw(), std::move(config))),
      core_(config_.tables),
      metrics_(metrics ? *metrics : own_metrics_) {
  for (std::size_t i = 0; i < m_.calls.size(); ++i)
    m_.calls[i] = metrics_.add_counter(std::string("store.calls.") + k_operation_names[i]);
  m_.throttles = metrics_.add_counter("store.throttles");
  m_.timeouts = metrics_.add_counter("store.timeouts");
  m_.conflicts = metrics_.add_counter("store.conflicts");
  m_.conditional_failures = metrics_.add_counter("store.conditional_failures");
  m_.transactions_cancelled = metrics_.add_counter("store.transactions_cancelled");
  ttl_seed_ = sim::rng(rng).next_u64();  // a copy: rng_'s own sequence is untouched
  staleness_ = static_cast<sim::time_ns>(config_.staleness_window_ms * 1e6);
  core_.set_history_window(staleness_);
  core_.attach_trace(&ctx_);
}

store_service::~store_service() = default;

void store_service::timeout_next(std::uint32_t n, bool applied) noexcept {
  (applied ? timeout_applied_ : timeout_lost_) += n;
}

void store_service::set_staleness_window(sim::time_ns window) {
  staleness_ = window > 0 ? window : static_cast<sim::time_ns>(config_.staleness_window_ms * 1e6);
  core_.set_history_window(staleness_);
}

sim::time_ns store_service::draw_latency(sim::rng& draws, bool transaction) {
  const auto& l = config_.latency;
  // MD36: one draw per call; MD38: a transaction's two phases take about twice a write's time.
  const sim::time_ns ms = static_cast<sim::time_ns>(l.fixed_ms * 1e6) + l.jitter.draw(draws);
  return (transaction ? static_cast<sim::time_ns>(static_cast<double>(ms) * l.transaction_factor) : ms) +
         extra_latency_;
}

sim::time_ns store_service::draw_apply_point(sim::rng& draws, sim::time_ns latency) {
  // MD37: the request reaches the table somewhere inside its round trip, not at a fixed point.
  const auto& l = config_.latency;
  const double at = l.apply_at_min < l.apply_at_max ? draws.uniform(l.apply_at_min, l.apply_at_max) : l.apply_at_min;
  return static_cast<sim::time_ns>(static_cast<double>(latency) * at);
}

bool store_service::take_capacity(const any_request& r) {
  const table_config* t = nullptr;
  for (const auto& x : config_.tables)
    if (x.name == table_of(r)) t = &x;
  if (!t) return true;
  const bool write = is_write(r);
  const double cap = write ? t->write_capacity : t->read_capacity;
  if (cap <= 0) return true;  // on-demand: only injected throttling
  auto& [rb, wb] = buckets_[t->name];
  auto& b = write ? wb : rb;
  // DynamoDB keeps up to 5 minutes of unused capacity as burst (D9).
  if (!b) b.emplace(cap, cap * 300, ctx_.now());
  return b->try_take(ctx_.now());  // one request unit per call
}

void store_service::start(any_request r, call_context who, store_handler handler) {
  ++stats_.calls;
  metrics_.increment(m_.calls[r.index()]);
  auto c = std::make_shared<call>();
  c->request = std::move(r);
  c->who = who;
  c->handler.emplace(std::move(handler));
  c->started = ctx_.now();
  c->draws = rng_.at(who.key != 0 ? who.key : sim::mix_key(++unkeyed_calls_, 0));
  const auto latency = draw_latency(c->draws, std::holds_alternative<transact_write_request>(c->request)) +
                       std::exchange(delay_next_, 0) + ctx_.hop_delay();
  const bool on_demand = [&] {
    for (const auto& x : config_.tables)
      if (x.name == table_of(c->request)) return (is_write(c->request) ? x.write_capacity : x.read_capacity) <= 0;
    return true;
  }();
  const auto throttled_code = on_demand ? store_errc::throttling : store_errc::provisioned_throughput_exceeded;
  sim::time_ns complete_at = ctx_.now() + latency;
  if (throttle_next_ > 0 || !take_capacity(c->request)) {  // D9
    if (throttle_next_ > 0) {
      --throttle_next_;
      if (injected_observer_) injected_observer_(true, who.writer);
    }
    ++stats_.throttled;
    metrics_.increment(m_.throttles);
    c->skip_apply = true;
    c->result.error = make_error_code(throttled_code);
    c->result.message = on_demand ? "Throughput exceeds the current capacity of your table or index. DynamoDB is "
                                    "automatically scaling your table or index so please try again shortly."
                                  : "The level of configured provisioned throughput for the table was exceeded. "
                                    "Consider increasing your provisioning level with the UpdateTable API.";
  } else if (timeout_applied_ > 0 || timeout_lost_ > 0) {
    const bool applied = timeout_applied_ > 0;
    auto& pending = applied ? timeout_applied_ : timeout_lost_;
    SLSIM_ASSERT(pending > 0, "store: injected timeout count below zero");
    --pending;
    if (injected_observer_) injected_observer_(false, who.writer);
    ++stats_.timeouts;
    metrics_.increment(m_.timeouts);
    c->skip_apply = !applied;
    c->result.error = make_error_code(store_errc::timeout);
    c->result.message = applied ? "Request timed out (the write was applied)" : "Request timed out";
    complete_at = ctx_.now() + std::max(latency, k_client_timeout);
  }
  if (auto* tx = std::get_if<transact_write_request>(&c->request); tx && !c->skip_apply) {
    if (tx->client_request_token && tokens_in_flight_.count(*tx->client_request_token)) {  // D6
      c->skip_apply = true;
      c->result.error = make_error_code(store_errc::transaction_in_progress);
      c->result.message = "Transaction is ongoing for the ClientRequestToken";
    } else {
      for (const auto& a : tx->actions) c->locks.push_back(key_digest(config_, a.table, a.item));
      for (auto l : c->locks) locked_.insert(l);
      if (tx->client_request_token) tokens_in_flight_.insert(c->token = *tx->client_request_token);
    }
  } else if (is_write(c->request) && !c->skip_apply) {
    const item& target = std::visit(overloaded{[](const put_request& x) -> const item& { return x.item; },
                                               [](const update_request& x) -> const item& { return x.key; },
                                               [](const delete_request& x) -> const item& { return x.key; },
                                               [](const auto&) -> const item& {
                                                 static const item k_empty;
                                                 return k_empty;
                                               }},
                                    c->request);
    // D5: a plain write on an item an ongoing transaction holds gets TransactionConflict.
    if (locked_.count(key_digest(config_, table_of(c->request), target))) {
      ++stats_.conflicts;
      metrics_.increment(m_.conflicts);
      c->skip_apply = true;
      c->result.error = make_error_code(store_errc::transaction_conflict);
      c->result.message = "Transaction is ongoing for the item";
    }
  }
  // The request reaches the table inside the round trip (MD37).
  ctx_.schedule_at(ctx_.now() + draw_apply_point(c->draws, latency), [this, c](sim::detail::fire_code) { apply(*c); });
  ctx_.schedule_at(complete_at, [this, c](sim::detail::fire_code) {
    ctx_.emit({.kind = &k_call_kind,
               .ids = {sim::fnv1a64(operation_name(c->request)), c->who.writer,
                       static_cast<std::uint64_t>(c->result.error.value()),
                       static_cast<std::uint64_t>(ctx_.now() - c->started)},
               .value = static_cast<std::int64_t>(c->result.consumed_capacity * 2),
               .digest = c->result.attributes ? digest(*c->result.attributes) : 0});
    SLSIM_ASSERT(c->applied && c->locks.empty(), "store: a call completed before reaching the table");
    if (c->completed) return;  // already completed by cancellation
    c->completed = true;
    auto h = std::move(*c->handler);
    h.get_cancellation_slot().clear();
    auto ec = c->result.error;
    std::move(h)(ec, std::move(c->result));
  });
  // A cancelled caller (e.g. `co_await (call || timer)`) gets operation_canceled at
  // once; the request itself is already on its way and may still apply (MD5).
  if (auto slot = c->handler->get_cancellation_slot(); slot.is_connected()) {
    // Weak: the handler (and through it the caller's coroutine frame) owns this slot, so a
    // strong capture would be a cycle that outlives a run stopped by a guard.
    slot.assign([this, weak = std::weak_ptr(c)](asio::cancellation_type) {
      const auto live = weak.lock();
      if (!live || live->completed) return;
      live->completed = true;
      ctx_.post([live] {
        auto h = std::move(*live->handler);
        h.get_cancellation_slot().clear();
        std::move(h)(std::make_error_code(std::errc::operation_canceled), store_result{});
      });
    });
  }
}

void store_service::apply(call& c) {
  // D5/D6: a transaction's locks and its ClientRequestToken are held from start() until the
  // request reaches the table here, exactly once; anything else is a model bug, and erasing
  // end() would be undefined behaviour.
  SLSIM_ASSERT(!c.applied, "store: a call reached the table twice");
  c.applied = true;
  for (auto l : c.locks) {
    const auto held = locked_.find(l);
    SLSIM_ASSERT(held != locked_.end(), "store: a transaction releases an item lock it does not hold");
    locked_.erase(held);
  }
  c.locks.clear();
  if (!c.token.empty()) {
    const auto held = tokens_in_flight_.find(c.token);
    SLSIM_ASSERT(held != tokens_in_flight_.end(), "store: a transaction's ClientRequestToken is not in flight");
    tokens_in_flight_.erase(held);
  }
  if (c.skip_apply) return;
  const auto now = ctx_.now();
  const auto as_of =
      staleness_ > 0 ? std::optional<sim::time_ns>(now - c.draws.uniform_int(0, staleness_)) : std::nullopt;
  const bool timed_out = c.result.error == make_error_code(store_errc::timeout);
  store_result r =
      std::visit(overloaded{[&](const put_request& x) { return core_.put_item(x, now, c.who); },
                            [&](const update_request& x) { return core_.update_item(x, now, c.who); },
                            [&](const delete_request& x) { return core_.delete_item(x, now, c.who); },
                            [&](const get_request& x) { return core_.get_item(x, now, as_of); },
                            [&](const query_request& x) { return core_.query(x, now, as_of); },
                            [&](const transact_write_request& x) { return core_.transact_write_items(x, now, c.who); }},
                 c.request);
  (is_write(c.request) ? stats_.consumed_write_units : stats_.consumed_read_units) += r.consumed_capacity;
  if (r.error == make_error_code(store_errc::conditional_check_failed))  // D2
    metrics_.increment(m_.conditional_failures);
  else if (r.error == make_error_code(store_errc::transaction_canceled))  // D5
    metrics_.increment(m_.transactions_cancelled);
  if (!timed_out) c.result = std::move(r);  // an ambiguous timeout hides the outcome from the caller
}

void store_service::start_ttl_deleter() {
  if (ttl_started_) return;
  ttl_started_ = true;
  ctx_.spawn(
      "store.ttl_deleter",
      [](store_service& self) -> asio::awaitable<void> {
        const auto interval = static_cast<sim::time_ns>(self.config_.ttl_scan_interval_s * 1e9);
        const models::duration_dist delay = self.config_.ttl_deletion.effective();
        // MD19: one delay per item and expiry, drawn from a stream keyed by both, so the
        // draw is the same at every scan and independent of every other item and call.
        const auto delay_of = [&self, &delay](std::string_view table, const attribute_value& pk,
                                              const attribute_value& sk, std::int64_t expiry_s) {
          std::uint64_t key = self.ttl_seed_ ^ sim::fnv1a64(table);
          key = key * 0x100000001b3ULL ^ sim::fnv1a64(pk.scalar);
          key = key * 0x100000001b3ULL ^ sim::fnv1a64(sk.scalar);
          key = key * 0x100000001b3ULL ^ static_cast<std::uint64_t>(expiry_s);
          sim::rng r(key);
          return delay.draw(r);
        };
        for (;;) {
          co_await sim::async_sleep_for(self.ctx_, interval, asio::use_awaitable);
          self.core_.sweep_ttl(self.ctx_.now(), delay_of, self.config_.epoch_s);  // D10: lazy, best effort
        }
      }(*this),
      sim::task_kind::daemon);
}

}  // namespace slsim::store
