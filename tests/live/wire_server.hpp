#pragma once
// Test support: a minimal HTTP/1.1 server on 127.0.0.1 (a free port) running on the
// test's io_context, answering each POST through a callback. Unit tests script its
// answers (throttling, errors, silence) or serve the store model over the JSON 1.0
// protocol; the conformance test puts it in front of dynalite.
#include <boost/asio/io_context.hpp>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace slsim::live::testing {

/// One request the server received.
struct received_request {
  std::string target;                          ///< the X-Amz-Target header
  std::map<std::string, std::string> headers;  ///< lower-case names
  std::string body;
  std::size_t connection = 0;  ///< which accepted connection carried it (1, 2, ...)
};

/// The answer to one request; `respond = false` leaves the client waiting (a timeout).
struct reply {
  int status = 200;
  std::string body = "{}";
  bool respond = true;
};

class wire_server {
 public:
  using handler = std::function<reply(const received_request&)>;

  /// Listens at once; serves while `io` runs. Stops when destroyed.
  wire_server(boost::asio::io_context& io, handler h);
  ~wire_server();

  std::string endpoint() const;  ///< "http://127.0.0.1:PORT"
  const std::vector<received_request>& requests() const noexcept;
  std::size_t connections() const noexcept;

  struct state;

 private:
  std::shared_ptr<state> state_;
};

}  // namespace slsim::live::testing
