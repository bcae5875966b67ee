// Console vtr routes (issue 8).
#include "api/common.hpp"
#include "api/console/console_support.hpp"

namespace gaflight::api {

void registerConsoleVtr(http::Router&, const ConsoleDeps&) {}

}  // namespace gaflight::api
