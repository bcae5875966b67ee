#include "http/server.hpp"

// Asio's coroutine headers need <utility> first in Boost 1.74.
#include <utility>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <limits>
#include <list>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "http/response_head.hpp"
#include "http/tls_context.hpp"
#include "observability/logging.hpp"

namespace gaflight::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using asio::ip::tcp;
using observability::LogLevel;

namespace {
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

template <typename Message>
void fillHeaders(Message& out, const Response& res, bool keep_alive, Transport transport) {
  out.set(bhttp::field::server, "gaflight");
  out.set(bhttp::field::content_type, res.content_type);
  for (const auto& h : res.headers) out.insert(h.name, h.value);
  if (transport == Transport::kTls) out.set(bhttp::field::strict_transport_security, kHstsValue);
  out.keep_alive(keep_alive);
}

// The TCP stream under a plain or TLS connection (timeouts, cancel and shutdown act on it).
beast::tcp_stream& tcpOf(beast::tcp_stream& s) { return s; }
beast::tcp_stream& tcpOf(TlsStream& s) { return s.next_layer(); }
Transport transportOf(const beast::tcp_stream&) { return Transport::kPlain; }
Transport transportOf(const TlsStream&) { return Transport::kTls; }

// Ends the sending side after a final response: a TLS peer is told close_notify first (bounded, so
// a peer that never answers cannot hold the connection).
asio::awaitable<void> endWrite(beast::tcp_stream& s) {
  boost::system::error_code ec;
  s.socket().shutdown(tcp::socket::shutdown_send, ec);
  co_return;
}
asio::awaitable<void> endWrite(TlsStream& s) {
  boost::system::error_code ec;
  s.next_layer().expires_after(std::chrono::seconds(1));
  co_await s.async_shutdown(asio::redirect_error(asio::use_awaitable, ec));
  s.next_layer().socket().shutdown(tcp::socket::shutdown_send, ec);
}

// A malformed request (as opposed to the peer going away or a timeout): answered with 400.
bool isHttpParseError(const boost::system::error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() &&
         ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message;
}

constexpr size_t kFirstReadSize = 4096;  // the first read of a request, before the parser runs

// The per-address connection cap counts an IPv6 client by its /64 (one subscriber's usual
// allocation) and an IPv4-mapped address as the IPv4 address it carries.
std::string addressKey(const asio::ip::address& a) {
  if (a.is_v6()) {
    auto v6 = a.to_v6();
    if (v6.is_v4_mapped()) return asio::ip::make_address_v4(asio::ip::v4_mapped, v6).to_string();
    auto bytes = v6.to_bytes();
    std::fill(bytes.begin() + 8, bytes.end(), 0);
    return asio::ip::address_v6(bytes).to_string() + "/64";
  }
  return a.to_string();
}

// Out of descriptors or kernel memory: retrying at once would only spin.
bool acceptResourceExhausted(const boost::system::error_code& ec) {
  return ec == asio::error::no_descriptors || ec == boost::system::errc::too_many_files_open_in_system ||
         ec == asio::error::no_buffer_space || ec == asio::error::no_memory;
}
constexpr auto kAcceptBackoff = std::chrono::milliseconds(100);

// One open connection, as seen by shutdown().
struct Connection {
  beast::tcp_stream* stream = nullptr;
  asio::any_io_executor executor;
  std::atomic<bool> busy{false};
};

// The read deadline of one connection, owned jointly by the connection and any pending timer
// handler. Touched only on the connection's executor.
struct ReadDeadline {
  explicit ReadDeadline(beast::tcp_stream& s) : timer(s.get_executor()), stream(&s) {}
  asio::steady_timer timer;
  beast::tcp_stream* stream;  // null once the connection has finished with it
  uint64_t generation = 0;    // which arm() the pending wait belongs to
  bool timed_out = false;
};
// Carries a streamed body from its producer (a stream thread) to the connection, one buffer at a time:
// the producer fills `filling`; when it passes kStreamChunk it waits until the connection has taken
// the previous buffer (`ready`), so at most three buffers exist per stream, whatever its length.
constexpr size_t kStreamChunk = size_t{64} * 1024;
constexpr auto kStreamPoll = std::chrono::milliseconds(100);  // producer re-checks stop / deadline

struct StreamChannel : BodySink, std::enable_shared_from_this<StreamChannel> {
  StreamChannel(const asio::any_io_executor& ex, std::chrono::milliseconds wait,
                const std::atomic<bool>& stop)
      : wake(ex), wait_limit(wait), stopping(stop) {
    filling.reserve(kStreamChunk + 4096);
  }

