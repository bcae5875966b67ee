#include "service/demo_data.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iterator>
#include <limits>
#include <map>
#include <numbers>
#include <numeric>
#include <optional>
#include <random>
#include <set>
#include <span>
#include <stdexcept>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "domain/compliance.hpp"
#include "domain/maintenance.hpp"
#include "service/compliance_service.hpp"
#include "service/maintenance_service.hpp"
#include "storage/demo_writer.hpp"

namespace gaflight::service {

namespace {

constexpr int64_t kMinute = 60;
constexpr int64_t kHour = 3600;
constexpr int64_t kDay = 86400;
// The default history, the last 540 days: comfortably inside "the last 18 months" whatever the month
// lengths.
constexpr int64_t kDefaultWindowDays = 540;
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

// A civil date as written in records (year, month, day).
struct Civil {
  int y;
  unsigned m, d;
};
// Calendar months on day numbers, with the domain's rules (clamped to the month's end).
int64_t addMonths(int64_t day, int64_t months) {
  return domain::dayNumber(domain::addMonths(domain::fromDayNumber(day), static_cast<int>(months)));
}
// The last day of the calendar month `months` after the month of `day` (FAA 61.23, annual inspections).
int64_t endOfMonthAfter(int64_t day, int64_t months) {
  return domain::dayNumber(
      domain::endOfMonth(domain::addMonths(domain::fromDayNumber(day), static_cast<int>(months))));
}
std::string dateOf(int64_t day) { return timefmt::formatDate(day * 86400); }

// Last valid day of a medical examined on `exam_day`: the same rule the compliance service applies
// (domain/compliance.cpp), so seeded medicals are what the console would compute.
int64_t medicalValidUntil(bool faa, const std::string& cls, int64_t dob_day, int64_t exam_day) {
  using domain::MedicalClass;
  MedicalClass c = faa ? (cls == "class_1"   ? MedicalClass::kFaaFirst
                          : cls == "class_2" ? MedicalClass::kFaaSecond
                                             : MedicalClass::kFaaThird)
                       : (cls == "class_1"   ? MedicalClass::kEasaClass1
                          : cls == "class_2" ? MedicalClass::kEasaClass2
                                             : MedicalClass::kEasaLapl);
  auto v = domain::medicalValidity(c, domain::fromDayNumber(exam_day), domain::fromDayNumber(dob_day));
  return domain::dayNumber(v.valid_until);
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
                                        "Solo: circuits at the satellite field",
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

constexpr const char* kUsFirstNames[] = {
    "Emily",   "Olivia",  "Ava",     "Madison", "Hannah", "Abigail", "Grace",   "Chloe", "Natalie", "Megan",
    "Rachel",  "Lauren",  "Jessica", "Ashley",  "Sarah",  "Maria",   "Sofia",   "Priya", "Mei",     "Keiko",
    "James",   "Michael", "David",   "Daniel",  "Ryan",   "Tyler",   "Brandon", "Kevin", "Justin",  "Andrew",
    "Jacob",   "Ethan",   "Noah",    "Logan",   "Mason",  "Carlos",  "Diego",   "Luis",  "Raj",     "Wei",
    "Hiroshi", "Tom",     "Steve",   "Mark",    "Paul",   "Greg",    "Scott",   "Brian", "Jason",   "Eric"};
constexpr const char* kUsLastNames[] = {
    "Smith",    "Johnson",  "Williams", "Brown",  "Jones",    "Miller",    "Davis",   "Garcia", "Rodriguez",
    "Wilson",   "Martinez", "Anderson", "Taylor", "Thomas",   "Hernandez", "Moore",   "Martin", "Jackson",
    "Thompson", "White",    "Lopez",    "Lee",    "Gonzalez", "Harris",    "Clark",   "Lewis",  "Robinson",
    "Walker",   "Perez",    "Hall",     "Young",  "Allen",    "Sanchez",   "Wright",  "King",   "Scott",
    "Green",    "Baker",    "Adams",    "Nelson", "Hill",     "Nguyen",    "Chen",    "Patel",  "Kim",
    "Campbell", "Mitchell", "Roberts",  "Carter", "Phillips", "Evans",     "Turner",  "Torres", "Parker",
    "Collins",  "Edwards",  "Stewart",  "Flores", "Morris",   "Murphy",    "Rivera",  "Cook",   "Rogers",
    "Tanaka",   "Yamamoto", "Singh",    "Wong",   "O'Connor", "Sullivan",  "Fischer", "Novak",  "Olsen"};
constexpr Destination kUsDestinations[] = {
    {"KMRY", 40}, {"KSJC", 15}, {"KOAK", 15}, {"KLVK", 20}, {"KHWD", 12}, {"KSNS", 40},
    {"KWVI", 30}, {"KCCR", 30}, {"KSTS", 45}, {"KHAF", 15}, {"KAPC", 30}, {"KTRK", 75},
    {"KSCK", 40}, {"KMOD", 45}, {"KSBP", 80}, {"KPRB", 75}, {"KO69", 35}, {"KCVH", 35}};
constexpr const char* kUsRentalRemarks[] = {"Local flight",
                                            "Flight with 2 passengers",
                                            "Currency: 3 takeoffs and landings to a full stop",
                                            "Squawk: left landing light inoperative",
                                            "Squawk: COM2 scratchy on transmit",
                                            "Oil added: 1 qt",
                                            "Bay tour: Golden Gate and Alcatraz, SFO Class B transition"};
constexpr const char* kUsCheckRemarks[] = {
    "Private pilot practical test: passed", "Stage check 2: passed", "Flight review (61.56): completed",
    "Progress check before first solo", "Commercial practical test: discontinued, weather"};
constexpr const char* kUsDiscoveryRemarks[] = {
    "Discovery flight over the Bay", "Discovery flight to Half Moon Bay",
    "Introductory flight, gift certificate", "Discovery flight with 2 passengers"};

// What differs between the French club (EASA) and the Californian school (FAA).
struct Locale {
  bool faa = false;
  std::span<const char*const> first_names, last_names, rental_remarks, check_remarks, discovery_remarks;
  std::span<const Destination> destinations;
  const char* main_base;
  const char* second_base;
  double lat_amplitude_h;  // half the swing of day length over the year
  int64_t solar_noon_min;  // UTC minutes
};

Locale localeFor(const std::string& country) {
  if (country == "US") {
    return {true,
            kUsFirstNames,
            kUsLastNames,
            kUsRentalRemarks,
            kUsCheckRemarks,
            kUsDiscoveryRemarks,
            kUsDestinations,
            "KPAO",
            "KSQL",
            2.4,
            20 * 60 + 10};
  }
  return {false,  kFirstNames, kLastNames, kRentalRemarks, kCheckRemarks, kDiscoveryRemarks, kDestinations,
          "LFPN", "LFPZ",      3.9,        11 * 60 + 50};
}

constexpr double kMonthTraffic[12] = {0.55, 0.6, 0.85, 1.0, 1.15, 1.25, 1.3, 1.2, 1.1, 0.9, 0.65, 0.55};

// ---------------------------------------------------------------------------------------------
// In-memory records; everything is generated first, then written in creation order.

struct PilotRec {
  std::string id, first_name, last_name, email, roles_json, status, home_base, user_id;
  int64_t dob_day = 0;             // date of birth (day number)
  int64_t medical_issued_day = 0;  // examination date of the current medical
  int64_t medical_valid_day = 0;   // its last valid day
  std::optional<std::string> phone, licence_type, licence_number, licence_issued_on, medical_class,
      medical_valid_until;
  int64_t created = 0, updated = 0;
  int64_t active_until = kNever;  // when the pilot left the club (inactive)
  int64_t fly_until = kNever;     // also bounded by the medical's expiry
  int64_t solo_from = kNever;     // students need some lessons and a medical before going solo
  double weight = 1.0;            // how much this pilot flies relative to others
  bool student = false, member = false, instructor = false, examiner = false, soloed = false;
};

// One item of an aircraft's maintenance programme and its last completion.
enum class ItemKind { k50h, k100h, kAnnual, kOil, kElt, kTransponder, kAd };
struct ItemRec {
  ItemKind kind = ItemKind::k50h;
  std::string title, category;
  std::optional<std::string> reference;
  std::optional<int64_t> tenths, months;  // interval: hours (tach tenths) and/or calendar months
  int64_t labour_min = 60;
  bool blocks = true;
  int64_t last_day = 0, last_tach = 0;  // last done: day number and tach reading then
  int64_t forced_at = -1;  // a completion placed on purpose (near-due, overdue); no natural ones after it
  std::string id, status;
};

// A completed maintenance visit: the items done together at one time and meter reading.
struct MxEvent {
  size_t aircraft = 0;
  int64_t at = 0, hobbs = 0, tach = 0;
  std::vector<size_t> items;
};

// A work order still open today.
struct OpenOrder {
  size_t aircraft = 0;
  std::string status, title, description;
  int64_t opened_day = 0;
  std::vector<size_t> items;
};

struct ComplianceRec {
  int pilot = -1, aircraft = -1;
  std::string type, code;
  std::optional<std::string> number;
  int64_t issued_day = 0;
  std::optional<int64_t> valid_until_day;
  int64_t created = 0;
};

struct SessionRec {
  std::string kind;
  int64_t start = 0, end = 0;
  int aircraft = -1, instructor = -1, student = -1;
  std::string status;
  std::optional<std::string> notes;
};

struct AircraftRec {
  const AircraftType* type = nullptr;
  std::vector<ItemRec> items;
  std::string id, registration, status = "available", airworthiness = "airworthy", home_base;
  int64_t year = 0, created = 0, updated = 0, status_changed = 0;
  int64_t hobbs = 0, tach = 0;              // running meters while flights are generated
  int64_t start_hobbs = 0, start_tach = 0;  // before the first generated flight
  std::vector<size_t> flights;              // indices into the flight list, in time order
  int64_t first_day = 0, last_day = -1;     // absolute day numbers it can fly
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
  Seeder(const DemoDataOptions& opt, int64_t now)
      : rnd_(opt.seed),
        now_(now),
        today_(now / kDay),
        window_(std::max(1, opt.window_days)),
        extra_(std::max<int64_t>(0, window_ - kDefaultWindowDays)),
        loc_(localeFor(opt.country)),
        opt_(opt) {}

  void makePilots(int n, int64_t first_ordinal);
  void makeAccounts();
  void makeFleet(int n, std::unordered_set<std::string>& taken_registrations);
  void makeFlights(int total);
  void review();
  void makeMaintenance();
  void makeCompliance();
  void makePlanning();
  DemoDataCounts write(storage::Connection& conn, const std::string& org_id);
  std::vector<std::string> aircraftIds() const;
  std::vector<std::string> pilotIds() const;

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
  void pickMedical(PilotRec& p, int64_t target_valid_day);
  std::vector<ItemRec> programmeFor(const AircraftRec& a);
  void simulateProgramme(size_t a);
  void forceNearDue(size_t a, ItemKind kind, int64_t lo_tenths, int64_t hi_tenths);
  int64_t remainingTenths(const AircraftRec& a, const ItemRec& it) const;
  int64_t remainingDays(const ItemRec& it, int64_t day) const;
  std::string statusNow(const AircraftRec& a, const ItemRec& it) const;
  void aircraftDocuments(size_t a);
  bool sessionFits(const SessionRec& s) const;
  void addSession(SessionRec s);

  Rand rnd_;
  int64_t now_, today_;
  int64_t window_;  // days of flight history
  int64_t extra_;   // days of history beyond the default 18 months: pilots and aircraft joined earlier
  Locale loc_;
  DemoDataOptions opt_;
  std::vector<MxEvent> events_;
  std::vector<OpenOrder> open_orders_;
  std::vector<ComplianceRec> records_;
  std::vector<SessionRec> sessions_;
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
      p.first_name = rnd_.pick(loc_.first_names);
      p.last_name = rnd_.pick(loc_.last_names);
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
    // A longer history: instructors were there from its start, the others joined along the way.
    if (extra_ > 0) age_days += kind == 2 ? extra_ : rnd_.between(0, extra_);
    p.created = (today_ - age_days) * kDay + rnd_.between(7 * kHour, 19 * kHour);
    p.created = std::min(p.created, now_ - kHour);
    p.email = asciiSlug(p.first_name) + "." + asciiSlug(p.last_name) + "." +
              std::to_string(first_ordinal + int64_t(i)) +
              (rnd_.chance(0.8) ? "@example.org" : "@example.com");
    if (loc_.faa) {
      // 555-01xx numbers are reserved for fiction.
      if (rnd_.chance(0.85))
        p.phone = std::string("+1 ") + (rnd_.chance(0.7) ? "650" : "408") + " 555 01" + digits(rnd_, 2);
    } else if (rnd_.chance(0.85)) {
      p.phone = std::string("+33 ") + (rnd_.chance(0.8) ? "6" : "7") + " " + digits(rnd_, 2) + " " +
                digits(rnd_, 2) + " " + digits(rnd_, 2) + " " + digits(rnd_, 2);
    }
    double base = rnd_.real();
    if (loc_.faa)
      p.home_base = base < 0.72 ? "KPAO" : base < 0.92 ? "KSQL" : base < 0.96 ? "KHWD" : "KLVK";
    else
      p.home_base = base < 0.72 ? "LFPN" : base < 0.92 ? "LFPZ" : base < 0.96 ? "LFPT" : "LFFE";
    // Age now: students of all ages, members older, instructors between their twenties and sixties.
    int64_t age_years = kind == 0   ? (rnd_.chance(0.6) ? rnd_.between(16, 30) : rnd_.between(31, 62))
                        : kind == 1 ? rnd_.between(22, 74)
                                    : rnd_.between(24, 64);
    age_years = std::max<int64_t>(age_years, 17 + (today_ - p.created / kDay) / 365);  // 16+ when joining
    p.dob_day = today_ - age_years * 365 - rnd_.between(0, 364);

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
      return timefmt::formatDate(now_ - rnd_.between(int64_t{lo} * 365, int64_t{hi} * 365) * kDay);
    };
    auto number = [&](const char* code) { return std::string("FRA.FCL.") + code + "." + digits(rnd_, 6); };
    if (loc_.faa) {
      // FAA certificates: student pilot certificate, private, commercial, ATP (instructors also hold a CFI).
      auto faa_number = [&] { return digits(rnd_, 7); };
      if (kind == 0) {
        p.licence_type = "STUDENT";
        p.licence_number = faa_number();
        p.licence_issued_on =
            timefmt::formatDate(std::min(now_ - kDay, p.created + rnd_.between(0, 20) * kDay));
      } else {
        double r = rnd_.real();
        p.licence_type = kind == 2  ? (r < 0.25 ? "ATP" : "COMMERCIAL")
                         : r < 0.75 ? "PRIVATE"
                         : r < 0.95 ? "COMMERCIAL"
                                    : "ATP";
        p.licence_number = faa_number();
        p.licence_issued_on = issued_years_ago(kind == 2 ? 3 : 1, kind == 2 ? 30 : 25);
      }
    } else if (kind == 0) {
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
      if (loc_.faa) {
        // Private and student pilots and most CFIs fly on a third class; airline-bound pilots hold a first.
        if (lt == "ATP" || (lt == "COMMERCIAL" && rnd_.chance(0.35)))
          p.medical_class = "class_1";
        else if (lt == "COMMERCIAL" && rnd_.chance(0.5))
          p.medical_class = "class_2";
        else
          p.medical_class = "class_3";
      } else if (lt == "ATPL" || (lt == "CPL" && rnd_.chance(0.8))) {
        p.medical_class = "class_1";
      } else if (lt == "LAPL" ? rnd_.chance(0.7) : (kind == 0 && rnd_.chance(0.2))) {
        p.medical_class = "lapl";
      } else {
        p.medical_class = "class_2";
      }
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
      pickMedical(p, valid_until / kDay);
      p.fly_until = std::min(p.active_until, (p.medical_valid_day + 1) * kDay);
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
  const int64_t window_first = today_ - window_, window_last = today_ - 1;
  const int64_t this_year = std::stoi(timefmt::formatDate(now_).substr(0, 4));
  for (int i = 0; i < n; ++i) {
    const FleetSlot& slot = kFleet[static_cast<size_t>(i) % std::size(kFleet)];
    AircraftRec a;
    a.type = &kTypes[slot.type];
    a.year = std::min(this_year, rnd_.between(a.type->year_min, a.type->year_max));
    do {
      a.registration = makeRegistration(rnd_, loc_.faa ? 'N' : slot.nationality, a.year);
    } while (!taken.insert(a.registration).second);
    a.home_base = i % 4 == 3 ? loc_.second_base : loc_.main_base;
    bool recent = static_cast<size_t>(i) == kRecentSlot;
    a.created = (today_ - (recent ? rnd_.between(200, 280) : rnd_.between(560, 1090) + extra_)) * kDay +
                rnd_.between(8 * kHour, 17 * kHour);
    a.first_day = std::max(window_first, a.created / kDay + 1);
    a.last_day = window_last;
    // Trainers fly 180-320 h a year; the meters start wherever the airframe's history left them.
    int64_t age = std::max<int64_t>(1, this_year - a.year);
    int64_t hours = age * rnd_.between(180, 320) + rnd_.between(20, 200);
    a.hobbs = hours * 10 + rnd_.between(0, 9);
    a.tach = static_cast<int64_t>(std::llround(static_cast<double>(a.hobbs) * rnd_.real(0.86, 0.92)));
    a.start_hobbs = a.hobbs;
    a.start_tach = a.tach;
    a.id = ids::prefixed("acft_", a.created * 1000 + rnd_.between(0, 999));
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
  double daylight_h =
      12.2 + loc_.lat_amplitude_h * std::sin(2.0 * std::numbers::pi * static_cast<double>(doy - 80) / 365.0);
  auto sunrise_min =
      static_cast<int64_t>(std::lround(static_cast<double>(loc_.solar_noon_min) - daylight_h * 30));
  auto sunset_min =
      static_cast<int64_t>(std::lround(static_cast<double>(loc_.solar_noon_min) + daylight_h * 30));
  info.night_start = info.start + (sunset_min + 30) * kMinute;
  info.night_end = info.start + (sunrise_min - 30) * kMinute;
  // The club opens at 08:00 local time at the earliest.
  int64_t open_min = std::max<int64_t>(sunrise_min + 20, loc_.solar_noon_min - int64_t{5} * 60 + 10);
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
      0, (day.night_start - 45 * kMinute - day.start - day.first_off) / kMinute - int64_t{count} * 140);
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
      const Destination* dest = &rnd_.pick(loc_.destinations);
      while (ac.home_base == dest->icao) dest = &rnd_.pick(loc_.destinations);
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
        Leg nav{ac.home_base, ac.home_base, int64_t{2} * dest->leg_min + rnd_.between(5, 20), 2};
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
  ac.flights.push_back(flights_.size());
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
      f.remarks = rnd_.pick(loc_.rental_remarks);
    else if (f.purpose == "check_ride")
      f.remarks = rnd_.pick(loc_.check_remarks);
    else
      f.remarks = rnd_.pick(loc_.discovery_remarks);
  }
  if (f.purpose == "solo_training") pilot.soloed = true;

  f.submitted_at = std::min(now_, f.on + rnd_.between(3, 150) * kMinute);
  flights_.push_back(std::move(f));
}

void Seeder::makeFlights(int total) {
  if (total <= 0 || fleet_.empty()) return;
  const int64_t first_day = today_ - window_;
  std::vector<DayInfo> days;
  days.reserve(static_cast<size_t>(window_));
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

void Seeder::review() {
  // The instructors review the tech log one to a few days after the flight, in office hours (08:00-19:00
  // local); flights whose review day has not come yet are still awaiting it.
  int64_t max_lag = std::max(1, opt_.review_lag_days_max);
  int64_t office_open = (loc_.solar_noon_min - int64_t{4} * 60) * kMinute;  // ~08:00 local in UTC
  for (FlightRec& f : flights_) {
    int64_t lag = 1;
    for (double r = rnd_.real(); lag < max_lag && r > 0.55; r = rnd_.real()) ++lag;
    // Within the same UTC day, so "one to three days later" holds by the calendar everywhere.
    f.reviewed_at =
        std::min((f.off / kDay + lag) * kDay + office_open + rnd_.between(0, int64_t{11} * 60) * kMinute,
                 (f.off / kDay + lag + 1) * kDay - kHour);
    f.reviewed_at = std::max(f.reviewed_at, f.submitted_at + 30 * kMinute);
    if (f.reviewed_at >= now_) {
      f.status = "submitted";
      f.reviewed_at = 0;
      continue;
    }
    if (rnd_.chance(0.01)) {
      f.status = "rejected";
      f.rejection_reason = rnd_.pick(kRejectionReasons);
    }
    f.reviewer = pickReviewer(f);
  }
  // Backlog: the most recent flights go back to the queue until it holds the requested number.
  std::vector<size_t> recent(flights_.size());
  std::iota(recent.begin(), recent.end(), size_t{0});
  std::sort(recent.begin(), recent.end(), [&](size_t x, size_t y) {
    return flights_[x].on != flights_[y].on ? flights_[x].on > flights_[y].on : x > y;
  });
  size_t want = std::min(recent.size(), static_cast<size_t>(std::max(0, opt_.min_awaiting_review)));
  for (size_t rank = 0; rank < want; ++rank) {
    FlightRec& f = flights_[recent[rank]];
    f.status = "submitted";
    f.reviewed_at = 0;
    f.reviewer = -1;
    f.rejection_reason.reset();
  }
}

void Seeder::makeAccounts() {
  if (!opt_.instructor_account)
    throw std::invalid_argument("demo data needs an account maker for instructors");
  for (int p : instructors_.members) {
    PilotRec& r = pilots_[static_cast<size_t>(p)];
    std::string local = asciiSlug(r.first_name) + "." + asciiSlug(r.last_name);
    r.user_id = opt_.instructor_account({r.first_name, r.last_name, local, r.created});
  }
}

// ---------------------------------------------------------------------------------------------
// Medicals

// Chooses the examination date so that the medical's validity (by class, regime and age at the
// examination) ends near `target_valid_day`; the pilot's medical columns then hold exactly that record.
void Seeder::pickMedical(PilotRec& p, int64_t target_valid_day) {
  const std::string& cls = *p.medical_class;
  int64_t nominal = medicalValidUntil(loc_.faa, cls, p.dob_day, target_valid_day - 365) -
                    (target_valid_day - 365);  // the validity this pilot gets at about that age
  int64_t exam = target_valid_day - nominal;
  // Nobody is examined before 16, in the future, or before joining if they are new students.
  exam = std::clamp(exam, addMonths(p.dob_day, int64_t{16} * 12), today_ - 1);
  p.medical_issued_day = exam;
  p.medical_valid_day = medicalValidUntil(loc_.faa, cls, p.dob_day, exam);
  p.medical_valid_until = dateOf(p.medical_valid_day);
}

// ---------------------------------------------------------------------------------------------
// Maintenance programmes and work orders

std::vector<ItemRec> Seeder::programmeFor(const AircraftRec& a) {
  std::string make = a.type->make;
  bool diesel = std::string_view(a.type->model).find("NG") != std::string_view::npos ||
                std::string_view(a.type->model).find("TDI") != std::string_view::npos;
  auto item = [](ItemKind k, std::string title, std::string category, std::optional<std::string> ref,
                 std::optional<int64_t> tenths, std::optional<int64_t> months, int64_t labour, bool blocks) {
    ItemRec it;
    it.kind = k;
    it.title = std::move(title);
    it.category = std::move(category);
    it.reference = std::move(ref);
    it.tenths = tenths;
    it.months = months;
    it.labour_min = labour;
    it.blocks = blocks;
    return it;
  };
  std::vector<ItemRec> out;
  out.push_back(item(ItemKind::k50h, "50-hour inspection", "inspection",
                     loc_.faa ? "Manufacturer's service manual" : "AMP 50 h check", 500, std::nullopt, 180,
                     true));
  out.push_back(item(ItemKind::k100h, "100-hour inspection", "inspection",
                     loc_.faa ? "14 CFR 91.409(b)" : "AMP 100 h check", 1000, std::nullopt, 420, true));
  if (loc_.faa)
    out.push_back(item(ItemKind::kAnnual, "Annual inspection", "inspection", "14 CFR 91.409(a)", std::nullopt,
                       12, 600, true));
  else
    out.push_back(item(ItemKind::kAnnual, "Airworthiness review (ARC)", "inspection", "Part-ML.A.901",
                       std::nullopt, 12, 480, true));
  out.push_back(item(ItemKind::kOil,
                     diesel ? "Engine oil and filter change (AE300)" : "Oil and filter change",
                     "scheduled_task", diesel ? "Austro Engine MM" : "Lycoming SI 1014", 500, 4, 60, false));
  bool kannad = make == "Robin" || make == "Socata" || make == "Diamond";
  out.push_back(item(ItemKind::kElt, kannad ? "ELT battery (Kannad 406 AF)" : "ELT battery (Artex ME406)",
                     "life_limited", kannad ? "Kannad CMM 0221" : "Artex 570-1600", std::nullopt,
                     kannad ? 72 : 24, 45, true));
  out.push_back(item(ItemKind::kTransponder, "Transponder, altimeter and static system check",
                     "scheduled_task", loc_.faa ? "14 CFR 91.411 / 91.413" : "Part-ML.A.302 AMP",
                     std::nullopt, 24, 120, true));
  // Recurring airworthiness directives, by make (demo references in the authorities' formats).
  auto ad = [&](std::string title, std::string ref, std::optional<int64_t> tenths,
                std::optional<int64_t> months) {
    out.push_back(item(ItemKind::kAd, std::move(title), "airworthiness_directive", std::move(ref), tenths,
                       months, 90, true));
  };
  if (make == "Cessna") {
    ad("Seat rail and seat lock inspection", "AD 2011-10-09", 1000, 12);
    if (std::string_view(a.type->model).rfind("172", 0) == 0 ||
        std::string_view(a.type->model).rfind("182", 0) == 0)
      ad("Fuel quantity indication check", "AD 2020-17-13", 1000, 12);
  } else if (make == "Piper") {
    ad("Wing lower spar cap inspection", "AD 2020-24-05", 1000, 12);
  } else if (make == "Robin") {
    ad("Elevator trim tab hinge inspection", "EASA AD 2019-0123", 1000, 12);
  } else if (make == "Diamond") {
    ad("Canopy locking mechanism inspection", "EASA AD 2018-0105", 1000, 12);
    if (diesel) ad("Engine mount inspection", "EASA AD 2021-0220", 1000, 12);
  } else {
    ad("Main landing gear trunnion inspection", "EASA AD 2016-0141", 1000, 12);
  }
  return out;
}

// Days left until the calendar due date (day after which the item is overdue).
int64_t Seeder::remainingDays(const ItemRec& it, int64_t day) const {
  if (!it.months) return std::numeric_limits<int64_t>::max();
  // Same date N months on, as the maintenance rules count it; the school plans US annuals before the
  // end-of-month expiry that their compliance record carries.
  return addMonths(it.last_day, *it.months) - day;
}

int64_t Seeder::remainingTenths(const AircraftRec& a, const ItemRec& it) const {
  if (!it.tenths) return std::numeric_limits<int64_t>::max();
  return it.last_tach + *it.tenths - a.tach;
}

// Whichever comes first: upcoming within 10 h or 30 days, overdue once either is used up.
std::string Seeder::statusNow(const AircraftRec& a, const ItemRec& it) const {
  int64_t hours = remainingTenths(a, it), days = remainingDays(it, today_);
  if (hours <= 0 || days < 0) return "overdue";
  if (hours <= 100 || days <= 30) return "upcoming";
  return "ok";
}

// Walks the aircraft's days and flights: whenever an item comes due soon (6 h or 10 days, or the next
// flight would run it out), the maintenance organisation does it together with everything due within
// 10 h or 30 days. Completions placed by forceNearDue happen at their time instead.
void Seeder::simulateProgramme(size_t a) {
  AircraftRec& ac = fleet_[a];
  const int64_t first_day = std::max(today_ - window_, ac.created / kDay + 1);
  ac.hobbs = ac.start_hobbs;
  ac.tach = ac.start_tach;
  for (ItemRec& it : ac.items) {
    it.last_tach = ac.tach - (it.tenths ? rnd_.between(0, *it.tenths * 8 / 10) : rnd_.between(0, 400));
    int64_t span = it.months ? *it.months * 30 * 8 / 10 : 120;
    // Before the window (no work order on file); an aircraft that joined later catches up on its first day.
    it.last_day = today_ - window_ - rnd_.between(1, span);
  }
  auto visit = [&](int64_t at, bool calendar_check, int64_t next_flight_tenths) {
    int64_t day = at / kDay;
    std::vector<size_t> due;
    bool trigger = false;
    for (size_t i = 0; i < ac.items.size(); ++i) {
      ItemRec& it = ac.items[i];
      if (it.forced_at >= 0 && at >= it.forced_at) continue;  // placed by hand; see below
      int64_t hours = remainingTenths(ac, it), days = remainingDays(it, day);
      if (hours - next_flight_tenths < 5 || (calendar_check && (hours <= 60 || days <= 10))) trigger = true;
    }
    if (!trigger) return;
    for (size_t i = 0; i < ac.items.size(); ++i) {
      ItemRec& it = ac.items[i];
      if (it.forced_at >= 0 && at >= it.forced_at) continue;
      if (remainingTenths(ac, it) <= 100 || remainingDays(it, day) <= 30) due.push_back(i);
    }
    for (size_t i : due) {
      ac.items[i].last_day = day;
      ac.items[i].last_tach = ac.tach;
    }
    events_.push_back({a, at, ac.hobbs, ac.tach, due});
  };
  // Forced completions in time order, each as its own visit.
  std::vector<std::pair<int64_t, size_t>> forced;
  for (size_t i = 0; i < ac.items.size(); ++i)
    if (ac.items[i].forced_at >= 0) forced.emplace_back(ac.items[i].forced_at, i);
  std::sort(forced.begin(), forced.end());
  size_t fi = 0;
  auto run_forced_until = [&](int64_t t) {
    for (; fi < forced.size() && forced[fi].first <= t; ++fi) {
      ItemRec& it = ac.items[forced[fi].second];
      it.last_day = forced[fi].first / kDay;
      it.last_tach = ac.tach;
      events_.push_back({a, forced[fi].first, ac.hobbs, ac.tach, {forced[fi].second}});
    }
  };
  size_t next = 0;
  for (int64_t d = first_day; d <= today_; ++d) {
    int64_t morning = d * kDay + 6 * kHour;
    // Flights that started before this morning (US evenings run past midnight UTC).
    for (; next < ac.flights.size() && flights_[ac.flights[next]].off < morning; ++next) {
      const FlightRec& f = flights_[ac.flights[next]];
      run_forced_until(f.off);
      visit(f.off - 20 * kMinute, false, f.tach_end - f.tach_start);
      ac.hobbs = f.hobbs_end;
      ac.tach = f.tach_end;
    }
    if (morning > now_) break;
    run_forced_until(morning);
    visit(morning, true, 0);
  }
  for (; next < ac.flights.size(); ++next) {
    const FlightRec& f = flights_[ac.flights[next]];
    run_forced_until(f.off);
    ac.hobbs = f.hobbs_end;
    ac.tach = f.tach_end;
  }
  run_forced_until(now_);
}

// Places the last completion of the aircraft's `kind` item after the flight whose tach reading leaves
// between lo and hi tenths of an hour to run today; false when no flight fits.
void Seeder::forceNearDue(size_t a, ItemKind kind, int64_t lo_tenths, int64_t hi_tenths) {
  AircraftRec& ac = fleet_[a];
  int64_t final_tach = ac.flights.empty() ? ac.start_tach : flights_[ac.flights.back()].tach_end;
  for (ItemRec& it : ac.items) {
    if (it.kind != kind || !it.tenths) continue;
    for (auto i = ac.flights.rbegin(); i != ac.flights.rend(); ++i) {
      const FlightRec& f = flights_[*i];
      int64_t remaining = f.tach_end + *it.tenths - final_tach;
      if (remaining > hi_tenths) continue;
      // Right after that flight: the next one leaves at least a quarter of an hour later.
      if (remaining >= lo_tenths && f.on < now_ - 2 * kHour) it.forced_at = f.on + 5 * kMinute;
      return;
    }
  }
}

void Seeder::makeMaintenance() {
  for (AircraftRec& a : fleet_) a.items = programmeFor(a);
  // Shape today's picture: the aircraft in maintenance is in for its 100-hour inspection, the grounded one
  // waits for its airworthiness review / annual (the one overdue item), and one busy trainer is within two
  // hours of its 50-hour inspection.
  size_t in_shop = fleet_.size() > 1 ? 1 : fleet_.size();
  size_t grounded = fleet_.size();
  for (size_t a = 0; a < fleet_.size(); ++a)
    if (fleet_[a].status == "grounded") grounded = a;
  if (in_shop < fleet_.size()) forceNearDue(in_shop, ItemKind::k100h, 5, 40);
  if (grounded < fleet_.size()) {
    for (ItemRec& it : fleet_[grounded].items)
      if (it.kind == ItemKind::kAnnual)
        it.forced_at = addMonths(today_ - rnd_.between(4, 12), -12) * kDay - 1 * kDay + 10 * kHour;
  }
  std::vector<size_t> by_use;
  for (size_t a = 0; a < fleet_.size(); ++a)
    if (fleet_[a].status == "available") by_use.push_back(a);
  std::stable_sort(by_use.begin(), by_use.end(),
                   [&](size_t x, size_t y) { return fleet_[x].flights.size() > fleet_[y].flights.size(); });
  size_t near_due = fleet_.size();
  for (size_t a : by_use) {
    forceNearDue(a, ItemKind::k50h, 3, 18);
    bool placed = false;
    for (const ItemRec& it : fleet_[a].items) placed |= it.forced_at >= 0;
    if (placed) {
      near_due = a;
      break;
    }
  }

  for (size_t a = 0; a < fleet_.size(); ++a) simulateProgramme(a);
  std::stable_sort(events_.begin(), events_.end(),
                   [](const MxEvent& x, const MxEvent& y) { return x.at < y.at; });

  for (size_t a = 0; a < fleet_.size(); ++a) {
    AircraftRec& ac = fleet_[a];
    bool blocked = false;
    for (ItemRec& it : ac.items) {
      it.status = statusNow(ac, it);
      blocked |= it.status == "overdue" && it.blocks;
      it.id = ids::prefixed("mi_", ac.created * 1000 + rnd_.between(0, 999));
    }
    // An overdue item that blocks dispatch grounds the aircraft.
    if (blocked) {
      ac.airworthiness = "not_airworthy";
      if (ac.status == "available") ac.status = "grounded";
    }
  }

  auto upcoming_items = [&](size_t a, std::initializer_list<ItemKind> kinds) {
    std::vector<size_t> out;
    const auto& items = fleet_[a].items;
    for (size_t i = 0; i < items.size(); ++i)
      for (ItemKind k : kinds)
        if (items[i].kind == k) out.push_back(i);
    return out;
  };
  if (in_shop < fleet_.size()) {
    open_orders_.push_back({in_shop, "in_progress", "100-hour inspection",
                            "Scheduled 100-hour inspection; aircraft in the hangar since " +
                                dateOf(fleet_[in_shop].last_day + 1) + ".",
                            fleet_[in_shop].last_day + 1,
                            upcoming_items(in_shop, {ItemKind::k100h, ItemKind::k50h})});
  }
  if (grounded < fleet_.size()) {
    bool faa = loc_.faa;
    open_orders_.push_back(
        {grounded, "awaiting_parts", faa ? "Annual inspection" : "Airworthiness review (ARC)",
         "Corrosion found on the stabilator attachment fitting during the inspection; replacement fitting on "
         "order, aircraft grounded.",
         fleet_[grounded].last_day + 1, upcoming_items(grounded, {ItemKind::kAnnual})});
  }
  if (near_due < fleet_.size()) {
    open_orders_.push_back({near_due, "open", "50-hour inspection",
                            "Planned before the aircraft reaches its 50-hour inspection.", today_ - 1,
                            upcoming_items(near_due, {ItemKind::k50h})});
  }
}

// ---------------------------------------------------------------------------------------------
// Compliance records

// Valid-until spread so the compliance views have something to flag: a few expired, a few expiring.
int64_t spreadValidUntil(Rand& rnd, int64_t today, int64_t max_ahead_days) {
  double r = rnd.real();
  if (r < 0.07) return today - rnd.between(1, 200);
  if (r < 0.15) return today + rnd.between(1, 29);
  return today + rnd.between(31, max_ahead_days);
}

void Seeder::makeCompliance() {
  for (size_t i = 0; i < pilots_.size(); ++i) {
    PilotRec& p = pilots_[i];
    int pi = static_cast<int>(i);
    auto add = [&](std::string type, std::string code, std::optional<std::string> number, int64_t issued,
                   std::optional<int64_t> valid_until) {
      int64_t created = std::max(p.created, std::min(issued * kDay + 9 * kHour, now_ - kHour));
      records_.push_back(
          {pi, -1, std::move(type), std::move(code), std::move(number), issued, valid_until, created});
    };
    // Codes as the compliance service writes them (storage/compliance_repository.hpp).
    if (p.medical_class) {
      const std::string& cls = *p.medical_class;
      std::string code = loc_.faa        ? "FAA-MED-" + cls.substr(cls.size() - 1)
                         : cls == "lapl" ? "EASA-MED-LAPL"
                                         : "EASA-MED-CLASS" + cls.substr(cls.size() - 1);
      add("medical", code, std::nullopt, p.medical_issued_day, p.medical_valid_day);
    }
    const std::string lt = p.licence_type.value_or("");
    int64_t licence_day = p.licence_issued_on ? today_ - 1 : 0;
    if (p.licence_issued_on) {
      Civil c{std::stoi(p.licence_issued_on->substr(0, 4)),
              static_cast<unsigned>(std::stoi(p.licence_issued_on->substr(5, 2))),
              static_cast<unsigned>(std::stoi(p.licence_issued_on->substr(8, 2)))};
      licence_day = timefmt::daysFromCivil(c.y, c.m, c.d);
    }
    if (loc_.faa) {
      // Student pilot certificates and pilot certificates do not expire; CFIs renew every 24 months.
      if (!lt.empty()) add("licence", lt, p.licence_number, licence_day, std::nullopt);
      if (!p.student && !lt.empty()) add("rating", "ASEL", std::nullopt, licence_day, std::nullopt);
      if (p.instructor) {
        int64_t until = spreadValidUntil(rnd_, today_, 700);
        add("rating", "CFI", p.licence_number.value_or("") + "CFI", addMonths(until, -24), until);
      }
      if (p.student && p.solo_from < now_) {
        // 61.87(n)/(p): the solo endorsement lasts 90 days and is renewed while the student trains.
        int64_t issued = std::max(p.solo_from / kDay, today_ - rnd_.between(5, 110));
        add("endorsement", "A.6", std::nullopt, issued, issued + 90);
      }
      continue;
    }
    if (lt.empty() || lt == "SPL") continue;  // EASA student pilots hold no licence yet
    add("licence", lt + "(A)", p.licence_number, licence_day, std::nullopt);
    if (lt != "LAPL") {
      // Single-engine piston class rating: two years, revalidated by experience or a proficiency check.
      int64_t until = spreadValidUntil(rnd_, today_, 700);
      add("rating", "SEP", std::nullopt, addMonths(until, -24), until);
    }
    if (p.instructor) {
      int64_t until = spreadValidUntil(rnd_, today_, 1000);
      add("rating", "FI(A)", std::nullopt, addMonths(until, -36), until);
    }
    // Language proficiency (FCL.055): level 4 for four years, 5 for six, 6 for life.
    double r = rnd_.real();
    int level = r < 0.35 ? 4 : r < 0.75 ? 5 : 6;
    int64_t issued = std::max(licence_day, today_ - rnd_.between(30, level == 4 ? 1400 : 2100));
    std::optional<int64_t> until;
    if (level < 6) until = addMonths(issued, level == 4 ? 48 : 72);
    add("language_proficiency", "ELP_EN_" + std::to_string(level), std::nullopt, issued, until);
  }
  for (size_t a = 0; a < fleet_.size(); ++a) aircraftDocuments(a);
}

void Seeder::aircraftDocuments(size_t a) {
  AircraftRec& ac = fleet_[a];
  int ai = static_cast<int>(a);
  auto add = [&](std::string type, std::string code, std::optional<std::string> number, int64_t issued,
                 std::optional<int64_t> valid_until) {
    int64_t created = std::max(ac.created, std::min(issued * kDay + 10 * kHour, now_ - kHour));
    records_.push_back(
        {-1, ai, std::move(type), std::move(code), std::move(number), issued, valid_until, created});
  };
  int64_t acquired = ac.created / kDay;
  for (const ItemRec& it : ac.items) {
    if (it.kind != ItemKind::kAnnual) continue;
    // The certificate follows the inspection that issued it: same day, same due date.
    int64_t until = loc_.faa ? endOfMonthAfter(it.last_day, 12) : addMonths(it.last_day, 12);
    if (loc_.faa)
      add("annual", "ANNUAL", std::nullopt, it.last_day, until);
    else
      add("arc", "EASA Form 15c", "ARC-" + ac.registration.substr(2) + "-" + dateOf(it.last_day).substr(0, 4),
          it.last_day, until);
  }
  // Insurance renews on its own anniversary; one policy is about to lapse.
  int64_t ins_until = a == 2 % fleet_.size() ? today_ + rnd_.between(5, 25) : today_ + rnd_.between(31, 360);
  add("insurance", "HULL_LIABILITY", (loc_.faa ? "AVEMCO-" : "AXA-AV-") + digits(rnd_, 8),
      addMonths(ins_until, -12), ins_until);
  if (loc_.faa) {
    // US registrations are valid seven years.
    int64_t issued = std::max(acquired - 30, today_ - rnd_.between(100, 2400));
    add("registration", "AC 8050-3", std::nullopt, issued, addMonths(issued, 84));
  } else {
    add("registration", "CI", "CI-" + digits(rnd_, 6), acquired - rnd_.between(5, 40), std::nullopt);
    add("radio_licence", "LSA", "LSA-" + digits(rnd_, 7), acquired - rnd_.between(5, 40), std::nullopt);
    add("noise_certificate", "CN", "CN-" + digits(rnd_, 5), acquired - rnd_.between(5, 40), std::nullopt);
  }
}

// ---------------------------------------------------------------------------------------------
// Planning

bool Seeder::sessionFits(const SessionRec& s) const {
  if (s.status == "cancelled") return true;
  for (const SessionRec& o : sessions_) {
    if (o.status == "cancelled" || !(s.start < o.end && o.start < s.end)) continue;  // half-open
    if (s.aircraft >= 0 && s.aircraft == o.aircraft) return false;
    if (s.instructor >= 0 && (s.instructor == o.instructor || s.instructor == o.student)) return false;
    if (s.student >= 0 && (s.student == o.student || s.student == o.instructor)) return false;
  }
  return true;
}

void Seeder::addSession(SessionRec s) {
  if (sessionFits(s)) sessions_.push_back(std::move(s));
}

void Seeder::makePlanning() {
  const int64_t from_day = today_ - 14, to_day = today_ + 14;
  // 08:00 local time, in UTC, from the locale's solar noon.
  const int64_t opening = (loc_.solar_noon_min - int64_t{5} * 60 + 10) * kMinute;
  auto flyable = [&](size_t a) {
    return fleet_[a].airworthiness == "airworthy" && fleet_[a].status == "available";
  };

  // Maintenance blocks first: the aircraft in the shop until its inspection is done, and a day in the hangar
  // for every available aircraft with something coming due.
  for (const OpenOrder& o : open_orders_) {
    const AircraftRec& ac = fleet_[o.aircraft];
    if (ac.status == "maintenance")
      addSession({"maintenance_block", o.opened_day * kDay + opening,
                  (today_ + 2) * kDay + opening + 9 * kHour, static_cast<int>(o.aircraft), -1, -1,
                  "confirmed", o.title});
  }
  for (size_t a = 0; a < fleet_.size(); ++a) {
    if (!flyable(a)) continue;
    const ItemRec* soonest = nullptr;
    for (const ItemRec& it : fleet_[a].items)
      if (it.status == "upcoming" &&
          (!soonest || remainingDays(it, today_) < remainingDays(*soonest, today_)))
        soonest = &it;
    if (!soonest) continue;
    int64_t day = today_ + std::clamp<int64_t>(remainingDays(*soonest, today_) - 3, 1, 10);
    if (remainingTenths(fleet_[a], *soonest) <= 30) day = today_ + 1;  // hours nearly used up: tomorrow
    addSession({"maintenance_block", day * kDay + opening, day * kDay + opening + 9 * kHour,
                static_cast<int>(a), -1, -1, day <= today_ + 3 ? "confirmed" : "scheduled", soonest->title});
  }

  // The last two weeks as they were flown (bookings become completed sessions)...
  for (const FlightRec& f : flights_) {
    if (f.off < from_day * kDay || f.on > now_ || !flyable(f.aircraft)) continue;
    addSession({"flight", f.off, f.on, static_cast<int>(f.aircraft), f.instructor, f.pilot, "completed",
                f.purpose == "dual_training" ? std::optional<std::string>("Lesson") : std::nullopt});
  }
  // ...plus the bookings that did not happen, and the next two weeks' bookings.
  std::vector<int> active_students, active_members, active_instructors;
  for (size_t i = 0; i < pilots_.size(); ++i) {
    const PilotRec& p = pilots_[i];
    if (p.status != "active") continue;
    if (p.student) active_students.push_back(static_cast<int>(i));
    if (p.member) active_members.push_back(static_cast<int>(i));
    if (p.instructor) active_instructors.push_back(static_cast<int>(i));
  }
  if (active_instructors.empty() || active_students.empty()) return;
  auto medical_ok = [&](int p, int64_t day) {
    const PilotRec& r = pilots_[static_cast<size_t>(p)];
    return r.medical_class && r.medical_valid_day >= day;
  };
  for (int64_t day = from_day; day <= to_day; ++day) {
    bool past = day < today_;
    for (size_t a = 0; a < fleet_.size(); ++a) {
      if (!flyable(a)) continue;
      for (int slot = 0; slot < 4; ++slot) {
        int64_t start = day * kDay + opening + (30 + slot * 150) * kMinute;
        int64_t end = start + rnd_.between(4, 8) * 15 * kMinute;
        if (past ? !rnd_.chance(0.12) : (start < now_ + kHour || !rnd_.chance(0.3))) continue;
        SessionRec s{"flight", start, end, static_cast<int>(a), -1, -1, "scheduled", std::nullopt};
        double kind = rnd_.real();
        if (kind < 0.6) {
          s.instructor = rnd_.pick(active_instructors);
          s.student = rnd_.pick(active_students);
          s.notes = "Dual lesson";
        } else if (kind < 0.75) {
          s.student = rnd_.pick(active_students);
          const PilotRec& st = pilots_[static_cast<size_t>(s.student)];
          // Solo only once cleared for it and with a medical valid that day.
          if (st.solo_from > start || !medical_ok(s.student, day)) continue;
          s.notes = "Solo";
        } else {
          if (active_members.empty()) continue;
          s.student = rnd_.pick(active_members);
          if (!medical_ok(s.student, day)) continue;
          s.notes = "Rental";
        }
        if (past) {
          s.status = rnd_.chance(0.35) ? "no_show" : "cancelled";
          if (s.status == "cancelled")
            s.notes = rnd_.chance(0.7) ? "Cancelled: weather" : "Cancelled by the pilot";
        } else {
          s.status = day <= today_ + 2 ? "confirmed" : "scheduled";
        }
        addSession(std::move(s));
      }
    }
    // Ground school and simulator sessions with an instructor.
    for (int k = 0; k < 3; ++k) {
      int64_t start = day * kDay + opening + rnd_.between(0, 8) * 60 * kMinute;
      if (!past && start < now_ + kHour) continue;
      bool sim = k == 2;
      SessionRec s{
          sim ? "simulator" : "ground",
          start,
          start + (sim ? 90 : 60) * kMinute,
          -1,
          rnd_.pick(active_instructors),
          rnd_.pick(active_students),
          past ? "completed" : (day <= today_ + 2 ? "confirmed" : "scheduled"),
          sim ? std::optional<std::string>("Procedures trainer: instrument scan")
              : std::optional<std::string>("Briefing: " + std::string(rnd_.pick(kDualRemarks)).substr(8))};
      addSession(std::move(s));
    }
  }
  std::stable_sort(sessions_.begin(), sessions_.end(),
                   [](const SessionRec& x, const SessionRec& y) { return x.start < y.start; });
}

// ---------------------------------------------------------------------------------------------
// Writing

std::vector<std::string> Seeder::aircraftIds() const {
  std::vector<std::string> out;
  for (const AircraftRec& a : fleet_) out.push_back(a.id);
  return out;
}

std::vector<std::string> Seeder::pilotIds() const {
  std::vector<std::string> out;
  for (const PilotRec& p : pilots_) out.push_back(p.id);
  return out;
}

// Labour, parts and sign-off of one completed task, by item kind.
struct PartSpec {
  const char* number;
  const char* description;
  int64_t quantity, unit_cost_minor;
  bool serial;
};
std::vector<PartSpec> partsFor(ItemKind kind, bool diesel) {
  PartSpec filter = diesel ? PartSpec{"E4A-20-000-Z", "Oil filter element (AE300)", 1, 6400, false}
                           : PartSpec{"CH48110-1", "Oil filter, Champion", 1, 3850, false};
  PartSpec oil = diesel ? PartSpec{"SHELL-HELIX-5W30", "Engine oil 5W-30, litre", 7, 1450, false}
                        : PartSpec{"W100PLUS-QT", "AeroShell W100 Plus, quart", 6, 1590, false};
  switch (kind) {
    case ItemKind::k50h:
    case ItemKind::kOil:
      return {filter, oil};
    case ItemKind::k100h:
      if (diesel) return {filter, oil, {"D41-2100-50-00", "Air filter element", 1, 9800, false}};
      return {filter,
              oil,
              {"REM38E", "Spark plug, Champion massive electrode", 8, 3200, false},
              {"BA-111", "Induction air filter, Brackett", 1, 5600, false}};
    case ItemKind::kElt:
      return {{"S1840501-01", "ELT battery pack", 1, 21500, true}};
    default:
      return {};
  }
}

struct Mechanic {
  const char* name;
  const char* licence;
};
constexpr Mechanic kEasaMechanics[] = {{"Gilles Marchetti", "EASA Part-66 FR.66.1234"},
                                       {"Sandrine Oger", "EASA Part-66 FR.66.2871"},
                                       {"Karim Benali", "EASA Part-66 FR.66.4410"}};
constexpr Mechanic kFaaMechanics[] = {
    {"Dale Henderson", "A&P 3512345 IA"}, {"Rosa Delgado", "A&P 3587710"}, {"Tim Okafor", "A&P 3620458"}};

DemoDataCounts Seeder::write(storage::Connection& conn, const std::string& org_id) {
  DemoDataCounts counts;
  storage::DemoWriter out(conn, org_id);
  auto at = [](int64_t t) { return timefmt::formatInstant(t); };
  auto opt_pilot = [&](int p) {
    return p < 0 ? std::optional<std::string>()
                 : std::optional<std::string>(pilots_[static_cast<size_t>(p)].id);
  };
  auto opt_aircraft = [&](int a) {
    return a < 0 ? std::optional<std::string>()
                 : std::optional<std::string>(fleet_[static_cast<size_t>(a)].id);
  };
  const std::string& owner = opt_.submitter_user_id;

  std::vector<size_t> order(pilots_.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t x, size_t y) { return pilots_[x].created < pilots_[y].created; });
  std::vector<storage::DemoPilotRow> pilot_rows;
  for (size_t i : order) {
    const PilotRec& p = pilots_[i];
    pilot_rows.push_back({p.id, p.first_name, p.last_name, p.email, p.phone, p.roles_json, p.status,
                          p.licence_type, p.licence_number, p.licence_issued_on, p.medical_class,
                          p.medical_valid_until, p.home_base, dateOf(p.dob_day), at(p.created),
                          at(p.updated)});
  }
  out.pilots(pilot_rows);
  counts.pilots = static_cast<int>(pilot_rows.size());

  // Final meters come from the generated chains; updated_at is the last logged flight or status change.
  std::vector<int64_t> last_flight(fleet_.size(), 0);
  for (const FlightRec& f : flights_)
    last_flight[f.aircraft] = std::max(last_flight[f.aircraft], f.submitted_at);
  order.resize(fleet_.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t x, size_t y) { return fleet_[x].created < fleet_[y].created; });
  std::vector<storage::DemoAircraftRow> aircraft_rows;
  for (size_t i : order) {
    AircraftRec& a = fleet_[i];
    a.updated = std::max(a.created, last_flight[i]);
    if (a.status != "available")
      a.updated = std::min(now_ - kMinute, std::max(a.updated, (a.last_day + 1) * kDay + 9 * kHour));
    aircraft_rows.push_back({a.id, a.registration, a.type->icao, a.type->make, a.type->model, a.year,
                             int64_t{a.type->seats}, a.status, a.airworthiness, a.hobbs, a.tach, a.home_base,
                             a.type->rate_minor, at(a.created), at(a.updated)});
  }
  out.aircraft(aircraft_rows);
  counts.aircraft = static_cast<int>(aircraft_rows.size());

