#include "domain/flight_rules.hpp"

#include <algorithm>

#include "core/clock.hpp"
#include "domain/entities.hpp"

namespace gaflight::domain {

namespace {
Error invalid(std::string field, std::string detail) {
  return makeError(ErrorCode::kValidationFailed, std::move(detail), std::move(field));
}

constexpr int64_t kMaxMeterTenths = 1'000'000;
constexpr int64_t kMaxFlightTenths = 240;  // a flight adds at most 24 h to a meter

Status inRange(const char* field, int64_t v, int64_t lo, int64_t hi) {
  if (v < lo || v > hi) return invalid(field, std::string(field) + " is out of range.");
  return okStatus();
}

Status meterAdvance(const char* end_field, const char* start_field, int64_t start, int64_t end) {
  if (end < start || end - start > kMaxFlightTenths) {
    return invalid(end_field,
                   std::string(end_field) + " must be at or after " + start_field + " (at most 24 h later).");
  }
  return okStatus();
}
}  // namespace

Result<FlightTimes> checkFlightInput(const FlightInput& in, int64_t now_unix) {
  if (!timefmt::isValidDate(in.date)) return invalid("date", "date must be a YYYY-MM-DD date.");
  if (!isOneOf(flightPurposes(), in.purpose)) {
    return invalid("purpose",
                   "purpose must be one of dual_training, solo_training, rental, check_ride, discovery, "
                   "ferry, maintenance_test.");
  }
  if (!isIcaoAirport(in.departure_icao))
    return invalid("departure_icao", "departure_icao must be a four-letter ICAO code.");
  if (!isIcaoAirport(in.arrival_icao))
    return invalid("arrival_icao", "arrival_icao must be a four-letter ICAO code.");

  struct Instant {
    const char* field;
    const std::string* text;
    int64_t value;
  };
  Instant times[] = {{"off_block_at", &in.off_block_at, 0},
                     {"takeoff_at", &in.takeoff_at, 0},
                     {"landing_at", &in.landing_at, 0},
                     {"on_block_at", &in.on_block_at, 0}};
  for (auto& t : times) {
    auto v = timefmt::parseInstant(*t.text);
    if (!v) return invalid(t.field, std::string(t.field) + " must be an RFC 3339 instant.");
    t.value = *v;
  }
  for (size_t i = 1; i < std::size(times); ++i) {
    if (times[i].value < times[i - 1].value) {
      return invalid(times[i].field,
                     std::string(times[i].field) + " must not be before " + times[i - 1].field + ".");
    }
  }
  FlightTimes ft{times[0].value, times[1].value, times[2].value, times[3].value, 0, 0};
  ft.block_min = (ft.on_block - ft.off_block) / 60;
  ft.air_min = (ft.landing - ft.takeoff) / 60;
  if (ft.block_min > int64_t{24} * 60)
    return invalid("on_block_at", "A flight cannot last more than 24 hours.");
  if (timefmt::formatDate(ft.off_block) != in.date) {
    return invalid("date", "date must be the (UTC) date of off_block_at.");
  }
  if (ft.off_block > now_unix + 3600)
    return invalid("off_block_at", "A flight cannot be logged in the future.");

  for (const auto& st :
       {inRange("night_min", in.night_min, 0, ft.block_min), inRange("ifr_min", in.ifr_min, 0, ft.block_min),
        inRange("landings_day", in.landings_day, 0, 99), inRange("landings_night", in.landings_night, 0, 99),
        inRange("hobbs_start_hours", in.hobbs_start_tenths, 0, kMaxMeterTenths),
        inRange("tach_start_hours", in.tach_start_tenths, 0, kMaxMeterTenths),
        meterAdvance("hobbs_end_hours", "hobbs_start_hours", in.hobbs_start_tenths, in.hobbs_end_tenths),
        meterAdvance("tach_end_hours", "tach_start_hours", in.tach_start_tenths, in.tach_end_tenths)}) {
    if (!st) return st.error();
  }
  if (in.remarks && in.remarks->size() > 2000)
    return invalid("remarks", "remarks is at most 2000 characters.");
  return ft;
}

Status checkFlightCrew(const FlightInput& in,
                       const std::optional<std::vector<std::string>>& instructor_roles) {
  if (in.instructor_id) {
    bool is_instructor = instructor_roles && std::find(instructor_roles->begin(), instructor_roles->end(),
                                                       "instructor") != instructor_roles->end();
    if (!is_instructor)
      return invalid("instructor_id", "instructor_id must name a pilot with the instructor role.");
  } else if (in.purpose == "dual_training" || in.purpose == "discovery") {
    return invalid("instructor_id", "A " + in.purpose + " flight needs an instructor_id.");
  }
  return okStatus();
}

}  // namespace gaflight::domain
