#include "service/vtr_service.hpp"

namespace gaflight::service {

void VtrService::seedDemo(const std::string&, const Actor&) {}

}  // namespace gaflight::service
