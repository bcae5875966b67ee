#include "service/demo_data.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iterator>
#include <limits>
#include <numbers>
#include <numeric>
#include <optional>
#include <random>
#include <stdexcept>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"

namespace gaflight::service {

namespace {

constexpr int64_t kMinute = 60;
constexpr int64_t kHour = 3600;
constexpr int64_t kDay = 86400;
// Flights fall in the last 540 days: comfortably inside "the last 18 months" whatever the month lengths.
constexpr int64_t kFlightWindowDays = 540;
constexpr int64_t kNever = std::numeric_limits<int64_t>::max();

// Every draw goes through one seeded engine, so the same seed and "now" give the same content.
class Rand {
 public:
  explicit Rand(uint64_t seed) : eng_(seed) {}
  int64_t between(int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(eng_); }
  double real(double lo = 0.0, double hi = 1.0) {
    return std::uniform_real_distribution<double>(lo, hi)(eng_);
  }
  bool chance(double p) { return real() < p; }
  template <class C>
  const auto& pick(const C& c) {
    return c[static_cast<size_t>(between(0, static_cast<int64_t>(std::size(c)) - 1))];
  }
  std::mt19937_64& engine() { return eng_; }

 private:
  std::mt19937_64 eng_;
};

// ---------------------------------------------------------------------------------------------
// Vocabulary

constexpr const char* kFirstNames[] = {
    "Camille",  "Léa",       "Chloé",    "Manon",      "Emma",      "Inès",          "Jade",     "Louise",
    "Sarah",    "Julie",     "Claire",   "Hélène",     "Sophie",    "Nathalie",      "Isabelle", "Élodie",
    "Margaux",  "Anaïs",     "Mathilde", "Céline",     "Amélie",    "Zoé",           "Lucie",    "Pauline",
    "Aurélie",  "Ingrid",    "Sofia",    "Giulia",     "Marta",     "Anke",          "Lucas",    "Hugo",
    "Louis",    "Gabriel",   "Arthur",   "Jules",      "Thomas",    "Nicolas",       "Julien",   "Antoine",
    "Maxime",   "Alexandre", "Mathieu",  "Pierre",     "François",  "Jean-Baptiste", "Étienne",  "Benoît",
    "Olivier",  "Laurent",   "Philippe", "Christophe", "Sébastien", "Guillaume",     "Rémi",     "Théo",
    "Baptiste", "Yannick",   "Loïc",     "Cédric",     "Matteo",    "Lars",          "Jan",      "Pablo",
    "Miguel",   "Stefan",    "Henrik",   "Tomasz",     "João",      "Bruno",         "Marc",     "Vincent"};

constexpr const char* kLastNames[] = {
    "Martin",   "Bernard",   "Dubois",    "Thomas",   "Robert",      "Richard",  "Petit",   "Durand",
    "Leroy",    "Moreau",    "Simon",     "Laurent",  "Lefèvre",     "Michel",   "Garcia",  "David",
    "Bertrand", "Roux",      "Vincent",   "Fournier", "Morel",       "Girard",   "André",   "Mercier",
    "Dupont",   "Lambert",   "Bonnet",    "François", "Legrand",     "Garnier",  "Faure",   "Rousseau",
    "Blanc",    "Guérin",    "Muller",    "Henry",    "Roussel",     "Perrin",   "Morin",   "Mathieu",
    "Clément",  "Gauthier",  "Dumont",    "Fontaine", "Chevalier",   "Robin",    "Masson",  "Gérard",
    "Nguyen",   "Boyer",     "Denis",     "Lemaire",  "Duval",       "Joly",     "Roche",   "Noël",
    "Meyer",    "Meunier",   "Marchand",  "Dufour",   "Blanchard",   "Barbier",  "Brun",    "Dumas",
    "Brunet",   "Schmitt",   "Leroux",    "Colin",    "Le Goff",     "Le Gall",  "Kerbrat", "Rossi",
    "Bianchi",  "Schneider", "Fischer",   "Weber",    "Jansen",      "De Vries", "Novak",   "Kowalski",
    "Ferreira", "Costa",     "Lindqvist", "O'Brien",  "Saint-Clair", "Lacroix",  "Marty",   "Delmas"};

// Transliterates the accents used in the name lists so e-mail local parts stay ASCII.
std::string asciiSlug(std::string_view name) {
  static constexpr std::pair<std::string_view, std::string_view> kFold[] = {
      {"é", "e"}, {"è", "e"}, {"ê", "e"}, {"ë", "e"}, {"É", "e"}, {"à", "a"}, {"â", "a"},
      {"ä", "a"}, {"ã", "a"}, {"ç", "c"}, {"î", "i"}, {"ï", "i"}, {"ô", "o"}, {"ö", "o"},
      {"ø", "o"}, {"ù", "u"}, {"û", "u"}, {"ü", "u"}, {"ñ", "n"}, {"ß", "ss"}};
  std::string out;
  for (size_t i = 0; i < name.size();) {
    char c = name[i];
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') {
      out += c;
      ++i;
      continue;
    }
    if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
      ++i;
      continue;
    }
    bool folded = false;
    for (const auto& [from, to] : kFold) {
      if (name.substr(i, from.size()) == from) {
        out += to;
        i += from.size();
        folded = true;
        break;
      }
    }
    if (!folded) ++i;  // spaces, apostrophes: dropped
  }
  return out;
}

struct AircraftType {
  const char* icao;
  const char* make;
  const char* model;
  int seats;
  int64_t rate_minor;  // per hour, EUR cents
  int year_min, year_max;
  bool trainer;        // flies mostly lessons; otherwise mostly rentals
  bool ifr;            // equipped for instrument training
  double utilisation;  // relative share of the school's flying
};

constexpr AircraftType kTypes[] = {
    {"C152", "Cessna", "152", 2, 13900, 1977, 1985, true, false, 1.15},
    {"DR40", "Robin", "DR400-120 Dauphin 2+2", 4, 15200, 1976, 2004, true, false, 1.1},
    {"DR40", "Robin", "DR400-140B Major", 4, 17200, 1978, 2006, false, false, 1.0},
    {"C172", "Cessna", "172S Skyhawk SP", 4, 19500, 1999, 2014, true, true, 1.0},
    {"P28A", "Piper", "PA-28-161 Warrior III", 4, 17800, 1995, 2007, true, true, 1.0},
    {"DA40", "Diamond", "DA40 NG", 4, 23500, 2012, 2021, true, true, 0.95},
    {"TB10", "Socata", "TB-10 Tobago", 4, 18500, 1981, 1998, false, false, 0.8},
    {"DV20", "Diamond", "DA20-C1 Eclipse", 2, 14500, 2002, 2007, true, false, 1.1},
    {"P28A", "Piper", "PA-28-181 Archer III", 4, 19900, 1996, 2007, false, true, 0.8},
    {"TB20", "Socata", "TB-20 Trinidad", 4, 27500, 1985, 1999, false, true, 0.55},
    {"DA40", "Diamond", "DA40 TDI", 4, 22000, 2004, 2010, true, true, 0.9},
    {"C182", "Cessna", "182T Skylane", 4, 29500, 2003, 2012, false, true, 0.5},
};