  void write(std::string_view record) override {
    filling.append(record);
    if (filling.size() >= kStreamChunk) handOver();
  }

  // Producer side: the buffer is handed over only once the previous one is gone (backpressure).
  void handOver() {
    std::unique_lock lock(mu);
    auto deadline = std::chrono::steady_clock::now() + wait_limit;
    while (has_ready && !aborted) {
      if (stopping.load() || std::chrono::steady_clock::now() >= deadline) {
        aborted = true;
        break;
      }
      cv.wait_for(lock, kStreamPoll);
    }
    if (aborted) throw StreamAborted("the client is gone or stopped reading");
    ready.swap(filling);
    filling.clear();
    has_ready = true;
    lock.unlock();
    notify();
  }

  // Producer side, last: the rest is sent (on success) and the end is announced.
  void finish(bool ok) {
    if (ok && !filling.empty()) {
      try {
        handOver();
      } catch (const StreamAborted&) {
        ok = false;
      }
    }
    {
      std::lock_guard lock(mu);
      finished = true;
      failed = !ok;
    }
    notify();
  }

  // Connection side: it has gone (write error, timeout, shutdown); wakes a waiting producer.
  void abort() {
    {
      std::lock_guard lock(mu);
      aborted = true;
    }
    cv.notify_all();
  }

  // Wakes the connection's writer (the timer lives on its strand).
  void notify() {
    asio::post(wake.get_executor(), [self = shared_from_this()] { self->wake.cancel(); });
  }

  asio::steady_timer wake;
  const std::chrono::milliseconds wait_limit;
  const std::atomic<bool>& stopping;
  std::string filling;  // producer only
  std::mutex mu;
  std::condition_variable cv;
  std::string ready;  // under mu, with the flags below
  bool has_ready = false;
  bool finished = false;
  bool failed = false;
  bool aborted = false;
};

// Runs a body producer to its end on a stream thread; any failure cuts the body off.
void produceInto(const std::shared_ptr<StreamChannel>& ch, const BodyProducer& produce) {
  bool ok = false;
  try {
    produce(*ch);
    ok = true;
  } catch (const StreamAborted&) {  // NOLINT(bugprone-empty-catch) the client went away: nothing to report
  } catch (const std::exception& e) {
    observability::logEvent(LogLevel::kError, "http", "streamed body failed", {{"error", e.what()}});
  } catch (...) {
    observability::logEvent(LogLevel::kError, "http", "streamed body failed", {{"error", "non-standard"}});
  }
  ch->finish(ok);
}
}  // namespace

struct Server::Impl {
  ServerOptions opt;
  const Dispatcher& dispatcher;
  asio::io_context ioc;
  asio::thread_pool handlers;
  asio::thread_pool streamers;  // body producers (exports); see ServerOptions::stream_threads
  std::atomic<bool> stopping{false};
  tcp::acceptor acceptor;
  std::vector<std::thread> io_threads;
  std::atomic<bool> draining{false};
  std::atomic<size_t> open{0};
  mutable std::mutex mu;
  std::list<std::shared_ptr<Connection>> conns;
  std::unordered_map<std::string, size_t> per_address;  // open connections by addressKey(); under mu
  bool stopped = false;
  // TLS: the context new connections use; replaced whole on reload (under mu), so a connection keeps
  // the context it shook hands with.
  std::shared_ptr<asio::ssl::context> tls;

  Impl(ServerOptions o, const Dispatcher& d)
      : opt(std::move(o)),
        dispatcher(d),
        ioc(opt.io_threads),
        handlers(static_cast<size_t>(opt.handler_threads)),
        streamers(static_cast<size_t>(std::max(1, opt.stream_threads))),
        acceptor(ioc) {}

