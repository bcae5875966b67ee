// The HTTP request reader through the real connection code: each input is written to a live
// in-process server over loopback, the write side is closed, and whatever comes back must be an HTTP
// response (or nothing). Limits are the production defaults except a short read timeout.
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "support/test_server.hpp"

namespace {
gaflight::testing::TestServer& server() {
  static auto* s = new gaflight::testing::TestServer([](gaflight::config::Config& c) {
    c.limits.read_timeout = std::chrono::milliseconds(500);
    c.rate_limit = "1000000:1000000";
  });
  return *s;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) std::abort();
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(server().port()));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval tv{2, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  // A refused connection is a finding (the server stopped listening). Running out of local ports or
  // buffers is the fuzzer's own doing at thousands of short connections a second (CI once saw connect
  // fail after 20,000 of them): wait for the kernel to recycle them instead of reporting the server.
  for (int attempt = 0;; ++attempt) {
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) break;
    int err = errno;
    bool local_shortage =
        err == EADDRNOTAVAIL || err == EAGAIN || err == ENOBUFS || err == EINTR || err == ETIMEDOUT;
    if (!local_shortage || attempt == 300) {
      std::fprintf(stderr, "connect to the server failed: %s (attempt %d)\n", std::strerror(err),
                   attempt + 1);
      std::abort();
    }
    ::close(fd);
    ::usleep(10'000);
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) std::abort();
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  size_t sent = 0;
  while (sent < size) {
    ssize_t n = ::send(fd, data + sent, size - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may close early (413/431) — that is an answer too
    sent += static_cast<size_t>(n);
  }
  ::shutdown(fd, SHUT_WR);
  std::string reply;
  char buf[4096];
  for (;;) {
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    reply.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  if (!reply.empty() && reply.rfind("HTTP/1.", 0) != 0) std::abort();
  return 0;
}
