// A one-thread HTTP server on 127.0.0.1 for the client's tests: every connection gets the same
// canned bytes (status line, headers and body written as given, so it can lie, stall or speak
// something that is not HTTP). Answers `connections` requests, then stops.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace factloom::store::testing {

class TinyServer {
public:
  /// `answer` produces the bytes for a request (its head and body as received).
  TinyServer(std::function<std::string(const std::string &)> answer, int connections = 1)
      : answer_(std::move(answer)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    const int one = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    ::bind(fd_, reinterpret_cast<sockaddr *>(&addr), sizeof addr); // NOLINT
    ::listen(fd_, 8);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr *>(&addr), &len); // NOLINT
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this, connections] { serve(connections); });
  }
  ~TinyServer() {
    ::shutdown(fd_, SHUT_RDWR); // wakes an accept() that waits for a request never made
    if (thread_.joinable())
      thread_.join();
    ::close(fd_); // after the join: no thread uses the descriptor any more
  }
  TinyServer(const TinyServer &) = delete;
  TinyServer &operator=(const TinyServer &) = delete;

  std::string url(const std::string &path = "/sparql") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  /// The last request received (head and body).
  std::string last_request() const {
    const std::lock_guard<std::mutex> guard(lock_);
    return last_request_;
  }

  /// A whole HTTP/1.1 answer with Content-Length and Connection: close.
  static std::string http(int status, const std::string &type, const std::string &body,
                          const std::string &extra_headers = "") {
    return "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: " + type +
           "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" + extra_headers +
           "Connection: close\r\n\r\n" + body;
  }

private:
  void serve(int connections) {
    for (int i = 0; i < connections; ++i) {
      const int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0)
        return;
      std::string request;
      char buf[4096];
      // Head, then as many body bytes as Content-Length says.
      std::size_t need = std::string::npos;
      while (true) {
        const ssize_t n = ::recv(c, buf, sizeof buf, 0);
        if (n <= 0)
          break;
        request.append(buf, static_cast<std::size_t>(n));
        const std::size_t head_end = request.find("\r\n\r\n");
        if (head_end != std::string::npos && need == std::string::npos) {
          need = head_end + 4;
          const std::size_t cl = request.find("Content-Length: ");
          if (cl != std::string::npos && cl < head_end)
            need += std::stoul(request.substr(cl + 16));
        }
        if (need != std::string::npos && request.size() >= need)
          break;
      }
      {
        const std::lock_guard<std::mutex> guard(lock_);
        last_request_ = request;
      }
      const std::string out = answer_(request);
      std::size_t sent = 0;
      while (sent < out.size()) {
        const ssize_t n = ::send(c, out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
        if (n <= 0)
          break;
        sent += static_cast<std::size_t>(n);
      }
      ::shutdown(c, SHUT_WR);
      while (::recv(c, buf, sizeof buf, 0) > 0) {
      }
      ::close(c);
    }
  }

  std::function<std::string(const std::string &)> answer_;
  mutable std::mutex lock_;
  std::string last_request_;
  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::thread thread_;
};

} // namespace factloom::store::testing
