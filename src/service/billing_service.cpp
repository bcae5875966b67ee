#include "service/billing_service.hpp"

namespace gaflight::service {

void billApprovedFlight(storage::Connection&, const std::string&, const domain::Flight&, SysTime) {}

void BillingService::seedDemo(storage::Connection&, const std::string&, const DemoDataOptions&) {}

}  // namespace gaflight::service