  asio::awaitable<void> acceptLoop() {
    asio::steady_timer backoff(acceptor.get_executor());
    bool exhausted_logged = false;
    for (;;) {
      boost::system::error_code ec;
      tcp::socket sock = co_await acceptor.async_accept(asio::make_strand(ioc),
                                                        asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        if (ec == asio::error::operation_aborted || draining) co_return;
        if (acceptResourceExhausted(ec)) {
          // The pending connection stays in the backlog; pause instead of spinning on EMFILE while
          // the connections we have (and health checks, once a descriptor frees) keep being served.
          if (!exhausted_logged) {
            observability::logEvent(LogLevel::kWarn, "http", "accept paused: out of descriptors",
                                    {{"error", ec.message()}, {"open_connections", open.load()}});
            exhausted_logged = true;
          }
          backoff.expires_after(kAcceptBackoff);
          co_await backoff.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        }
        continue;
      }
      exhausted_logged = false;
      if (open.load() >= opt.limits.max_connections) {
        sock.close(ec);
        continue;
      }
      auto ep = sock.remote_endpoint(ec);
      if (ec) {
        sock.close(ec);
        continue;
      }
      std::string key = addressKey(ep.address());
      {
        std::lock_guard lock(mu);
        auto& n = per_address[key];
        if (n >= opt.limits.max_connections_per_ip) {
          sock.close(ec);
          continue;
        }
        ++n;
      }
      auto exec = sock.get_executor();
      asio::co_spawn(exec, session(std::move(sock), std::move(key)), asio::detached);
    }
  }

  void releaseAddress(const std::string& key) {
    std::lock_guard lock(mu);
    auto it = per_address.find(key);
    if (it != per_address.end() && --it->second == 0) per_address.erase(it);
  }

