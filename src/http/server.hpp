#pragma once
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "core/error.hpp"
#include "http/dispatcher.hpp"

namespace gaflight::http {

// Every limit is explicit and configurable; tests exceed each one.
struct ServerLimits {
  size_t header_limit = size_t{16} * 1024;         // → 431
  size_t body_limit = size_t{1024} * 1024;         // → 413
  std::chrono::milliseconds read_timeout{10'000};  // a started request must arrive within this → 408
  std::chrono::milliseconds idle_timeout{60'000};  // keep-alive connection with no request → closed
  std::chrono::milliseconds write_timeout{30'000};
  size_t max_connections = 10'000;      // beyond: accepted and closed at once (clamped below RLIMIT_NOFILE)
  size_t max_connections_per_ip = 256;  // per client address (IPv6: per /64); beyond: closed at once
};

// The connection cap that fits in `descriptor_limit` (RLIMIT_NOFILE) while leaving headroom for the
// database, curl, log and static files: the larger of 128 descriptors and a tenth of the limit are
// kept back (half the limit when it is tiny). Never 0.
size_t clampConnectionCap(size_t requested, uint64_t descriptor_limit);

// Raises the soft RLIMIT_NOFILE to the hard limit; returns the soft limit now in force.
uint64_t raiseDescriptorLimit();

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;
  int io_threads = 1;
  int handler_threads = 4;  // the bounded executor where handlers (and so all DB work) run
  // Where streamed bodies (exports) are produced: their long DB reads never hold a handler thread.
  // Further exports queue for a free stream thread.
  int stream_threads = 2;
  ServerLimits limits;
  // PEM files; both empty = plain HTTP. With TLS every response carries Strict-Transport-Security.
  std::string tls_cert_file, tls_key_file;
};

class Server {
 public:
  Server(ServerOptions options, const Dispatcher& dispatcher);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  void start();           // binds and starts threads; throws if the address is unavailable
  uint16_t port() const;  // the bound port (useful with port 0)
  // Stops accepting, closes idle keep-alive connections, lets in-flight requests finish (their
  // responses carry Connection: close) for at most `grace`, then stops everything.
  void shutdown(std::chrono::milliseconds grace);
  size_t openConnections() const;
  // Re-reads the TLS certificate and key (SIGHUP). New connections use them; open ones keep theirs. On
  // error the running certificate stays in force.
  Status reloadTls();
  // Serves an already-connected stream socket (TCP or a socketpair end) as if it had been accepted;
  // takes ownership of `fd`. Counts toward the connection cap. The fuzz harness feeds the real
  // connection code through this without TCP handshakes or TIME_WAIT.
  void adoptConnection(int fd);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gaflight::http
