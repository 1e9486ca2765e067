#include "slsim/pipeline/world.hpp"

#include "slsim/external/external_function.hpp"
#include "slsim/sim/assert.hpp"
#include "world_parts.hpp"

#include <algorithm>

namespace slsim::pipeline {
namespace {
sim::tie_order tie_order_of(const scenario& s) {
  const auto order = sim::parse_tie_order(s.schedule.tie_order);
  SLSIM_ASSERT(order.has_value(), "a loaded scenario names a known tie order");
  return *order;
}

// PCT's k when the scenario leaves it to us: the steps of the invocation tasks a run of this
// workload takes, about 12 per request (invocation start, init, compute, a store call's apply
// and completion, the release) with a batch or two per request; a k too large only dilutes
// the change points, one too small puts them all early.
std::uint64_t pct_steps(const scenario& s) {
  if (s.schedule.pct.steps > 0) return static_cast<std::uint64_t>(s.schedule.pct.steps);
  return static_cast<std::uint64_t>(std::max<std::int64_t>(1, s.clients.planned_requests())) * 12;
}

// Each model draws from its own named stream (docs/architecture.md §2).
queue::queue_service& with_queues(queue::queue_service& queues, const scenario& s) {
  queues.create_queue(s.dlq);  // a DLQ exists before its sources (S12)
  queues.create_queue(s.queue);
  return queues;
}

std::unique_ptr<runtime::function_code> make_code(const scenario& s, const handler_definition& handler,
                                                  api::store_client_factory& stores, handler_hooks& hooks,
                                                  sim::context& ctx, sim::rng random) {
  if (s.function.runtime)  // the handler is an external process; `handler` is not used
    return std::make_unique<external::external_function>(s.function, stores, ctx, random.next_u64());
  return std::make_unique<api::handler_function>(handler, stores, hooks);
}
}  // namespace

world::world(const scenario& s, const handler_definition& handler, std::uint64_t seed, record_mode records,
             std::function<std::optional<store::item>(std::string_view)> expected, bool attribute_failures)
    : config(s),
      ctx(tie_order_of(s), sim::rng_source(seed).stream("scheduler")),
      random(seed),
      iam(ctx, s.iam, &metrics),
      queues(ctx, random.stream("queue"), &metrics),
      store(ctx, random.stream("store"), s.store, &metrics),
      sdk(ctx, store, s.store.retry, random.stream("sdk")),  // MD20: the standard modes' jitter
      record(std::make_unique<detail::recorder>(
          ctx, s, after_send, records, std::move(expected),
          [this](std::uint64_t request) {
            const auto* r = gateway.ledger().find(request);
            return r != nullptr && r->enqueued;
          },
          attribute_failures || records != record_mode::folded)),
      hooks(std::make_unique<detail::sim_hooks>(ctx, buggify)),
      store_clients(std::make_unique<detail::sim_store_factory>(*this)),
      code(make_code(s, handler, *store_clients, *hooks, ctx, random.stream("external"))),
      function(ctx, random.stream("runtime"), s.function, *code, &metrics),
      mapping(ctx, random.stream("esm"), s.esm, with_queues(queues, s), s.queue.name, function, &metrics),
      gateway(ctx, s.gateway, queues, iam, random.stream("gateway"), &metrics),
      clients(ctx, s.clients, gateway, random.stream("clients"), &metrics),
      records_(records) {
  queues.set_observer(record.get());
  mapping.set_observer(record.get());
  store.core().set_change_sink([r = record.get()](store::change_record&& c) { r->on_change(std::move(c)); });
  if (s.schedule.pct.depth > 0)  // its own stream: turning PCT on shifts no other model's draws
    ctx.enable_pct({.depth = static_cast<std::uint32_t>(s.schedule.pct.depth),
                    .window = static_cast<sim::time_ns>(s.schedule.pct.window_ms * 1e6),
                    .steps = pct_steps(s)},
                   sim::rng_source(seed).stream("pct"), "lambda.invoke");
  if (s.schedule.hop_delays.probability > 0)  // its own stream, as PCT's
    ctx.enable_hop_delays({.probability = s.schedule.hop_delays.probability,
                           .max = static_cast<sim::time_ns>(s.schedule.hop_delays.max_ms * 1e6)},
                          sim::rng_source(seed).stream("hop_delays"));
  // Capped: an absurd plan stops at a guard, not at a reservation.
  const auto planned = static_cast<std::size_t>(std::clamp<std::int64_t>(s.clients.planned_requests(), 0, 1 << 24));
  if (records == record_mode::folded) gateway.fold_ledger(planned);  // the requests' facts, not every attempt
  store.start_ttl_deleter();
  // The per-message records grow with the run: sized once from the planned workload, so a
  // long run never holds a vector and its doubled copy at once (docs/architecture.md §8).
  // Capacity not yet written costs address space, not memory.
  record->reserve(planned);
}

world::~world() = default;

const std::string* world::request_of_message(std::string_view message_id) const {
  return record->request_of(message_id);
}

std::size_t world::held_message_records() const { return record->held_messages(); }

bool world::quiescent() {
  const auto a = queues.get_queue_attributes(config.queue.name);
  return a.approximate_number_of_messages == 0 && a.approximate_number_of_messages_not_visible == 0 &&
         a.approximate_number_of_messages_delayed == 0 && mapping.active_batches() == 0 && function.in_flight() == 0 &&
         gateway.in_flight() == 0;
}

void world::collect(run_outcome& out) {
  // The run is over: its records move out of the models rather than being copied.
  auto ledger = gateway.release_ledger();
  out.requests = ledger.take_requests();
  out.attempts = ledger.take_attempts();
  out.client_requests = clients.release_requests();
  out.client_totals = clients.totals();
  record->collect(out);
  for (const auto& table : config.store.tables) {
    out.table_items[table.name] = store.core().item_count(table.name);
    // Folded records leave out the final rows no oracle reads: decoding a long run's result
    // table whole at its end would undo what keeping it packed saved (§8 memory).
    const auto& counters = config.effects.counters;
    const bool read =
        std::any_of(counters.begin(), counters.end(), [&](const auto& c) { return c.table == table.name; });
    if (records_ != record_mode::folded || read) out.tables[table.name] = store.core().take_items(table.name);
  }
  // The queues are done with: their bodies move into the snapshots. Pages are released
  // between the steps, so a long run's end holds one step's records, not all of them.
  sim::record_storage::release_pages();
  out.dlq = queues.take_stored_messages(config.dlq.name);
  out.remaining = queues.take_stored_messages(config.queue.name);
  sim::record_storage::release_pages();
  out.runtime = function.stats();
  out.esm = mapping.stats();
  out.iam_denials = iam.denials().size();
  out.store_calls = store.stats().calls;
  out.store_retries = sdk.retries();
  out.store_errors_surfaced = store_errors_surfaced;
  out.crashes_between_writes = crashes_between_writes;
  // Only in-process (plugin) handlers share process-global memory between environments.
  if (const auto* in_process = dynamic_cast<const api::handler_function*>(code.get()))
    out.global_state = in_process->global_state();
  out.store_read_units = store.stats().consumed_read_units;
  out.store_write_units = store.stats().consumed_write_units;
  // MD11: SQS bills API calls (a batch call counts once, empty receives count too).
  out.sqs_requests = queues.counters(config.queue.name).api_calls + queues.counters(config.dlq.name).api_calls;
}

}  // namespace slsim::pipeline
