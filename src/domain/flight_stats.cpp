#include "domain/flight_stats.hpp"

#include <unordered_map>

#include "core/clock.hpp"
#include "core/json_writer.hpp"

namespace gaflight::domain {

namespace {
int64_t dayNumber(const std::string& date) {
  return timefmt::daysFromCivil(std::stoi(date.substr(0, 4)),
                                static_cast<unsigned>(std::stoi(date.substr(5, 2))),
                                static_cast<unsigned>(std::stoi(date.substr(8, 2))));
}
std::string dateOfDay(int64_t day) { return timefmt::formatDate(day * 86400); }
}  // namespace

std::string weekStart(const std::string& date) {
  int64_t day = dayNumber(date);
  // 1970-01-01 was a Thursday: (day + 3) mod 7 is 0 on Mondays.
  int64_t since_monday = ((day + 3) % 7 + 7) % 7;
  return dateOfDay(day - since_monday);
}

WeeklyFlightHours bucketByWeek(const std::string& today, int weeks, const std::vector<AircraftName>& aircraft,
                               const std::vector<AircraftDayMinutes>& days) {
  WeeklyFlightHours out;
  int64_t last_monday = dayNumber(weekStart(today));
  int64_t first_monday = last_monday - int64_t{7} * (weeks - 1);
  for (int i = 0; i < weeks; ++i) out.week_starts.push_back(dateOfDay(first_monday + int64_t{7} * i));
  std::unordered_map<std::string, size_t> row_of;
  for (const auto& a : aircraft) {
    row_of[a.id] = out.aircraft.size();
    out.aircraft.push_back({a.id, a.registration, std::vector<int64_t>(static_cast<size_t>(weeks), 0), 0});
  }
  for (const auto& d : days) {
    auto row = row_of.find(d.aircraft_id);
    int64_t offset = dayNumber(d.date) - first_monday;
    if (row == row_of.end() || offset < 0 || offset >= 7 * int64_t{weeks}) continue;
    auto& r = out.aircraft[row->second];
    r.block_min[static_cast<size_t>(offset / 7)] += d.block_min;
    r.total_min += d.block_min;
  }
  return out;
}

std::string renderWeeklyFlightHours(const WeeklyFlightHours& w) {
  std::string out;
  JsonWriter j(out);
  j.beginObject().field("object", "weekly_flight_hours").key("week_starts").beginArray();
  for (const auto& s : w.week_starts) j.str(s);
  j.endArray().key("aircraft").beginArray();
  for (const auto& a : w.aircraft) {
    j.beginObject().field("aircraft_id", a.aircraft_id).field("registration", a.registration);
    j.key("block_min").beginArray();
    for (auto m : a.block_min) j.num(m);
    j.endArray().field("total_block_min", a.total_min).endObject();
  }
  j.endArray().endObject();
  return out;
}

}  // namespace gaflight::domain
