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
#include <boost/beast/http/span_body.hpp>

#include <atomic>
#include <list>
#include <mutex>
#include <thread>
#include <vector>

#include "observability/logging.hpp"

namespace gaflight::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using asio::ip::tcp;
using observability::LogLevel;

namespace {
template <typename Message>
void fillHeaders(Message& out, const Response& res, bool keep_alive) {
  out.set(bhttp::field::server, "gaflight");
  out.set(bhttp::field::content_type, res.content_type);
  for (const auto& h : res.headers) out.insert(h.name, h.value);
  out.keep_alive(keep_alive);
}

// A malformed request (as opposed to the peer going away or a timeout): answered with 400.
bool isHttpParseError(const boost::system::error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() &&
         ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message;
}

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
}  // namespace

struct Server::Impl {
  ServerOptions opt;
  const Dispatcher& dispatcher;
  asio::io_context ioc;
  asio::thread_pool handlers;
  tcp::acceptor acceptor;
  std::vector<std::thread> io_threads;
  std::atomic<bool> draining{false};
  std::atomic<size_t> open{0};
  mutable std::mutex mu;
  std::list<std::shared_ptr<Connection>> conns;
  bool stopped = false;

  Impl(ServerOptions o, const Dispatcher& d)
      : opt(std::move(o)),
        dispatcher(d),
        ioc(opt.io_threads),
        handlers(static_cast<size_t>(opt.handler_threads)),
        acceptor(ioc) {}

  asio::awaitable<void> acceptLoop() {
    for (;;) {
      boost::system::error_code ec;
      tcp::socket sock = co_await acceptor.async_accept(asio::make_strand(ioc),
                                                        asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        if (ec == asio::error::operation_aborted || draining) co_return;
        continue;  // e.g. EMFILE: keep serving the connections we have
      }
      if (open.load() >= opt.limits.max_connections) {
        sock.close(ec);
        continue;
      }
      auto exec = sock.get_executor();
      asio::co_spawn(exec, session(std::move(sock)), asio::detached);
    }
  }

  // Writes a transport-level error (431/413/408/400) and closes.
  asio::awaitable<void> writeAndClose(beast::tcp_stream& stream, Response res) {
    bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(res.status), 11};
    out.set(bhttp::field::content_type, res.content_type);
    for (auto& h : res.headers) out.set(h.name, h.value);
    out.keep_alive(false);
    out.body() = std::move(res.body);
    out.prepare_payload();
    boost::system::error_code ec;
    stream.expires_after(std::chrono::seconds(5));
    co_await bhttp::async_write(stream, out, asio::redirect_error(asio::use_awaitable, ec));
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  asio::awaitable<void> session(tcp::socket sock) {
    ++open;
    beast::tcp_stream stream(std::move(sock));
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
      if (!ec) remote = ep.address().to_string();
    }
    beast::flat_buffer buffer;
    try {
      co_await serveRequests(stream, buffer, *conn, remote);
    } catch (const std::exception& e) {
      observability::logEvent(LogLevel::kWarn, "http", "session ended by exception", {{"error", e.what()}});
    }
    conn->stream = nullptr;  // same strand as shutdown()'s posted cancel, so no race
    boost::system::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream.socket().close(ec);
    {
      std::lock_guard lock(mu);
      conns.erase(self);
    }
    --open;
  }

  asio::awaitable<void> serveRequests(beast::tcp_stream& stream, beast::flat_buffer& buffer, Connection& conn,
                                      const std::string& remote) {
    const auto& lim = opt.limits;
    // Reads use our own deadline, which cancels (not closes) the socket, so a late client can still
    // be told 408. beast::tcp_stream's own expiry would close the socket first. The timer's state is
    // owned by a shared_ptr its handler holds: a wait that already completed can run after this
    // frame (and the stream) are gone, so it finds the stream detached; and a completion that was
    // already queued when the read finished sees a newer generation and leaves the socket (and a
    // later read or response write) alone.
    auto deadline = std::make_shared<ReadDeadline>(stream);
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
      // Idle keep-alive wait and header read share one deadline; a partial request gets 408.
      stream.expires_never();
      arm(buffer.size() > 0 ? lim.read_timeout : lim.idle_timeout);
      conn.busy = false;
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
          stream.expires_after(lim.write_timeout);
          co_await bhttp::async_write(stream, cont, asio::redirect_error(asio::use_awaitable, ec));
          if (ec) co_return;
          stream.expires_never();
        }
        arm(lim.read_timeout);
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
      stream.expires_never();

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
      stream.expires_after(lim.write_timeout);
      if (res.shared_body) {
        // Shared bytes are written straight from the cache entry, which `res` keeps alive.
        bhttp::response<bhttp::span_body<const char>> out{static_cast<bhttp::status>(res.status),
                                                          breq.version()};
        fillHeaders(out, res, keep_alive);
        out.body() = boost::beast::span<const char>(res.shared_body->data(), res.shared_body->size());
        out.prepare_payload();
        if (head) out.body() = {};
        co_await bhttp::async_write(stream, out, asio::redirect_error(asio::use_awaitable, ec));
      } else {
        bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(res.status), breq.version()};
        fillHeaders(out, res, keep_alive);
        out.body() = std::move(res.body);
        out.prepare_payload();
        if (head) out.body().clear();
        co_await bhttp::async_write(stream, out, asio::redirect_error(asio::use_awaitable, ec));
      }
      if (ec || !keep_alive) {
        if (!ec) stream.socket().shutdown(tcp::socket::shutdown_send, ec);
        co_return;
      }
    }
  }
};

Server::Server(ServerOptions options, const Dispatcher& dispatcher)
    : impl_(std::make_unique<Impl>(std::move(options), dispatcher)) {}

Server::~Server() { shutdown(std::chrono::milliseconds(0)); }

void Server::start() {
  auto& i = *impl_;
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

uint16_t Server::port() const { return impl_->acceptor.local_endpoint().port(); }

size_t Server::openConnections() const { return impl_->open.load(); }

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
  i.ioc.stop();
  for (auto& t : i.io_threads) {
    if (t.joinable()) t.join();
  }
  i.handlers.join();
}

}  // namespace gaflight::http
