#include "service/maintenance_service.hpp"

namespace gaflight::service {

void reassessAircraftMaintenance(storage::Connection& conn, const std::string& org,
                                 const std::string& aircraft_id, SysTime now) {}

}  // namespace gaflight::service