  // Flights in logging order so ULIDs follow created_at. Console users record and review them: the
  // instructor of a lesson records it, the office (owner) records the rest.
  order.resize(flights_.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t x, size_t y) { return flights_[x].submitted_at < flights_[y].submitted_at; });
  auto user_of = [&](int p) { return p < 0 ? std::string() : pilots_[static_cast<size_t>(p)].user_id; };
  // Written in batches, so a million flights never sit in memory twice (as records and as rows).
  constexpr size_t kFlightBatch = 10000;
  std::vector<storage::DemoFlightRow> flight_rows;
  flight_rows.reserve(std::min(flights_.size(), kFlightBatch));
  for (size_t i : order) {
    const FlightRec& f = flights_[i];
    const AircraftRec& a = fleet_[f.aircraft];
    bool reviewed = f.status != "submitted";
    std::string submitted_at = at(f.submitted_at);
    std::string submitter = f.instructor >= 0 ? user_of(f.instructor) : owner;
    if (submitter.empty())
      submitter = user_of(instructors_.members.empty() ? -1 : instructors_.members.front());
    storage::DemoFlightRow r;
    r.id = ids::prefixed("flt_", f.submitted_at * 1000 + rnd_.between(0, 999));
    r.flight_date = timefmt::formatDate(f.off);
    r.aircraft_id = a.id;
    r.aircraft_registration = a.registration;
    r.pilot_id = pilots_[static_cast<size_t>(f.pilot)].id;
    r.instructor_id = opt_pilot(f.instructor);
    r.purpose = f.purpose;
    r.departure_icao = f.departure;
    r.arrival_icao = f.arrival;
    r.off_block_at = at(f.off);
    r.takeoff_at = at(f.takeoff);
    r.landing_at = at(f.landing);
    r.on_block_at = at(f.on);
    r.block_min = f.block;
    r.air_min = f.air;
    r.night_min = f.night;
    r.ifr_min = f.ifr;
    r.landings_day = f.landings_day;
    r.landings_night = f.landings_night;
    r.hobbs_start = f.hobbs_start;
    r.hobbs_end = f.hobbs_end;
    r.tach_start = f.tach_start;
    r.tach_end = f.tach_end;
    r.remarks = f.remarks;
    r.status = f.status;
    r.submitted_by = submitter;
    r.submitted_at = submitted_at;
    if (reviewed) {
      r.reviewed_by = user_of(f.reviewer);
      r.reviewed_at = at(f.reviewed_at);
    }
    r.rejection_reason = f.rejection_reason;
    r.created_at = submitted_at;
    r.updated_at = reviewed ? *r.reviewed_at : submitted_at;
    flight_rows.push_back(std::move(r));
    ++counts.flights;
    if (!reviewed) ++counts.submitted;
    if (flight_rows.size() == kFlightBatch) {
      out.flights(flight_rows);
      flight_rows.clear();
    }
  }
  out.flights(flight_rows);

