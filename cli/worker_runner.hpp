#pragma once
// The case_runner of `slsim check`: every case in a worker process (workers.hpp), shared
// by up to `reuse` cases; anything but a clean pass from a shared worker is run again alone
// (as a replay runs it) and that run stands; a job marked fresh starts from a pristine
// process; shrinking candidates and traces each run alone in a fresh process.
#include "slsim/properties/check_driver.hpp"

namespace slsim::cli {

class worker_runner final : public properties::case_runner {
 public:
  worker_runner(const handler_definition& handler, int jobs, int reuse)
      : handler_(handler), jobs_(jobs), reuse_(reuse) {}
  properties::batch_run run(const std::vector<properties::case_job>& jobs,
                            const properties::case_source& cases) override;
  properties::checked_case run_alone(const properties::case_spec& c) override;
  properties::trace_run trace(const properties::case_spec& c, const std::string& path) override;
  int interrupted() const override;

 private:
  const handler_definition& handler_;
  int jobs_;
  int reuse_;
};

}  // namespace slsim::cli
