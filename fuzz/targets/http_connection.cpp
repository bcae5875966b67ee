// The HTTP request reader through the real connection code: each input is written into one end of a
// socketpair whose other end the in-process server adopts as an accepted connection (the same session,
// parser, deadlines and dispatcher as a TCP client gets); the write side is closed, and whatever comes
// back must be an HTTP response (or nothing). A socketpair instead of loopback TCP spares each input a
// handshake, an accept and a TIME_WAIT port. Limits are the production defaults except a short read
// timeout.
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
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
  int ends[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0) {
    std::fprintf(stderr, "socketpair failed: %s\n", std::strerror(errno));
    std::abort();
  }
  const int client = ends[1];
  server().app().adoptConnection(ends[0]);
  // Bounds a server that stops answering without closing: the run fails on the reply check below
  // only if something other than an HTTP response came back.
  timeval tv{2, 0};
  ::setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  size_t sent = 0;
  while (sent < size) {
    ssize_t n = ::send(client, data + sent, size - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may close early (413/431) — that is an answer too
    sent += static_cast<size_t>(n);
  }
  ::shutdown(client, SHUT_WR);
  std::string reply;
  char buf[4096];
  for (;;) {
    ssize_t n = ::recv(client, buf, sizeof buf, 0);
    if (n <= 0) break;
    reply.append(buf, static_cast<size_t>(n));
  }
  ::close(client);
  if (!reply.empty() && reply.rfind("HTTP/1.", 0) != 0) std::abort();
  return 0;
}
