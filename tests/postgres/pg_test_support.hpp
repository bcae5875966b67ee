#pragma once
// The test server's URL (GAFLIGHT_TEST_PG_URL, from scripts/with-postgres.sh) with search_path set to
// the schema gaflight_pg_test, which each test drops and recreates.
#include <string>

#include "storage/webhook_repository.hpp"

namespace gaflight::storage {

std::string pgTestUrl();
// Drops and recreates the schema gaflight_pg_test (on any connection to the test server).
constexpr const char* kPgResetTestSchema =
    "DROP SCHEMA IF EXISTS gaflight_pg_test CASCADE; CREATE SCHEMA gaflight_pg_test;";

// One event evt_1 of org_1 and one endpoint we_1 subscribed to it: what the claim tests deliver.
inline void seedEventAndEndpoint(WebhookRepository& repo, const char* at) {
  repo.insertEvent({"evt_1", "org_1", "flight.approved", R"({"id":"evt_1"})", at});
  domain::WebhookEndpoint endpoint;
  endpoint.id = "we_1";
  endpoint.org_id = "org_1";
  endpoint.url = "https://example.org/hook";
  endpoint.event_types = {"flight.approved"};
  endpoint.created_at = endpoint.updated_at = at;
  repo.insertEndpoint(endpoint, "sealed-secret");
}

}  // namespace gaflight::storage
