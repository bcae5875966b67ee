// Public maintenance routes (SPEC §3).
#include "api/public/public_support.hpp"

namespace gaflight::api {

void registerPublicMaintenance(http::Router& router, const PublicApiDeps& deps) {}

}  // namespace gaflight::api
