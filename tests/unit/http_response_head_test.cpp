// The server writes response heads itself (one gather write per response): the bytes must be those Beast's
// serializer wrote for the same message before, for every status class, version and connection choice.
#include "http/response_head.hpp"

#include <gtest/gtest.h>

#include <boost/beast/http.hpp>
#include <sstream>
#include <string>

#include "http/tls_context.hpp"

namespace gaflight::http {
namespace {

namespace bhttp = boost::beast::http;

// What the server sent with Beast: the same fields in the same order, then Beast's own keep-alive and
// payload rules.
std::string beastHead(const Response& res, const HeadOptions& opt) {
  bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(res.status), opt.version};
  out.set(bhttp::field::server, "gaflight");
  out.set(bhttp::field::content_type, res.content_type);
  for (const auto& h : res.headers) out.insert(h.name, h.value);
  if (opt.transport == Transport::kTls) out.set(bhttp::field::strict_transport_security, kHstsValue);
  out.keep_alive(opt.connection == ConnectionReuse::kKeepAlive);
  out.body() = res.body;
  out.prepare_payload();
  std::ostringstream os;
  os << out.base();
  return os.str();
}

Response withHeaders(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.set("X-Request-Id", "req_0123456789abcdef01234567");
  r.set("Cache-Control", "no-store");
  r.set("X-RateLimit-Remaining", "99");
  return r;
}

TEST(ResponseHead, SameBytesAsBeastForEveryStatusVersionAndConnection) {
  int compared = 0;
  for (int status : {200, 201, 301, 400, 404, 409, 422, 429, 500, 503}) {
    for (unsigned version : {10U, 11U}) {
      for (ConnectionReuse c : {ConnectionReuse::kKeepAlive, ConnectionReuse::kClose}) {
        for (Transport t : {Transport::kPlain, Transport::kTls}) {
          Response res = withHeaders(status, "{\"data\":[]}");
          HeadOptions opt{version, c, t};
          EXPECT_EQ(responseHead(res, res.body.size(), opt), beastHead(res, opt))
              << status << " HTTP/" << version << " " << static_cast<int>(c) << static_cast<int>(t);
          ++compared;
        }
      }
    }
  }
  EXPECT_EQ(compared, 80);
}

// The one deliberate difference from Beast: RFC 9110 §8.6 forbids Content-Length on a 204 (and it says
// nothing useful on a 304 without a body); Beast wrote "Content-Length: 0".
TEST(ResponseHead, NoContentAndNotModifiedCarryNoLength) {
  for (int status : {204, 304}) {
    Response res = withHeaders(status, "");
    HeadOptions opt;
    std::string head = responseHead(res, 0, opt);
    std::string beast = beastHead(res, opt);
    const std::string zero = "Content-Length: 0\r\n";
    ASSERT_NE(beast.find(zero), std::string::npos);
    EXPECT_EQ(head, beast.erase(beast.find(zero), zero.size()));
    EXPECT_EQ(head.find("Content-Length"), std::string::npos);
    EXPECT_TRUE(statusHasNoBody(status));
  }
  EXPECT_FALSE(statusHasNoBody(200));
}

TEST(ResponseHead, EmptyBodyAndLargeBodyLengths) {
  Response empty = withHeaders(200, "");
  EXPECT_EQ(responseHead(empty, 0, {}), beastHead(empty, {}));
  Response large = withHeaders(200, std::string(1 << 20, 'x'));
  EXPECT_NE(responseHead(large, large.body.size(), {}).find("Content-Length: 1048576\r\n"),
            std::string::npos);
}

TEST(ResponseHead, TheConnectionChoiceWinsOverAConnectionHeader) {
  Response res = withHeaders(200, "{}");
  res.set("Connection", "close");
  std::string head = responseHead(res, 2, {11, ConnectionReuse::kKeepAlive, Transport::kPlain});
  EXPECT_EQ(head.find("Connection"), std::string::npos) << head;
  head = responseHead(res, 2, {11, ConnectionReuse::kClose, Transport::kPlain});
  EXPECT_NE(head.find("Connection: close\r\n"), std::string::npos);
  EXPECT_EQ(head.find("Connection: close\r\nConnection"), std::string::npos);
}

TEST(ResponseHead, ALineBreakInAValueCannotStartAHeader) {
  Response res = withHeaders(200, "{}");
  res.set("Content-Disposition", "attachment; filename=\"a.csv\"\r\nSet-Cookie: x=1");
  std::string head = responseHead(res, 2, {});
  EXPECT_EQ(head.find("\r\nSet-Cookie"), std::string::npos) << head;
  EXPECT_NE(head.find("filename=\"a.csv\"  Set-Cookie: x=1\r\n"), std::string::npos) << head;
  // Exactly one blank line: the head ends once.
  EXPECT_EQ(head.find("\r\n\r\n"), head.size() - 4);
}

}  // namespace
}  // namespace gaflight::http
