// Console planning routes under /api/v1/console/orgs/{org_id}/...
#include "api/common.hpp"
#include "api/console/console_support.hpp"

namespace gaflight::api {

void registerConsolePlanning(http::Router& router, const ConsoleDeps& deps) {}

}  // namespace gaflight::api
