#pragma once
// Pilots, aircraft and flights. Every query takes the organisation id: no query crosses tenants.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/entities.hpp"
#include "domain/flight_stats.hpp"
#include "domain/stored_json.hpp"
#include "storage/list_sql.hpp"
#include "storage/sql.hpp"

namespace gaflight::storage {

struct FlightFilter {
  std::optional<std::string> status, from, to, pilot_id, aircraft_id, updated_since;
};

// Stores the pilot's rendering from its columns as they are now. Every statement that writes a pilot's
// columns is followed by this, in the same transaction.
void storePilotRendering(Connection& c, const std::string& org, const std::string& pilot_id);
// Renders every pilot (of `org`, or of all organisations) whose stored rendering is missing or of another
// version; returns how many. Run after bulk loads and migrations.
int64_t storeMissingPilotRenderings(Connection& c, const std::optional<std::string>& org = std::nullopt);

class OperationsRepository {
 public:
  explicit OperationsRepository(Connection& c) : c_(c) {}

  std::vector<domain::Pilot> listPilots(const std::string& org, const Keyset& page,
                                        const std::optional<std::string>& updated_since);
  // The same rows without building a Pilot each: `visit` sees views valid only during the call.
  void visitPilots(const std::string& org, const Keyset& page,
                   const std::optional<std::string>& updated_since,
                   const std::function<void(const domain::PilotRow&)>& visit);
  // The page as each pilot's stored rendering (ADR 0016); a row without a current one is rendered from its
  // columns, so the bytes are always renderPilot's.
  void visitStoredPilots(const std::string& org, const Keyset& page,
                         const std::optional<std::string>& updated_since,
                         const std::function<void(const domain::StoredJsonRow&)>& visit);
  std::optional<domain::Pilot> findPilot(const std::string& org, const std::string& id);
  void insertPilot(const domain::Pilot& p);
  void updatePilot(const domain::Pilot& p);

  std::vector<domain::Aircraft> listAircraft(const std::string& org, const Keyset& page,
                                             const std::optional<std::string>& updated_since);
  std::optional<domain::Aircraft> findAircraft(const std::string& org, const std::string& id);
  bool registrationTaken(const std::string& org, const std::string& registration,
                         const std::string& except_id);
  void insertAircraft(const domain::Aircraft& a);
  void updateAircraft(const domain::Aircraft& a);

  // Block minutes per aircraft and day over [from, to] (dates), flights not rejected.
  std::vector<domain::AircraftDayMinutes> blockMinutesByDay(const std::string& org, const std::string& from,
                                                            const std::string& to);
  std::vector<domain::AircraftName> aircraftNames(const std::string& org);

  // Ordered by date desc, id desc; keyset = {date, id}.
  std::vector<domain::Flight> listFlights(const std::string& org, const Keyset& page, const FlightFilter& f);
  std::optional<domain::Flight> findFlight(const std::string& org, const std::string& id);
  void insertFlight(const domain::Flight& f);
  // Compare-and-set on status so two reviewers cannot both win.
  bool reviewFlight(const std::string& org, const std::string& id, const std::string& new_status,
                    const std::string& reviewer, const std::string& at,
                    const std::optional<std::string>& reason);

 private:
  Connection& c_;
};

}  // namespace gaflight::storage