  // Writes a transport-level error (431/413/408/400) and closes.
  template <typename Stream>
  asio::awaitable<void> writeAndClose(Stream& stream, Response res) {
    bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(res.status), 11};
    fillHeaders(out, res, false, transportOf(stream));
    out.body() = std::move(res.body);
    out.prepare_payload();
    boost::system::error_code ec;
    tcpOf(stream).expires_after(std::chrono::seconds(5));
    co_await bhttp::async_write(stream, out, asio::redirect_error(asio::use_awaitable, ec));
    if (!ec) co_await endWrite(stream);
  }

  // Sends a streamed response: headers, then each buffer the producer hands over as one chunk, then the
  // last chunk. Returns false when the connection must close (the producer failed, the client went
  // away, or HTTP/1.0, whose body ends at close).
  template <typename Stream>
  asio::awaitable<bool> writeStreamed(Stream& stream, Response& res, unsigned version, bool keep_alive,
                                      bool head) {
    const bool chunked = version >= 11;
    bhttp::response<bhttp::empty_body> out{static_cast<bhttp::status>(res.status), version};
    fillHeaders(out, res, keep_alive && chunked, transportOf(stream));
    if (chunked) out.chunked(true);
    bhttp::response_serializer<bhttp::empty_body> sr(out);
    boost::system::error_code ec;
    tcpOf(stream).expires_after(opt.limits.write_timeout);
    co_await bhttp::async_write_header(stream, sr, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return false;
    if (head) co_return chunked;

    auto ch =
        std::make_shared<StreamChannel>(tcpOf(stream).get_executor(), opt.limits.write_timeout, stopping);
    asio::post(streamers, [ch, produce = std::move(res.stream)] { produceInto(ch, produce); });
    struct AbortOnExit {
      std::shared_ptr<StreamChannel> ch;
      ~AbortOnExit() { ch->abort(); }
    } guard{ch};
    std::string chunk;
    for (;;) {
      chunk.clear();
      bool have = false, done = false, failed = false;
      {
        std::lock_guard lock(ch->mu);
        if (ch->has_ready) {
          chunk.swap(ch->ready);
          ch->has_ready = false;
          have = true;
        } else if (ch->finished) {
          done = true;
          failed = ch->failed;
        }
      }
      if (have) {
        ch->cv.notify_all();
        tcpOf(stream).expires_after(opt.limits.write_timeout);
        if (chunked) {
          co_await asio::async_write(stream, bhttp::make_chunk(asio::buffer(chunk)),
                                     asio::redirect_error(asio::use_awaitable, ec));
        } else {
          co_await asio::async_write(stream, asio::buffer(chunk),
                                     asio::redirect_error(asio::use_awaitable, ec));
        }
        if (ec) co_return false;
      } else if (done) {
        if (failed) co_return false;  // no last chunk: the client sees the body is incomplete
        if (!chunked) co_return false;
        tcpOf(stream).expires_after(opt.limits.write_timeout);
        co_await asio::async_write(stream, bhttp::make_chunk_last(),
                                   asio::redirect_error(asio::use_awaitable, ec));
        co_return !ec;
      } else {
        // The producer posts a cancel of this timer when it hands over or finishes; the period only
        // bounds the cost of a wake-up that raced with the check above.
        ch->wake.expires_after(std::chrono::seconds(1));
        co_await ch->wake.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        ec = {};
      }
    }
  }

  asio::awaitable<void> session(tcp::socket sock, std::string address_key) {
    ++open;
    beast::tcp_stream stream(std::move(sock));
    std::shared_ptr<asio::ssl::context> tls_ctx;
    {
      std::lock_guard lock(mu);
      tls_ctx = tls;
    }
    auto conn = std::make_shared<Connection>();
    conn->stream = &stream;
    conn->executor = stream.get_executor();
    std::list<std::shared_ptr<Connection>>::iterator self;
    {
      std::lock_guard lock(mu);
      conns.push_front(conn);
      self = conns.begin();
    }
    std::string remote;
    {
      boost::system::error_code ec;
      auto ep = stream.socket().remote_endpoint(ec);
      // An adopted local socket has no IP peer (asio would read its AF_UNIX address as "::").
      bool ip_peer = ep.data()->sa_family == AF_INET || ep.data()->sa_family == AF_INET6;
      if (!ec && ip_peer) remote = ep.address().to_string();
    }
    beast::flat_buffer buffer;
    try {
      if (tls_ctx) {
        co_await serveTls(std::move(stream), *tls_ctx, buffer, *conn, remote);
      } else {
        co_await serveRequests(stream, buffer, *conn, remote);
      }
    } catch (const std::exception& e) {
      observability::logEvent(LogLevel::kWarn, "http", "session ended by exception", {{"error", e.what()}});
    }
    conn->stream = nullptr;  // same strand as shutdown()'s posted cancel, so no race
    if (!tls_ctx) {
      boost::system::error_code ec;
      // NOLINTNEXTLINE(bugprone-use-after-move): only the TLS branch above moved the stream
      stream.socket().shutdown(tcp::socket::shutdown_both, ec);
      stream.socket().close(ec);
    }
    {
      std::lock_guard lock(mu);
      conns.erase(self);
    }
    releaseAddress(address_key);
    --open;
  }

  // The handshake shares the read deadline of a request: a client that stalls in it is dropped.
  asio::awaitable<void> serveTls(beast::tcp_stream tcp_stream, asio::ssl::context& ctx,
                                 beast::flat_buffer& buffer, Connection& conn, const std::string& remote) {
    TlsStream stream(std::move(tcp_stream), ctx);
    conn.stream = &stream.next_layer();
    boost::system::error_code ec;
    stream.next_layer().expires_after(opt.limits.read_timeout);
    co_await stream.async_handshake(asio::ssl::stream_base::server,
                                    asio::redirect_error(asio::use_awaitable, ec));
    if (!ec) co_await serveRequests(stream, buffer, conn, remote);
    conn.stream = nullptr;
    stream.next_layer().socket().shutdown(tcp::socket::shutdown_both, ec);
    stream.next_layer().socket().close(ec);
  }

  template <typename Stream>
  asio::awaitable<void> serveRequests(Stream& stream, beast::flat_buffer& buffer, Connection& conn,
                                      const std::string& remote) {
    const auto& lim = opt.limits;
    // Reads use our own deadline, which cancels (not closes) the socket, so a late client can still
    // be told 408. beast::tcp_stream's own expiry would close the socket first. The timer's state is
    // owned by a shared_ptr its handler holds: a wait that already completed can run after this
    // frame (and the stream) are gone, so it finds the stream detached; and a completion that was
    // already queued when the read finished sees a newer generation and leaves the socket (and a
    // later read or response write) alone.
    auto deadline = std::make_shared<ReadDeadline>(tcpOf(stream));
    struct Detach {
      std::shared_ptr<ReadDeadline> d;
      ~Detach() {
        d->stream = nullptr;
        ++d->generation;
        d->timer.cancel();
      }
    } detach{deadline};
    auto disarm = [&deadline] {
      ++deadline->generation;
      deadline->timer.cancel();
    };
    auto arm = [&deadline](std::chrono::milliseconds d) {
      deadline->timed_out = false;
      deadline->timer.expires_after(d);
      deadline->timer.async_wait(
          [state = deadline, gen = ++deadline->generation](boost::system::error_code e) {
            if (e || !state->stream || gen != state->generation) return;
            state->timed_out = true;
            boost::system::error_code ignored;
            state->stream->socket().cancel(ignored);
          });
    };
    auto tooLarge = [&] {
      return dispatcher.transportError(ErrorCode::kPayloadTooLarge,
                                       "The request body exceeds the size limit.");
    };
    for (;;) {
      if (draining) co_return;
      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(lim.header_limit));
      parser.body_limit(lim.body_limit);
      boost::system::error_code ec;
      tcpOf(stream).expires_never();
      conn.busy = false;
      if (buffer.size() == 0) {
        // Idle keep-alive wait: up to idle_timeout for the first byte, then closed silently.
        arm(lim.idle_timeout);
        size_t n = co_await stream.async_read_some(buffer.prepare(kFirstReadSize),
                                                   asio::redirect_error(asio::use_awaitable, ec));
        disarm();
        if (ec || n == 0) co_return;
        buffer.commit(n);
      }
      // From the first byte on, the whole request (headers and body) shares one read deadline, so
      // trickling header lines cannot hold a connection longer than read_timeout; late → 408.
      auto request_deadline = std::chrono::steady_clock::now() + lim.read_timeout;
      auto remaining = [&] {
        return std::max(std::chrono::milliseconds(0),
                        std::chrono::duration_cast<std::chrono::milliseconds>(
                            request_deadline - std::chrono::steady_clock::now()));
      };
      arm(remaining());
      co_await bhttp::async_read_header(stream, buffer, parser,
                                        asio::redirect_error(asio::use_awaitable, ec));
      disarm();
      conn.busy = true;
      if (ec) {
        if (ec == bhttp::error::header_limit) {
          co_await writeAndClose(stream, dispatcher.transportError(ErrorCode::kHeadersTooLarge,
                                                                   "Request headers exceed the limit."));
        } else if (ec == bhttp::error::body_limit) {
          co_await writeAndClose(stream, tooLarge());
        } else if (deadline->timed_out && buffer.size() > 0) {
          co_await writeAndClose(stream, dispatcher.transportError(ErrorCode::kRequestTimeout,
                                                                   "The request did not arrive in time."));
        } else if (isHttpParseError(ec)) {
          co_await writeAndClose(
              stream, dispatcher.transportError(ErrorCode::kInvalidParameter, "Malformed HTTP request."));
        }
        co_return;
      }
      auto& hdr = parser.get();
      if (parser.content_length() && *parser.content_length() > lim.body_limit) {
        co_await writeAndClose(stream, tooLarge());
        co_return;
      }
      if (!parser.is_done()) {
        if (beast::iequals(hdr[bhttp::field::expect], "100-continue")) {
          bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, 11};
          tcpOf(stream).expires_after(lim.write_timeout);
          co_await bhttp::async_write(stream, cont, asio::redirect_error(asio::use_awaitable, ec));
          if (ec) co_return;
          tcpOf(stream).expires_never();
        }
        arm(remaining());
        co_await bhttp::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
        disarm();
        if (ec) {
          if (ec == bhttp::error::body_limit) {
            co_await writeAndClose(stream, tooLarge());
          } else if (deadline->timed_out) {
            co_await writeAndClose(stream,
                                   dispatcher.transportError(ErrorCode::kRequestTimeout,
                                                             "The request body did not arrive in time."));
          } else if (isHttpParseError(ec)) {
            co_await writeAndClose(stream, dispatcher.transportError(ErrorCode::kInvalidParameter,
                                                                     "Malformed HTTP request body."));
          }
          co_return;
        }
      }
      tcpOf(stream).expires_never();

      auto breq = parser.release();
      Request req;
      req.method = std::string(breq.method_string());
      req.target = std::string(breq.target());
      parseTarget(req);
      req.headers.reserve(16);
      for (const auto& f : breq) req.headers.push_back({toLower(f.name_string()), std::string(f.value())});
      req.body = std::move(breq.body());
      req.remote_ip = remote;
      bool keep_alive = breq.keep_alive();

      // Handlers that may block on the database run on the bounded executor, never on an IO thread;
      // routes the dispatcher knows cannot wait (lock-free reads) skip the two thread hops.
      Response res;
      auto match = dispatcher.route(req);
      if (dispatcher.runsInline(match)) {
        res = dispatcher.handle(req, std::move(match));
      } else {
        res = co_await asio::co_spawn(
            handlers.get_executor(),
            [this, &req, &match]() -> asio::awaitable<Response> {
              co_return dispatcher.handle(req, std::move(match));
            },
            asio::use_awaitable);
      }

      if (draining) keep_alive = false;
      bool head = req.method == "HEAD";
      tcpOf(stream).expires_after(lim.write_timeout);
      if (res.stream) {
        bool reusable = co_await writeStreamed(stream, res, breq.version(), keep_alive, head);
        if (!reusable) co_return;  // the session closes the socket
        if (!keep_alive) {
          co_await endWrite(stream);
          co_return;
        }
        continue;
      }
      // Head and body leave in one gather write; shared bytes (a cached page) straight from the entry
      // that `res` keeps alive.
      const std::string_view body = res.shared_body ? std::string_view(*res.shared_body) : res.body;
      const std::string head_bytes =
          responseHead(res, body.size(),
                       {breq.version(), keep_alive ? ConnectionReuse::kKeepAlive : ConnectionReuse::kClose,
                        transportOf(stream)});
      const bool send_body = !head && !statusHasNoBody(res.status);
      const std::array<asio::const_buffer, 2> parts{asio::buffer(head_bytes),
                                                    asio::buffer(body.data(), send_body ? body.size() : 0)};
      co_await asio::async_write(stream, parts, asio::redirect_error(asio::use_awaitable, ec));
      if (ec || !keep_alive) {
        if (!ec) co_await endWrite(stream);
        co_return;
      }
    }
  }
};

