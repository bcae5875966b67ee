// Public billing routes (issue 8).
#include "api/public/public_support.hpp"

namespace gaflight::api {

void registerPublicBilling(http::Router&, const PublicApiDeps&) {}

}  // namespace gaflight::api
