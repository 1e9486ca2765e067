#pragma once
// What every component reports about the simulated world. The kernel folds each
// record into the run's trace hash (always on) and hands it to an optional listener
// (the trace writer) only when one is attached.
#include <array>
#include <cstdint>
#include <string_view>

#include "slsim/sim/random.hpp"
#include "slsim/sim/time.hpp"

namespace slsim::sim {

/// A kind of traced event, e.g. {"queue", "receive", {"message", "receive_count"}}.
/// Define one `static constexpr` per kind; the hash uses `key` (derived from the two
/// names), never the object's address. `id_names` and `value_name` name the record's
/// fields in trace files (an empty name writes the field as id0..id3 / value).
struct event_kind {
  std::string_view component;
  std::string_view name;
  std::array<std::string_view, 4> id_names{};
  std::string_view value_name{};
  std::uint64_t key;
  /// Field names must not repeat the line's own keys (t, seq, c, e, digest, text).
  consteval event_kind(std::string_view c, std::string_view n, std::array<std::string_view, 4> ids = {},
                       std::string_view value = {})
      : component(c), name(n), id_names(ids), value_name(value), key(fnv1a64(c) * 31 + fnv1a64(n)) {
    for (auto field : ids)
      if (reserved(field)) throw "event_kind: an id name repeats a trace line key";
    if (reserved(value)) throw "event_kind: the value name repeats a trace line key";
  }

 private:
  static constexpr bool reserved(std::string_view f) {
    return f == "t" || f == "seq" || f == "c" || f == "e" || f == "digest" || f == "text";
  }

 public:
};

/// One traced event. Field meanings are per kind (documented in docs/trace-format.md);
/// unused ids are 0. `text` is hashed by content and must outlive the emit() call only.
struct trace_record {
  time_ns t = 0;
  std::uint64_t seq = 0;  ///< position in the run's record stream, assigned by the kernel
  const event_kind* kind = nullptr;
  std::array<std::uint64_t, 4> ids{};  ///< e.g. request, message, invocation, environment
  std::int64_t value = 0;              ///< a count, duration or outcome code
  std::uint64_t digest = 0;            ///< digest of a payload or stored value
  std::string_view text{};             ///< optional human text (log line, error message)
};

/// Receives every record when tracing is on. Called synchronously; must not schedule work.
class trace_listener {
 public:
  virtual ~trace_listener() = default;
  virtual void on_record(const trace_record& record) = 0;
};

/// A 64-bit streaming hash of records: order-sensitive, content-complete.
class trace_hasher {
 public:
  void fold(const trace_record& r) noexcept;
  void fold_u64(std::uint64_t v) noexcept;
  void fold_bytes(std::string_view bytes) noexcept;
  std::uint64_t value() const noexcept;

 private:
  std::uint64_t h_ = 0x2545f4914f6cdd1dULL;
};

/// Digest of a byte string for `trace_record::digest` (content-based, stable across runs).
std::uint64_t digest_bytes(std::string_view bytes) noexcept;

}  // namespace slsim::sim
