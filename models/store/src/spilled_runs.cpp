// spilled_runs: sorted runs of rows in temporary files, each with a Bloom filter and a sparse
// index in memory; runs merge size-tiered (a binary counter), so a lookup reads O(log n)
// filters and, for a key a run holds, one block.
//
// A row on disk: the partition key (type byte, varint length, bytes), the sort key (type
// byte; its length and bytes unless NULL), `since` (8 bytes), a byte 1 and the item's
// encoding (varint length, bytes) or a byte 0 for a tombstone.
#include "spilled_runs.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <stdexcept>

#include "byte_codec.hpp"
#include "slsim/sim/assert.hpp"
#include "spill_file.hpp"

namespace slsim::store::detail {

namespace {

constexpr std::size_t k_block_bytes = 16 * 1024;  // one read per lookup; its first key stays in memory
constexpr std::size_t k_bloom_bits_per_key = 16;  // ~0.05 % false positives with 7 probes
constexpr unsigned k_bloom_probes = 7;

void put_key_value(std::string& out, const attribute_value& v) {
  out.push_back(static_cast<char>(v.type));
  if (v.type == value_type::null) return;
  SLSIM_ASSERT(v.type == value_type::s || v.type == value_type::n || v.type == value_type::b,
               "a spilled row's key is not a scalar");
  append_varint(out, v.scalar.size());
  out.append(v.scalar);
}

int compare_keys(const attribute_value& apk, const attribute_value& ask, const attribute_value& bpk,
                 const attribute_value& bsk) noexcept {
  const int c = compare_scalars(apk, bpk);
  return c != 0 ? c : compare_scalars(ask, bsk);
}

/// Reads rows back from a block's bytes.
class row_reader {
 public:
  explicit row_reader(std::string_view bytes) noexcept : in_(bytes) {}
  bool done() const noexcept { return in_.done(); }
  spilled_row next() {
    spilled_row r;
    key_value(r.pk);
    key_value(r.sk);
    std::int64_t since = 0;
    std::memcpy(&since, in_.take(sizeof since).data(), sizeof since);
    r.since = since;
    if (in_.byte() != 0) r.current = packed_item::from_encoding(in_.bytes());
    return r;
  }

 private:
  void key_value(attribute_value& v) {
    v.type = static_cast<value_type>(in_.byte());
    if (v.type != value_type::null) v.scalar = std::string(in_.bytes());
  }
  byte_reader in_;
};

/// FNV-1a 64 (sim::fnv1a64) of a key's encoding, fed piece by piece: a lookup hashes its key
/// without building the encoding.
class key_hasher {
 public:
  void add(const attribute_value& v) noexcept {
    byte(static_cast<unsigned char>(v.type));
    if (v.type == value_type::null) return;
    for (auto n = v.scalar.size();; n >>= 7) {  // the varint length, as append_varint writes it
      if (n < 0x80) {
        byte(static_cast<unsigned char>(n));
        break;
      }
      byte(static_cast<unsigned char>((n & 0x7f) | 0x80));
    }
    for (const unsigned char c : v.scalar) byte(c);
  }
  std::uint64_t value() const noexcept { return h_; }

 private:
  void byte(unsigned char c) noexcept {
    h_ ^= c;
    h_ *= 0x100000001b3ULL;
  }
  std::uint64_t h_ = 0xcbf29ce484222325ULL;
};

}  // namespace

struct spilled_runs::run {
  struct block {
    attribute_value pk;  ///< the block's first key
    attribute_value sk;
    std::uint64_t offset = 0;
    std::uint32_t length = 0;
  };
  std::unique_ptr<spill_file> file;
  std::vector<block> blocks;
  std::vector<std::uint64_t> bloom;
  std::size_t rows = 0;
  double earliest_expiry_s = std::numeric_limits<double>::infinity();
  mutable std::string buffer;  ///< the block read last

