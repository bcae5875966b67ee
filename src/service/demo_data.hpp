#pragma once
// Realistic operations data for `gaflight demo`: pilots, fleet, flights, maintenance programmes and work
// orders, compliance records and planning sessions of a flight school (a French club or a US school).
#include <cstdint>
#include <functional>
#include <string>

#include "storage/sql.hpp"

namespace gaflight::service {

// An instructor who reviews flights in the console and therefore needs a user account.
struct DemoStaff {
  std::string first_name, last_name, email_local;  // e.g. "lea.martin"
  int64_t since_unix = 0;                          // joined the school
};
// Creates the console user (membership role `instructor`) and returns its `usr_…` id.
using DemoAccountMaker = std::function<std::string(const DemoStaff&)>;

struct DemoDataOptions {
  int pilots = 220;       // >= 200: students, members, instructors, with licences and medicals
  int aircraft = 16;      // >= 15
  int flights = 5200;     // >= 5000 over the last 18 months
  int window_days = 540;  // the flights' history: the last this many days
  // Flights are approved or rejected one to this many days after the day flown; the ones whose review day
  // has not come yet (the last few days' flights) are still `submitted`.
  int review_lag_days_max = 3;
  // A review backlog: at least this many of the most recent flights stay `submitted` (0: none beyond the
  // lag).
  int min_awaiting_review = 0;
  uint64_t seed = 20261127;             // deterministic content for a given seed (ids still unique)
  int64_t now_unix = 0;                 // "today"; flights end before it
  std::string country = "FR";           // FR: EASA club near Paris, EUR; US: FAA school in the Bay Area, USD
  std::string submitter_user_id;        // who records flights flown without an instructor (the owner)
  DemoAccountMaker instructor_account;  // required: one console user per instructor
};

struct DemoDataCounts {
  int pilots = 0, aircraft = 0, flights = 0, submitted = 0;
  int maintenance_items = 0, work_orders = 0, compliance_records = 0, sessions = 0;
};

constexpr int kDefaultDemoFlights = 5200;
constexpr int kMaxDemoFlights = 5000000;

// The school that flies `flights` flights (1..kMaxDemoFlights): up to the default, today's school (220
// pilots, 16 aircraft, 18 months); beyond, first a longer history (up to ten years, at the same use of
// each aircraft), then a bigger school flying its aircraft harder (up to 1.5 flights a day, as a
// professional academy does) and then more aircraft and pilots in the same proportion as today's.
DemoDataOptions demoOptionsFor(int flights);

// Inserts the data into `org_id` (which must exist) inside the caller's write transaction, then lets the
// maintenance and compliance services assess airworthiness and currency as of `now_unix`.
DemoDataCounts seedOperationsData(storage::Connection& conn, const std::string& org_id,
                                  const DemoDataOptions& opt);

}  // namespace gaflight::service
