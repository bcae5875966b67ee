// Public vtr routes (issue 8).
#include "api/public/public_support.hpp"

namespace gaflight::api {

void registerPublicVtr(http::Router&, const PublicApiDeps&) {}

}  // namespace gaflight::api
