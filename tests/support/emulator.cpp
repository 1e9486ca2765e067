#include "emulator.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <stdexcept>

namespace slsim::testing {
namespace http = boost::beast::http;

emulator emulator::start(const std::string& name) {
  const std::string script = std::string(SLSIM_CONFORMANCE_DIR) + "/start-" + name + ".mjs";
  int to_child[2], from_child[2];
  if (pipe(to_child) != 0 || pipe(from_child) != 0) throw std::runtime_error("pipe failed");
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    dup2(to_child[0], 0);
    dup2(from_child[1], 1);
    close(to_child[1]);
    close(from_child[0]);
    execlp("node", "node", script.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(to_child[0]);
  close(from_child[1]);
  // Read "listening PORT\n" with a deadline; anything else means the emulator is missing.
  std::string line;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (line.find('\n') == std::string::npos) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    pollfd pfd{from_child[0], POLLIN, 0};
    if (left.count() <= 0 || poll(&pfd, 1, static_cast<int>(left.count())) <= 0) break;
    char buf[256];
    const ssize_t n = read(from_child[0], buf, sizeof buf);
    if (n <= 0) break;
    line.append(buf, static_cast<std::size_t>(n));
  }
  close(from_child[0]);
  int port = 0;
  if (line.rfind("listening ", 0) == 0) port = std::atoi(line.c_str() + 10);
  if (port <= 0) {
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    close(to_child[1]);
    throw std::runtime_error("emulator '" + name + "' did not start (is Node.js installed and `npm ci` run in the " +
                             "repository root?); it printed: " + line);
  }
  return emulator(pid, to_child[1], port, name == "dynalite" ? "dynamodb" : "sqs");
}

emulator::emulator(emulator&& other) noexcept
    : pid_(other.pid_), stdin_fd_(other.stdin_fd_), port_(other.port_), service_(std::move(other.service_)) {
  other.pid_ = -1;
  other.stdin_fd_ = -1;
}

emulator::~emulator() {
  if (pid_ <= 0) return;
  close(stdin_fd_);
  kill(pid_, SIGTERM);
  waitpid(pid_, nullptr, 0);
}

emulator::response emulator::call(const std::string& target, const nlohmann::json& request) const {
  boost::asio::io_context io;
  boost::asio::ip::tcp::socket socket(io);
  socket.connect({boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port_)});
  http::request<http::string_body> req{http::verb::post, "/", 11};
  req.set(http::field::host, "127.0.0.1:" + std::to_string(port_));
  req.set(http::field::content_type, "application/x-amz-json-1.0");
  req.set("X-Amz-Target", target);
  req.set("X-Amz-Date", "20240101T000000Z");
  req.set(http::field::authorization, "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/" + service_ +
                                          "/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
                                          "Signature=0000000000000000000000000000000000000000000000000000000000000000");
  req.body() = request.dump();
  req.prepare_payload();
  http::write(socket, req);
  boost::beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(socket, buffer, res);
  boost::system::error_code ignored;
  socket.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
  response out;
  out.status = static_cast<int>(res.result_int());
  if (!res.body().empty()) out.body = nlohmann::json::parse(res.body(), nullptr, false);
  return out;
}

}  // namespace slsim::testing