// A mid-sized club fleet: index into kTypes and registration nationality (F French, N US, D German).
struct FleetSlot {
  int type;
  char nationality;
};
constexpr FleetSlot kFleet[] = {{0, 'F'}, {0, 'F'}, {1, 'F'},  {2, 'F'}, {3, 'F'}, {4, 'F'},
                                {5, 'F'}, {0, 'F'}, {1, 'F'},  {6, 'F'}, {7, 'F'}, {3, 'F'},
                                {8, 'N'}, {9, 'F'}, {10, 'D'}, {11, 'F'}};
constexpr size_t kRecentSlot = 6;  // the new DA40 NG joined the fleet a few months ago

struct Destination {
  const char* icao;
  int leg_min;  // one-way air time from the Paris-area bases
};
constexpr Destination kDestinations[] = {{"LFOB", 35}, {"LFOP", 35}, {"LFAT", 65}, {"LFRG", 55}, {"LFRK", 65},
                                         {"LFOT", 60}, {"LFOZ", 35}, {"LFPM", 20}, {"LFFQ", 18}, {"LFQB", 55},
                                         {"LFLD", 70}, {"LFOH", 55}, {"LFRM", 50}, {"LFOV", 75}, {"LFAQ", 50},
                                         {"LFQQ", 65}, {"LFAI", 30}, {"LFOK", 60}};

constexpr const char* kDualRemarks[] = {
    "Lesson: circuits and go-arounds",          "Lesson: stalls and steep turns",
    "Lesson: forced landing without power",     "Lesson: crosswind landings",
    "Lesson: navigation and diversion",         "Lesson: radio navigation (VOR tracking)",
    "Lesson: engine failure after take-off",    "Lesson: short-field and soft-field landings",
    "Lesson: slow flight and unusual attitudes"};
constexpr const char* kSoloRemarks[] = {"Solo circuits", "Solo: local area, steep turns",
                                        "Solo: circuits at LFPZ",
                                        "Solo: practice forced landings in the training area"};
constexpr const char* kRentalRemarks[] = {"Local flight",
                                          "Flight with 2 passengers",
                                          "Currency: 3 take-offs and landings",
                                          "Squawk: left landing light inoperative",
                                          "Squawk: COM2 scratchy on transmit",
                                          "Oil added: 1 qt",
                                          "Sightseeing along the Seine"};
constexpr const char* kCheckRemarks[] = {
    "Skill test PPL(A): passed", "SEP class rating proficiency check: passed", "LAPL(A) skill test: passed",
    "Progress check before first solo", "Skill test PPL(A): partial pass, navigation to be retaken"};
constexpr const char* kDiscoveryRemarks[] = {
    "Discovery flight over the Chevreuse valley", "Discovery flight over Versailles",
    "Introductory flight, gift voucher", "Discovery flight with 2 passengers"};
constexpr const char* kRejectionReasons[] = {
    "Hobbs end does not match the tech log", "Wrong aircraft selected, please resubmit",
    "Instructor missing on a dual lesson", "Duplicate of an entry already logged",
    "Off-block time does not match the booking"};

constexpr double kMonthTraffic[12] = {0.55, 0.6, 0.85, 1.0, 1.15, 1.25, 1.3, 1.2, 1.1, 0.9, 0.65, 0.55};

// ---------------------------------------------------------------------------------------------
// In-memory records; everything is generated first, then written in creation order.

struct PilotRec {
  std::string id, first_name, last_name, email, roles_json, status, home_base;
  std::optional<std::string> phone, licence_type, licence_number, licence_issued_on, medical_class,
      medical_valid_until;
  int64_t created = 0, updated = 0;
  int64_t active_until = kNever;  // when the pilot left the club (inactive)
  int64_t fly_until = kNever;     // also bounded by the medical's expiry
  int64_t solo_from = kNever;     // students need some lessons and a medical before going solo
  double weight = 1.0;            // how much this pilot flies relative to others
  bool student = false, member = false, instructor = false, examiner = false, soloed = false;
};

struct AircraftRec {
  const AircraftType* type = nullptr;
  std::string id, registration, status = "available", airworthiness = "airworthy", home_base;
  int64_t year = 0, created = 0, updated = 0, status_changed = 0;
  int64_t hobbs = 0, tach = 0;           // running meters while flights are generated
  int64_t first_day = 0, last_day = -1;  // absolute day numbers it can fly
};

struct FlightRec {
  size_t aircraft = 0;
  int pilot = -1, instructor = -1, reviewer = -1;
  std::string purpose, departure, arrival, status = "approved";
  int64_t off = 0, takeoff = 0, landing = 0, on = 0;
  int64_t block = 0, air = 0, night = 0, ifr = 0, landings_day = 0, landings_night = 0;
  int64_t hobbs_start = 0, hobbs_end = 0, tach_start = 0, tach_end = 0;
  int64_t submitted_at = 0, reviewed_at = 0;
  std::optional<std::string> remarks, rejection_reason;
};

struct DayInfo {
  int64_t start = 0;        // 00:00 UTC
  int64_t first_off = 0;    // earliest off-block: club opening or daylight, whichever is later
  int64_t night_start = 0;  // end of evening civil twilight (EASA night)
  int64_t night_end = 0;    // start of morning civil twilight
  bool winter = false;
  double traffic = 0;  // relative demand: season, weekday, weather
  int cap = 0;         // flights one aircraft can fit in the daylight
};

struct Leg {
  std::string departure, arrival;
  int64_t air_min = 0, landings = 1;
  int64_t off = 0, takeoff = 0, landing = 0, on = 0, night_min = 0;
  std::optional<std::string> remarks = std::nullopt;
};

struct Crew {
  std::string purpose;
  int pilot = -1, instructor = -1;
};

// Pilots eligible for a kind of flight, drawn by activity weight.
struct Pool {
  std::vector<int> members;
  std::discrete_distribution<size_t> dist;
};

std::string rolesJson(const std::vector<std::string>& roles) {
  std::string out = "[";
  for (size_t i = 0; i < roles.size(); ++i) out += (i ? ",\"" : "\"") + roles[i] + "\"";
  return out + "]";
}

