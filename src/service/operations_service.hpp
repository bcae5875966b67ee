#pragma once
// Pilots, fleet and flights: the reads behind the public API and the writes behind the console.
#include <functional>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "domain/entities.hpp"
#include "domain/flight_rules.hpp"
#include "domain/flight_stats.hpp"
#include "service/actor.hpp"
#include "service/cursor.hpp"
#include "service/events.hpp"
#include "service/patch.hpp"
#include "service/response_cache.hpp"
#include "storage/operations_repository.hpp"
#include "webhook/notifier.hpp"

namespace gaflight::service {

struct ListOptions {
  PageQuery page;
  std::optional<std::string> updated_since;  // normalised RFC 3339 UTC
};

struct FlightListOptions {
  PageQuery page;
  storage::FlightFilter filter;
};

using FlightInput = domain::FlightInput;

class OperationsService {
 public:
  // `generation` moves after every committed write, invalidating cached public pages.
  // Flight changes record events (outbox) and wake the delivery engine after commit.
  OperationsService(storage::Database& db, const Clock& clock, const CursorCodec& cursors,
                    DataGeneration& generation, webhook::DeliveryNotifier& notifier)
      : db_(db), clock_(clock), cursors_(cursors), generation_(generation), notifier_(notifier) {}

  Result<Page<domain::Pilot>> listPilots(const std::string& org, const ListOptions& opt);
  // The same page as it is read, each pilot as its stored rendering (ADR 0016; views valid during the
  // call). Returns the next cursor ("" on the last page).
  Result<std::string> streamPilots(const std::string& org, const ListOptions& opt,
                                   const std::function<void(const domain::StoredJsonRow&)>& emit);
  Result<domain::Pilot> getPilot(const std::string& org, const std::string& id);
  Result<domain::Pilot> createPilot(const std::string& org, domain::Pilot p, const Actor& actor);
  Result<domain::Pilot> updatePilot(const std::string& org, const std::string& id,
                                    const Patch<domain::Pilot>& patch, const Actor& actor);

  Result<Page<domain::Aircraft>> listAircraft(const std::string& org, const ListOptions& opt);
  Result<domain::Aircraft> getAircraft(const std::string& org, const std::string& id);
  Result<domain::Aircraft> createAircraft(const std::string& org, domain::Aircraft a, const Actor& actor);
  Result<domain::Aircraft> updateAircraft(const std::string& org, const std::string& id,
                                          const Patch<domain::Aircraft>& patch, const Actor& actor);

  Result<Page<domain::Flight>> listFlights(const std::string& org, const FlightListOptions& opt);
  Result<domain::Flight> getFlight(const std::string& org, const std::string& id);
  Result<domain::Flight> submitFlight(const std::string& org, const FlightInput& in, const Actor& actor);
  Result<domain::Flight> approveFlight(const std::string& org, const std::string& id, const Actor& actor);
  Result<domain::Flight> rejectFlight(const std::string& org, const std::string& id,
                                      const std::string& reason, const Actor& actor);

  // Block hours per aircraft per week over the last `weeks` weeks (1–52), for the overview chart.
  Result<domain::WeeklyFlightHours> weeklyFlightHours(const std::string& org, int weeks);

  static Status validatePilot(const domain::Pilot& p);
  static Status validateAircraft(const domain::Aircraft& a);

 private:
  storage::Database& db_;
  const Clock& clock_;
  const CursorCodec& cursors_;
  DataGeneration& generation_;
  webhook::DeliveryNotifier& notifier_;
};

}  // namespace gaflight::service
