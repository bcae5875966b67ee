// Public training routes (issue 8).
#include "api/public/public_support.hpp"

namespace gaflight::api {

void registerPublicTraining(http::Router&, const PublicApiDeps&) {}

}  // namespace gaflight::api