Server::Server(ServerOptions options, const Dispatcher& dispatcher)
    : impl_(std::make_unique<Impl>(std::move(options), dispatcher)) {}

Server::~Server() { shutdown(std::chrono::milliseconds(0)); }

size_t clampConnectionCap(size_t requested, uint64_t descriptor_limit) {
  constexpr uint64_t kMinReserve = 128;
  uint64_t reserve = std::max(kMinReserve, descriptor_limit / 10);
  uint64_t fits = descriptor_limit > 2 * reserve ? descriptor_limit - reserve : descriptor_limit / 2;
  return static_cast<size_t>(std::max<uint64_t>(1, std::min<uint64_t>(requested, fits)));
}

uint64_t raiseDescriptorLimit() {
  rlimit rl{};
  if (::getrlimit(RLIMIT_NOFILE, &rl) != 0) return 1024;
  if (rl.rlim_cur < rl.rlim_max) {
    rlimit raised = rl;
    raised.rlim_cur = rl.rlim_max;
    // An unlimited hard limit is refused on Linux (fs.nr_open); fall back to a large finite value.
    if (::setrlimit(RLIMIT_NOFILE, &raised) != 0 && rl.rlim_max == RLIM_INFINITY) {
      raised.rlim_cur = 1 << 20;
      ::setrlimit(RLIMIT_NOFILE, &raised);
    }
    ::getrlimit(RLIMIT_NOFILE, &rl);
  }
  return rl.rlim_cur == RLIM_INFINITY ? std::numeric_limits<uint64_t>::max() : rl.rlim_cur;
}

