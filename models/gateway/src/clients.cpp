// Client coroutines: arrival processes, per-request retry loops with exponential
// backoff and full jitter under the same requestId, client-side timeouts, late retries.
#include "slsim/gateway/clients.hpp"

#include <algorithm>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cmath>
#include <optional>
#include <utility>

#include "slsim/queue/messages.hpp"
#include "slsim/sim/timer.hpp"

namespace slsim::gateway {
namespace asio = boost::asio;

namespace {
// ids: {request id, attempt}; value: the status seen (-1: client timeout).
constexpr sim::event_kind k_attempt{"client", "attempt", {"request", "attempt"}, "status"};
// ids: {request id, attempts}; value: the final status.
constexpr sim::event_kind k_done{"client", "done", {"request", "attempts"}, "final_status"};

sim::time_ns from_seconds(double s) { return std::llround(s * 1e9); }

bool retryable(const boost::system::error_code& ec, const http_response& r) {
  // 429, 5xx (504 included) and client-side timeouts; 4xx and 2xx are final.
  return ec || r.status == 429 || r.status >= 500;
}
}  // namespace

struct client_fleet::impl {
  sim::context& ctx;
  client_config config;
  api_gateway& gateway;
  sim::rng rng;
  // Each request draws its content (kind, id, body, retries) from its own stream, so that
  // dropping one request leaves every other request as it was (shrinking, §6).
  sim::rng_source requests_source;
  amount_model amounts;
  bool add_fields;                 // the request schema admits extra fields (G6 re-serialised retries add two)
  std::vector<std::int64_t> only;  // clients.arrival.only_requests, sorted
  sim::record_vector<client_request> requests;  // in record storage: one a request
  std::size_t finished = 0;                     // requests marked done
  client_totals totals;
  metrics::registry own_metrics;
  metrics::registry& metrics;
  metrics::counter m_requests, m_retries, m_timeouts, m_late;
  double share_total = 0;

  impl(sim::context& c, client_config cfg, api_gateway& g, sim::rng r, metrics::registry* m)
      : ctx(c),
        config(std::move(cfg)),
        gateway(g),
        rng(r),
        requests_source(rng.next_u64()),
        amounts(amount_model::make(config, g.config().request_schema)),
        add_fields(g.config().request_schema.value("additionalProperties", true) != false),
        only(config.arrival.only_requests),
        metrics(m ? *m : own_metrics) {
    std::sort(only.begin(), only.end());
    // Sized once: a long run's records never exist twice while the vector doubles.
    // Capped: an absurd plan stops at a guard, not at this reservation.
    requests.reserve(static_cast<std::size_t>(std::clamp<std::int64_t>(config.planned_requests(), 0, 1 << 24)));
    m_requests = metrics.add_counter("clients.requests");
    m_retries = metrics.add_counter("clients.retries");
    m_timeouts = metrics.add_counter("clients.timeouts");
    m_late = metrics.add_counter("clients.late_retries");
    const auto& x = config.mix;
    for (double s : {x.valid, x.poison, x.invalid, x.oversized, x.unauthenticated}) share_total += std::max(s, 0.0);
  }

  request_kind pick_kind(sim::rng& r) const {
    const auto& x = config.mix;
    const double shares[] = {x.valid, x.poison, x.invalid, x.oversized, x.unauthenticated};
    double u = r.uniform01() * share_total;
    for (int k = 0; k < 5; ++k) {
      const double s = std::max(shares[k], 0.0);
      if (u < s) return static_cast<request_kind>(k);
      u -= s;
    }
    return request_kind::valid;
  }

  // Full jitter (AWS Architecture Blog "Exponential Backoff And Jitter").
  sim::time_ns backoff(std::uint32_t retry, sim::rng& r) const {
    const auto& rc = config.retry;
    const double cap = static_cast<double>(rc.max_delay_ms);
    const double exp = static_cast<double>(rc.base_delay_ms) * std::pow(2.0, static_cast<double>(retry));
    const double ms = std::min(cap, exp);
    return std::llround((rc.jitter ? r.uniform(0, ms) : ms) * 1e6);
  }

  sim::time_ns gap(sim::time_ns start, std::int64_t sent, sim::rng& r) const {
    const auto& a = config.arrival;
    switch (a.process) {
      case arrival_process::constant:
        return from_seconds(1.0 / a.rate_per_s);
      case arrival_process::poisson:
        return from_seconds(r.exponential(1.0 / a.rate_per_s));
      case arrival_process::bursts:
        return sent % a.burst_size == 0 ? from_seconds(a.burst_interval_s) : 0;
      case arrival_process::ramp: {
        const double elapsed = sim::to_seconds(ctx.now() - start);
        const double f = a.ramp_duration_s > 0 ? std::min(1.0, elapsed / a.ramp_duration_s) : 1.0;
        return from_seconds(1.0 / (a.rate_per_s + (a.ramp_to_rate_per_s - a.rate_per_s) * f));
      }
    }
    return from_seconds(1.0 / a.rate_per_s);
  }