std::string digits(Rand& rnd, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += static_cast<char>('0' + rnd.between(0, 9));
  return s;
}

class Seeder {
 public:
  Seeder(const DemoDataOptions& opt, int64_t now) : rnd_(opt.seed), now_(now), today_(now / kDay) {}

  void makePilots(int n, int64_t first_ordinal);
  void makeFleet(int n, std::unordered_set<std::string>& taken_registrations);
  void makeFlights(int total);
  void review(int submitted_target);
  DemoDataCounts write(storage::Connection& conn, const std::string& org_id);

 private:
  DayInfo describeDay(int64_t day);
  Pool makePool(bool (*want)(const PilotRec&));
  bool eligible(int p, int64_t off, int64_t on, bool solo) const;
  bool isFree(int p, int64_t off, int64_t on) const;
  void markBusy(int p, int64_t off, int64_t on);
  int pickFrom(Pool& pool, int64_t off, int64_t on, bool solo, int exclude);
  int pickNewcomer(int64_t off, int64_t on);
  Crew chooseCrew(std::string purpose, int64_t off, int64_t on, bool night);
  std::string pickPurpose(bool trainer);
  void scheduleDay(size_t a, const DayInfo& day, int count);
  void emit(size_t a, const Leg& leg, const Crew& crew);
  int pickReviewer(const FlightRec& f);

  Rand rnd_;
  int64_t now_, today_;
  std::vector<PilotRec> pilots_;
  std::vector<AircraftRec> fleet_;
  std::vector<FlightRec> flights_;
  Pool students_, members_, instructors_, examiners_;
  std::vector<std::vector<std::pair<int64_t, int64_t>>> busy_;  // per pilot, for the day being scheduled
  std::vector<int> busy_touched_;
};

// ---------------------------------------------------------------------------------------------
// Pilots

void Seeder::makePilots(int n, int64_t first_ordinal) {
  // ~10% instructors, ~30% members, the rest students; at least one of each so every purpose can be flown.
  int n_instr = std::max(1, (n + 5) / 10);
  int n_member = std::max(1, (n * 3 + 5) / 10);
  int n_student = std::max(1, n - n_instr - n_member);
  std::vector<int> kinds;  // 0 student, 1 member, 2 instructor
  kinds.insert(kinds.end(), static_cast<size_t>(n_student), 0);
  kinds.insert(kinds.end(), static_cast<size_t>(n_member), 1);
  kinds.insert(kinds.end(), static_cast<size_t>(n_instr), 2);
  std::shuffle(kinds.begin(), kinds.end(), rnd_.engine());

  std::unordered_set<std::string> full_names;
  int instructors_seen = 0;
  std::normal_distribution<double> activity(0.0, 0.5);
  for (size_t i = 0; i < kinds.size(); ++i) {
    PilotRec p;
    int kind = kinds[i];
    for (int tries = 0; tries < 12; ++tries) {  // avoid namesakes where the lists allow it
      p.first_name = rnd_.pick(kFirstNames);
      p.last_name = rnd_.pick(kLastNames);
      if (full_names.insert(p.first_name + " " + p.last_name).second) break;
    }
    std::vector<std::string> roles;
    if (kind == 2) {
      // The chief instructor and (in a larger school) one more FI are also examiners; some FIs are members
      // too.
      bool examiner = instructors_seen == 0 || (instructors_seen == 5 && n_instr >= 8);
      if (!examiner && rnd_.chance(0.4)) roles.push_back("member");
      roles.push_back("instructor");
      if (examiner) roles.push_back("examiner");
      ++instructors_seen;
    } else {
      roles.push_back(kind == 0 ? "student" : "member");
    }
    for (const auto& r : roles) {
      p.student |= r == "student";
      p.member |= r == "member";
      p.instructor |= r == "instructor";
      p.examiner |= r == "examiner";
    }
    p.roles_json = rolesJson(roles);

    int64_t age_days = kind == 2   ? rnd_.between(560, 1095)
                       : kind == 1 ? rnd_.between(150, 1095)
                                   : rnd_.between(5, 1000);
    p.created = (today_ - age_days) * kDay + rnd_.between(7 * kHour, 19 * kHour);
    p.created = std::min(p.created, now_ - kHour);
    p.email = asciiSlug(p.first_name) + "." + asciiSlug(p.last_name) + "." +
              std::to_string(first_ordinal + int64_t(i)) +
              (rnd_.chance(0.8) ? "@example.org" : "@example.com");
    if (rnd_.chance(0.85)) {
      p.phone = std::string("+33 ") + (rnd_.chance(0.8) ? "6" : "7") + " " + digits(rnd_, 2) + " " +
                digits(rnd_, 2) + " " + digits(rnd_, 2) + " " + digits(rnd_, 2);
    }
    double base = rnd_.real();
    p.home_base = base < 0.72 ? "LFPN" : base < 0.92 ? "LFPZ" : base < 0.96 ? "LFPT" : "LFFE";

    // Leaving the club: students and members only, and only after a while.
    p.status = "active";
    if (kind != 2 && now_ - p.created > 150 * kDay && rnd_.chance(0.08)) {
      p.status = "inactive";
      p.active_until = rnd_.between(p.created + 60 * kDay, now_ - 10 * kDay);
      p.updated = p.active_until;
    } else {
      p.updated = rnd_.chance(0.5) ? p.created : rnd_.between(p.created, now_ - kMinute);
    }

    // Licence summary.
    auto issued_years_ago = [&](int lo, int hi) {
      return timefmt::formatDate(now_ - rnd_.between(lo * 365, hi * 365) * kDay);
    };
    auto number = [&](const char* code) { return std::string("FRA.FCL.") + code + "." + digits(rnd_, 6); };
    if (kind == 0) {
      int64_t issued = p.created + rnd_.between(30, 240) * kDay;
      if (rnd_.chance(0.55) && issued < now_) {
        p.licence_type = "SPL";
        p.licence_issued_on = timefmt::formatDate(issued);
      }
    } else if (kind == 1) {
      double r = rnd_.real();
      if (r < 0.65) {
        p.licence_type = "PPL";
        p.licence_number = number("PA");
      } else if (r < 0.87) {
        p.licence_type = "LAPL";
        p.licence_number = number("LA");
      } else {
        p.licence_type = "CPL";
        p.licence_number = number("CA");
      }
      p.licence_issued_on = issued_years_ago(1, 25);
    } else {
      bool atpl = rnd_.chance(0.3);
      p.licence_type = atpl ? "ATPL" : "CPL";
      p.licence_number = number(atpl ? "AT" : "CA");
      p.licence_issued_on = issued_years_ago(3, 30);
    }

    // Medical: class 1 for professional licences, LAPL medicals for many LAPL holders.
    bool has_medical = !(kind == 0 && rnd_.chance(0.1));
    if (has_medical) {
      const std::string& lt = p.licence_type.value_or("");
      if (lt == "ATPL" || (lt == "CPL" && rnd_.chance(0.8)))
        p.medical_class = "class_1";
      else if (lt == "LAPL" ? rnd_.chance(0.7) : (kind == 0 && rnd_.chance(0.2)))
        p.medical_class = "lapl";
      else
        p.medical_class = "class_2";
      // Spread so the compliance views have something to flag: some expired, some expiring soon.
      double r = rnd_.real();
      double expired_share = p.status == "inactive" ? 0.4 : 0.08;
      int64_t valid_until;
      if (r < expired_share)
        valid_until = now_ - rnd_.between(1, 400) * kDay;
      else if (r < expired_share + 0.1)
        valid_until = now_ + rnd_.between(1, 60) * kDay;
      else
        valid_until = now_ + rnd_.between(61, 1800) * kDay;
      p.medical_valid_until = timefmt::formatDate(valid_until);
      p.fly_until = std::min(p.active_until, (valid_until / kDay + 1) * kDay);
      if (kind == 0) p.solo_from = p.created + 75 * kDay;
    } else {
      p.fly_until = p.active_until;
    }
    p.weight = std::exp(activity(rnd_.engine()));
    p.id = ids::prefixed("plt_", p.created * 1000 + rnd_.between(0, 999));
    pilots_.push_back(std::move(p));
  }

  students_ = makePool([](const PilotRec& p) { return p.student; });
  members_ = makePool([](const PilotRec& p) { return p.member; });
  instructors_ = makePool([](const PilotRec& p) { return p.instructor; });
  examiners_ = makePool([](const PilotRec& p) { return p.examiner; });
  busy_.assign(pilots_.size(), {});
}

