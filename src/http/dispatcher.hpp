#pragma once
#include "core/error.hpp"
#include "http/message.hpp"
#include "http/router.hpp"

namespace gaflight::observability {
class Metrics;
}

namespace gaflight::http {

// Everything between "a request was parsed" and "a response is ready": request id, routing,
// 404/405, exception → logged 500, common headers, metrics and the access log. Never throws.
class Dispatcher {
 public:
  // `inline_reads`: routes marked inline_safe may run on the IO thread (set only for SQLite,
  // whose WAL reads never wait; a networked database always goes through the executor). A request
  // no route matches (404, 405) touches no database and always runs inline.
  Dispatcher(const Router& router, observability::Metrics& metrics, bool access_log,
             bool inline_reads = false)
      : router_(router), metrics_(metrics), access_log_(access_log), inline_reads_(inline_reads) {}
  // Routing happens once per request: the server asks where to run it, then hands the match back.
  Router::Match route(const Request& req) const;
  bool runsInline(const Router::Match& m) const {
    return !m.route || (inline_reads_ && m.route->inline_safe);
  }
  Response handle(const Request& req, Router::Match m) const;
  Response handle(const Request& req) const { return handle(req, route(req)); }
  // For transport-level failures (431, 413, 400 on unparsable input) rendered by the server.
  Response transportError(ErrorCode code, std::string_view detail) const;

 private:
  const Router& router_;
  observability::Metrics& metrics_;
  bool access_log_;
  bool inline_reads_;
};

std::string newRequestId();

}  // namespace gaflight::http