  // Maintenance programmes; alerted_status is today's status, so the first reassessment finds no transition.
  std::vector<storage::DemoMaintenanceItemRow> item_rows;
  for (const AircraftRec& a : fleet_) {
    for (const ItemRec& it : a.items) {
      storage::DemoMaintenanceItemRow r;
      r.id = it.id;
      r.aircraft_id = a.id;
      r.title = it.title;
      r.category = it.category;
      r.reference = it.reference;
      r.meter_basis = "tach";
      r.interval_tenths = it.tenths;
      r.interval_months = it.months;
      r.last_done_on = dateOf(it.last_day);
      r.last_done_meter_tenths = it.last_tach;
      r.blocks_dispatch = it.blocks;
      r.alerted_status = it.status;
      r.created_at = at(a.created);
      r.updated_at = at(std::clamp(it.last_day * kDay + 17 * kHour, a.created, now_ - kMinute));
      item_rows.push_back(std::move(r));
    }
  }
  out.maintenanceItems(item_rows);
  counts.maintenance_items = static_cast<int>(item_rows.size());

  // Work orders: every maintenance visit of the last 18 months, completed and signed off; then today's open
  // ones.
  std::vector<storage::DemoWorkOrderRow> orders;
  std::vector<storage::DemoWorkOrderTaskRow> tasks;
  std::vector<storage::DemoWorkOrderPartRow> parts;
  std::map<int, int64_t> per_year;
  auto taken_numbers = out.existingWorkOrderNumbers();
  std::set<std::string> taken(taken_numbers.begin(), taken_numbers.end());  // seeding twice into one org
  auto number_for = [&](int64_t day) {
    int year = std::stoi(dateOf(day).substr(0, 4));
    for (;;) {
      std::string number = domain::workOrderNumber(year, per_year[year]++);  // the console's numbering
      if (!taken.count(number)) return number;
    }
  };
  std::span<const Mechanic> mechanics =
      loc_.faa ? std::span<const Mechanic>(kFaaMechanics) : std::span<const Mechanic>(kEasaMechanics);
  auto add_order = [&](size_t a, const std::vector<size_t>& items, const std::string& status,
                       std::string title, std::optional<std::string> description, int64_t opened_day,
                       const MxEvent* done) {
    const AircraftRec& ac = fleet_[a];
    bool diesel = std::string_view(ac.type->model).find("NG") != std::string_view::npos ||
                  std::string_view(ac.type->model).find("TDI") != std::string_view::npos;
    int64_t created = std::max(ac.created, std::min(opened_day * kDay + 8 * kHour, now_ - kHour));
    int64_t updated =
        done ? std::max(created, done->at) : std::max(created, now_ - rnd_.between(2, 30) * kHour);
    storage::DemoWorkOrderRow wo;
    wo.id = ids::prefixed("wo_", created * 1000 + rnd_.between(0, 999));
    wo.number = number_for(opened_day);
    wo.aircraft_id = ac.id;
    wo.title = std::move(title);
    wo.description = std::move(description);
    wo.status = status;
    wo.opened_on = dateOf(opened_day);
    if (done) {
      wo.completed_on = dateOf(done->at / kDay);
      wo.completed_hobbs_tenths = done->hobbs;
      wo.completed_tach_tenths = done->tach;
    }
    wo.created_by = owner.empty() ? std::nullopt : std::optional<std::string>(owner);
    wo.created_at = at(created);
    wo.updated_at = at(updated);
    const Mechanic& m =
        mechanics[static_cast<size_t>(rnd_.between(0, static_cast<int64_t>(mechanics.size()) - 1))];
    int64_t position = 0;
    std::set<std::string> parts_seen;
    for (size_t i : items) {
      const ItemRec& it = ac.items[i];
      storage::DemoWorkOrderTaskRow t;
      t.id = ids::prefixed("wot_", created * 1000 + rnd_.between(0, 999));
      t.work_order_id = wo.id;
      t.position = ++position;
      t.description = it.title + (it.reference ? " (" + *it.reference + ")" : "");
      t.maintenance_item_id = it.id;
      t.labour_min = it.labour_min + rnd_.between(-2, 4) * 15;
      if (done) {
        t.signed_off_by = m.name;
        t.signed_off_licence = m.licence;
        t.signed_off_at = at(done->at);
      }
      t.created_at = wo.created_at;
      t.updated_at = wo.updated_at;
      tasks.push_back(std::move(t));
      if (status == "open") continue;  // nothing drawn from stores yet
      for (const PartSpec& ps : partsFor(it.kind, diesel)) {
        if (!parts_seen.insert(ps.number).second) continue;  // one filter even when two items change it
        storage::DemoWorkOrderPartRow pr;
        pr.id = ids::prefixed("wop_", created * 1000 + rnd_.between(0, 999));
        pr.work_order_id = wo.id;
        pr.part_number = ps.number;
        if (ps.serial) pr.serial_number = "SN" + digits(rnd_, 7);
        pr.description = ps.description;
        pr.quantity = ps.quantity;
        pr.unit_cost_minor = ps.unit_cost_minor;
        pr.created_at = wo.created_at;
        pr.updated_at = wo.updated_at;
        parts.push_back(std::move(pr));
      }
    }
    orders.push_back(std::move(wo));
  };
  const int64_t window_first = today_ - window_;
  for (const MxEvent& e : events_) {
    if (e.items.empty() || e.at / kDay < window_first) continue;
    const AircraftRec& ac = fleet_[e.aircraft];
    // Named after the biggest job in the visit.
    const ItemRec* main = &ac.items[e.items.front()];
    for (size_t i : e.items)
      if (ac.items[i].labour_min > main->labour_min) main = &ac.items[i];
    std::string title = main->title;
    if (e.items.size() > 1)
      title += " + " + std::to_string(e.items.size() - 1) + (e.items.size() > 2 ? " tasks" : " task");
    int64_t opened = e.at / kDay - (main->labour_min >= 400 ? 1 : 0);
    add_order(e.aircraft, e.items, "completed", title, std::nullopt, opened, &e);
  }
  for (const OpenOrder& o : open_orders_)
    add_order(o.aircraft, o.items, o.status, o.title, o.description, o.opened_day, nullptr);
  // Numbers in date order per year, as a maintenance organisation hands them out.
  std::stable_sort(orders.begin(), orders.end(),
                   [](const auto& x, const auto& y) { return x.opened_on < y.opened_on; });
  per_year.clear();
  for (auto& wo : orders) {
    int y = std::stoi(wo.opened_on.substr(0, 4));
    wo.number = number_for(timefmt::daysFromCivil(y, 6, 1));
  }
  out.workOrders(orders);
  out.workOrderTasks(tasks);
  out.workOrderParts(parts);
  counts.work_orders = static_cast<int>(orders.size());