  static std::uint64_t mix(std::uint64_t h) noexcept {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h | 1;
  }
  void bloom_add(std::uint64_t h) noexcept {
    const std::uint64_t bits = bloom.size() * 64, step = mix(h);
    for (unsigned i = 0; i < k_bloom_probes; ++i, h += step) bloom[(h % bits) / 64] |= 1ULL << (h % 64);
  }
  bool bloom_has(std::uint64_t h) const noexcept {
    const std::uint64_t bits = bloom.size() * 64, step = mix(h);
    for (unsigned i = 0; i < k_bloom_probes; ++i, h += step)
      if (!(bloom[(h % bits) / 64] & (1ULL << (h % 64)))) return false;
    return true;
  }
  /// The block a key would be in (the last whose first key is at or before it), or npos.
  std::size_t block_of(const attribute_value& pk, const attribute_value& sk) const noexcept {
    const auto after = std::upper_bound(blocks.begin(), blocks.end(), 0,
                                        [&](int, const block& b) { return compare_keys(pk, sk, b.pk, b.sk) < 0; });
    return after == blocks.begin() ? std::string::npos : static_cast<std::size_t>(after - blocks.begin() - 1);
  }
  std::string_view read_block(std::size_t i) const {
    file->read(blocks[i].offset, blocks[i].length, buffer);
    return buffer;
  }
};

namespace {

/// Hashes of a key as the filters use them: the partition alone (a Query) and the whole key.
struct key_hashes {
  std::uint64_t partition;
  std::uint64_t key;
  key_hashes(const attribute_value& pk, const attribute_value& sk) noexcept {
    key_hasher h;
    h.add(pk);
    partition = h.value();
    if (sk.type == value_type::null) {
      key = partition;
      return;
    }
    h.add(sk);
    key = h.value();
  }
};

/// Builds one run from rows given in key order.
class run_writer {
 public:
  run_writer(std::unique_ptr<spill_file> file, std::size_t rows_hint, const std::string& ttl_attribute,
             bool has_sort_key)
      : run_(std::make_unique<spilled_runs::run>()), ttl_attribute_(ttl_attribute) {
    run_->file = std::move(file);
    const std::size_t keys = rows_hint * (has_sort_key ? 2 : 1);  // a key, and its partition if it has a sort key
    run_->bloom.assign(std::max<std::size_t>(1, (keys * k_bloom_bits_per_key + 63) / 64), 0);
    block_.reserve(k_block_bytes + 1024);
  }
  void add(const attribute_value& pk, const attribute_value& sk, sim::time_ns since, const packed_item& current) {
    if (block_.empty()) run_->blocks.push_back({pk, sk, 0, 0});
    put_key_value(block_, pk);
    put_key_value(block_, sk);
    const std::int64_t s = since;
    block_.append(reinterpret_cast<const char*>(&s), sizeof s);
    block_.push_back(current.has_value() ? 1 : 0);
    if (current.has_value()) {
      append_varint(block_, current.encoding().size());
      block_.append(current.encoding());
      note_expiry(current);
    }
    const key_hashes h(pk, sk);
    run_->bloom_add(h.partition);
    if (h.key != h.partition) run_->bloom_add(h.key);
    ++run_->rows;
    if (block_.size() >= k_block_bytes) flush();
  }
  std::unique_ptr<spilled_runs::run> finish() {
    flush();
    return std::move(run_);
  }

 private:
  void note_expiry(const packed_item& current) {
    if (ttl_attribute_.empty()) return;
    const auto expiry = current.scalar(ttl_attribute_, value_type::n);  // D10: only numbers count
    if (!expiry) return;
    const double s = std::floor(std::stod(std::string(*expiry)));
    run_->earliest_expiry_s = std::min(run_->earliest_expiry_s, s);
  }
  void flush() {
    if (block_.empty()) return;
    auto& b = run_->blocks.back();
    b.offset = run_->file->append(block_);
    b.length = static_cast<std::uint32_t>(block_.size());
    block_.clear();
  }
  std::unique_ptr<spilled_runs::run> run_;
  const std::string& ttl_attribute_;
  std::string block_;
};

/// Reads one run's rows in key order, a block at a time.
class run_cursor {
 public:
  explicit run_cursor(const spilled_runs::run& r) : run_(r) { advance(); }
  bool valid() const noexcept { return row_.has_value(); }
  const spilled_row& row() const noexcept { return *row_; }
  spilled_row take() { return std::move(*row_); }
  void advance() {
    while (!reader_ || reader_->done()) {
      if (next_block_ >= run_.blocks.size()) {
        row_.reset();
        return;
      }
      run_.file->read(run_.blocks[next_block_].offset, run_.blocks[next_block_].length, bytes_);
      ++next_block_;
      reader_.emplace(bytes_);
    }
    row_ = reader_->next();
  }