Pool Seeder::makePool(bool (*want)(const PilotRec&)) {
  Pool pool;
  std::vector<double> weights;
  for (size_t i = 0; i < pilots_.size(); ++i) {
    if (!want(pilots_[i])) continue;
    pool.members.push_back(static_cast<int>(i));
    weights.push_back(pilots_[i].weight);
  }
  pool.dist = std::discrete_distribution<size_t>(weights.begin(), weights.end());
  return pool;
}

// ---------------------------------------------------------------------------------------------
// Fleet

std::string makeRegistration(Rand& rnd, char nationality, int64_t year) {
  static constexpr char kLetters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  static constexpr char kNLetters[] = "ABCDEFGHJKLMNPQRSTUVWXYZ";  // no I or O on N-numbers
  auto letter = [&] { return kLetters[rnd.between(0, 25)]; };
  switch (nationality) {
    case 'N':
      return "N" + std::to_string(rnd.between(1000, 9999)) + kNLetters[rnd.between(0, 23)];
    case 'D':
      return std::string("D-E") + letter() + letter() + letter();
    default:
      // F-H marks were issued from the late 2000s; older airframes carry F-G.
      if (year >= 2008) return std::string("F-H") + "ABCDEFG"[rnd.between(0, 6)] + letter() + letter();
      return std::string("F-G") + letter() + letter() + letter();
  }
}

void Seeder::makeFleet(int n, std::unordered_set<std::string>& taken) {
  const int64_t window_first = today_ - kFlightWindowDays, window_last = today_ - 1;
  const int64_t this_year = std::stoi(timefmt::formatDate(now_).substr(0, 4));
  for (int i = 0; i < n; ++i) {
    const FleetSlot& slot = kFleet[static_cast<size_t>(i) % std::size(kFleet)];
    AircraftRec a;
    a.type = &kTypes[slot.type];
    a.year = std::min(this_year, rnd_.between(a.type->year_min, a.type->year_max));
    do {
      a.registration = makeRegistration(rnd_, slot.nationality, a.year);
    } while (!taken.insert(a.registration).second);
    a.home_base = i % 4 == 3 ? "LFPZ" : "LFPN";
    bool recent = static_cast<size_t>(i) == kRecentSlot;
    a.created = (today_ - (recent ? rnd_.between(200, 280) : rnd_.between(560, 1090))) * kDay +
                rnd_.between(8 * kHour, 17 * kHour);
    a.first_day = std::max(window_first, a.created / kDay + 1);
    a.last_day = window_last;
    // Trainers fly 180-320 h a year; the meters start wherever the airframe's history left them.
    int64_t age = std::max<int64_t>(1, this_year - a.year);
    int64_t hours = age * rnd_.between(180, 320) + rnd_.between(20, 200);
    a.hobbs = hours * 10 + rnd_.between(0, 9);
    a.tach = static_cast<int64_t>(std::llround(static_cast<double>(a.hobbs) * rnd_.real(0.86, 0.92)));
    fleet_.push_back(std::move(a));
  }
  // One aircraft in for its 100-hour inspection since a couple of days, one grounded for a month.
  if (n >= 2) {
    fleet_[1].status = "maintenance";
    fleet_[1].last_day = today_ - 3;
  }
  if (n >= 3) {
    auto& g = fleet_[static_cast<size_t>(n > 9 ? 9 : n - 1)];
    g.status = "grounded";
    g.airworthiness = "not_airworthy";
    g.last_day = today_ - rnd_.between(30, 45);
  }
}

// ---------------------------------------------------------------------------------------------
// Flights

DayInfo Seeder::describeDay(int64_t day) {
  DayInfo info;
  info.start = day * kDay;
  std::string date = timefmt::formatDate(info.start);
  int year = std::stoi(date.substr(0, 4));
  int month = std::stoi(date.substr(5, 2));
  int64_t doy = day - timefmt::daysFromCivil(year, 1, 1);
  // Day length around Paris (48.8 N) and solar noon near 11:50 UTC: good to a quarter of an hour.
  double daylight_h = 12.2 + 3.9 * std::sin(2.0 * std::numbers::pi * static_cast<double>(doy - 80) / 365.0);
  auto sunrise_min = static_cast<int64_t>(std::lround(710 - daylight_h * 30));
  auto sunset_min = static_cast<int64_t>(std::lround(710 + daylight_h * 30));
  info.night_start = info.start + (sunset_min + 30) * kMinute;
  info.night_end = info.start + (sunrise_min - 30) * kMinute;
  int64_t open_min = std::max<int64_t>(sunrise_min + 20, 7 * 60);
  info.first_off = open_min * kMinute;
  info.cap = static_cast<int>(std::clamp<int64_t>((sunset_min - open_min) / 140, 2, 5));
  info.winter = month == 11 || month == 12 || month == 1 || month == 2;
  int weekday = static_cast<int>((day + 4) % 7);  // 0 = Sunday
  double week = weekday == 6 ? 1.7 : weekday == 0 ? 1.6 : weekday == 3 ? 1.25 : 1.0;
  // Weather is shared by the whole fleet: on a bad day hardly anyone flies.
  bool bad = rnd_.chance(info.winter ? 0.2 : 0.12);
  double weather = bad ? 0.08 : rnd_.real(0.75, 1.25);
  info.traffic = kMonthTraffic[month - 1] * week * weather;
  return info;
}

