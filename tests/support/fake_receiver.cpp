#include "support/fake_receiver.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace gaflight::testing {

FakeReceiver::FakeReceiver() {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listen_fd_, 64) != 0) {
    throw std::runtime_error("receiver: bind/listen failed");
  }
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { serve(); });
}

FakeReceiver::~FakeReceiver() {
  stopping_ = true;
  ::shutdown(listen_fd_, SHUT_RDWR);
  ::close(listen_fd_);
  if (thread_.joinable()) thread_.join();
}

std::vector<ReceivedRequest> FakeReceiver::received() const {
  std::lock_guard lock(mu_);
  return received_;
}

bool FakeReceiver::waitFor(size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, timeout, [&] { return received_.size() >= n; });
}

void FakeReceiver::serve() {
  while (!stopping_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) continue;
    std::lock_guard lock(mu_);
    workers_.emplace_back([this, fd] { handle(fd); });
  }
  std::vector<std::thread> workers;
  {
    std::lock_guard lock(mu_);
    workers.swap(workers_);
  }
  for (auto& w : workers) w.join();
}

void FakeReceiver::handle(int fd) {
  {
    // Keep-alive: read requests until the peer closes or the receiver stops.
    std::string buf;
    char chunk[8192];
    for (;;) {
      size_t header_end = buf.find("\r\n\r\n");
      while (header_end == std::string::npos && !stopping_) {
        pollfd c{fd, POLLIN, 0};
        int ready = ::poll(&c, 1, 100);
        if (ready == 0) continue;
        if (ready < 0) break;
        ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0) break;
        buf.append(chunk, static_cast<size_t>(n));
        header_end = buf.find("\r\n\r\n");
      }
      if (header_end == std::string::npos) break;
      ReceivedRequest req;
      std::string head = buf.substr(0, header_end);
      size_t line_end = head.find("\r\n");
      std::string first = head.substr(0, line_end);
      req.method = first.substr(0, first.find(' '));
      req.target = first.substr(first.find(' ') + 1, first.rfind(' ') - first.find(' ') - 1);
      size_t pos = line_end + 2;
      while (pos < head.size()) {
        size_t e = head.find("\r\n", pos);
        if (e == std::string::npos) e = head.size();
        std::string line = head.substr(pos, e - pos);
        size_t colon = line.find(':');
        if (colon != std::string::npos) {
          std::string name = line.substr(0, colon);
          for (char& ch : name) ch = static_cast<char>(tolower(static_cast<unsigned char>(ch)));
          std::string value = line.substr(colon + 1);
          while (!value.empty() && value.front() == ' ') value.erase(0, 1);
          req.headers[name] = value;
        }
        pos = e + 2;
      }
      size_t length = req.headers.count("content-length") ? std::stoul(req.headers["content-length"]) : 0;
      buf.erase(0, header_end + 4);
      while (buf.size() < length) {
        ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0) break;
        buf.append(chunk, static_cast<size_t>(n));
      }
      req.body = buf.substr(0, length);
      buf.erase(0, std::min(length, buf.size()));
      bool hang_this = hang_.load();
      {
        std::lock_guard lock(mu_);
        hang_this = hang_this || (!hang_path_.empty() && req.target == hang_path_);
      }
      if (hang_this) {
        {
          std::lock_guard lock(mu_);
          received_.push_back(std::move(req));
        }
        cv_.notify_all();
        while (!stopping_) std::this_thread::sleep_for(std::chrono::milliseconds(50));
        break;
      }
      int status = status_.load();
      std::string reply = "HTTP/1.1 " + std::to_string(status) +
                          " X\r\nContent-Length: 8\r\nContent-Type: text/plain\r\n\r\nreceived";
      ::send(fd, reply.data(), reply.size(), MSG_NOSIGNAL);
      {
        std::lock_guard lock(mu_);
        received_.push_back(std::move(req));
      }
      cv_.notify_all();
    }
    ::close(fd);
  }
}

}  // namespace gaflight::testing