void Server::start() {
  auto& i = *impl_;
  // Beyond the descriptor limit the cap could never trigger; accept would fail with EMFILE instead.
  uint64_t descriptors = raiseDescriptorLimit();
  size_t cap = clampConnectionCap(i.opt.limits.max_connections, descriptors);
  if (cap < i.opt.limits.max_connections) {
    observability::logEvent(
        LogLevel::kWarn, "http", "connection cap lowered to fit the descriptor limit",
        {{"requested", i.opt.limits.max_connections}, {"cap", cap}, {"descriptor_limit", descriptors}});
    i.opt.limits.max_connections = cap;
  }
  if (!i.opt.tls_cert_file.empty()) {
    auto ctx = loadTlsContext(i.opt.tls_cert_file, i.opt.tls_key_file);
    if (!ctx) throw std::runtime_error(ctx.error().detail);
    i.tls = *ctx;
  }
  auto addr = asio::ip::make_address(i.opt.host);
  tcp::endpoint ep(addr, i.opt.port);
  i.acceptor.open(ep.protocol());
  i.acceptor.set_option(asio::socket_base::reuse_address(true));
  if (ep.protocol() == tcp::v6()) i.acceptor.set_option(asio::ip::v6_only(false));
  i.acceptor.bind(ep);
  i.acceptor.listen(asio::socket_base::max_listen_connections);
  asio::co_spawn(i.ioc, i.acceptLoop(), asio::detached);
  for (int n = 0; n < std::max(1, i.opt.io_threads); ++n) {
    i.io_threads.emplace_back([&i] { i.ioc.run(); });
  }
}