 private:
  const spilled_runs::run& run_;
  std::size_t next_block_ = 0;
  std::string bytes_;
  std::optional<row_reader> reader_;
  std::optional<spilled_row> row_;
};

/// Merges cursors (newest first): visits each key once, from the newest cursor holding it.
void merge_cursors(std::vector<run_cursor>& newest_first, const std::function<void(spilled_row&&)>& visit) {
  for (;;) {
    run_cursor* least = nullptr;
    for (auto& c : newest_first)
      if (c.valid() && (!least || compare_keys(c.row().pk, c.row().sk, least->row().pk, least->row().sk) < 0))
        least = &c;
    if (!least) return;
    spilled_row winner = least->take();
    for (auto& c : newest_first)
      if (&c != least && c.valid() && compare_keys(c.row().pk, c.row().sk, winner.pk, winner.sk) == 0) c.advance();
    least->advance();
    visit(std::move(winner));
  }
}

}  // namespace

spilled_runs::spilled_runs(std::string ttl_attribute, bool has_sort_key)
    : ttl_attribute_(std::move(ttl_attribute)), has_sort_key_(has_sort_key) {}
spilled_runs::~spilled_runs() = default;
spilled_runs::spilled_runs(spilled_runs&&) noexcept = default;
spilled_runs& spilled_runs::operator=(spilled_runs&&) noexcept = default;

bool spilled_runs::empty() const noexcept { return runs_.empty(); }
void spilled_runs::clear() noexcept { runs_.clear(); }

bool spilled_runs::add(const std::vector<spilled_row_ref>& rows) {
  if (rows.empty() || unavailable_) return false;
  auto file = spill_file::make();
  if (!file) {
    unavailable_ = true;
    return false;
  }
  // A disk that fills up ends spilling, not the run: the rows stay in memory from then on.
  try {
    run_writer w(std::move(file), rows.size(), ttl_attribute_, has_sort_key_);
    for (const auto& r : rows) w.add(r.pk, r.sk, r.since, r.current);
    runs_.push_back(w.finish());
  } catch (const std::runtime_error&) {
    unavailable_ = true;
    return false;
  }
  try {
    merge_tail();  // a merge is built aside and swapped in: a failed one leaves the runs as they were
  } catch (const std::runtime_error&) {
    unavailable_ = true;
  }
  return true;
}

void spilled_runs::merge_tail() {
  // Size-tiered, as a binary counter: the newest run merges into the one before it while it
  // holds at least half as many rows, so n rows spilled make O(log n) runs.
  while (runs_.size() >= 2 && runs_[runs_.size() - 1]->rows * 2 > runs_[runs_.size() - 2]->rows) {
    auto file = spill_file::make();
    if (!file) return;  // the runs stay as they are: more of them to read, nothing lost
    const auto& older = *runs_[runs_.size() - 2];
    const auto& newer = *runs_[runs_.size() - 1];
    const bool into_oldest = runs_.size() == 2;  // no older run: a tombstone shadows nothing
    run_writer w(std::move(file), older.rows + newer.rows, ttl_attribute_, has_sort_key_);
    std::vector<run_cursor> cursors;
    cursors.emplace_back(newer);
    cursors.emplace_back(older);
    merge_cursors(cursors, [&](spilled_row&& r) {
      if (r.current.has_value() || !into_oldest) w.add(r.pk, r.sk, r.since, r.current);
    });
    auto merged = w.finish();
    runs_.pop_back();
    runs_.back() = std::move(merged);
  }
}

bool spilled_runs::may_contain(const attribute_value& pk, const attribute_value& sk) const {
  if (runs_.empty()) return false;
  const key_hashes h(pk, sk);
  return std::any_of(runs_.begin(), runs_.end(), [&](const auto& r) { return r->bloom_has(h.key); });
}

std::optional<spilled_row> spilled_runs::find(const attribute_value& pk, const attribute_value& sk) {
  return find_from(0, pk, sk);
}

std::optional<spilled_row> spilled_runs::find_from(std::size_t oldest, const attribute_value& pk,
                                                   const attribute_value& sk) const {
  if (oldest >= runs_.size()) return std::nullopt;
  const key_hashes h(pk, sk);
  for (std::size_t i = runs_.size(); i-- > oldest;) {
    const auto& held = *runs_[i];
    if (!held.bloom_has(h.key)) continue;
    const auto b = held.block_of(pk, sk);
    if (b == std::string::npos) continue;
    row_reader reader(held.read_block(b));
    while (!reader.done()) {
      auto row = reader.next();
      const int c = compare_keys(row.pk, row.sk, pk, sk);
      if (c == 0) return row;
      if (c > 0) break;
    }
  }
  return std::nullopt;
}

std::vector<spilled_row> spilled_runs::partition(const attribute_value& pk) {
  std::map<attribute_value, spilled_row, value_less> by_sort_key;  // newest run first: the first one wins
  const key_hashes h(pk, attribute_value());
  for (auto r = runs_.rbegin(); r != runs_.rend(); ++r) {
    const auto& held = **r;
    if (!held.bloom_has(h.partition)) continue;
    // The partition starts in the last block whose first key is before it (or the first block).
    const auto first = std::lower_bound(held.blocks.begin(), held.blocks.end(), 0,
                                        [&](const run::block& b, int) { return compare_scalars(b.pk, pk) < 0; });
    for (auto b = static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, first - held.blocks.begin() - 1));
         b < held.blocks.size(); ++b) {
      if (compare_scalars(held.blocks[b].pk, pk) > 0) break;
      row_reader reader(held.read_block(b));
      bool past = false;
      while (!reader.done()) {
        auto row = reader.next();
        const int c = compare_scalars(row.pk, pk);
        if (c > 0) {
          past = true;
          break;
        }
        if (c == 0) by_sort_key.try_emplace(row.sk, std::move(row));
      }
      if (past) break;
    }
  }
  std::vector<spilled_row> out;
  out.reserve(by_sort_key.size());
  for (auto& [sk, row] : by_sort_key) out.push_back(std::move(row));
  return out;
}

void spilled_runs::for_each(const std::function<bool(const attribute_value&, const attribute_value&)>& skip,
                            const std::function<void(spilled_row&&)>& visit) {
  std::vector<run_cursor> cursors;
  cursors.reserve(runs_.size());
  for (auto r = runs_.rbegin(); r != runs_.rend(); ++r) cursors.emplace_back(**r);
  merge_cursors(cursors, [&](spilled_row&& row) {
    if (!skip(row.pk, row.sk)) visit(std::move(row));
  });
}

void spilled_runs::for_each_may_expire(double expired_by_s, const std::function<void(spilled_row&&)>& visit) {
  for (std::size_t i = 0; i < runs_.size(); ++i) {
    if (runs_[i]->earliest_expiry_s > expired_by_s) continue;
    run_cursor cursor(*runs_[i]);
    for (; cursor.valid(); cursor.advance()) {
      const auto& row = cursor.row();
      if (!row.current.has_value()) continue;
      // Only the newest version of a key counts: a newer run holding the key shadows this one.
      const bool shadowed = find_from(i + 1, row.pk, row.sk).has_value();
      if (!shadowed) visit(cursor.take());
    }
  }
}

}  // namespace slsim::store::detail