bool Seeder::eligible(int p, int64_t off, int64_t on, bool solo) const {
  const PilotRec& r = pilots_[static_cast<size_t>(p)];
  return r.created + kHour <= off && on <= r.fly_until && (!solo || r.solo_from <= off);
}

bool Seeder::isFree(int p, int64_t off, int64_t on) const {
  for (const auto& [from, to] : busy_[static_cast<size_t>(p)]) {
    if (off < to + 10 * kMinute && from < on + 10 * kMinute) return false;
  }
  return true;
}

void Seeder::markBusy(int p, int64_t off, int64_t on) {
  if (p < 0) return;
  auto& b = busy_[static_cast<size_t>(p)];
  if (b.empty()) busy_touched_.push_back(p);
  b.emplace_back(off, on);
}

int Seeder::pickFrom(Pool& pool, int64_t off, int64_t on, bool solo, int exclude) {
  if (pool.members.empty()) return -1;
  for (int attempt = 0; attempt < 40; ++attempt) {
    int p = pool.members[pool.dist(rnd_.engine())];
    if (p != exclude && eligible(p, off, on, solo) && isFree(p, off, on)) return p;
  }
  // Sparse pools (small option sets, early dates): take anyone who qualifies.
  std::vector<int> ok;
  for (int p : pool.members) {
    if (p != exclude && eligible(p, off, on, solo) && isFree(p, off, on)) ok.push_back(p);
  }
  return ok.empty() ? -1 : rnd_.pick(ok);
}

// Discovery flights are usually a prospective student's first contact with the club.
int Seeder::pickNewcomer(int64_t off, int64_t on) {
  std::vector<int> ok;
  for (int p : students_.members) {
    const PilotRec& r = pilots_[static_cast<size_t>(p)];
    if (r.created > off - 45 * kDay && eligible(p, off, on, false) && isFree(p, off, on)) ok.push_back(p);
  }
  if (!ok.empty()) return rnd_.pick(ok);
  return pickFrom(students_, off, on, false, -1);
}

std::string Seeder::pickPurpose(bool trainer) {
  // dual, solo, rental, check ride, discovery
  static constexpr double kTrainer[] = {0.50, 0.17, 0.22, 0.03, 0.08};
  static constexpr double kTourer[] = {0.25, 0.03, 0.62, 0.03, 0.07};
  static constexpr const char* kNames[] = {"dual_training", "solo_training", "rental", "check_ride",
                                           "discovery"};
  const double* w = trainer ? kTrainer : kTourer;
  double r = rnd_.real();
  for (int i = 0; i < 5; ++i) {
    if (r < w[i]) return kNames[i];
    r -= w[i];
  }
  return "rental";
}

Crew Seeder::chooseCrew(std::string purpose, int64_t off, int64_t on, bool night) {
  for (int attempt = 0; attempt < 4; ++attempt) {
    Crew c{purpose};
    if (purpose == "dual_training") {
      // Mostly students; sometimes a member (night qualification, type checkout, refresher).
      bool member_first = night || rnd_.chance(0.12);
      c.pilot = pickFrom(member_first ? members_ : students_, off, on, false, -1);
      if (c.pilot < 0) c.pilot = pickFrom(member_first ? students_ : members_, off, on, false, -1);
      if (c.pilot >= 0) c.instructor = pickFrom(instructors_, off, on, false, c.pilot);
      if (c.pilot >= 0 && c.instructor >= 0) return c;
      purpose = "rental";
    } else if (purpose == "solo_training") {
      c.pilot = pickFrom(students_, off, on, true, -1);
      if (c.pilot >= 0) return c;
      purpose = "dual_training";
    } else if (purpose == "rental") {
      c.pilot = pickFrom(members_, off, on, false, -1);
      if (c.pilot >= 0) return c;
      purpose = "dual_training";
    } else if (purpose == "check_ride") {
      c.pilot =
          rnd_.chance(0.7) ? pickFrom(students_, off, on, true, -1) : pickFrom(members_, off, on, false, -1);
      if (c.pilot >= 0) {
        c.instructor = pickFrom(examiners_, off, on, false, c.pilot);
        if (c.instructor < 0) c.instructor = pickFrom(instructors_, off, on, false, c.pilot);
      }
      if (c.pilot >= 0 && c.instructor >= 0) return c;
      purpose = "dual_training";
    } else {  // discovery
      c.pilot = pickNewcomer(off, on);
      if (c.pilot >= 0) c.instructor = pickFrom(instructors_, off, on, false, c.pilot);
      if (c.pilot >= 0 && c.instructor >= 0) return c;
      purpose = "dual_training";
    }
  }
  // Last resort for tiny option sets: anyone who is free, flying alone.
  Crew c{"rental"};
  for (size_t p = 0; p < pilots_.size() && c.pilot < 0; ++p) {
    if (isFree(static_cast<int>(p), off, on)) c.pilot = static_cast<int>(p);
  }
  if (c.pilot < 0) c.pilot = 0;
  return c;
}

// Minutes of [takeoff, landing] flown at night (either twilight edge).
int64_t nightMinutes(const DayInfo& day, int64_t takeoff, int64_t landing) {
  int64_t night = 0;
  if (landing > day.night_start) night += landing - std::max(takeoff, day.night_start);
  if (takeoff < day.night_end) night += std::min(landing, day.night_end) - takeoff;
  return night / kMinute;
}

