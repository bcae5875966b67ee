#pragma once
// Realistic operations data for `gaflight demo`: pilots, fleet and flights of a flight school.
#include <cstdint>
#include <string>

#include "storage/sql.hpp"

namespace gaflight::service {

struct DemoDataOptions {
  int pilots = 220;             // >= 200: students, members, instructors, with licences and medicals
  int aircraft = 16;            // >= 15
  int flights = 5200;           // >= 5000 over the last 18 months
  int submitted_flights = 240;  // >= 200 of the most recent still awaiting approval
  uint64_t seed = 20261127;     // deterministic content for a given seed (ids still unique)
  int64_t now_unix = 0;         // "today"; flights end before it
};

struct DemoDataCounts {
  int pilots = 0, aircraft = 0, flights = 0, submitted = 0;
};

// Inserts the data into `org_id` (which must exist) inside the caller's write transaction.
DemoDataCounts seedOperationsData(storage::Connection& conn, const std::string& org_id,
                                  const DemoDataOptions& opt);

}  // namespace gaflight::service