  /// The stream of request `index` of `client`.
  sim::rng request_stream(std::uint32_t client, std::int64_t index) const {
    return requests_source.stream("request",
                                  (static_cast<std::uint64_t>(client) << 32) ^ static_cast<std::uint64_t>(index));
  }

  bool skipped(std::uint32_t client, std::int64_t index) const {
    if (only.empty()) return false;
    return !std::binary_search(only.begin(), only.end(), client * config.arrival.requests + index);
  }

  /// `body_stream` receives the stream's state right before the body's draws, so the body
  /// can be made again (body_from) instead of being held while its request waits.
  http_request build(std::uint32_t client, request_kind kind, sim::rng& r, sim::rng& body_stream) const {
    http_request req;
    req.request_id = r.next_u64();
    req.client = client;
    req.kind = kind;
    req.path = config.path;
    if (!config.credentials.empty()) {
      const credentials_config& cred = config.credentials[client % config.credentials.size()];
      req.api_key = cred.api_key;
      req.authorization = cred.token;
    }
    if (kind == request_kind::unauthenticated) {
      // Either no credentials at all or corrupted ones (G2: 403 or 401).
      const bool strip = r.bernoulli(0.5);
      req.api_key = strip || req.api_key.empty() ? std::string() : req.api_key + "-invalid";
      req.authorization = strip || req.authorization.empty() ? std::string() : req.authorization + "-invalid";
    }
    body_stream = r;
    req.body = make_body(kind, req.request_id, r, config, amounts);
    return req;
  }