  std::vector<storage::DemoComplianceRow> record_rows;
  const char* regime = loc_.faa ? "faa" : "easa";
  for (const ComplianceRec& c : records_) {
    storage::DemoComplianceRow r;
    r.id = ids::prefixed("cr_", c.created * 1000 + rnd_.between(0, 999));
    r.subject = c.pilot >= 0 ? "pilot" : "aircraft";
    r.pilot_id = opt_pilot(c.pilot);
    r.aircraft_id = opt_aircraft(c.aircraft);
    r.type = c.type;
    r.code = c.code;
    r.number = c.number;
    r.regime = regime;
    r.issued_on = dateOf(c.issued_day);
    if (c.valid_until_day) r.valid_until = dateOf(*c.valid_until_day);
    r.created_at = at(c.created);
    r.updated_at = r.created_at;
    record_rows.push_back(std::move(r));
  }
  out.complianceRecords(record_rows);
  counts.compliance_records = static_cast<int>(record_rows.size());

  std::vector<storage::DemoPlanningRow> session_rows;
  for (const SessionRec& s : sessions_) {
    storage::DemoPlanningRow r;
    int64_t created = std::min(s.start - rnd_.between(1, 10) * kDay, now_ - kHour);
    r.id = ids::prefixed("ps_", created * 1000 + rnd_.between(0, 999));
    r.kind = s.kind;
    r.start_at = at(s.start);
    r.end_at = at(s.end);
    r.aircraft_id = opt_aircraft(s.aircraft);
    r.instructor_id = opt_pilot(s.instructor);
    r.student_id = opt_pilot(s.student);
    r.status = s.status;
    r.notes = s.notes;
    if (!owner.empty()) r.created_by = owner;
    r.created_at = at(created);
    r.updated_at = at(std::max(created, std::min(s.end, now_ - kMinute)));
    session_rows.push_back(std::move(r));
  }
  out.planningSessions(session_rows);
  counts.sessions = static_cast<int>(session_rows.size());
  return counts;
}

}  // namespace