void Seeder::scheduleDay(size_t a, const DayInfo& day, int count) {
  AircraftRec& ac = fleet_[a];
  // Quiet days spread their flights over the daylight instead of bunching them at opening time.
  int64_t slack_min = std::max<int64_t>(
      0, (day.night_start - 45 * kMinute - day.start - day.first_off) / kMinute - count * 140);
  int64_t cursor = day.start + day.first_off + rnd_.between(0, 75 + slack_min * 8 / 10) * kMinute;
  int64_t spare_gap_min = slack_min * 2 / 10 / count;
  // A few winter evenings end with a flight into the dark: night qualification or a night local.
  bool evening = day.winter && rnd_.chance(0.08);
  while (count > 0) {
    bool night_intent = evening && count == 1;
    if (night_intent) cursor = std::max(cursor, day.night_start - rnd_.between(10, 40) * kMinute);
    std::string purpose =
        night_intent ? (rnd_.chance(0.5) ? "dual_training" : "rental") : pickPurpose(ac.type->trainer);

    std::vector<Leg> legs;
    double xc_share = purpose == "rental"          ? 0.3
                      : purpose == "dual_training" ? 0.12
                      : purpose == "solo_training" ? 0.06
                                                   : 0;
    if (!night_intent && rnd_.chance(xc_share)) {
      const Destination* dest = &rnd_.pick(kDestinations);
      while (ac.home_base == dest->icao) dest = &rnd_.pick(kDestinations);
      auto leg_min = [&] {
        return std::max<int64_t>(12, dest->leg_min + rnd_.between(-dest->leg_min / 7, dest->leg_min / 7));
      };
      if (count >= 2) {
        // Out and back the same day; the aircraft always sleeps at home.
        Leg out{ac.home_base, dest->icao, leg_min(), 1};
        if (rnd_.chance(0.3)) out.remarks = std::string("Refuelled at ") + dest->icao;
        Leg back{dest->icao, ac.home_base, leg_min(), 1};
        legs = {out, back};
      } else {
        Leg nav{ac.home_base, ac.home_base, 2 * dest->leg_min + rnd_.between(5, 20), 2};
        nav.remarks = "Navigation " + ac.home_base + " - " + dest->icao + " - " + ac.home_base +
                      ", touch-and-go at " + dest->icao;
        legs = {nav};
      }
    } else {
      Leg local{ac.home_base, ac.home_base};
      if (night_intent) {
        local.air_min = rnd_.between(60, 90);
        local.landings = purpose == "dual_training" ? 5 : rnd_.between(1, 3);
        local.remarks = purpose == "dual_training" ? "Night qualification: circuits after dusk"
                                                   : "Night VFR local flight";
      } else if (purpose == "dual_training") {
        bool circuits = rnd_.chance(0.4);
        local.air_min = circuits ? rnd_.between(40, 60) : rnd_.between(45, 80);
        local.landings = circuits ? rnd_.between(5, 9) : rnd_.between(1, 3);
      } else if (purpose == "solo_training") {
        bool circuits = rnd_.chance(0.6);
        local.air_min = circuits ? rnd_.between(25, 45) : rnd_.between(35, 60);
        local.landings = circuits ? rnd_.between(3, 7) : rnd_.between(1, 2);
      } else if (purpose == "rental") {
        local.air_min = rnd_.between(45, 120);
        local.landings = rnd_.between(1, 3);
      } else if (purpose == "check_ride") {
        local.air_min = rnd_.between(60, 100);
        local.landings = rnd_.between(3, 5);
      } else {
        local.air_min = rnd_.between(20, 40);
        local.landings = 1;
      }
      legs = {local};
    }

    int64_t t = cursor;
    bool night = false;
    for (size_t i = 0; i < legs.size(); ++i) {
      Leg& leg = legs[i];
      if (i > 0) t += rnd_.between(30, 120) * kMinute;  // stop at the destination
      leg.off = t;
      leg.takeoff = leg.off + rnd_.between(8, 18) * kMinute;  // taxi and run-up
      leg.landing = leg.takeoff + leg.air_min * kMinute;
      leg.on = leg.landing + rnd_.between(4, 10) * kMinute;
      leg.night_min = nightMinutes(day, leg.takeoff, leg.landing);
      night |= leg.night_min > 0;
      t = leg.on;
    }
    // Students do not go solo at night, and discovery passengers come by day.
    if (night && purpose != "dual_training" && purpose != "rental") purpose = "dual_training";

    Crew crew = chooseCrew(purpose, legs.front().off, legs.back().on, night);
    markBusy(crew.pilot, legs.front().off, legs.back().on);
    markBusy(crew.instructor, legs.front().off, legs.back().on);
    for (const Leg& leg : legs) emit(a, leg, crew);

    cursor = legs.back().on +
             (rnd_.between(15, 55) + rnd_.between(0, spare_gap_min)) * kMinute;  // refuel, debrief
    count -= static_cast<int>(legs.size());
  }
}

void Seeder::emit(size_t a, const Leg& leg, const Crew& crew) {
  AircraftRec& ac = fleet_[a];
  PilotRec& pilot = pilots_[static_cast<size_t>(crew.pilot)];
  FlightRec f;
  f.aircraft = a;
  f.pilot = crew.pilot;
  f.instructor = crew.instructor;
  f.purpose = crew.purpose;
  f.departure = leg.departure;
  f.arrival = leg.arrival;
  f.off = leg.off;
  f.takeoff = leg.takeoff;
  f.landing = leg.landing;
  f.on = leg.on;
  f.block = (f.on - f.off) / kMinute;
  f.air = (f.landing - f.takeoff) / kMinute;
  f.night = std::min(leg.night_min, f.air);
  if (f.night > 0) {
    // Landings after dark count as night landings, roughly in proportion of the flight at night.
    f.landings_night = std::max<int64_t>(1, std::llround(static_cast<double>(leg.landings * f.night) /
                                                         static_cast<double>(std::max<int64_t>(1, f.air))));
    f.landings_night = std::min(f.landings_night, leg.landings);
  }
  f.landings_day = leg.landings - f.landings_night;

  // Instrument time: IR lessons and the odd IFR rental by a professional pilot, only in equipped aircraft.
  const std::string& lt = pilot.licence_type.value_or("");
  bool pro = lt == "CPL" || lt == "ATPL";
  if (ac.type->ifr && f.night == 0 &&
      ((f.purpose == "dual_training" && rnd_.chance(0.15)) ||
       (f.purpose == "rental" && rnd_.chance(pro ? 0.35 : 0.04)))) {
    f.ifr =
        std::min(f.air, static_cast<int64_t>(std::llround(static_cast<double>(f.air) * rnd_.real(0.3, 0.8))));
  }

  // Meters: the hobbs runs with the engine (block time); the tach turns a little slower.
  int64_t hobbs_delta = std::max<int64_t>(1, (f.block + 3) / 6);
  int64_t tach_delta = std::max<int64_t>(
      1, std::min(hobbs_delta, static_cast<int64_t>(
                                   std::llround(static_cast<double>(hobbs_delta) * rnd_.real(0.84, 0.93)))));
  f.hobbs_start = ac.hobbs;
  f.hobbs_end = ac.hobbs + hobbs_delta;
  f.tach_start = ac.tach;
  f.tach_end = ac.tach + tach_delta;
  ac.hobbs = f.hobbs_end;
  ac.tach = f.tach_end;

  f.remarks = leg.remarks;
  // A first solo is a local flight by a student who joined within the last year.
  if (f.purpose == "solo_training" && !pilot.soloed && pilot.created > f.off - 365 * kDay &&
      f.departure == f.arrival && !leg.remarks) {
    f.remarks = "First solo!";
  } else if (!f.remarks && rnd_.chance(0.3)) {
    if (f.purpose == "dual_training")
      f.remarks = f.ifr > 0 ? "IR(A) lesson: holds and RNP approaches" : rnd_.pick(kDualRemarks);
    else if (f.purpose == "solo_training")
      f.remarks = rnd_.pick(kSoloRemarks);
    else if (f.purpose == "rental")
      f.remarks = rnd_.pick(kRentalRemarks);
    else if (f.purpose == "check_ride")
      f.remarks = rnd_.pick(kCheckRemarks);
    else
      f.remarks = rnd_.pick(kDiscoveryRemarks);
  }
  if (f.purpose == "solo_training") pilot.soloed = true;

  f.submitted_at = std::min(now_, f.on + rnd_.between(3, 150) * kMinute);
  flights_.push_back(std::move(f));
}

