#include "domain/currency.hpp"

#include <algorithm>

namespace gaflight::domain {

namespace {
constexpr int kRecencyDays = 90;

// Flights newest first (by date, then id) so "the N most recent landings" is a prefix walk.
std::vector<const CurrencyFlight*> newestFirst(const std::vector<CurrencyFlight>& flights) {
  std::vector<const CurrencyFlight*> v;
  v.reserve(flights.size());
  for (const auto& f : flights) v.push_back(&f);
  std::sort(v.begin(), v.end(), [](const CurrencyFlight* a, const CurrencyFlight* b) {
    int64_t da = dayNumber(a->date), db = dayNumber(b->date);
    return da != db ? da > db : a->id > b->id;
  });
  return v;
}

CurrencyResult lapsed(CurrencyResult r, const CivilDate& today, std::string shortfall) {
  r.met = false;
  r.valid_until = addDays(today, -1);
  r.satisfied_by.clear();
  r.shortfall = std::move(shortfall);
  return r;
}

enum class LandingKind { kAny, kNight };

// Valid until the date of the `needed`-th most recent landing (as pilot flying) + 90 days.
CurrencyResult recentLandings(CurrencyResult r, const std::vector<CurrencyFlight>& flights,
                              const CivilDate& today, int needed, LandingKind kind) {
  int64_t count = 0;
  for (const auto* f : newestFirst(flights)) {
    if (f->role != FlightRole::kPilotFlying) continue;
    int64_t n = kind == LandingKind::kNight ? f->landings_night : f->landings_day + f->landings_night;
    if (n <= 0) continue;
    count += n;
    r.satisfied_by.push_back(f->id);
    if (count >= needed) {
      r.met = dayNumber(addDays(f->date, kRecencyDays)) >= dayNumber(today);
      r.valid_until = addDays(f->date, kRecencyDays);
      if (!r.met) r.shortfall = "No " + std::to_string(needed) + " landings in the preceding 90 days.";
      return r;
    }
  }
  return lapsed(std::move(r), today,
                std::to_string(needed - count) + (kind == LandingKind::kNight ? " night" : "") +
                    " landing(s) missing.");
}
}  // namespace

CurrencyResult easaPassengers(const std::vector<CurrencyFlight>& flights, const CivilDate& today) {
  CurrencyResult r{"EASA_FCL060_B1_PAX", "FCL.060(b)(1)", "Passengers: 3 take-offs and landings in 90 days"};
  return recentLandings(std::move(r), flights, today, 3, LandingKind::kAny);
}

CurrencyResult easaNightPassengers(const std::vector<CurrencyFlight>& flights, const CivilDate& today) {
  auto pax = easaPassengers(flights, today);
  CurrencyResult r{"EASA_FCL060_B2_NIGHT_PAX", "FCL.060(b)(2)",
                   "Night passengers: 1 of the 3 take-offs and landings at night"};
  auto night = recentLandings(r, flights, today, 1, LandingKind::kNight);
  if (pax.satisfied_by.empty() || night.satisfied_by.empty()) {
    return lapsed(std::move(r), today, pax.satisfied_by.empty() ? pax.shortfall : night.shortfall);
  }
  r.valid_until =
      dayNumber(pax.valid_until) <= dayNumber(night.valid_until) ? pax.valid_until : night.valid_until;
  r.met = dayNumber(r.valid_until) >= dayNumber(today);
  r.satisfied_by = night.satisfied_by;
  for (const auto& id : pax.satisfied_by) {
    if (std::find(r.satisfied_by.begin(), r.satisfied_by.end(), id) == r.satisfied_by.end())
      r.satisfied_by.push_back(id);
  }
  if (!r.met) r.shortfall = "No night landing with 3 landings in the preceding 90 days.";
  return r;
}

CurrencyResult easaSepRevalidation(const std::vector<CurrencyFlight>& flights, const CivilDate& today,
                                   const CivilDate& rating_expiry) {
  CurrencyResult r{"EASA_FCL740A_SEP_REVALIDATION", "FCL.740.A(b)(1)",
                   "SEP revalidation by experience: 12 h incl. 6 h PIC, 12 take-offs and landings, 1 h "
                   "refresher with an instructor in the 12 months before expiry"};
  r.rating_valid_until = rating_expiry;
  int64_t from = dayNumber(addMonths(rating_expiry, -12)), to = dayNumber(rating_expiry);
  bool refresher = false;
  for (const auto* f : newestFirst(flights)) {
    int64_t d = dayNumber(f->date);
    if (d <= from || d > to) continue;
    r.satisfied_by.push_back(f->id);
    r.flight_min += f->block_min;
    bool pic = f->role == FlightRole::kInstructor || !f->with_instructor;
    if (pic) r.pic_min += f->block_min;
    if (f->role == FlightRole::kPilotFlying) r.landings += f->landings_day + f->landings_night;
    if (f->role == FlightRole::kPilotFlying && f->with_instructor && f->block_min >= 60) refresher = true;
  }
  std::string missing;
  auto need = [&](bool ok, const std::string& what) {
    if (ok) return;
    missing += (missing.empty() ? "" : ", ") + what;
  };
  need(r.flight_min >= 720, std::to_string(720 - r.flight_min) + " min flight time");
  need(r.pic_min >= 360, std::to_string(360 - r.pic_min) + " min PIC");
  need(r.landings >= 12, std::to_string(12 - r.landings) + " take-offs and landings");
  need(refresher, "a refresher flight of at least 1 h with an instructor");
  if (missing.empty() && dayNumber(rating_expiry) >= dayNumber(today)) {
    r.met = true;
    r.valid_until = rating_expiry;
    return r;
  }
  auto totals = std::make_tuple(r.flight_min, r.pic_min, r.landings);
  auto out =
      lapsed(std::move(r), today, missing.empty() ? "The rating has expired." : "Missing: " + missing + ".");
  std::tie(out.flight_min, out.pic_min, out.landings) = totals;
  return out;
}

CurrencyResult faaPassengers(const std::vector<CurrencyFlight>& flights, const CivilDate& today) {
  CurrencyResult r{"FAA_61_57A_PAX", "14 CFR 61.57(a)", "Passengers: 3 take-offs and landings in 90 days"};
  return recentLandings(std::move(r), flights, today, 3, LandingKind::kAny);
}

CurrencyResult faaNightPassengers(const std::vector<CurrencyFlight>& flights, const CivilDate& today) {
  CurrencyResult r{"FAA_61_57B_NIGHT_PAX", "14 CFR 61.57(b)",
                   "Night passengers: 3 take-offs and full-stop landings at night in 90 days"};
  return recentLandings(std::move(r), flights, today, 3, LandingKind::kNight);
}

CurrencyResult faaFlightReview(const std::vector<CurrencyFlight>& flights, const CivilDate& today) {
  CurrencyResult r{"FAA_61_56_FLIGHT_REVIEW", "14 CFR 61.56",
                   "Flight review within the preceding 24 calendar months"};
  for (const auto* f : newestFirst(flights)) {
    if (f->role != FlightRole::kPilotFlying || !f->check_ride) continue;
    r.valid_until = endOfMonth(addMonths(f->date, 24));
    r.met = dayNumber(r.valid_until) >= dayNumber(today);
    r.satisfied_by.push_back(f->id);
    if (!r.met) r.shortfall = "The last flight review is more than 24 calendar months old.";
    return r;
  }
  return lapsed(std::move(r), today, "No flight review (check_ride flight) on record.");
}

std::vector<CurrencyResult> computeCurrency(Regime regime, const std::vector<CurrencyFlight>& flights,
                                            const CivilDate& today,
                                            const std::optional<CivilDate>& sep_rating_expiry) {
  if (regime == Regime::kFaa) {
    return {faaPassengers(flights, today), faaNightPassengers(flights, today),
            faaFlightReview(flights, today)};
  }
  std::vector<CurrencyResult> out{easaPassengers(flights, today), easaNightPassengers(flights, today)};
  if (sep_rating_expiry) out.push_back(easaSepRevalidation(flights, today, *sep_rating_expiry));
  return out;
}

}  // namespace gaflight::domain
