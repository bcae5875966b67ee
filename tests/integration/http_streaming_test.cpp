// Streamed bodies (exports, docs/exports.md) through the real server on loopback: chunked framing at
// record boundaries, backpressure, a client that disconnects or stalls mid-stream, and a producer that
// fails (no terminating chunk). No database: the producer is a plain function.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "http/dispatcher.hpp"
#include "http/server.hpp"
#include "observability/metrics.hpp"
#include "support/http_client.hpp"

namespace gaflight::testing {
namespace {

using namespace std::chrono_literals;

constexpr int kRecords = 200'000;  // ~ 5 MB: far more than the socket buffers hold

std::string record(int i) { return "{\"n\":" + std::to_string(i) + ",\"pad\":\"xxxxxxxx\"}\n"; }

struct ProducerState {
  std::atomic<int> written{0};
  std::atomic<bool> aborted{false};
  std::atomic<bool> done{false};
};

struct StreamingServer {
  explicit StreamingServer(std::chrono::milliseconds write_timeout = 5s) {
    router.add("GET", "/stream", [this](http::RequestContext&) {
      http::Response res;
      res.content_type = "application/x-ndjson";
      res.stream = [st = state](http::BodySink& sink) {
        try {
          for (int i = 0; i < kRecords; ++i) {
            sink.write(record(i));
            st->written = i + 1;
          }
        } catch (const http::StreamAborted&) {
          st->aborted = true;
          throw;
        }
        st->done = true;
      };
      return res;
    });
    router.add("GET", "/fails", [](http::RequestContext&) {
      http::Response res;
      res.stream = [](http::BodySink& sink) {
        for (int i = 0; i < 10'000; ++i) sink.write(record(i));
        throw std::runtime_error("the database went away");
      };
      return res;
    });
    http::ServerOptions opt;
    opt.port = 0;
    opt.handler_threads = 1;
    opt.limits.write_timeout = write_timeout;
    server = std::make_unique<http::Server>(opt, dispatcher);
    server->start();
  }
  ~StreamingServer() { server->shutdown(1s); }
  int port() const { return server->port(); }

  std::shared_ptr<ProducerState> state = std::make_shared<ProducerState>();
  http::Router router;
  observability::Metrics metrics;
  http::Dispatcher dispatcher{router, metrics, false};
  std::unique_ptr<http::Server> server;
};

// Decodes a chunked body; `complete` tells whether the terminating zero-length chunk arrived.
std::string dechunk(const std::string& raw, bool& complete, std::vector<size_t>* sizes = nullptr) {
  complete = false;
  size_t pos = raw.find("\r\n\r\n");
  if (pos == std::string::npos) return {};
  pos += 4;
  std::string body;
  while (pos < raw.size()) {
    size_t eol = raw.find("\r\n", pos);
    if (eol == std::string::npos) break;
    size_t n = std::stoul(raw.substr(pos, eol - pos), nullptr, 16);
    if (n == 0) {
      complete = raw.compare(eol, 4, "\r\n\r\n") == 0;
      break;
    }
    if (eol + 2 + n + 2 > raw.size()) break;
    body.append(raw, eol + 2, n);
    if (sizes) sizes->push_back(n);
    pos = eol + 2 + n + 2;
  }
  return body;
}

int connectTo(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  return fd;
}

template <typename Pred>
bool waitFor(Pred pred, std::chrono::milliseconds limit) {
  auto until = std::chrono::steady_clock::now() + limit;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(10ms);
  }
  return true;
}

TEST(HttpStreaming, WholeBodyArrivesChunkedAtRecordBoundaries) {
  StreamingServer s;
  auto raw = rawExchange(s.port(), "GET /stream HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 20000);
  ASSERT_EQ(raw.rfind("HTTP/1.1 200", 0), 0U) << raw.substr(0, 200);
  EXPECT_NE(raw.find("Transfer-Encoding: chunked"), std::string::npos);
  bool complete = false;
  std::vector<size_t> sizes;
  std::string body = dechunk(raw, complete, &sizes);
  EXPECT_TRUE(complete);
  std::string expected;
  for (int i = 0; i < kRecords; ++i) expected += record(i);
  EXPECT_EQ(body, expected);
  EXPECT_GT(sizes.size(), 10U) << "sent in many chunks, not buffered whole";
  for (size_t n : sizes) EXPECT_LE(n, size_t{64 * 1024 + 64});
  size_t at = 0;
  for (size_t n : sizes) {  // every chunk ends at a record boundary
    at += n;
    EXPECT_EQ(body[at - 1], '\n');
  }
  EXPECT_TRUE(s.state->done);
}

TEST(HttpStreaming, KeepAliveConnectionServesTheNextRequestAfterAStream) {
  StreamingServer s;
  std::string two =
      "GET /stream HTTP/1.1\r\nHost: x\r\n\r\nGET /nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  auto raw = rawExchange(s.port(), two, 20000);
  EXPECT_NE(raw.find("0\r\n\r\nHTTP/1.1 404"), std::string::npos)
      << "the second response follows the last chunk";
}

TEST(HttpStreaming, ClientThatDisconnectsStopsTheProducer) {
  StreamingServer s;
  int fd = connectTo(s.port());
  std::string req = "GET /stream HTTP/1.1\r\nHost: x\r\n\r\n";
  ASSERT_EQ(::send(fd, req.data(), req.size(), MSG_NOSIGNAL), static_cast<ssize_t>(req.size()));
  char buf[4096];
  ASSERT_GT(::recv(fd, buf, sizeof buf, 0), 0);
  ::close(fd);
  EXPECT_TRUE(waitFor([&] { return s.state->aborted.load(); }, 10s)) << "written " << s.state->written;
  EXPECT_FALSE(s.state->done);
  EXPECT_LT(s.state->written.load(), kRecords);
  auto again = rawExchange(s.port(), "GET /nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(again.rfind("HTTP/1.1 404", 0), 0U) << "the server keeps serving";
}

TEST(HttpStreaming, ClientThatStopsReadingIsCutOffAfterTheWriteTimeout) {
  StreamingServer s(500ms);
  int fd = connectTo(s.port());
  std::string req = "GET /stream HTTP/1.1\r\nHost: x\r\n\r\n";
  ASSERT_EQ(::send(fd, req.data(), req.size(), MSG_NOSIGNAL), static_cast<ssize_t>(req.size()));
  // Never reads: the socket buffers fill, the producer waits (backpressure), then gives up.
  EXPECT_TRUE(waitFor([&] { return s.state->aborted.load(); }, 10s)) << "written " << s.state->written;
  EXPECT_LT(s.state->written.load(), kRecords) << "backpressure held the producer back";
  ::close(fd);
}

TEST(HttpStreaming, ProducerFailureEndsWithoutTheLastChunk) {
  StreamingServer s;
  auto raw = rawExchange(s.port(), "GET /fails HTTP/1.1\r\nHost: x\r\n\r\n", 10000);
  ASSERT_EQ(raw.rfind("HTTP/1.1 200", 0), 0U) << raw.substr(0, 200);
  bool complete = true;
  std::string body = dechunk(raw, complete);
  EXPECT_FALSE(complete) << "the client must see that the body is incomplete";
  EXPECT_TRUE(body.empty() || body.back() == '\n') << "no partial record";
}

TEST(HttpStreaming, HeadSendsHeadersOnly) {
  StreamingServer s;
  auto raw = rawExchange(s.port(), "HEAD /stream HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  ASSERT_EQ(raw.rfind("HTTP/1.1 200", 0), 0U);
  EXPECT_EQ(raw.substr(raw.find("\r\n\r\n") + 4), "");
  EXPECT_EQ(s.state->written.load(), 0);
}

TEST(HttpStreaming, ShutdownDuringAStreamStopsPromptly) {
  auto s = std::make_unique<StreamingServer>(30s);
  int fd = connectTo(s->port());
  std::string req = "GET /stream HTTP/1.1\r\nHost: x\r\n\r\n";
  ASSERT_EQ(::send(fd, req.data(), req.size(), MSG_NOSIGNAL), static_cast<ssize_t>(req.size()));
  ASSERT_TRUE(waitFor([&] { return s->state->written.load() > 0; }, 5s));
  auto start = std::chrono::steady_clock::now();
  s.reset();  // shutdown(1 s) while the producer waits on a client that does not read
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  ::close(fd);
}

}  // namespace
}  // namespace gaflight::testing
