#include "service/compliance_service.hpp"

namespace gaflight::service {

void refreshPilotCurrency(storage::Connection& conn, const std::string& org,
                          const std::vector<std::string>& pilot_ids, SysTime now) {}

}  // namespace gaflight::service
