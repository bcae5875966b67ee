#pragma once
// The test server's URL (GAFLIGHT_TEST_PG_URL, from scripts/with-postgres.sh) with search_path set to
// the schema gaflight_pg_test, which each test drops and recreates.
#include <string>

namespace gaflight::storage {

std::string pgTestUrl();
// Drops and recreates the schema gaflight_pg_test (on any connection to the test server).
constexpr const char* kPgResetTestSchema =
    "DROP SCHEMA IF EXISTS gaflight_pg_test CASCADE; CREATE SCHEMA gaflight_pg_test;";

}  // namespace gaflight::storage
