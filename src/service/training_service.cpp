#include "service/training_service.hpp"

namespace gaflight::service {

void TrainingService::seedDemo(storage::Connection&, const std::string&, const DemoDataOptions&) {}

}  // namespace gaflight::service
