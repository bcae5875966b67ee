#pragma once
// The rules a submitted flight must meet on its own (before the database is consulted): dates,
// purpose, aerodromes, instants in order, ranges of minutes, landings and meters, crew.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace gaflight::domain {

// Fields of a submitted flight as a client sends them; block/air minutes are computed.
struct FlightInput {
  std::string date, aircraft_id, pilot_id, purpose, departure_icao, arrival_icao;
  std::optional<std::string> instructor_id, remarks;
  std::string off_block_at, takeoff_at, landing_at, on_block_at;
  int64_t night_min = 0, ifr_min = 0, landings_day = 1, landings_night = 0;
  int64_t hobbs_start_tenths = 0, hobbs_end_tenths = 0, tach_start_tenths = 0, tach_end_tenths = 0;
};

// The four instants (unix seconds) and the durations derived from them.
struct FlightTimes {
  int64_t off_block = 0, takeoff = 0, landing = 0, on_block = 0;
  int64_t block_min = 0, air_min = 0;
};

// Checks everything that needs no lookup; `now_unix` bounds flights logged in the future (1 h slack).
// A failure is a 422 naming the field.
Result<FlightTimes> checkFlightInput(const FlightInput& in, int64_t now_unix);

// Crew: the instructor (if any) must hold the instructor role; dual and discovery flights need one.
// `instructor_roles` is empty when instructor_id names no pilot of the organisation.
Status checkFlightCrew(const FlightInput& in,
                       const std::optional<std::vector<std::string>>& instructor_roles);

}  // namespace gaflight::domain
