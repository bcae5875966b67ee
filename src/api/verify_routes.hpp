#pragma once
// Verification without an account (SPEC §10.5): the authority's public key, the verify page of a VTR,
// its static assets and the offline verifier script. No authentication, no organisation header.
#include <string>

#include "http/router.hpp"
#include "service/vtr_service.hpp"

namespace gaflight::api {

struct VerifyDeps {
  service::VtrService& vtr;
  std::string assets_root;  // web/verify: verify.js, verify.css, offline-verify.sh
};

void registerVerifyRoutes(http::Router& router, const VerifyDeps& deps);

}  // namespace gaflight::api