Status Server::reloadTls() {
  auto& i = *impl_;
  if (i.opt.tls_cert_file.empty()) return makeError(ErrorCode::kInvalidParameter, "TLS is not enabled.");
  auto ctx = loadTlsContext(i.opt.tls_cert_file, i.opt.tls_key_file);
  if (!ctx) return ctx.error();  // the running context stays in force
  std::lock_guard lock(i.mu);
  i.tls = *ctx;
  return okStatus();
}

uint16_t Server::port() const { return impl_->acceptor.local_endpoint().port(); }

size_t Server::openConnections() const { return impl_->open.load(); }

void Server::adoptConnection(int fd) {
  auto& i = *impl_;
  constexpr const char* kAdoptedKey = "adopted";  // one per-address bucket for every adopted socket
  if (i.draining || i.open.load() >= i.opt.limits.max_connections) {
    ::close(fd);
    return;
  }
  tcp::socket sock(asio::make_strand(i.ioc));
  boost::system::error_code ec;
  // The protocol object only picks the address family asio reports; reads, writes, cancel and
  // shutdown are the same system calls on any stream socket.
  sock.assign(tcp::v6(), fd, ec);
  if (ec) {
    ::close(fd);
    return;
  }
  {
    std::lock_guard lock(i.mu);
    ++i.per_address[kAdoptedKey];
  }
  auto exec = sock.get_executor();
  asio::co_spawn(exec, i.session(std::move(sock), kAdoptedKey), asio::detached);
}

void Server::shutdown(std::chrono::milliseconds grace) {
  auto& i = *impl_;
  {
    std::lock_guard lock(i.mu);
    if (i.stopped) return;
    i.stopped = true;
  }
  i.draining = true;
  asio::post(i.acceptor.get_executor(), [&i] {
    boost::system::error_code ec;
    i.acceptor.close(ec);
  });
  auto deadline = std::chrono::steady_clock::now() + grace;
  // Close idle connections now and again until in-flight ones are done (a busy one may go idle).
  for (;;) {
    {
      std::lock_guard lock(i.mu);
      for (auto& c : i.conns) {
        if (!c->busy) {
          asio::post(c->executor, [c] {
            if (c->stream && !c->busy) c->stream->cancel();
          });
        }
      }
    }
    if (i.open.load() == 0 || std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  i.stopping = true;  // producers waiting for their connection give up within kStreamPoll
  i.ioc.stop();
  for (auto& t : i.io_threads) {
    if (t.joinable()) t.join();
  }
  i.handlers.join();
  i.streamers.join();
}

}  // namespace gaflight::http