void Seeder::makeFlights(int total) {
  if (total <= 0 || fleet_.empty()) return;
  const int64_t first_day = today_ - kFlightWindowDays;
  std::vector<DayInfo> days;
  days.reserve(kFlightWindowDays);
  for (int64_t d = first_day; d < today_; ++d) days.push_back(describeDay(d));
  auto day_index = [&](int64_t d) { return static_cast<size_t>(d - first_day); };

  // Share the flights between aircraft by utilisation and days in service (largest remainder).
  std::vector<double> share(fleet_.size());
  double share_sum = 0;
  for (size_t a = 0; a < fleet_.size(); ++a) {
    share[a] = fleet_[a].type->utilisation *
               static_cast<double>(std::max<int64_t>(0, fleet_[a].last_day - fleet_[a].first_day + 1));
    share_sum += share[a];
  }
  if (share_sum <= 0) return;
  std::vector<int> quota(fleet_.size());
  std::vector<std::pair<double, size_t>> remainders;
  int allotted = 0;
  for (size_t a = 0; a < fleet_.size(); ++a) {
    double exact = total * share[a] / share_sum;
    quota[a] = static_cast<int>(exact);
    allotted += quota[a];
    remainders.emplace_back(exact - quota[a], a);
  }
  std::sort(remainders.begin(), remainders.end(),
            [](const auto& x, const auto& y) { return x.first > y.first; });
  for (size_t i = 0; allotted < total; ++i, ++allotted) ++quota[remainders[i % remainders.size()].second];

  // Spread each aircraft's quota over its days by demand, within what fits in a day.
  std::vector<std::vector<int>> per_day(fleet_.size(), std::vector<int>(days.size(), 0));
  for (size_t a = 0; a < fleet_.size(); ++a) {
    const AircraftRec& ac = fleet_[a];
    if (quota[a] == 0 || ac.last_day < ac.first_day) continue;
    size_t lo = day_index(ac.first_day), hi = day_index(ac.last_day);
    std::vector<double> weights(days.size(), 0.0);
    std::vector<int> cap(days.size(), 0);
    int64_t capacity = 0;
    for (size_t d = lo; d <= hi; ++d) {
      weights[d] = days[d].traffic;
      cap[d] = days[d].cap;
      capacity += cap[d];
    }
    if (capacity < quota[a]) {  // huge option values: allow busier days rather than fail
      int extra = static_cast<int>((quota[a] - capacity + static_cast<int64_t>(hi - lo)) /
                                   static_cast<int64_t>(hi - lo + 1));
      for (size_t d = lo; d <= hi; ++d) cap[d] += extra;
    }
    std::discrete_distribution<size_t> pick_day(weights.begin(), weights.end());
    for (int i = 0; i < quota[a]; ++i) {
      size_t d = pick_day(rnd_.engine());
      for (int tries = 0; per_day[a][d] >= cap[d] && tries < 30; ++tries) d = pick_day(rnd_.engine());
      while (per_day[a][d] >= cap[d]) d = d == hi ? lo : d + 1;  // capacity >= quota, so this ends
      ++per_day[a][d];
    }
  }

  // Walk the calendar so pilots and instructors are never booked on two aircraft at once.
  flights_.reserve(static_cast<size_t>(total));
  for (size_t d = 0; d < days.size(); ++d) {
    for (int p : busy_touched_) busy_[static_cast<size_t>(p)].clear();
    busy_touched_.clear();
    for (size_t a = 0; a < fleet_.size(); ++a) {
      if (per_day[a][d] > 0) scheduleDay(a, days[d], per_day[a][d]);
    }
  }
}

int Seeder::pickReviewer(const FlightRec& f) {
  auto can_review = [&](int p) {
    const PilotRec& r = pilots_[static_cast<size_t>(p)];
    return p != f.pilot && r.created <= f.off && f.reviewed_at <= r.active_until;
  };
  // The instructor who flew the lesson usually signs it off.
  if (f.instructor >= 0 && can_review(f.instructor) && rnd_.chance(0.7)) return f.instructor;
  for (int attempt = 0; attempt < 30 && !instructors_.members.empty(); ++attempt) {
    int p = instructors_.members[instructors_.dist(rnd_.engine())];
    if (can_review(p)) return p;
  }
  for (int p : instructors_.members) {
    if (p != f.pilot) return p;
  }
  return instructors_.members.empty() ? -1 : instructors_.members.front();
}

void Seeder::review(int submitted_target) {
  std::vector<size_t> order(flights_.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    const FlightRec& a = flights_[x];
    const FlightRec& b = flights_[y];
    return a.on != b.on ? a.on > b.on : a.off != b.off ? a.off > b.off : x > y;
  });
  size_t submitted = std::min(order.size(), static_cast<size_t>(std::max(0, submitted_target)));
  for (size_t rank = 0; rank < order.size(); ++rank) {
    FlightRec& f = flights_[order[rank]];
    if (rank < submitted) {
      f.status = "submitted";
      continue;
    }
    // Reviewed between ten minutes and three days after submission, never in the future.
    f.reviewed_at = std::min(f.submitted_at + rnd_.between(10, 3 * 24 * 60) * kMinute, now_ - kMinute);
    f.reviewed_at = std::max(f.reviewed_at, f.submitted_at + kMinute);
    if (rnd_.chance(0.01)) {
      f.status = "rejected";
      f.rejection_reason = rnd_.pick(kRejectionReasons);
    }
    f.reviewer = pickReviewer(f);
  }
}

// ---------------------------------------------------------------------------------------------
// Writing

