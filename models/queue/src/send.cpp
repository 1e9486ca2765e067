// SendMessage: validation (S10, S11, F1, F5), deduplication (F5) and storage.
#include <algorithm>

#include "service_impl.hpp"

namespace slsim::queue::detail {
namespace {

constexpr sim::event_kind k_send{"queue", "send", {"queue", "message_hi", "message_lo", "message_seq"}, "delay_s"};
constexpr sim::event_kind k_dedup_drop{"queue", "dedup_drop", {"queue", "message_hi", "message_lo"}};
constexpr sim::time_ns k_dedup_window = sim::minutes(5);  // F5

std::error_code err(queue_errc e) { return make_error_code(e); }

bool valid_id_chars(std::string_view s) {
  // F1/F5: group and deduplication ids are 1..128 chars of alphanumerics and punctuation.
  if (s.empty() || s.size() > 128) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

bool valid_attribute_name(std::string_view n) {
  if (n.empty() || n.size() > 256 || n.front() == '.' || n.back() == '.') return false;
  if (n.rfind("AWS.", 0) == 0 || n.rfind("Amazon.", 0) == 0) return false;
  return std::all_of(n.begin(), n.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '.';
  });
}

std::error_code validate_attributes(const std::vector<message_attribute>& attrs) {
  if (attrs.size() > 10) return err(queue_errc::invalid_parameter_value);
  for (std::size_t i = 0; i < attrs.size(); ++i) {
    const auto& a = attrs[i];
    if (!valid_attribute_name(a.name)) return err(queue_errc::invalid_attribute_name);
    for (std::size_t j = 0; j < i; ++j)
      if (attrs[j].name == a.name) return err(queue_errc::invalid_parameter_value);
    const bool binary = a.data_type.rfind("Binary", 0) == 0;
    const bool text = a.data_type.rfind("String", 0) == 0 || a.data_type.rfind("Number", 0) == 0;
    if (!binary && !text) return err(queue_errc::invalid_parameter_value);
    if (binary ? a.binary_value.empty() : a.string_value.empty()) return err(queue_errc::invalid_parameter_value);
    if (text && !valid_message_characters(a.string_value)) return err(queue_errc::invalid_message_contents);
  }
  return {};
}

std::size_t payload_size(const send_request& r) {
  std::size_t n = r.body.size();
  for (const auto& a : r.message_attributes)
    n += a.name.size() + a.data_type.size() + a.string_value.size() + a.binary_value.size();
  return n;
}

}  // namespace

std::error_code service_impl::validate_send(const queue_state& q, const send_request& r) const {
  if (r.body.empty()) return err(queue_errc::missing_parameter);  // S11: at least one character
  // The size first: it costs nothing, while the character scan reads every byte of a body
  // that may be megabytes long (G7: the gateway forwards up to 10 MB).
  if (payload_size(r) > static_cast<std::size_t>(q.config.maximum_message_size))
    return err(queue_errc::message_too_long);                                               // S11, MD10
  if (!valid_message_characters(r.body)) return err(queue_errc::invalid_message_contents);  // S11
  if (auto ec = validate_attributes(r.message_attributes)) return ec;
  if (r.delay_s && (*r.delay_s < 0 || *r.delay_s > 900)) return err(queue_errc::invalid_parameter_value);  // S10
  if (q.fifo()) {
    if (r.delay_s) return err(queue_errc::invalid_parameter_value);  // S10: per-message delay is standard-only
    if (r.message_group_id.empty()) return err(queue_errc::missing_parameter);  // F1
    if (!valid_id_chars(r.message_group_id)) return err(queue_errc::invalid_parameter_value);
    if (r.message_deduplication_id.empty() && !q.config.content_based_deduplication)
      return err(queue_errc::invalid_parameter_value);  // F5
    if (!r.message_deduplication_id.empty() && !valid_id_chars(r.message_deduplication_id))
      return err(queue_errc::invalid_parameter_value);
  } else {
    if (!r.message_deduplication_id.empty()) return err(queue_errc::invalid_parameter_value);
    if (!r.message_group_id.empty() && !valid_id_chars(r.message_group_id))
      return err(queue_errc::invalid_parameter_value);
  }
  return {};
}

send_result service_impl::send(queue_state& q, const send_request& r) {
  send_result out;
  if ((out.error = validate_send(q, r))) return out;
  const sim::time_ns now = ctx.now();
  std::vector<message_attribute> attrs = r.message_attributes;
  std::sort(attrs.begin(), attrs.end(), [](const auto& a, const auto& b) { return a.name < b.name; });

  stored_message m;
  m.md5_body = md5(r.body);
  if (!attrs.empty()) {
    m.md5_attributes = md5_of_attributes(attrs);
    out.md5_of_message_attributes = hex(m.md5_attributes);
  }
  out.md5_of_body = hex(m.md5_body);

  std::string dedup_key;
  if (q.fifo()) {
    // F5: an explicit id overrides the SHA-256 of the body; ids are remembered 5 minutes.
    m.dedup_id = r.message_deduplication_id.empty() ? sha256_hex(r.body) : r.message_deduplication_id;
    dedup_key = q.config.deduplication_scope == dedup_scope::message_group ? r.message_group_id + '\n' + m.dedup_id
                                                                           : m.dedup_id;
    fifo_memory& mem = fifo[q.index];
    while (!mem.dedup_order.empty() && mem.dedup_order.front().first <= now) {
      const auto it = mem.dedup.find(mem.dedup_order.front().second);
      if (it != mem.dedup.end() && it->second.expires <= now) mem.dedup.erase(it);
      mem.dedup_order.pop_front();
    }
    if (const auto it = mem.dedup.find(dedup_key); it != mem.dedup.end()) {
      ++q.counters.deduplicated;
      out.deduplicated = true;
      out.message_id = format_uuid(it->second.key);
      out.sequence_number = format_sequence_number(it->second.seq);
      ctx.emit({.kind = &k_dedup_drop,
                .ids = {q.index, it->second.key.hi, it->second.key.lo, 0},
                .digest = sim::digest_bytes(r.body)});
      m.key = it->second.key;
      observe(queue_event_kind::deduplicated, q, m);
      return out;
    }
  }

  // The id is drawn under the message's content (a gateway attempt's attributes carry its
  // own correlation id) and instant, not the number of earlier sends (§6).
  sim::rng draws = keyed.at(
      send_keys.next(now, sim::mix_key(sim::mix_key(q.index, digest_word(m.md5_body)), digest_word(m.md5_attributes))));
  m.key = random_message_key(draws);
  m.body = q.texts.store(r.body);
  if (!attrs.empty()) m.packed_attributes = q.texts.store(pack_attributes(attrs));
  m.seq = q.next_seq++;
  m.enqueue_time = now;
  m.sent_time = now;
  const std::string& sender = r.sender_id.empty() ? senders.front() : r.sender_id;
  const auto sit = std::find(senders.begin(), senders.end(), sender);
  m.sender = static_cast<std::uint32_t>(sit - senders.begin());
  if (sit == senders.end()) senders.push_back(sender);
  if (!r.message_group_id.empty()) m.group = q.group_index(r.message_group_id);
  const int delay = r.delay_s.value_or(q.config.delay_s);  // S10
  m.state = delay > 0 ? message_state::delayed : message_state::visible;
  m.visible_at = now + sim::seconds(delay);

  const std::uint32_t slot = q.insert(std::move(m));
  const stored_message& s = q.at(slot);
  ++q.counters.sent;
  count(q, &queue_metrics::sends);
  out.message_id = format_uuid(s.key);
  if (q.fifo()) {
    out.sequence_number = format_sequence_number(s.seq);
    fifo_memory& mem = fifo[q.index];
    mem.dedup[dedup_key] = {now + k_dedup_window, s.key, s.seq};
    mem.dedup_order.emplace_back(now + k_dedup_window, std::move(dedup_key));
  }
  trace(k_send, q, s, delay, sim::digest_bytes(q.body(s)));
  observe(queue_event_kind::sent, q, s);
  if (s.state == message_state::visible) q.waiters.notify_one();  // S4: wake a long poll
  return out;
}

}  // namespace slsim::queue::detail
