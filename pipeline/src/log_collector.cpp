#include "slsim/pipeline/log_collector.hpp"

#include "world_parts.hpp"

namespace slsim::pipeline {

void log_collector::on_record(const sim::trace_record& record) {
  if (record.kind && record.kind->key == detail::k_handler_log.key)
    lines_.push_back({record.t, record.ids[0], std::string(record.text)});
  if (next_) next_->on_record(record);
}

}  // namespace slsim::pipeline
