#pragma once
// The sockets of one handler process: a listening socket on 127.0.0.1 that serves both
// the Runtime API and the DynamoDB endpoint, and every connection the process opened
// (HTTP/1.1 keep-alive: the SDKs keep theirs open). The simulator blocks here, in wall
// time, while the process runs: this is the lockstep (docs/other-languages.md).
#include <cstdint>
#include <string>
#include <vector>

#include "slsim/external/child_process.hpp"
#include "slsim/external/http_message.hpp"
#include "slsim/external/shim_channel.hpp"

namespace slsim::external {

/// What waiting for the process's next request produced.
struct incoming {
  enum class kind { request, exited, stuck, malformed } what = kind::request;
  std::uint32_t connection = 0;  ///< answer on this connection (kind::request)
  http_request request;
  std::string detail;  ///< exited / stuck / malformed: what happened
};

class process_endpoint {
 public:
  /// Binds 127.0.0.1 on a port the kernel picks; throws std::runtime_error on failure.
  process_endpoint();
  ~process_endpoint();
  process_endpoint(const process_endpoint&) = delete;
  process_endpoint& operator=(const process_endpoint&) = delete;

  std::uint16_t port() const noexcept { return port_; }
  /// Blocks until `process` sent a whole request, exited, or `wall_timeout_s` passed. With
  /// `shim`, an idle timed wait of the process is let time out meanwhile (it holds nothing
  /// slsim owes it, so only its timers can wake it: they fire in virtual time).
  incoming next(child_process& process, double wall_timeout_s, shim_channel* shim = nullptr);
  /// Writes a whole response on `connection` (a connection that is gone is ignored: the
  /// process died, which the next wait reports).
  void respond(std::uint32_t connection, const std::string& bytes);
  /// Closes `connection` with a TCP reset (an ambiguous outcome for the client).
  void reset(std::uint32_t connection);

 private:
  struct connection_state {
    std::uint32_t id = 0;
    int fd = -1;
    std::string buffer;
  };
  connection_state* find(std::uint32_t id) noexcept;
  void close_connection(std::size_t index, bool reset);
  bool take_buffered(incoming& out);
  /// Whether the process's side has acknowledged every byte written to it.
  bool delivered() const noexcept;

  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  std::uint32_t next_id_ = 0;
  std::vector<connection_state> connections_;  // in the order they were accepted
};

}  // namespace slsim::external
