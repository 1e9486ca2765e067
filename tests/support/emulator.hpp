#pragma once
// Conformance-test support: starts a real emulator (dynalite, fauxqs) as a child
// process on 127.0.0.1 and talks to it over HTTP with the AWS JSON 1.0 protocol.
// A missing Node.js or emulator package throws: conformance tests fail, never skip.
#include <sys/types.h>
#include <nlohmann/json.hpp>
#include <string>

namespace slsim::testing {

class emulator {
 public:
  /// Starts `node tests/conformance/start-<name>.mjs` and waits (≤ 20 s) for its port.
  static emulator start(const std::string& name);
  emulator(emulator&& other) noexcept;
  emulator& operator=(emulator&&) = delete;
  ~emulator();

  int port() const noexcept { return port_; }

  /// POSTs an AWS JSON 1.0 request (`X-Amz-Target: <target>`, e.g.
  /// "DynamoDB_20120810.PutItem" or "AmazonSQS.SendMessage") with a syntactically
  /// valid SigV4 header (emulators do not check signatures) and returns the HTTP status
  /// and the parsed body (null if empty).
  struct response {
    int status = 0;
    nlohmann::json body;
  };
  response call(const std::string& target, const nlohmann::json& request) const;

 private:
  emulator(pid_t pid, int stdin_fd, int port, std::string service) noexcept
      : pid_(pid), stdin_fd_(stdin_fd), port_(port), service_(std::move(service)) {}
  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  int port_ = 0;
  std::string service_;
};

}  // namespace slsim::testing
