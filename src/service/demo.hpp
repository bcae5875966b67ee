#pragma once
#include <string>

#include "service/billing_service.hpp"
#include "service/demo_data.hpp"
#include "service/developer_service.hpp"
#include "service/identity_service.hpp"
#include "service/training_service.hpp"
#include "service/vtr_service.hpp"

namespace gaflight::service {

struct DemoResult {
  std::string org_id, org_name, api_key, email, password, app_id, country;
  int pilots = 0, aircraft = 0, flights = 0, submitted = 0;
};

// Creates a realistic flight school: an owner login, pilots, fleet, 18 months of flights (a longer history
// and a bigger school for more than the default 5,200 flights: demoOptionsFor), maintenance,
// compliance and planning, an active app holding every public scope, and one key. Each run creates a new
// organisation with its own owner (owner+2@…, owner+3@… on later runs), so running it twice never touches
// earlier data. `country` is FR (EASA club, EUR) or US (FAA school, USD).
// The issue-8 services that add training, billing and VTRs on top of the operations data.
struct DemoDomainServices {
  TrainingService& training;
  BillingService& billing;
  VtrService& vtr;
};

DemoResult createDemoOrganisation(storage::Database& db, const Clock& clock, IdentityService& identity,
                                  DeveloperService& developer, DemoDomainServices services,
                                  const std::string& country = "FR", int min_awaiting_review = 0,
                                  int flights = kDefaultDemoFlights);

// Console users (membership role `instructor`) for the school's instructors, who review flights. They
// cannot log in (no password is set); the owner can give them one later. Runs in the caller's transaction.
DemoAccountMaker demoInstructorAccounts(storage::Connection& conn, const std::string& org_id);

}  // namespace gaflight::service
