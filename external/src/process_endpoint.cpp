#include "slsim/external/process_endpoint.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>

namespace slsim::external {
namespace {
// How often a wait looks at whether the process is still alive; a request wakes it at once.
constexpr int k_poll_slice_ms = 20;
}  // namespace

process_endpoint::process_endpoint() {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (listen_fd_ < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listen_fd_, 16) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    const std::string why = std::strerror(errno);
    ::close(listen_fd_);
    throw std::runtime_error("cannot listen on 127.0.0.1: " + why);
  }
  port_ = ntohs(addr.sin_port);
}

process_endpoint::~process_endpoint() {
  for (auto& c : connections_) ::close(c.fd);
  ::close(listen_fd_);
}

process_endpoint::connection_state* process_endpoint::find(std::uint32_t id) noexcept {
  for (auto& c : connections_)
    if (c.id == id) return &c;
  return nullptr;
}

void process_endpoint::close_connection(std::size_t index, bool reset) {
  if (reset) {
    const linger l{1, 0};
    ::setsockopt(connections_[index].fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
  }
  ::close(connections_[index].fd);
  connections_.erase(connections_.begin() + static_cast<std::ptrdiff_t>(index));
}

bool process_endpoint::take_buffered(incoming& out) {
  for (std::size_t i = 0; i < connections_.size(); ++i) {
    auto& c = connections_[i];
    if (c.buffer.empty()) continue;
    std::string error;
    switch (parse_request(c.buffer, out.request, error)) {
      case parse_status::complete:
        out.what = incoming::kind::request;
        out.connection = c.id;
        return true;
      case parse_status::malformed:
        out.what = incoming::kind::malformed;
        out.detail = error;
        close_connection(i, true);
        return true;
      case parse_status::incomplete:
        break;
    }
  }
  return false;
}

incoming process_endpoint::next(child_process& process, double wall_timeout_s, shim_channel* shim) {
  incoming out;
  if (take_buffered(out)) return out;
  // wall-clock ok: the hang guard of a process outside the simulated world.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(wall_timeout_s);
  std::vector<pollfd> fds;
  // The process signalled an idle wait: look at the sockets once more without waiting (a
  // request it sent just before may still be on its way), then let the wait time out.
  bool idle_seen = false;
  for (;;) {
    fds.clear();
    fds.push_back({listen_fd_, POLLIN, 0});
    if (process.output_fd() >= 0) fds.push_back({process.output_fd(), POLLIN, 0});
    const std::size_t first_connection = fds.size();
    for (const auto& c : connections_) fds.push_back({c.fd, POLLIN, 0});
    if (shim != nullptr) fds.push_back({shim->idle_fd(), POLLIN, 0});
    const int ready = ::poll(fds.data(), fds.size(), idle_seen ? 1 : k_poll_slice_ms);
    if (ready == 0 && idle_seen) {
      idle_seen = false;
      bool holds_bytes = false;
      for (const auto& c : connections_) holds_bytes = holds_bytes || !c.buffer.empty();
      if (!holds_bytes && shim->idle_waiting()) {
        // Only once everything written to the process has reached it (TCP acknowledged
        // it): its descriptors then show what slsim sent before the wait times out.
        if (delivered())
          shim->release_idle();
        else
          idle_seen = true;
      }
    }
    if (ready < 0 && errno != EINTR) {
      out.what = incoming::kind::malformed;
      out.detail = std::string("poll: ") + std::strerror(errno);
      return out;
    }
    if (ready > 0) {
      if (fds[0].revents & POLLIN) {
        for (;;) {
          const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
          if (fd < 0) break;
          const int one = 1;
          ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
          connections_.push_back({++next_id_, fd, {}});
        }
      }
      if (first_connection == 2 && fds[1].revents) process.drain_output();
      // Read every connection that has data; closed ones are dropped (their requests were
      // answered, or the process is gone).
      const std::size_t connection_end = fds.size() - (shim != nullptr ? 1 : 0);
      if (shim != nullptr && fds.back().revents) idle_seen = shim->idle_waiting();
      std::vector<std::uint32_t> closed;
      for (std::size_t i = first_connection; i < connection_end; ++i) {
        if (!fds[i].revents) continue;
        auto* c = find(connections_[i - first_connection].id);
        char chunk[16384];
        for (;;) {
          const ssize_t n = ::recv(c->fd, chunk, sizeof chunk, 0);
          if (n > 0) {
            c->buffer.append(chunk, static_cast<std::size_t>(n));
            continue;
          }
          if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) closed.push_back(c->id);
          break;
        }
      }
      if (take_buffered(out)) return out;
      for (const auto id : closed)
        for (std::size_t i = 0; i < connections_.size(); ++i)
          if (connections_[i].id == id) {
            close_connection(i, false);
            break;
          }
    }
    if (process.exited()) {
      process.drain_output();
      out.what = incoming::kind::exited;
      out.detail = process.exit_description();
      return out;
    }
    if (std::chrono::steady_clock::now() >= deadline) {  // wall-clock ok: hang guard
      process.drain_output();
      out.what = incoming::kind::stuck;
      out.detail = "no request from the handler process within " + std::to_string(wall_timeout_s) + " s of wall time";
      return out;
    }
  }
}

bool process_endpoint::delivered() const noexcept {
  for (const auto& c : connections_) {
    int unacked = 0;
    if (::ioctl(c.fd, SIOCOUTQ, &unacked) == 0 && unacked > 0) return false;
  }
  return true;
}

void process_endpoint::respond(std::uint32_t connection, const std::string& bytes) {
  auto* c = find(connection);
  if (c == nullptr) return;
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(c->fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
      pollfd p{c->fd, POLLOUT, 0};
      if (::poll(&p, 1, 1000) > 0) continue;
    }
    return;  // the peer is gone: the next wait sees the process exit
  }
}

void process_endpoint::reset(std::uint32_t connection) {
  for (std::size_t i = 0; i < connections_.size(); ++i)
    if (connections_[i].id == connection) {
      close_connection(i, true);
      return;
    }
}

}  // namespace slsim::external
