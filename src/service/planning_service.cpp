#include "service/planning_service.hpp"

namespace gaflight::service {}  // namespace gaflight::service
