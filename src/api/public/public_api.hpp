#pragma once
#include "http/router.hpp"
#include "service/api_auth.hpp"
#include "service/operations_service.hpp"
#include "service/rate_limiter.hpp"

namespace gaflight::api {

struct PublicApiDeps {
  service::ApiAuthenticator& auth;
  service::RateLimiter& limiter;
  service::OperationsService& operations;
};

// Registers /api/v1/public/* (SPEC §3). Every route: bearer key → rate limit → org + scope → handler.
void registerPublicApi(http::Router& router, PublicApiDeps deps);

}  // namespace gaflight::api
