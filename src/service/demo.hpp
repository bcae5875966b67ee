#pragma once
#include <string>

#include "service/developer_service.hpp"
#include "service/identity_service.hpp"

namespace gaflight::service {

struct DemoResult {
  std::string org_id, org_name, api_key, email, password, app_id;
  int pilots = 0, aircraft = 0, flights = 0, submitted = 0;
};

// Creates a realistic flight school: an owner login, pilots, fleet, 18 months of flights, an active
// app holding every public scope, and one key. Each run creates a new organisation with its own
// owner (owner+2@…, owner+3@… on later runs), so running it twice never touches earlier data.
DemoResult createDemoOrganisation(storage::Database& db, const Clock& clock, IdentityService& identity,
                                  DeveloperService& developer);

}  // namespace gaflight::service
