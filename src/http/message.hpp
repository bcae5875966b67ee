#pragma once
// Beast-free request/response types: everything above src/http/ sees only these.
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gaflight::http {

struct Header {
  std::string name;  // lower-case for requests
  std::string value;
};

struct Request {
  std::string method;
  std::string target;                                      // as received
  std::string path;                                        // percent-decoded path, no query
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  std::vector<Header> headers;
  std::string body;
  std::string remote_ip;
  bool query_malformed = false;  // bad percent-encoding, NUL or non-UTF-8 text in the query
  bool path_malformed = false;

  // First value of a header (names compared case-insensitively), or nullptr.
  const std::string* header(std::string_view name) const;
  size_t headerCount(std::string_view name) const;
  const std::string* queryParam(std::string_view name) const;
  size_t queryCount(std::string_view name) const;
};

// Where a streamed body goes. write() appends whole records (rows, lines): the server sends a chunk
// once about 64 KiB have gathered, always at a record boundary, and blocks the producer while the
// previous chunk is still being written (backpressure, constant memory).
class BodySink {
 public:
  virtual ~BodySink() = default;
  // Throws StreamAborted once the client has gone, has not taken a chunk within the write timeout, or
  // the server is stopping: the producer must let it propagate (after it nothing more is sent).
  virtual void write(std::string_view record) = 0;
};

struct StreamAborted : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Produces a whole body into the sink. Runs on one of the server's stream threads, never on an IO or
// handler thread. Returning ends the body; any other exception cuts it off (the client sees an
// incomplete chunked body, never a partial record) and is logged.
using BodyProducer = std::function<void(BodySink&)>;

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<Header> headers;
  std::string body;
  // Set instead of `body` to send shared immutable bytes (e.g. a cached page) without copying them.
  std::shared_ptr<const std::string> shared_body;
  // Set instead of `body` for a body produced while it is sent (exports): sent with chunked transfer
  // encoding (HTTP/1.0: until close).
  BodyProducer stream;
  size_t bodySize() const { return shared_body ? shared_body->size() : body.size(); }

  void set(std::string name, std::string value) { headers.push_back({std::move(name), std::move(value)}); }
  const std::string* header(std::string_view name) const;
};

std::string toLower(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
// Percent-decodes; returns false on malformed escapes or an encoded NUL.
bool percentDecode(std::string_view in, std::string& out, bool plus_is_space);
// Splits a target into decoded path and query pairs.
void parseTarget(Request& req);

// An IPv4 or IPv6 address in its canonical text form, or "" when `text` is not one.
std::string canonicalAddress(std::string_view text);
// The client's address: the peer, unless the peer is the configured trusted proxy (canonical form,
// "" = none), in which case the last `X-Forwarded-For` entry, the one that proxy appended (earlier
// entries are whatever the client sent). A missing or malformed entry falls back to the peer.
std::string clientAddress(const Request& req, const std::string& trusted_proxy);

}  // namespace gaflight::http