DemoDataCounts Seeder::write(storage::Connection& conn, const std::string& org_id) {
  using storage::SqlValue;
  DemoDataCounts counts;
  auto text_or_null = [](const std::optional<std::string>& v) { return storage::optText(v); };
  storage::Params params;

  std::vector<size_t> order(pilots_.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t x, size_t y) { return pilots_[x].created < pilots_[y].created; });
  for (size_t i : order) {
    const PilotRec& p = pilots_[i];
    params = {p.id,
              org_id,
              p.first_name,
              p.last_name,
              p.email,
              text_or_null(p.phone),
              p.roles_json,
              p.status,
              text_or_null(p.licence_type),
              text_or_null(p.licence_number),
              text_or_null(p.licence_issued_on),
              text_or_null(p.medical_class),
              text_or_null(p.medical_valid_until),
              p.home_base,
              timefmt::formatInstant(p.created),
              timefmt::formatInstant(p.updated)};
    conn.run(
        "INSERT INTO pilots(id, org_id, first_name, last_name, email, phone, roles, status, licence_type, "
        "licence_number, licence_issued_on, medical_class, medical_valid_until, home_base, created_at, "
        "updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        params);
    ++counts.pilots;
  }

  // Final meters come from the generated chains; updated_at is the last logged flight or status change.
  std::vector<int64_t> last_flight(fleet_.size(), 0);
  for (const FlightRec& f : flights_)
    last_flight[f.aircraft] = std::max(last_flight[f.aircraft], f.submitted_at);
  order.resize(fleet_.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t x, size_t y) { return fleet_[x].created < fleet_[y].created; });
  for (size_t i : order) {
    AircraftRec& a = fleet_[i];
    a.id = ids::prefixed("acft_", a.created * 1000 + rnd_.between(0, 999));
    a.updated = std::max(a.created, last_flight[i]);
    if (a.status != "available")
      a.updated = std::min(now_ - kMinute, std::max(a.updated, (a.last_day + 1) * kDay + 9 * kHour));
    params = {a.id,
              org_id,
              a.registration,
              std::string(a.type->icao),
              std::string(a.type->make),
              std::string(a.type->model),
              a.year,
              int64_t{a.type->seats},
              a.status,
              a.airworthiness,
              a.hobbs,
              a.tach,
              a.home_base,
              a.type->rate_minor,
              timefmt::formatInstant(a.created),
              timefmt::formatInstant(a.updated)};
    conn.run(
        "INSERT INTO aircraft(id, org_id, registration, icao_type, make, model, year, seats, status, "
        "airworthiness, "
        "hobbs_tenths, tach_tenths, home_base, hourly_rate_minor, created_at, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        params);
    ++counts.aircraft;
  }

  // Flights in logging order so ULIDs follow created_at.
  order.resize(flights_.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t x, size_t y) { return flights_[x].submitted_at < flights_[y].submitted_at; });
  auto pilot_id = [&](int p) {
    return p < 0 ? SqlValue(nullptr) : SqlValue(pilots_[static_cast<size_t>(p)].id);
  };
  for (size_t i : order) {
    const FlightRec& f = flights_[i];
    const AircraftRec& a = fleet_[f.aircraft];
    bool reviewed = f.status != "submitted";
    std::string submitted_at = timefmt::formatInstant(f.submitted_at);
    std::string reviewed_at = reviewed ? timefmt::formatInstant(f.reviewed_at) : std::string();
    params = {ids::prefixed("flt_", f.submitted_at * 1000 + rnd_.between(0, 999)),
              org_id,
              timefmt::formatDate(f.off),
              a.id,
              a.registration,
              pilot_id(f.pilot),
              pilot_id(f.instructor),
              f.purpose,
              f.departure,
              f.arrival,
              timefmt::formatInstant(f.off),
              timefmt::formatInstant(f.takeoff),
              timefmt::formatInstant(f.landing),
              timefmt::formatInstant(f.on),
              f.block,
              f.air,
              f.night,
              f.ifr,
              f.landings_day,
              f.landings_night,
              f.hobbs_start,
              f.hobbs_end,
              f.tach_start,
              f.tach_end,
              text_or_null(f.remarks),
              f.status,
              pilot_id(f.pilot),  // pilots log their own flights
              submitted_at,
              reviewed ? pilot_id(f.reviewer) : SqlValue(nullptr),
              reviewed ? SqlValue(reviewed_at) : SqlValue(nullptr),
              text_or_null(f.rejection_reason),
              submitted_at,
              reviewed ? reviewed_at : submitted_at};
    conn.run(
        "INSERT INTO flights(id, org_id, flight_date, aircraft_id, aircraft_registration, pilot_id, "
        "instructor_id, "
        "purpose, departure_icao, arrival_icao, off_block_at, takeoff_at, landing_at, on_block_at, "
        "block_min, "
        "air_min, night_min, ifr_min, landings_day, landings_night, hobbs_start_tenths, hobbs_end_tenths, "
        "tach_start_tenths, tach_end_tenths, remarks, status, submitted_by, submitted_at, reviewed_by, "
        "reviewed_at, "
        "rejection_reason, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
        "?12, ?13, "
        "?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33)",
        params);
    ++counts.flights;
    if (!reviewed) ++counts.submitted;
  }
  return counts;
}

}  // namespace

DemoDataCounts seedOperationsData(storage::Connection& conn, const std::string& org_id,
                                  const DemoDataOptions& opt) {
  if (!conn.scalarInt("SELECT count(*) FROM orgs WHERE id = ?1", {org_id}).value_or(0)) {
    throw std::invalid_argument("demo data: organisation " + org_id + " does not exist");
  }
  if (opt.pilots < 3 || opt.aircraft < 1) {
    throw std::invalid_argument("demo data needs at least 3 pilots and 1 aircraft");
  }
  int64_t now = opt.now_unix > 0 ? opt.now_unix : timefmt::toUnixSeconds(std::chrono::system_clock::now());

  // Seeding twice into one organisation must not collide on registrations or e-mail addresses.
  std::unordered_set<std::string> registrations;
  conn.run("SELECT registration FROM aircraft WHERE org_id = ?1", {org_id},
           [&](const storage::RowView& r) { registrations.insert(r.str(0)); });
  int64_t existing_pilots =
      conn.scalarInt("SELECT count(*) FROM pilots WHERE org_id = ?1", {org_id}).value_or(0);

  Seeder seeder(opt, now);
  seeder.makePilots(opt.pilots, existing_pilots + 1);
  seeder.makeFleet(opt.aircraft, registrations);
  seeder.makeFlights(opt.flights);
  seeder.review(opt.submitted_flights);
  return seeder.write(conn, org_id);
}

}  // namespace gaflight::service
