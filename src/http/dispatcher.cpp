#include "http/dispatcher.hpp"

#include <chrono>
#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "http/problem.hpp"
#include "observability/logging.hpp"
#include "observability/metrics.hpp"
#include "storage/db_error.hpp"

namespace gaflight::http {

using observability::LogLevel;

namespace {
// splitmix64: a bijection of the counter, so one thread never repeats an id.
uint64_t mix(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
}  // namespace

// A request id must be unique, not secret: 96 bits from a per-thread counter whose start and stream come
// from the CSPRNG once (RAND_bytes on every request cost more than the rest of the id).
std::string newRequestId() {
  struct Stream {
    uint64_t counter, salt;
    Stream() {
      std::string seed = crypto::randomBytes(16);
      std::memcpy(&counter, seed.data(), 8);
      std::memcpy(&salt, seed.data() + 8, 8);
    }
  };
  thread_local Stream s;
  const uint64_t n = ++s.counter;
  const uint64_t hi = mix(n);
  const auto lo = static_cast<uint32_t>(mix(n ^ s.salt));
  char raw[12];
  std::memcpy(raw, &hi, 8);
  std::memcpy(raw + 8, &lo, 4);
  return "req_" + crypto::toHex(std::string_view(raw, sizeof raw));
}

namespace {
// A client-supplied X-Request-Id is kept for correlation only when it is short and plain.
bool acceptableRequestId(const std::string& v) {
  if (v.empty() || v.size() > 100) return false;
  for (char c : v) {
    if (!(isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) return false;
  }
  return true;
}

void addCommonHeaders(Response& res, const std::string& request_id) {
  res.set("X-Request-Id", request_id);
  res.set("X-Content-Type-Options", "nosniff");
  if (!res.header("Cache-Control")) res.set("Cache-Control", "no-store");
}
}  // namespace

Router::Match Dispatcher::route(const Request& req) const {
  if (req.path_malformed || req.path.empty() || req.path[0] != '/') return {};
  // HEAD is answered wherever GET is (the server sends headers only).
  return router_.match(req.method == "HEAD" ? std::string_view("GET") : std::string_view(req.method),
                       req.path);
}

Response Dispatcher::transportError(ErrorCode code, std::string_view detail) const {
  std::string rid = newRequestId();
  Response res = problemResponse(makeError(code, std::string(detail)), rid);
  addCommonHeaders(res, rid);
  res.set("Connection", "close");
  metrics_.observeRequest("-", "(transport)", res.status, 0);
  return res;
}

Response Dispatcher::handle(const Request& req, Router::Match m) const {
  auto start = std::chrono::steady_clock::now();
  const std::string* client_rid = req.header("x-request-id");
  RequestContext ctx{
      req, client_rid && acceptableRequestId(*client_rid) ? *client_rid : newRequestId(), {}, {}, {}};
  Response res;
  try {
    if (req.path_malformed || req.path.empty() || req.path[0] != '/') {
      ctx.route = "(invalid)";
      res = problemResponse(makeError(ErrorCode::kInvalidParameter, "The request path is malformed."),
                            ctx.request_id);
    } else {
      if (m.route) {
        ctx.route = m.route->pattern;
        ctx.path_params = std::move(m.params);
        res = m.route->handler(ctx);
      } else if (m.path_known) {
        ctx.route = "(method-not-allowed)";
        res = problemResponse(
            makeError(ErrorCode::kMethodNotAllowed, "Method " + req.method + " is not allowed here."),
            ctx.request_id);
        res.set("Allow", m.allowed_methods);
      } else {
        ctx.route = "(unmatched)";
        res = problemResponse(makeError(ErrorCode::kNotFound, "No such endpoint."), ctx.request_id);
      }
    }
  } catch (const storage::DatabaseUnavailable& e) {
    // Busy, locked, full or failing storage is temporary: the client may retry, the process lives on.
    observability::logEvent(LogLevel::kWarn, "http", "database unavailable",
                            {{"request_id", ctx.request_id},
                             {"route", ctx.route},
                             {"engine_code", e.engineCode()},
                             {"error", e.what()}});
    Error err = makeError(ErrorCode::kUnavailable, "The database is temporarily unavailable; retry later.");
    err.retry_after_s = e.retryAfterSeconds();
    res = problemResponse(err, ctx.request_id);
  } catch (const std::exception& e) {
    observability::logEvent(LogLevel::kError, "http", "unhandled exception",
                            {{"request_id", ctx.request_id}, {"route", ctx.route}, {"error", e.what()}});
    res = problemResponse(
        makeError(ErrorCode::kInternal, "An internal error occurred; quote the request id."), ctx.request_id);
  } catch (...) {
    observability::logEvent(LogLevel::kError, "http", "unhandled non-standard exception",
                            {{"request_id", ctx.request_id}, {"route", ctx.route}});
    res = problemResponse(
        makeError(ErrorCode::kInternal, "An internal error occurred; quote the request id."), ctx.request_id);
  }
  for (auto& h : ctx.response_headers) res.headers.push_back(std::move(h));
  addCommonHeaders(res, ctx.request_id);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  metrics_.observeRequest(req.method, ctx.route, res.status, secs);
  if (access_log_) {
    observability::logEvent(LogLevel::kInfo, "access", "request",
                            {{"request_id", ctx.request_id},
                             {"method", req.method},
                             {"route", ctx.route},
                             {"status", res.status},
                             {"duration_ms", secs * 1000.0},
                             {"bytes", res.bodySize()},
                             {"remote", req.remote_ip}});
  }
  return res;
}

}  // namespace gaflight::http
