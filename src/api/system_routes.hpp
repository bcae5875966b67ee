#pragma once
#include <functional>

#include "http/router.hpp"
#include "http/static_files.hpp"

namespace gaflight::observability {
class Metrics;
}

namespace gaflight::api {

struct SystemDeps {
  std::function<bool()> ready;  // database reachable and migrations current, not draining
  observability::Metrics& metrics;
  const http::StaticFiles& docs;     // web/docs
  const http::StaticFiles& console;  // web/console
};

// /healthz, /readyz, /metrics, /api/v1/openapi.json, /docs (+ assets) and the console at /.
void registerSystemRoutes(http::Router& router, const SystemDeps& deps);

}  // namespace gaflight::api
