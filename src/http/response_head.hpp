#pragma once
// The status line and header block of a whole (not streamed) response, written in one pass so the server
// can send head and body with a single gather write. The bytes are those Beast's serializer writes for
// the same message (a unit test compares them), at a fraction of the work per response, except that a
// 204 or 304 carries no Content-Length (RFC 9110 §8.6; Beast wrote "Content-Length: 0").
#include <string>

#include "http/message.hpp"

namespace gaflight::http {

enum class ConnectionReuse { kKeepAlive, kClose };
enum class Transport { kPlain, kTls };

struct HeadOptions {
  unsigned version = 11;  // 10 or 11, as the request had it
  ConnectionReuse connection = ConnectionReuse::kKeepAlive;
  Transport transport = Transport::kPlain;
};

// Whether a response with this status carries no body and no Content-Length (1xx, 204, 304).
bool statusHasNoBody(int status);
// "HTTP/1.1 200 OK\r\n" … "\r\n": Server, Content-Type, the response's own headers (a Connection header
// among them is left out: `connection` decides), HSTS on TLS, Connection when it differs from the
// version's default, and Content-Length of `body_size` unless the status has no body.
std::string responseHead(const Response& res, size_t body_size, const HeadOptions& opt);

}  // namespace gaflight::http
