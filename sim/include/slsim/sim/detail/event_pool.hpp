#pragma once
// Storage for pending kernel events: type-erased, move-only callables kept inline
// in fixed slots (no allocation per event in steady state), addressed by index.
// Slot addresses are stable (chunked storage) because callables may refer to
// themselves while they run.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace slsim::sim::detail {

/// How a pending event completes: as scheduled, aborted by cancellation, or by its deadline.
enum class fire_code : std::uint8_t { ok, aborted, timed_out };

class event_pool;

struct event_slot {
  static constexpr std::size_t k_inline_size = 64;
  // Moves the callable out, releases the slot, then calls it: the slot may be reused
  // by whatever the callable schedules.
  using invoke_fn = void (*)(event_pool&, std::uint32_t index, fire_code);
  using destroy_fn = void (*)(event_slot&);

  alignas(std::max_align_t) unsigned char storage[k_inline_size];
  void* heap = nullptr;
  invoke_fn invoke = nullptr;
  destroy_fn destroy = nullptr;
  std::uint32_t generation = 0;
  std::uint32_t task = 0;
  fire_code on_fire = fire_code::ok;
  bool daemon = false;
  bool queued = false;
  bool live = false;
};

class event_pool {
 public:
  static constexpr std::uint32_t k_chunk_bits = 10;
  static constexpr std::uint32_t k_chunk_size = 1u << k_chunk_bits;

  event_pool() = default;
  event_pool(const event_pool&) = delete;
  event_pool& operator=(const event_pool&) = delete;
  ~event_pool() { destroy_all(); }

  event_slot& at(std::uint32_t index) noexcept { return chunks_[index >> k_chunk_bits][index & (k_chunk_size - 1)]; }

  /// Stores `f` (callable as f(fire_code)) and returns its slot index.
  template <class F>
  std::uint32_t emplace(F&& f) {
    using fn_t = std::decay_t<F>;
    const std::uint32_t index = acquire();
    event_slot& slot = at(index);
    if constexpr (sizeof(fn_t) <= event_slot::k_inline_size && alignof(fn_t) <= alignof(std::max_align_t)) {
      ::new (static_cast<void*>(slot.storage)) fn_t(std::forward<F>(f));
      slot.heap = nullptr;
    } else {
      slot.heap = new fn_t(std::forward<F>(f));
    }
    slot.invoke = &invoke_impl<fn_t>;
    slot.destroy = &destroy_impl<fn_t>;
    slot.live = true;
    return index;
  }

  /// Runs the callable in `index` with `code`; the slot is free before the call.
  void invoke(std::uint32_t index, fire_code code) { at(index).invoke(*this, index, code); }

  /// Destroys every pending callable without running it (teardown). Callables destroyed
  /// here may schedule more work; that work is destroyed too.
  void destroy_all() noexcept {
    bool any = true;
    while (any) {
      any = false;
      for (std::uint32_t i = 0; i < size_; ++i) {
        event_slot& slot = at(i);
        if (!slot.live) continue;
        any = true;
        slot.destroy(slot);
        release(i);
      }
    }
  }

  std::uint32_t live_count() const noexcept { return live_; }

 private:
  template <class F>
  static F* target(event_slot& slot) noexcept {
    return static_cast<F*>(slot.heap ? slot.heap : static_cast<void*>(slot.storage));
  }
  template <class F>
  static void destroy_impl(event_slot& slot) noexcept {
    F* f = target<F>(slot);
    if (slot.heap)
      delete f;
    else
      f->~F();
    slot.heap = nullptr;
  }
  template <class F>
  static void invoke_impl(event_pool& pool, std::uint32_t index, fire_code code) {
    event_slot& slot = pool.at(index);
    F local(std::move(*target<F>(slot)));
    destroy_impl<F>(slot);
    pool.release(index);
    std::move(local)(code);
  }

  std::uint32_t acquire() {
    if (!free_.empty()) {
      const std::uint32_t index = free_.back();
      free_.pop_back();
      ++live_;
      return index;
    }
    if ((size_ & (k_chunk_size - 1)) == 0) chunks_.push_back(std::make_unique<event_slot[]>(k_chunk_size));
    ++live_;
    return size_++;
  }
  void release(std::uint32_t index) noexcept {
    event_slot& slot = at(index);
    slot.live = false;
    slot.queued = false;
    ++slot.generation;  // every outstanding reference to this slot becomes stale
    --live_;
    free_.push_back(index);
  }

  std::vector<std::unique_ptr<event_slot[]>> chunks_;
  std::vector<std::uint32_t> free_;
  std::uint32_t size_ = 0;
  std::uint32_t live_ = 0;
};

}  // namespace slsim::sim::detail
