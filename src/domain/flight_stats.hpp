#pragma once
// Hours flown per aircraft per week, for the console overview chart. Weeks start on Monday (ISO 8601)
// and are counted on the flight's UTC date.
#include <cstdint>
#include <string>
#include <vector>

namespace gaflight::domain {

struct AircraftDayMinutes {
  std::string aircraft_id, date;  // date YYYY-MM-DD
  int64_t block_min = 0;
};

struct AircraftName {
  std::string id, registration;
};

struct AircraftWeeklyMinutes {
  std::string aircraft_id, registration;
  std::vector<int64_t> block_min;  // one per week, oldest first
  int64_t total_min = 0;
};

struct WeeklyFlightHours {
  std::vector<std::string> week_starts;  // Mondays, oldest first; the last is the current week
  std::vector<AircraftWeeklyMinutes> aircraft;
};

// Monday of the ISO week that contains `date` (YYYY-MM-DD, assumed valid).
std::string weekStart(const std::string& date);

// The `weeks` weeks ending with the one containing `today`; every aircraft gets a row (zeros when idle);
// days outside the window are ignored.
WeeklyFlightHours bucketByWeek(const std::string& today, int weeks, const std::vector<AircraftName>& aircraft,
                               const std::vector<AircraftDayMinutes>& days);

std::string renderWeeklyFlightHours(const WeeklyFlightHours& w);

}  // namespace gaflight::domain