  /// The body build() made, made again from the same stream state (byte-identical).
  std::string body_from(const http_request& req, sim::rng body_stream) const {
    return make_body(req.kind, req.request_id, body_stream, config, amounts);
  }
};

namespace {
asio::awaitable<void> attempt_once(client_fleet::impl& f, std::uint32_t index, http_request proto,
                                   boost::system::error_code& ec, http_response& out) {
  client_request& cr = f.requests[index];
  ++cr.attempts;
  ++f.totals.attempts;
  if (cr.attempts > 1) {
    ++f.totals.retries;
    f.metrics.increment(f.m_retries);
  }
  ec = {};
  const sim::time_ns deadline = f.ctx.now() + from_seconds(f.config.timeout_s);
  const std::uint64_t request_id = proto.request_id;
  out = co_await f.gateway.async_call(std::move(proto), deadline, asio::redirect_error(asio::use_awaitable, ec));
  const int seen = ec ? -1 : out.status;
  if (ec) {
    ++f.totals.timeouts;
    f.metrics.increment(f.m_timeouts);
  }
  f.requests[index].final_status = seen;  // re-index: the vector may have grown meanwhile
  f.ctx.emit({.kind = &k_attempt, .ids = {request_id, f.requests[index].attempts, 0, 0}, .value = seen});
}

asio::awaitable<void> run_request(client_fleet::impl& f, std::uint32_t index, http_request proto, sim::rng r,
                                  sim::rng body_stream) {
  const sim::time_ns first = f.ctx.now();
  const auto& rc = f.config.retry;
  boost::system::error_code ec;
  http_response response;
  // The body as first built, once a rebuild needs it: made again from its stream, never a
  // second copy held alongside proto.body (an oversized one is over 1 MB, G7).
  std::optional<std::string> original;
  const auto original_body = [&]() -> const std::string& {
    if (!original) original = f.body_from(proto, body_stream);
    return *original;
  };
  bool reserialised = false;   // proto.body is no longer the original
  bool body_released = false;  // proto.body went with an attempt or was dropped while waiting
  // G6: a retry may be a rebuilt request — same requestId, newly serialised body.
  const auto rebuild = [&] {
    if (r.bernoulli(rc.reserialise_probability)) {
      proto.body = reserialise_body(original_body(), queue::epoch_ms(f.ctx.now()), r, f.add_fields);
      reserialised = true;
    } else if (body_released) {
      proto.body = original_body();  // dropped as the original: the original goes again
    }
    body_released = false;
  };
  // The original body goes with the attempt instead of a copy (an oversized one is over
  // 1 MB, G7): a retry makes it again from its stream. A re-serialised body cannot be made
  // again, so it is copied.
  const auto for_attempt = [&]() -> http_request {
    if (reserialised) return proto;
    std::string body = std::move(proto.body);
    proto.body.clear();
    http_request request = proto;  // everything but the body
    request.body = std::move(body);
    body_released = true;
    return request;
  };
  for (std::uint32_t attempt = 1;; ++attempt) {
    co_await attempt_once(f, index, for_attempt(), ec, response);
    if (!retryable(ec, response) || attempt >= static_cast<std::uint32_t>(rc.max_attempts)) break;
    const sim::time_ns delay = f.backoff(attempt - 1, r);
    if (sim::to_seconds(f.ctx.now() + delay - first) > rc.max_elapsed_s) break;  // retry horizon
    co_await sim::async_sleep_for(f.ctx, delay, asio::use_awaitable);
    rebuild();
  }
  // A late retry: the same request again long after (a reconnecting app, a replayed
  // outbox), so TTL-based idempotency records may have expired meanwhile (P7).
  if (r.bernoulli(rc.late_retry_probability)) {
    f.requests[index].late_retry = true;
    ++f.totals.late_retries;
    f.metrics.increment(f.m_late);
    const sim::time_ns wait = from_seconds(r.uniform(rc.late_retry_min_s, rc.late_retry_max_s));
    // Minutes of waiting hold no body (an oversized one is over 1 MB, G7): the original is
    // made again from its stream, and a body about to be re-serialised is not needed. The
    // stream is peeked, not drawn: rebuild() makes the same draw after the wait.
    const bool reserialises = sim::rng(r).bernoulli(rc.reserialise_probability);
    if (reserialises || !reserialised) {
      std::string().swap(proto.body);
      body_released = true;
    }
    original.reset();
    co_await sim::async_sleep_for(f.ctx, wait, asio::use_awaitable);
    rebuild();
    co_await attempt_once(f, index, for_attempt(), ec, response);
  }
  client_request& cr = f.requests[index];
  cr.done = true;
  ++f.finished;
  f.ctx.emit({.kind = &k_done, .ids = {proto.request_id, cr.attempts, 0, 0}, .value = cr.final_status});
}

asio::awaitable<void> run_client(client_fleet::impl& f, std::uint32_t client, sim::rng r) {
  const auto& a = f.config.arrival;
  co_await sim::async_sleep_for(f.ctx, from_seconds(a.start_s), asio::use_awaitable);
  const sim::time_ns start = f.ctx.now();
  for (std::int64_t sent = 0; sent < a.requests; ++sent) {
    if (sent > 0) {
      const sim::time_ns gap = f.gap(start, sent, r);
      if (gap > 0) co_await sim::async_sleep_for(f.ctx, gap, asio::use_awaitable);
    }
    if (f.skipped(client, sent)) continue;  // its arrival slot passes unused
    sim::rng request_rng = f.request_stream(client, sent);
    const request_kind kind = f.pick_kind(request_rng);
    sim::rng body_stream = request_rng;
    http_request req = f.build(client, kind, request_rng, body_stream);
    const auto index = static_cast<std::uint32_t>(f.requests.size());
    f.requests.push_back(
        {req.request_id, client, kind, f.ctx.now(), 0, 0, false, false, static_cast<std::uint32_t>(sent)});
    ++f.totals.requests;
    f.metrics.increment(f.m_requests);
    f.ctx.spawn("request", run_request(f, index, std::move(req), request_rng, body_stream));
  }
}
}  // namespace

client_fleet::client_fleet(sim::context& ctx, client_config config, api_gateway& gateway, sim::rng random,
                           metrics::registry* metrics) {
  if (auto violations = config.validate(); !violations.empty()) throw models::config_error(std::move(violations));
  impl_ = std::make_unique<impl>(ctx, std::move(config), gateway, random, metrics);
}

client_fleet::~client_fleet() = default;

void client_fleet::start() {
  for (std::int64_t c = 0; c < impl_->config.clients; ++c) {
    sim::rng client_rng(impl_->rng.next_u64());
    impl_->ctx.spawn("client-" + std::to_string(c), run_client(*impl_, static_cast<std::uint32_t>(c), client_rng));
  }
}

const sim::record_vector<client_request>& client_fleet::requests() const noexcept { return impl_->requests; }
std::size_t client_fleet::finished() const noexcept { return impl_->finished; }
sim::record_vector<client_request> client_fleet::release_requests() noexcept {
  return std::exchange(impl_->requests, {});
}
const client_totals& client_fleet::totals() const noexcept { return impl_->totals; }
const client_config& client_fleet::config() const noexcept { return impl_->config; }

}  // namespace slsim::gateway