DemoDataOptions demoOptionsFor(int flights) {
  if (flights < 1 || flights > kMaxDemoFlights)
    throw std::invalid_argument("demo data: flights must be between 1 and " +
                                std::to_string(kMaxDemoFlights));
  DemoDataOptions opt;
  opt.flights = flights;
  if (flights <= kDefaultDemoFlights) return opt;
  const DemoDataOptions base;
  constexpr int64_t kLongestHistoryDays = 3650;
  constexpr double kBusiestDailyFlights = 1.5;  // per aircraft, averaged over the year
  opt.window_days = static_cast<int>(
      std::min<int64_t>(kLongestHistoryDays, int64_t{base.window_days} * flights / base.flights));
  const double days = opt.window_days;
  const double base_rate = base.flights / (base.aircraft * static_cast<double>(base.window_days));
  const double rate = std::clamp(flights / (base.aircraft * days), base_rate, kBusiestDailyFlights);
  opt.aircraft = std::max(base.aircraft, static_cast<int>(std::ceil(flights / (rate * days))));
  opt.pilots = std::max(base.pilots, static_cast<int>(std::llround(static_cast<double>(base.pilots) *
                                                                   opt.aircraft / base.aircraft)));
  return opt;
}

DemoDataCounts seedOperationsData(storage::Connection& conn, const std::string& org_id,
                                  const DemoDataOptions& opt) {
  storage::DemoWriter existing(conn, org_id);
  if (!existing.orgExists()) {
    throw std::invalid_argument("demo data: organisation " + org_id + " does not exist");
  }
  if (opt.pilots < 3 || opt.aircraft < 1) {
    throw std::invalid_argument("demo data needs at least 3 pilots and 1 aircraft");
  }
  if (opt.country != "FR" && opt.country != "US")
    throw std::invalid_argument("demo data: country is FR or US");
  int64_t now = opt.now_unix > 0 ? opt.now_unix : timefmt::toUnixSeconds(std::chrono::system_clock::now());

  // Seeding twice into one organisation must not collide on registrations or e-mail addresses.
  auto taken = existing.existingRegistrations();
  std::unordered_set<std::string> registrations(taken.begin(), taken.end());
  int64_t existing_pilots = existing.existingPilotCount();

  Seeder seeder(opt, now);
  seeder.makePilots(opt.pilots, existing_pilots + 1);
  seeder.makeAccounts();
  seeder.makeFleet(opt.aircraft, registrations);
  seeder.makeFlights(opt.flights);
  seeder.review();
  seeder.makeMaintenance();
  seeder.makeCompliance();
  seeder.makePlanning();
  DemoDataCounts counts = seeder.write(conn, org_id);

  // Airworthiness, alerts and currency as the services compute them.
  SysTime now_tp{std::chrono::seconds(now)};
  for (const std::string& id : seeder.aircraftIds()) reassessAircraftMaintenance(conn, org_id, id, now_tp);
  refreshPilotCurrency(conn, org_id, seeder.pilotIds(), now_tp);
  return counts;
}

}  // namespace gaflight::service
