#include "slsim/pipeline/world.hpp"

#include "world_parts.hpp"

namespace slsim::pipeline {
namespace {
// Each model draws from its own named stream (docs/architecture.md §2).
queue::queue_service& with_queues(queue::queue_service& queues, const scenario& s) {
  queues.create_queue(s.dlq);  // a DLQ exists before its sources (S12)
  queues.create_queue(s.queue);
  return queues;
}
}  // namespace

world::world(const scenario& s, const handler_definition& handler, std::uint64_t seed, bool buggify)
    : config(s),
      random(seed),
      iam(ctx, s.iam, &metrics),
      queues(ctx, random.stream("queue"), &metrics),
      store(ctx, random.stream("store"), s.store, &metrics),
      sdk(ctx, store, s.store.retry, random.stream("sdk")),  // MD20: the standard modes' jitter
      record(std::make_unique<detail::recorder>(ctx, s.queue.name, s.effects.result_table, after_send)),
      hooks(std::make_unique<detail::sim_hooks>(ctx, *record, random.stream("buggify"), buggify)),
      store_clients(std::make_unique<detail::sim_store_factory>(*this)),
      code(handler, *store_clients, *hooks),
      function(ctx, random.stream("runtime"), s.function, code, &metrics),
      mapping(ctx, random.stream("esm"), s.esm, with_queues(queues, s), s.queue.name, function, &metrics),
      gateway(ctx, s.gateway, queues, iam, random.stream("gateway"), &metrics),
      clients(ctx, s.clients, gateway, random.stream("clients"), &metrics) {
  queues.set_observer(record.get());
  mapping.set_observer(record.get());
  store.core().set_change_sink([r = record.get()](store::change_record&& c) { r->on_change(std::move(c)); });
  store.start_ttl_deleter();
}

world::~world() = default;

bool world::quiescent() {
  const auto a = queues.get_queue_attributes(config.queue.name);
  return a.approximate_number_of_messages == 0 && a.approximate_number_of_messages_not_visible == 0 &&
         a.approximate_number_of_messages_delayed == 0 && mapping.active_batches() == 0 && function.in_flight() == 0 &&
         gateway.in_flight() == 0;
}

void world::collect(run_outcome& out) {
  const auto& ledger = gateway.ledger();
  out.requests = ledger.requests();
  out.attempts = ledger.attempts();
  out.client_requests = clients.requests();
  out.client_totals = clients.totals();
  out.messages = std::move(record->messages);
  out.logs = std::move(record->logs);
  out.changes = std::move(record->result_writes);
  out.invocation_spans = std::move(record->spans);
  // The run is over: the items move out of the store rather than being copied.
  for (const auto& table : config.store.tables) out.tables[table.name] = store.core().take_items(table.name);
  out.dlq = queues.stored_messages(config.dlq.name);
  out.remaining = queues.stored_messages(config.queue.name);
  out.runtime = function.stats();
  out.esm = mapping.stats();
  out.iam_denials = iam.denials().size();
  out.store_calls = store.stats().calls;
  out.store_retries = sdk.retries();
  out.store_errors_surfaced = store_errors_surfaced;
  out.crashes_between_writes = crashes_between_writes;
  out.store_read_units = store.stats().consumed_read_units;
  out.store_write_units = store.stats().consumed_write_units;
  // MD11: SQS bills API calls (a batch call counts once, empty receives count too).
  out.sqs_requests = queues.counters(config.queue.name).api_calls + queues.counters(config.dlq.name).api_calls;
}

}  // namespace slsim::pipeline
