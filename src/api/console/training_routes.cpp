// Console training routes (issue 8).
#include "api/common.hpp"
#include "api/console/console_support.hpp"

namespace gaflight::api {

void registerConsoleTraining(http::Router&, const ConsoleDeps&) {}

}  // namespace gaflight::api
