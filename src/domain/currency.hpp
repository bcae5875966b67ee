#pragma once
// Computed currency (recency) rules over a pilot's approved flights: pure functions.
//
// Readings (documented in the OpenAPI description as well):
// - Take-offs = landings = landings_day + landings_night, counted only when the pilot is the flight's
//   `pilot_id` (sole manipulator of the controls); the instructor of a dual flight gets flight time and
//   PIC time, not landings.
// - "in the preceding 90 days": a landing on day D counts up to and including day D + 90, so a rule met
//   by a landing on day D is valid until D + 90 and lapsed on D + 91.
// - EASA FCL.060(b)(2) night: (b)(1) must hold and at least one of the landings in the 90 days must be at
//   night: valid until the earlier of the (b)(1) date and the last night landing + 90 days.
// - FAA 61.57(b): 3 night landings in 90 days, every landings_night counted as a full-stop landing.
// - FAA 61.56: a flight with purpose `check_ride` flown as pilot_id counts as the flight review; valid to
//   the end of the 24th calendar month after the month of that flight.
// - EASA FCL.740.A(b)(1): within the 12 months before the SEP rating's expiry (date > expiry - 12 months
//   and <= expiry): 12 h flight time (block), 6 h PIC (solo as pilot_id, or as instructor), 12 landings,
//   and one dual flight (received, with an instructor) of at least 60 minutes. Met → valid until the
//   rating's expiry.
// - A rule that is not met has `met = false` and valid_until = the day before `today`, so its status is
//   `expired` ("lapsed as of") until a flight satisfies it.
#include <optional>
#include <string>
#include <vector>

#include "domain/compliance.hpp"

namespace gaflight::domain {

enum class FlightRole { kPilotFlying, kInstructor };

struct CurrencyFlight {
  std::string id;
  CivilDate date;
  FlightRole role = FlightRole::kPilotFlying;
  bool with_instructor = false;  // a dual flight (the pilot received instruction)
  bool check_ride = false;       // purpose check_ride
  int64_t block_min = 0, landings_day = 0, landings_night = 0;
};

struct CurrencyResult {
  std::string rule;            // e.g. EASA_FCL060_B1_PAX; also the record's `code`
  std::string regulation_ref;  // e.g. FCL.060(b)(1)
  std::string title;
  bool met = false;
  CivilDate valid_until = {};
  std::vector<std::string> satisfied_by = {};  // flight ids, newest first
  std::string shortfall = {};                  // empty when met
  // SEP revalidation only: the rating's expiry and the experience counted in its window.
  std::optional<CivilDate> rating_valid_until = {};
  int64_t flight_min = 0, pic_min = 0, landings = 0;
};

// Rules of the organisation's regime; `sep_rating_expiry` (EASA only) adds the SEP revalidation record.
std::vector<CurrencyResult> computeCurrency(Regime regime, const std::vector<CurrencyFlight>& flights,
                                            const CivilDate& today,
                                            const std::optional<CivilDate>& sep_rating_expiry);

// The individual rules (exposed for the unit tests).
CurrencyResult easaPassengers(const std::vector<CurrencyFlight>& flights, const CivilDate& today);
CurrencyResult easaNightPassengers(const std::vector<CurrencyFlight>& flights, const CivilDate& today);
CurrencyResult easaSepRevalidation(const std::vector<CurrencyFlight>& flights, const CivilDate& today,
                                   const CivilDate& rating_expiry);
CurrencyResult faaPassengers(const std::vector<CurrencyFlight>& flights, const CivilDate& today);
CurrencyResult faaNightPassengers(const std::vector<CurrencyFlight>& flights, const CivilDate& today);
CurrencyResult faaFlightReview(const std::vector<CurrencyFlight>& flights, const CivilDate& today);

}  // namespace gaflight::domain
