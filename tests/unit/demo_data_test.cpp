#include "service/demo_data.hpp"

#include "service/demo.hpp"
#include "storage/change_clock.hpp"
#include "storage/identity_repository.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "storage/migrations/migrations.hpp"
#include "storage/sql.hpp"

namespace gaflight::service {
namespace {

namespace fs = std::filesystem;
using storage::Connection;
using storage::RowView;

// 2026-11-27T10:30:00Z: a fixed "today" keeps the assertions independent of the wall clock.
const int64_t kNow = timefmt::daysFromCivil(2026, 11, 27) * 86400 + 10 * 3600 + 30 * 60;
constexpr const char* kOrg = "0b9f3c1e-5d4a-4c8e-9a7b-2f6d1e3c4b5a";

// A fresh migrated SQLite file with one organisation; removed (with its WAL files) afterwards.
class TempDb {
 public:
  explicit TempDb(bool us = false) {
    path_ = fs::temp_directory_path() / ("gaflight-demo-" + ids::newUlid() + ".db");
    db_ = storage::openDatabase("sqlite:" + path_.string());
    storage::migrate(conn());
    std::string created = timefmt::formatInstant(kNow - 3 * 365 * 86400);
    storage::IdentityRepository identity(conn());
    identity.insertOrg({kOrg, us ? "Bay Area Flight Academy" : "Aéroclub de Toussus",
                        us ? "America/Los_Angeles" : "Europe/Paris", us ? "US" : "FR", us ? "USD" : "EUR",
                        created, created});
    owner_ = ids::prefixed("usr_");
    identity.insertUser({owner_, "owner-" + owner_ + "@example.org", "Owner", created, created}, "!");
    identity.addMembership(kOrg, owner_, "owner", created);
  }
  ~TempDb() {
    db_.reset();
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path_.string() + suffix, ec);
  }
  TempDb(const TempDb&) = delete;
  TempDb& operator=(const TempDb&) = delete;
  Connection& conn() { return db_->connection(); }

  DemoDataCounts seed(DemoDataOptions opt) {
    storage::Transaction tx(conn(), storage::TxMode::kWrite);
    storage::ChangeClock clock(conn());
    clock.beginBulkLoad(kOrg);  // as the demo does: history keeps its own instants
    opt.submitter_user_id = owner_;
    opt.instructor_account = demoInstructorAccounts(conn(), kOrg);
    DemoDataCounts counts = seedOperationsData(conn(), kOrg, opt);
    clock.endBulkLoad(kOrg);
    tx.commit();
    return counts;
  }
  int64_t count(const std::string& sql) { return conn().scalarInt(sql, {std::string(kOrg)}).value_or(-1); }

  const std::string& owner() const { return owner_; }

 private:
  fs::path path_;
  std::unique_ptr<storage::Database> db_;
  std::string owner_;
};

int64_t parse(std::string_view instant) {
  auto t = timefmt::parseInstant(instant);
  EXPECT_TRUE(t.has_value()) << instant;
  return t.value_or(0);
}

// The default (acceptance) volumes are seeded once and shared by the checks below.
class DemoDataDefaults : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = new TempDb();
    opt_.now_unix = kNow;
    auto start = std::chrono::steady_clock::now();
    counts_ = db_->seed(opt_);
    seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  static void TearDownTestSuite() {
    delete db_;
    db_ = nullptr;
  }
  static TempDb* db_;
  static DemoDataOptions opt_;
  static DemoDataCounts counts_;
  static double seconds_;
};
TempDb* DemoDataDefaults::db_ = nullptr;
DemoDataOptions DemoDataDefaults::opt_;
DemoDataCounts DemoDataDefaults::counts_;
double DemoDataDefaults::seconds_ = 0;

TEST_F(DemoDataDefaults, InsertsAtLeastTheRequestedVolumesQuickly) {
  RecordProperty("seed_seconds", std::to_string(seconds_));
  EXPECT_LT(seconds_, 10.0);
  EXPECT_GE(counts_.pilots, 220);
  EXPECT_GE(counts_.aircraft, 16);
  EXPECT_GE(counts_.flights, 5200);
  EXPECT_GT(counts_.submitted, 0);  // the last few days' flights, awaiting review
  EXPECT_LT(counts_.submitted, 100);
  EXPECT_EQ(db_->count("SELECT count(*) FROM pilots WHERE org_id = ?1"), counts_.pilots);
  EXPECT_EQ(db_->count("SELECT count(*) FROM aircraft WHERE org_id = ?1"), counts_.aircraft);
  EXPECT_EQ(db_->count("SELECT count(*) FROM flights WHERE org_id = ?1"), counts_.flights);
  EXPECT_EQ(db_->count("SELECT count(*) FROM flights WHERE org_id = ?1 AND status = 'submitted'"),
            counts_.submitted);
}

TEST_F(DemoDataDefaults, PilotsAreARealisticMix) {
  int64_t total = counts_.pilots;
  int64_t students =
      db_->count("SELECT count(*) FROM pilots WHERE org_id = ?1 AND roles LIKE '%\"student\"%'");
  int64_t members = db_->count("SELECT count(*) FROM pilots WHERE org_id = ?1 AND roles LIKE '%\"member\"%'");
  int64_t instructors =
      db_->count("SELECT count(*) FROM pilots WHERE org_id = ?1 AND roles LIKE '%\"instructor\"%'");
  EXPECT_NEAR(static_cast<double>(students) / total, 0.6, 0.06);
  EXPECT_NEAR(static_cast<double>(members) / total, 0.33, 0.08);  // includes instructors who are also members
  EXPECT_NEAR(static_cast<double>(instructors) / total, 0.1, 0.03);
  EXPECT_GT(db_->count("SELECT count(*) FROM pilots WHERE org_id = ?1 AND roles LIKE '%,%'"),
            0);  // two roles
  EXPECT_EQ(db_->count("SELECT count(*) FROM pilots WHERE org_id = ?1 AND roles NOT LIKE '[\"%\"]'"), 0);

  EXPECT_GT(db_->count("SELECT count(*) FROM pilots WHERE org_id = ?1 AND status = 'active'"),
            total * 8 / 10);
  EXPECT_GT(db_->count("SELECT count(*) FROM pilots WHERE org_id = ?1 AND status = 'inactive'"), 0);
  EXPECT_EQ(
      db_->count("SELECT count(*) FROM pilots WHERE org_id = ?1 AND status NOT IN ('active','inactive')"), 0);

  // E-mails: present, unique, on reserved example domains.
  EXPECT_EQ(db_->count("SELECT count(DISTINCT email) FROM pilots WHERE org_id = ?1"), total);
  EXPECT_EQ(db_->count("SELECT count(*) FROM pilots WHERE org_id = ?1 AND NOT (email LIKE '%@example.org' OR "
                       "email LIKE '%@example.com')"),
            0);

  EXPECT_EQ(db_->count("SELECT count(*) FROM pilots WHERE org_id = ?1 AND licence_type IS NOT NULL AND "
                       "licence_type NOT IN ('SPL','LAPL','PPL','CPL','ATPL')"),
            0);
  EXPECT_EQ(db_->count("SELECT count(*) FROM pilots WHERE org_id = ?1 AND roles LIKE '%\"instructor\"%' AND "
                       "licence_type NOT IN ('CPL','ATPL')"),
            0);
  EXPECT_EQ(db_->count("SELECT count(*) FROM pilots WHERE org_id = ?1 AND medical_class IS NOT NULL AND "
                       "medical_class NOT IN ('class_1','class_2','lapl')"),
            0);
  // Compliance has something to show: expired and expiring-within-60-days medicals.
  std::string today = timefmt::formatDate(kNow);
  std::string soon = timefmt::formatDate(kNow + 60 * 86400);
  EXPECT_GT(db_->conn()
                .scalarInt("SELECT count(*) FROM pilots WHERE org_id = ?1 AND medical_valid_until < ?2",
                           {std::string(kOrg), today})
                .value_or(0),
            0);
  EXPECT_GT(db_->conn()
                .scalarInt("SELECT count(*) FROM pilots WHERE org_id = ?1 AND medical_valid_until >= ?2 "
                           "AND medical_valid_until <= ?3",
                           {std::string(kOrg), today, soon})
                .value_or(0),
            0);
  EXPECT_EQ(db_->conn()
                .scalarInt("SELECT count(*) FROM pilots WHERE org_id = ?1 AND (created_at < ?2 OR "
                           "updated_at < created_at OR updated_at > ?3)",
                           {std::string(kOrg), timefmt::formatInstant(kNow - 3 * 366 * 86400),
                            timefmt::formatInstant(kNow)})
                .value_or(-1),
            0);
  EXPECT_EQ(
      db_->count(
          "SELECT count(*) FROM pilots WHERE org_id = ?1 AND (home_base IS NULL OR length(home_base) != 4)"),
      0);
}

TEST_F(DemoDataDefaults, FleetHasOneInMaintenanceAndOneGrounded) {
  EXPECT_EQ(db_->count("SELECT count(*) FROM aircraft WHERE org_id = ?1 AND status = 'maintenance'"), 1);
  EXPECT_EQ(db_->count("SELECT count(*) FROM aircraft WHERE org_id = ?1 AND status = 'grounded' AND "
                       "airworthiness = 'not_airworthy'"),
            1);
  EXPECT_EQ(db_->count("SELECT count(*) FROM aircraft WHERE org_id = ?1 AND status = 'available' AND "
                       "airworthiness = 'airworthy'"),
            counts_.aircraft - 2);
  EXPECT_EQ(db_->count("SELECT count(DISTINCT registration) FROM aircraft WHERE org_id = ?1"),
            counts_.aircraft);
  EXPECT_GE(db_->count("SELECT count(*) FROM aircraft WHERE org_id = ?1 AND (registration LIKE 'F-G%' OR "
                       "registration LIKE 'F-H%')"),
            counts_.aircraft - 2);
  EXPECT_EQ(
      db_->count("SELECT count(*) FROM aircraft WHERE org_id = ?1 AND (seats < 2 OR hourly_rate_minor <= 0 "
                 "OR year < 1970 OR tach_tenths >= hobbs_tenths)"),
      0);
  // Final meters equal the end of the last flight of each aircraft.
  EXPECT_EQ(
      db_->count("SELECT count(*) FROM aircraft a WHERE a.org_id = ?1 AND ("
                 "a.hobbs_tenths != (SELECT f.hobbs_end_tenths FROM flights f WHERE f.aircraft_id = a.id "
                 "ORDER BY f.off_block_at DESC LIMIT 1) OR "
                 "a.tach_tenths != (SELECT f.tach_end_tenths FROM flights f WHERE f.aircraft_id = a.id "
                 "ORDER BY f.off_block_at DESC LIMIT 1))"),
      0);
}

TEST_F(DemoDataDefaults, MeterChainsAreContinuousAndFlightsDoNotOverlap) {
  struct Row {
    std::string aircraft, registration, date, off, takeoff, landing, on;
    int64_t block, air, night, ifr, hobbs_start, hobbs_end, tach_start, tach_end;
  };
  std::vector<Row> rows;
  db_->conn().run(
      "SELECT f.aircraft_id, f.aircraft_registration, f.flight_date, f.off_block_at, f.takeoff_at, "
      "f.landing_at, "
      "f.on_block_at, f.block_min, f.air_min, f.night_min, f.ifr_min, f.hobbs_start_tenths, "
      "f.hobbs_end_tenths, "
      "f.tach_start_tenths, f.tach_end_tenths FROM flights f WHERE f.org_id = ?1 ORDER BY f.aircraft_id, "
      "f.off_block_at",
      {std::string(kOrg)}, [&](const RowView& r) {
        rows.push_back({r.str(0), r.str(1), r.str(2), r.str(3), r.str(4), r.str(5), r.str(6), r.integer(7),
                        r.integer(8), r.integer(9), r.integer(10), r.integer(11), r.integer(12),
                        r.integer(13), r.integer(14)});
      });
  ASSERT_EQ(static_cast<int64_t>(rows.size()), counts_.flights);
  int failures = 0;
  auto check = [&](bool ok, const Row& r, const char* what) {
    if (!ok && ++failures <= 10) ADD_FAILURE() << what << " on " << r.registration << " at " << r.off;
  };
  int64_t night_flights = 0, ifr_flights = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    const Row& r = rows[i];
    int64_t off = parse(r.off), takeoff = parse(r.takeoff), landing = parse(r.landing), on = parse(r.on);
    check(off < takeoff && takeoff < landing && landing < on, r, "time order");
    check(r.block == (on - off) / 60 && r.air == (landing - takeoff) / 60, r, "block/air minutes");
    check(r.date == r.off.substr(0, 10), r, "flight_date");
    check(r.night >= 0 && r.night <= r.air && r.ifr >= 0 && r.ifr <= r.air, r, "night/ifr within air time");
    int64_t hobbs = r.hobbs_end - r.hobbs_start, tach = r.tach_end - r.tach_start;
    check(hobbs > 0 && tach > 0 && tach <= hobbs, r, "meter deltas");
    check(std::abs(hobbs * 6 - r.block) <= 6, r, "hobbs ~ block time");
    check(off >= kNow - 548 * 86400 && on <= kNow, r, "within the last 18 months");
    if (r.night > 0) ++night_flights;
    if (r.ifr > 0) ++ifr_flights;
    if (i > 0 && rows[i - 1].aircraft == r.aircraft) {
      const Row& prev = rows[i - 1];
      check(r.hobbs_start == prev.hobbs_end && r.tach_start == prev.tach_end, r, "meter chain");
      check(off >= parse(prev.on), r, "overlap with previous flight");
    }
  }
  EXPECT_GT(night_flights, 0);
  EXPECT_LT(night_flights, counts_.flights / 20);  // a few winter evenings, not routine
  EXPECT_GT(ifr_flights, 0);
  EXPECT_EQ(db_->count("SELECT count(*) FROM flights f JOIN aircraft a ON a.id = f.aircraft_id "
                       "WHERE f.org_id = ?1 AND f.aircraft_registration != a.registration"),
            0);
}

TEST_F(DemoDataDefaults, CrewsMatchThePurpose) {
  EXPECT_EQ(
      db_->count("SELECT count(*) FROM flights f LEFT JOIN pilots i ON i.id = f.instructor_id "
                 "WHERE f.org_id = ?1 AND f.purpose IN ('dual_training','discovery','check_ride') AND "
                 "(i.id IS NULL OR i.roles NOT LIKE '%\"instructor\"%' OR f.instructor_id = f.pilot_id)"),
      0);
  EXPECT_EQ(
      db_->count("SELECT count(*) FROM flights WHERE org_id = ?1 AND purpose IN ('solo_training','rental') "
                 "AND instructor_id IS NOT NULL"),
      0);
  EXPECT_EQ(
      db_->count("SELECT count(*) FROM flights f JOIN pilots p ON p.id = f.pilot_id WHERE f.org_id = ?1 "
                 "AND f.purpose = 'solo_training' AND p.roles NOT LIKE '%\"student\"%'"),
      0);
  EXPECT_EQ(
      db_->count("SELECT count(*) FROM flights f JOIN pilots p ON p.id = f.pilot_id WHERE f.org_id = ?1 "
                 "AND f.purpose = 'rental' AND p.roles NOT LIKE '%\"member\"%'"),
      0);
  EXPECT_EQ(
      db_->count("SELECT count(*) FROM flights f JOIN pilots p ON p.id = f.pilot_id WHERE f.org_id = ?1 "
                 "AND f.off_block_at < p.created_at"),
      0);
  for (const char* purpose : {"dual_training", "solo_training", "rental", "check_ride", "discovery"}) {
    EXPECT_GT(db_->conn()
                  .scalarInt("SELECT count(*) FROM flights WHERE org_id = ?1 AND purpose = ?2",
                             {std::string(kOrg), std::string(purpose)})
                  .value_or(0),
              0)
        << purpose;
  }
  // Most flights are round trips from home; some are cross-country.
  int64_t away =
      db_->count("SELECT count(*) FROM flights WHERE org_id = ?1 AND departure_icao != arrival_icao");
  EXPECT_GT(away, 0);
  EXPECT_LT(away, counts_.flights / 4);

  // Nobody sits in two aircraft at once (as pilot or instructor).
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> by_person;
  db_->conn().run("SELECT pilot_id, instructor_id, off_block_at, on_block_at FROM flights WHERE org_id = ?1",
                  {std::string(kOrg)}, [&](const RowView& r) {
                    by_person[r.str(0)].emplace_back(r.str(2), r.str(3));
                    if (!r.isNull(1)) by_person[r.str(1)].emplace_back(r.str(2), r.str(3));
                  });
  int overlaps = 0;
  for (auto& [person, spans] : by_person) {
    std::sort(spans.begin(), spans.end());
    for (size_t i = 1; i < spans.size(); ++i) {
      if (spans[i].first < spans[i - 1].second) ++overlaps;
    }
  }
  EXPECT_EQ(overlaps, 0);
}

TEST_F(DemoDataDefaults, ReviewStatesAreConsistent) {
  EXPECT_EQ(
      db_->count("SELECT count(*) FROM flights WHERE org_id = ?1 AND status = 'submitted' AND "
                 "(reviewed_by IS NOT NULL OR reviewed_at IS NOT NULL OR rejection_reason IS NOT NULL OR "
                 "updated_at != submitted_at)"),
      0);
  // Only the last few days' flights still await review: every older one was reviewed one to three days
  // after the day flown.
  EXPECT_EQ(db_->conn()
                .scalarInt("SELECT count(*) FROM flights WHERE org_id = ?1 AND status = 'submitted' AND "
                           "flight_date < ?2",
                           {std::string(kOrg), timefmt::formatDate(kNow - 3 * 86400)})
                .value_or(-1),
            0);
  EXPECT_EQ(db_->count("SELECT count(*) FROM flights WHERE org_id = ?1 AND status != 'submitted' AND "
                       "julianday(substr(reviewed_at, 1, 10)) - julianday(flight_date) NOT BETWEEN 1 AND 3"),
            0);
  // Most within one or two days.
  EXPECT_GT(db_->count("SELECT count(*) FROM flights WHERE org_id = ?1 AND status != 'submitted' AND "
                       "julianday(substr(reviewed_at, 1, 10)) - julianday(flight_date) <= 2"),
            counts_.flights * 7 / 10);

  EXPECT_EQ(db_->count("SELECT count(*) FROM flights WHERE org_id = ?1 AND status != 'submitted' AND "
                       "(reviewed_by IS NULL OR reviewed_at IS NULL OR reviewed_at <= on_block_at OR "
                       "reviewed_at <= submitted_at OR updated_at != reviewed_at)"),
            0);
  // Reviewers are console users with the instructor role; submitters are console users of the school.
  EXPECT_EQ(db_->count("SELECT count(*) FROM flights f LEFT JOIN memberships m ON m.user_id = f.reviewed_by "
                       "AND m.org_id = f.org_id WHERE f.org_id = ?1 AND f.status != 'submitted' AND "
                       "(f.reviewed_by NOT LIKE 'usr_%' OR m.role IS NOT 'instructor')"),
            0);
  EXPECT_EQ(db_->count("SELECT count(*) FROM flights f LEFT JOIN memberships m ON m.user_id = f.submitted_by "
                       "AND m.org_id = f.org_id WHERE f.org_id = ?1 AND "
                       "(f.submitted_by NOT LIKE 'usr_%' OR m.role IS NULL)"),
            0);
  EXPECT_EQ(
      db_->count("SELECT count(*) FROM flights f WHERE f.org_id = ?1 AND (f.submitted_by IN (SELECT id FROM "
                 "pilots) OR f.reviewed_by IN (SELECT id FROM pilots))"),
      0);
  // Every month of the window up to last week has approved flights.
  std::set<std::string> months;
  db_->conn().run(
      "SELECT DISTINCT substr(flight_date, 1, 7) FROM flights WHERE org_id = ?1 AND status = 'approved'",
      {std::string(kOrg)}, [&](const RowView& r) { months.insert(r.str(0)); });
  for (int64_t day = kNow / 86400 - 530; day <= kNow / 86400 - 5; day += 10)
    EXPECT_TRUE(months.count(timefmt::formatDate(day * 86400).substr(0, 7)))
        << timefmt::formatDate(day * 86400);
  int64_t rejected = db_->count("SELECT count(*) FROM flights WHERE org_id = ?1 AND status = 'rejected'");
  EXPECT_GT(rejected, 0);
  EXPECT_LT(rejected, counts_.flights / 30);
  EXPECT_EQ(db_->count("SELECT count(*) FROM flights WHERE org_id = ?1 AND (status = 'rejected') != "
                       "(rejection_reason IS NOT NULL)"),
            0);
  EXPECT_EQ(db_->conn()
                .scalarInt("SELECT count(*) FROM flights WHERE org_id = ?1 AND (submitted_at < on_block_at "
                           "OR created_at != submitted_at OR updated_at > ?2)",
                           {std::string(kOrg), timefmt::formatInstant(kNow)})
                .value_or(-1),
            0);
}

TEST_F(DemoDataDefaults, IdsCarryTheirPrefixes) {
  int bad = 0;
  db_->conn().run("SELECT id FROM pilots WHERE org_id = ?1", {std::string(kOrg)},
                  [&](const RowView& r) { bad += !ids::isPrefixedId(r.text(0), "plt_"); });
  db_->conn().run("SELECT id FROM aircraft WHERE org_id = ?1", {std::string(kOrg)},
                  [&](const RowView& r) { bad += !ids::isPrefixedId(r.text(0), "acft_"); });
  db_->conn().run("SELECT id FROM flights WHERE org_id = ?1", {std::string(kOrg)},
                  [&](const RowView& r) { bad += !ids::isPrefixedId(r.text(0), "flt_"); });
  EXPECT_EQ(bad, 0);
}

// Remaining tenths of an hour and days of an item today, whichever-first like the maintenance rules.
struct ItemNow {
  std::string aircraft, registration, aircraft_status, airworthiness, title, category, alerted, last_done_on;
  std::optional<int64_t> remaining_tenths, remaining_days;
  int64_t last_meter = 0;
  bool blocks = false;
};

std::vector<ItemNow> itemsNow(TempDb& db) {
  std::vector<ItemNow> out;
  db.conn().run(
      "SELECT a.id, a.registration, a.status, a.airworthiness, m.title, m.category, m.alerted_status, "
      "m.last_done_on, m.last_done_meter_tenths + m.interval_tenths - a.tach_tenths, "
      "CASE WHEN m.interval_months IS NULL THEN NULL ELSE "
      "CAST(julianday(date(m.last_done_on, '+' || m.interval_months || ' months')) - julianday(?2) AS "
      "INTEGER) END, "
      "m.last_done_meter_tenths, m.blocks_dispatch "
      "FROM maintenance_items m JOIN aircraft a ON a.id = m.aircraft_id WHERE m.org_id = ?1",
      {std::string(kOrg), timefmt::formatDate(kNow)}, [&](const RowView& r) {
        out.push_back({r.str(0), r.str(1), r.str(2), r.str(3), r.str(4), r.str(5), r.str(6), r.str(7),
                       r.optInt(8), r.optInt(9), r.integer(10), r.integer(11) != 0});
      });
  return out;
}

TEST_F(DemoDataDefaults, EveryAircraftHasARealisticProgramme) {
  std::map<std::string, std::set<std::string>> titles;
  std::map<std::string, int> ads;
  for (const ItemNow& it : itemsNow(*db_)) {
    titles[it.aircraft].insert(it.title);
    ads[it.aircraft] += it.category == "airworthiness_directive";
  }
  ASSERT_EQ(static_cast<int>(titles.size()), counts_.aircraft);
  for (const auto& [aircraft, t] : titles) {
    EXPECT_TRUE(t.count("50-hour inspection")) << aircraft;
    EXPECT_TRUE(t.count("100-hour inspection")) << aircraft;
    EXPECT_TRUE(t.count("Airworthiness review (ARC)")) << aircraft;
    EXPECT_TRUE(t.count("Transponder, altimeter and static system check")) << aircraft;
    bool oil = false, elt = false;
    for (const auto& title : t) {
      oil |= title.find("il and filter change") != std::string::npos;
      elt |= title.rfind("ELT battery", 0) == 0;
    }
    EXPECT_TRUE(oil && elt) << aircraft;
    EXPECT_GE(ads[aircraft], 1);
    EXPECT_LE(ads[aircraft], 2);
  }
  EXPECT_EQ(
      db_->count("SELECT count(*) FROM maintenance_items WHERE org_id = ?1 AND category = "
                 "'airworthiness_directive' AND reference NOT LIKE 'AD 20__-__-__' AND reference NOT LIKE "
                 "'EASA AD 20__-____'"),
      0);
  EXPECT_EQ(
      db_->count("SELECT count(*) FROM maintenance_items WHERE org_id = ?1 AND (last_done_on IS NULL OR "
                 "last_done_meter_tenths IS NULL OR (interval_tenths IS NULL AND interval_months IS NULL))"),
      0);
}

TEST_F(DemoDataDefaults, MaintenanceStatusIsTodaysWithSomeUpcomingOneNearDueAndOneOverdue) {
  int upcoming = 0, overdue = 0, near = 0;
  for (const ItemNow& it : itemsNow(*db_)) {
    int64_t hours = it.remaining_tenths.value_or(1 << 30), days = it.remaining_days.value_or(1 << 30);
    std::string status = hours <= 0 || days < 0 ? "overdue" : hours <= 100 || days <= 30 ? "upcoming" : "ok";
    EXPECT_EQ(it.alerted, status) << it.registration << " " << it.title;  // seeding is not a transition
    upcoming += status == "upcoming";
    overdue += status == "overdue";
    near += hours > 0 && hours <= 20 && it.aircraft_status == "available";
    if (status == "overdue" && it.blocks) {
      EXPECT_EQ(it.airworthiness, "not_airworthy") << it.registration;
      EXPECT_NE(it.aircraft_status, "available") << it.registration;
    }
  }
  EXPECT_GE(upcoming, 2);
  EXPECT_GE(near, 1);  // an aircraft within two hours of a due point
  EXPECT_GE(overdue, 1);
  EXPECT_LE(overdue, 2);
}

TEST_F(DemoDataDefaults, CompletedWorkOrdersMatchTheItemsLastDone) {
  std::string window_start = timefmt::formatDate(kNow - 540 * 86400);
  // Every item done inside the window has a completed, signed-off task at that date and meter.
  EXPECT_EQ(db_->conn()
                .scalarInt(
                    "SELECT count(*) FROM maintenance_items m WHERE m.org_id = ?1 AND m.last_done_on >= ?2 "
                    "AND NOT EXISTS (SELECT 1 FROM work_order_tasks t JOIN work_orders w ON w.id = "
                    "t.work_order_id WHERE t.maintenance_item_id = m.id AND w.status = 'completed' AND "
                    "w.completed_on = m.last_done_on AND w.completed_tach_tenths = m.last_done_meter_tenths)",
                    {std::string(kOrg), window_start})
                .value_or(-1),
            0);
  EXPECT_GT(db_->count("SELECT count(*) FROM work_orders WHERE org_id = ?1 AND status = 'completed'"),
            counts_.aircraft * 5);
  EXPECT_EQ(db_->count("SELECT count(*) FROM work_orders WHERE org_id = ?1 AND number NOT GLOB "
                       "'WO-20[0-9][0-9]-[0-9][0-9][0-9][0-9]'"),
            0);
  EXPECT_EQ(db_->count("SELECT count(*) FROM work_orders WHERE org_id = ?1 AND (status = 'completed') != "
                       "(completed_on IS NOT NULL AND completed_tach_tenths IS NOT NULL)"),
            0);
  EXPECT_EQ(db_->count("SELECT count(*) FROM work_order_tasks t JOIN work_orders w ON w.id = t.work_order_id "
                       "WHERE t.org_id = ?1 AND w.status = 'completed' AND (t.signed_off_by IS NULL OR "
                       "t.signed_off_licence NOT LIKE 'EASA Part-66 FR.66.%' OR t.labour_min <= 0)"),
            0);
  EXPECT_GT(
      db_->count("SELECT count(*) FROM work_order_parts WHERE org_id = ?1 AND part_number = 'CH48110-1'"), 0);
  EXPECT_EQ(db_->count("SELECT count(*) FROM work_order_parts WHERE org_id = ?1 AND (quantity <= 0 OR "
                       "unit_cost_minor <= 0)"),
            0);
  for (const char* status : {"open", "in_progress", "awaiting_parts"}) {
    EXPECT_EQ(db_->conn()
                  .scalarInt("SELECT count(*) FROM work_orders WHERE org_id = ?1 AND status = ?2",
                             {std::string(kOrg), std::string(status)})
                  .value_or(0),
              1)
        << status;
  }
  EXPECT_EQ(db_->count("SELECT count(*) FROM work_order_tasks t JOIN work_orders w ON w.id = t.work_order_id "
                       "WHERE t.org_id = ?1 AND w.status != 'completed' AND t.signed_off_by IS NOT NULL"),
            0);
}

TEST_F(DemoDataDefaults, EveryPilotsMedicalMatchesTheirRecord) {
  // Every pilot with a medical has exactly that one record; their date of birth makes it valid for its class.
  EXPECT_EQ(
      db_->count("SELECT count(*) FROM pilots p WHERE p.org_id = ?1 AND p.medical_class IS NOT NULL AND "
                 "NOT EXISTS (SELECT 1 FROM compliance_records c WHERE c.pilot_id = p.id AND c.type = "
                 "'medical' AND c.code = CASE p.medical_class WHEN 'class_1' THEN 'EASA-MED-CLASS1' WHEN "
                 "'class_2' THEN "
                 "'EASA-MED-CLASS2' ELSE 'EASA-MED-LAPL' END AND c.valid_until = p.medical_valid_until AND "
                 "c.regime = 'easa' AND c.valid_until = (SELECT max(valid_until) FROM compliance_records "
                 "WHERE pilot_id = p.id AND type = 'medical'))"),
      0);
  EXPECT_EQ(db_->count("SELECT count(*) FROM pilots WHERE org_id = ?1 AND (date_of_birth IS NULL OR "
                       "date_of_birth > date(created_at, '-16 years'))"),
            0);
  struct Row {
    std::string cls, dob, issued, until;
  };
  std::vector<Row> rows;
  db_->conn().run(
      "SELECT p.medical_class, p.date_of_birth, c.issued_on, c.valid_until FROM compliance_records c JOIN "
      "pilots p "
      "ON p.id = c.pilot_id WHERE c.org_id = ?1 AND c.type = 'medical'",
      {std::string(kOrg)}, [&](const RowView& r) {
        rows.push_back({r.str(0), r.str(1), r.str(2), r.str(3)});
      });
  ASSERT_FALSE(rows.empty());
  for (const Row& r : rows) {
    // MED.A.045 upper bounds by age at the examination.
    int age = std::stoi(r.issued.substr(0, 4)) - std::stoi(r.dob.substr(0, 4)) -
              (r.issued.substr(5) < r.dob.substr(5));
    double days = static_cast<double>(parse(r.until + "T00:00:00Z") - parse(r.issued + "T00:00:00Z")) / 86400;
    double max_months = r.cls == "class_1" ? (age < 60 ? 12 : 6)
                        : r.cls == "lapl"  ? (age < 40 ? 60 : 24)
                                           : (age < 40   ? 60
                                              : age < 50 ? 24
                                                         : 12);
    EXPECT_LE(days, max_months * 31) << r.cls << " born " << r.dob << " examined " << r.issued;
    EXPECT_GT(days, 0) << r.cls << " born " << r.dob << " examined " << r.issued;
  }
}

TEST_F(DemoDataDefaults, ComplianceRecordsCoverPilotsAndAircraftWithSomeExpiringAndExpired) {
  std::string today = timefmt::formatDate(kNow), soon = timefmt::formatDate(kNow + 30 * 86400);
  auto count2 = [&](const std::string& sql) {
    storage::Params params{std::string(kOrg), today};
    if (sql.find("?3") != std::string::npos) params.emplace_back(soon);
    return db_->conn().scalarInt(sql, params).value_or(-1);
  };
  EXPECT_GT(count2("SELECT count(*) FROM compliance_records WHERE org_id = ?1 AND valid_until < ?2"), 0);
  EXPECT_GT(
      count2("SELECT count(*) FROM compliance_records WHERE org_id = ?1 AND valid_until BETWEEN ?2 AND ?3"),
      0);
  EXPECT_GT(count2("SELECT count(*) FROM compliance_records WHERE org_id = ?1 AND subject = 'aircraft' AND "
                   "valid_until BETWEEN ?2 AND ?3"),
            0);
  // Licensed EASA pilots (not LAPL) hold an SEP rating and a language proficiency endorsement.
  EXPECT_EQ(
      db_->count(
          "SELECT count(*) FROM pilots p WHERE p.org_id = ?1 AND p.licence_type IN ('PPL','CPL','ATPL') "
          "AND (NOT EXISTS (SELECT 1 FROM compliance_records c WHERE c.pilot_id = p.id AND c.type = "
          "'rating' AND c.code = 'SEP' AND c.valid_until IS NOT NULL) OR NOT EXISTS (SELECT 1 "
          "FROM compliance_records c WHERE c.pilot_id = p.id AND c.type = 'language_proficiency'))"),
      0);
  for (const char* type : {"arc", "insurance", "registration", "radio_licence", "noise_certificate"}) {
    EXPECT_EQ(
        db_->conn()
            .scalarInt("SELECT count(DISTINCT aircraft_id) FROM compliance_records WHERE org_id = ?1 AND "
                       "type = ?2",
                       {std::string(kOrg), std::string(type)})
            .value_or(0),
        counts_.aircraft)
        << type;
  }
  // The ARC follows the airworthiness review item: expired exactly where that item is overdue.
  EXPECT_EQ(
      db_->count(
          "SELECT count(*) FROM compliance_records c JOIN maintenance_items m ON m.aircraft_id = "
          "c.aircraft_id AND m.title = 'Airworthiness review (ARC)' WHERE c.org_id = ?1 AND c.type = "
          "'arc' AND (c.issued_on != m.last_done_on OR c.valid_until != date(m.last_done_on, '+12 months'))"),
      0);
  // (Currency records are computed by the compliance service from the flights, not seeded.)
  EXPECT_EQ(db_->count("SELECT count(*) FROM compliance_records WHERE org_id = ?1 AND type != 'currency' AND "
                       "(regime != 'easa' OR details != '{}' OR issued_on IS NULL)"),
            0);
}

TEST_F(DemoDataDefaults, PlanningSessionsSpanFourWeeksWithoutDoubleBooking) {
  struct S {
    std::string kind, start, end, aircraft, instructor, status;
  };
  std::vector<S> rows;
  db_->conn().run(
      "SELECT kind, start_at, end_at, coalesce(aircraft_id, ''), coalesce(instructor_id, ''), status "
      "FROM planning_sessions WHERE org_id = ?1 AND status != 'cancelled' ORDER BY start_at",
      {std::string(kOrg)}, [&](const RowView& r) {
        rows.push_back({r.str(0), r.str(1), r.str(2), r.str(3), r.str(4), r.str(5)});
      });
  ASSERT_FALSE(rows.empty());
  int overlaps = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].start.size(), 20u);
    for (size_t j = i + 1; j < rows.size() && rows[j].start < rows[i].end; ++j) {  // half-open intervals
      bool same_aircraft = !rows[i].aircraft.empty() && rows[i].aircraft == rows[j].aircraft;
      bool same_instructor = !rows[i].instructor.empty() && rows[i].instructor == rows[j].instructor;
      if (same_aircraft || same_instructor) ++overlaps;
    }
  }
  EXPECT_EQ(overlaps, 0);
  auto day_of = [](const std::string& instant) { return parse(instant) / 86400; };
  EXPECT_LE(day_of(rows.front().start), kNow / 86400 - 13);
  EXPECT_GE(day_of(rows.back().start), kNow / 86400 + 12);
  EXPECT_GE(kNow / 86400 - day_of(rows.front().start), 13);
  EXPECT_LE(kNow / 86400 - day_of(rows.front().start), 14);
  for (const char* status : {"completed", "no_show", "cancelled", "scheduled", "confirmed"}) {
    EXPECT_GT(db_->conn()
                  .scalarInt("SELECT count(*) FROM planning_sessions WHERE org_id = ?1 AND status = ?2",
                             {std::string(kOrg), std::string(status)})
                  .value_or(0),
              0)
        << status;
  }
  EXPECT_GT(
      db_->count("SELECT count(*) FROM planning_sessions WHERE org_id = ?1 AND kind = 'maintenance_block'"),
      0);
  // Past sessions are done with; future ones are booked.
  EXPECT_EQ(
      db_->conn()
          .scalarInt(
              "SELECT count(*) FROM planning_sessions WHERE org_id = ?1 AND kind != 'maintenance_block' "
              "AND ((start_at > ?2 AND status IN ('completed','no_show')) OR (end_at < ?2 AND status IN "
              "('scheduled','confirmed')))",
              {std::string(kOrg), timefmt::formatInstant(kNow)})
          .value_or(-1),
      0);
  EXPECT_EQ(
      db_->count("SELECT count(*) FROM planning_sessions s JOIN aircraft a ON a.id = s.aircraft_id WHERE "
                 "s.org_id = ?1 AND s.kind = 'flight' AND s.status != 'cancelled' AND a.airworthiness != "
                 "'airworthy'"),
      0);
  // A solo student (no instructor) always has a medical valid on the day.
  EXPECT_EQ(db_->count(
                "SELECT count(*) FROM planning_sessions s JOIN pilots p ON p.id = s.student_id WHERE "
                "s.org_id = ?1 AND s.kind = 'flight' AND s.instructor_id IS NULL AND s.status != 'cancelled' "
                "AND (p.medical_valid_until IS NULL OR p.medical_valid_until < substr(s.start_at, 1, 10))"),
            0);
}

DemoDataOptions smallOptions();

TEST(DemoData, UsSchoolIsFaaFlavoured) {
  TempDb db(true);
  DemoDataOptions opt = smallOptions();
  opt.aircraft = 6;
  opt.country = "US";
  db.seed(opt);
  EXPECT_EQ(db.count("SELECT count(*) FROM aircraft WHERE org_id = ?1 AND registration NOT GLOB 'N[1-9]*'"),
            0);
  EXPECT_EQ(db.count("SELECT count(*) FROM pilots WHERE org_id = ?1 AND phone NOT LIKE '+1 %'"), 0);
  EXPECT_EQ(
      db.count(
          "SELECT count(*) FROM pilots WHERE org_id = ?1 AND (home_base NOT LIKE 'K%' OR licence_type NOT "
          "IN ('STUDENT','PRIVATE','COMMERCIAL','ATP') OR (medical_class IS NOT NULL AND medical_class "
          "NOT IN ('class_1','class_2','class_3')))"),
      0);
  EXPECT_GT(db.count("SELECT count(*) FROM pilots WHERE org_id = ?1 AND medical_class = 'class_3'"), 0);
  EXPECT_EQ(db.count("SELECT count(*) FROM flights WHERE org_id = ?1 AND (departure_icao NOT LIKE 'K%' OR "
                     "arrival_icao NOT LIKE 'K%')"),
            0);
  EXPECT_EQ(db.count("SELECT count(*) FROM compliance_records WHERE org_id = ?1 AND type != 'currency' AND "
                     "(regime != 'faa' "
                     "OR type IN ('arc','language_proficiency'))"),
            0);
  EXPECT_EQ(
      db.count("SELECT count(DISTINCT aircraft_id) FROM compliance_records WHERE org_id = ?1 AND type = "
               "'annual'"),
      6);
  // FAA medicals run to the end of a calendar month.
  EXPECT_EQ(db.count("SELECT count(*) FROM compliance_records WHERE org_id = ?1 AND type = 'medical' AND "
                     "date(valid_until, '+1 day') NOT LIKE '%-01'"),
            0);
  EXPECT_EQ(
      db.count("SELECT count(*) FROM maintenance_items WHERE org_id = ?1 AND title = 'Annual inspection'"),
      6);
  EXPECT_GT(
      db.count("SELECT count(*) FROM work_order_tasks WHERE org_id = ?1 AND signed_off_licence LIKE 'A&P %'"),
      0);
  EXPECT_EQ(db.count("SELECT count(*) FROM orgs WHERE id = ?1 AND currency = 'USD' AND country = 'US'"), 1);
  int overdue = 0;
  for (const ItemNow& it : itemsNow(db)) {
    if (it.alerted != "overdue") continue;
    ++overdue;
    EXPECT_EQ(it.airworthiness, "not_airworthy") << it.registration;
  }
  EXPECT_GE(overdue, 1);
  EXPECT_LE(overdue, 2);
}

// Content (not ids) depends only on the seed and "now".
std::vector<std::string> fingerprint(TempDb& db) {
  std::vector<std::string> out;
  db.conn().run(
      "SELECT a.registration || '|' || a.hobbs_tenths || '|' || a.status FROM aircraft a ORDER BY "
      "a.registration",
      {}, [&](const RowView& r) { out.push_back(r.str(0)); });
  db.conn().run(
      "SELECT p.email || '|' || p.roles || '|' || coalesce(p.licence_type, '-') FROM pilots p ORDER BY "
      "p.email",
      {}, [&](const RowView& r) { out.push_back(r.str(0)); });
  db.conn().run(
      "SELECT f.aircraft_registration || '|' || f.off_block_at || '|' || f.purpose || '|' || "
      "f.hobbs_end_tenths || "
      "'|' || p.email || '|' || f.status FROM flights f JOIN pilots p ON p.id = f.pilot_id "
      "ORDER BY f.aircraft_registration, f.off_block_at",
      {}, [&](const RowView& r) { out.push_back(r.str(0)); });
  return out;
}

DemoDataOptions smallOptions() {
  DemoDataOptions opt;
  opt.pilots = 40;
  opt.aircraft = 5;
  opt.flights = 600;
  opt.now_unix = kNow;
  return opt;
}

TEST(DemoData, SameSeedSameContent) {
  TempDb a, b;
  a.seed(smallOptions());
  b.seed(smallOptions());
  EXPECT_EQ(fingerprint(a), fingerprint(b));

  TempDb c;
  DemoDataOptions other = smallOptions();
  other.seed = 7;
  c.seed(other);
  EXPECT_NE(fingerprint(a), fingerprint(c));
}

TEST(DemoData, HonoursCustomVolumes) {
  TempDb db;
  DemoDataCounts counts = db.seed(smallOptions());
  EXPECT_EQ(counts.pilots, 40);
  EXPECT_EQ(counts.aircraft, 5);
  EXPECT_EQ(counts.flights, 600);
  EXPECT_EQ(db.count("SELECT count(*) FROM flights WHERE org_id = ?1 AND status = 'submitted'"),
            counts.submitted);
  EXPECT_EQ(db.count("SELECT count(*) FROM flights WHERE org_id = ?1"), 600);
}

TEST(DemoData, SeedingTwiceKeepsRegistrationsAndEmailsUnique) {
  TempDb db;
  db.seed(smallOptions());
  db.seed(smallOptions());
  EXPECT_EQ(db.count("SELECT count(DISTINCT registration) FROM aircraft WHERE org_id = ?1"), 10);
  EXPECT_EQ(db.count("SELECT count(DISTINCT email) FROM pilots WHERE org_id = ?1"), 80);
}

TEST(DemoData, ABacklogKeepsTheMostRecentFlightsAwaitingReview) {
  TempDb db;
  DemoDataOptions opt = smallOptions();
  opt.min_awaiting_review = 60;
  DemoDataCounts counts = db.seed(opt);
  EXPECT_GE(counts.submitted, 60);
  auto oldest_submitted = db.conn().scalarText(
      "SELECT min(on_block_at) FROM flights WHERE org_id = ?1 AND status = 'submitted'", {std::string(kOrg)});
  auto newest_reviewed =
      db.conn().scalarText("SELECT max(on_block_at) FROM flights WHERE org_id = ?1 AND status != 'submitted'",
                           {std::string(kOrg)});
  ASSERT_TRUE(oldest_submitted && newest_reviewed);
  EXPECT_GE(*oldest_submitted, *newest_reviewed);
  EXPECT_EQ(
      db.count("SELECT count(*) FROM flights WHERE org_id = ?1 AND status = 'submitted' AND (reviewed_by IS "
               "NOT NULL OR rejection_reason IS NOT NULL)"),
      0);
}

TEST(DemoData, RejectsUnknownOrganisation) {
  TempDb db;
  storage::Transaction tx(db.conn(), storage::TxMode::kWrite);
  EXPECT_THROW(seedOperationsData(db.conn(), "no-such-org", smallOptions()), std::invalid_argument);
}

}  // namespace
}  // namespace gaflight::service
namespace gaflight::service {
namespace {
// The shaped picture (one aircraft near a due point, at most two overdue items, work orders behind every
// completion, no double booking, medicals on file, review lag) holds for other seeds, dates and countries.
TEST(DemoData, InvariantsHoldForOtherSeedsAndDates) {
  for (int k = 0; k < 4; ++k) {
    TempDb db(k % 2 == 1);
    DemoDataOptions opt;
    opt.seed = 1000 + k;
    opt.now_unix = kNow + k * 97 * 86400 + k * 3600;  // other seasons too
    if (k % 2) opt.country = "US";
    db.seed(opt);
    int up = 0, od = 0, near = 0;
    db.conn().run(
        "SELECT m.alerted_status, m.last_done_meter_tenths + m.interval_tenths - a.tach_tenths, a.status, "
        "a.airworthiness FROM maintenance_items m JOIN aircraft a ON a.id = m.aircraft_id",
        {}, [&](const RowView& r) {
          up += r.str(0) == "upcoming";
          od += r.str(0) == "overdue";
          if (!r.isNull(1) && r.integer(1) > 0 && r.integer(1) <= 20 && r.str(2) == "available") ++near;
          if (r.str(0) == "overdue") {
            EXPECT_EQ(r.str(3), "not_airworthy");
          }
        });
    EXPECT_GE(up, 2) << k;
    EXPECT_GE(near, 1);
    EXPECT_LE(od, 2);
    EXPECT_EQ(
        db.conn()
            .scalarInt(
                "SELECT count(*) FROM maintenance_items m WHERE m.org_id = ?1 AND m.last_done_on >= ?2 AND "
                "NOT EXISTS (SELECT 1 FROM work_order_tasks t JOIN work_orders w ON w.id = t.work_order_id "
                "WHERE t.maintenance_item_id = m.id AND w.status = 'completed' AND w.completed_on = "
                "m.last_done_on AND w.completed_tach_tenths = m.last_done_meter_tenths)",
                {std::string(kOrg), timefmt::formatDate(opt.now_unix - 540 * 86400)})
            .value_or(-1),
        0);
    EXPECT_EQ(
        db.count(
            "SELECT count(*) FROM planning_sessions a JOIN planning_sessions b ON a.id < b.id AND a.start_at "
            "< b.end_at AND b.start_at < a.end_at AND ((a.aircraft_id = b.aircraft_id) OR (a.instructor_id = "
            "b.instructor_id)) WHERE a.org_id = ?1 AND a.status != 'cancelled' AND b.status != 'cancelled'"),
        0);
    EXPECT_EQ(db.count("SELECT count(*) FROM pilots p WHERE p.org_id = ?1 AND p.medical_class IS NOT NULL "
                       "AND NOT EXISTS (SELECT 1 FROM compliance_records c WHERE c.pilot_id = p.id AND "
                       "c.type = 'medical' AND c.valid_until = p.medical_valid_until)"),
              0);
    EXPECT_EQ(db.count("SELECT count(*) FROM flights WHERE org_id = ?1 AND status != 'submitted' AND "
                       "julianday(substr(reviewed_at, 1, 10)) - julianday(flight_date) NOT BETWEEN 1 AND 3"),
              0);
  }
}

// Up to the default the school is today's; beyond it the history grows to ten years, then the school.
TEST(DemoData, SizeForFlightsKeepsTheDefaultSchoolAndGrowsRealistically) {
  const DemoDataOptions base;
  for (int flights : {1, 600, kDefaultDemoFlights}) {
    DemoDataOptions opt = demoOptionsFor(flights);
    EXPECT_EQ(opt.flights, flights);
    EXPECT_EQ(opt.pilots, base.pilots);
    EXPECT_EQ(opt.aircraft, base.aircraft);
    EXPECT_EQ(opt.window_days, base.window_days);
  }
  DemoDataOptions mid = demoOptionsFor(20000);  // ~5.7 years at today's use of the same fleet
  EXPECT_EQ(mid.aircraft, base.aircraft);
  EXPECT_GT(mid.window_days, 5 * 365);
  EXPECT_LT(mid.window_days, 6 * 365);
  DemoDataOptions big = demoOptionsFor(1000000);  // ten years of a large academy
  EXPECT_EQ(big.window_days, 3650);
  EXPECT_GE(big.aircraft, 150);
  EXPECT_LE(big.aircraft, 250);
  EXPECT_LE(1000000.0 / (big.aircraft * 3650.0), 1.5);  // flights per aircraft and day
  EXPECT_NEAR(static_cast<double>(big.pilots) / big.aircraft, 220.0 / 16, 0.5);
  int previous = 0;
  for (int flights = 5000; flights <= kMaxDemoFlights; flights *= 2) {  // never a smaller school for more
    DemoDataOptions opt = demoOptionsFor(flights);
    EXPECT_GE(opt.aircraft * opt.window_days, previous) << flights;
    previous = opt.aircraft * opt.window_days;
  }
  EXPECT_THROW(demoOptionsFor(0), std::invalid_argument);
  EXPECT_THROW(demoOptionsFor(kMaxDemoFlights + 1), std::invalid_argument);
}

// A longer history keeps the invariants: meters chain, nobody flies before joining.
TEST(DemoData, ALongerHistoryKeepsMetersChainedAndCrewsMembers) {
  TempDb db;
  DemoDataOptions opt = demoOptionsFor(12000);
  opt.now_unix = kNow;
  DemoDataCounts counts = db.seed(opt);
  EXPECT_EQ(counts.flights, 12000);
  EXPECT_EQ(db.count("SELECT count(*) FROM flights WHERE org_id = ?1 AND flight_date < '2024-01-01'") > 0,
            true);
  EXPECT_EQ(
      db.count("SELECT count(*) FROM (SELECT hobbs_start_tenths AS hs, tach_start_tenths AS ts, "
               "lag(hobbs_end_tenths) OVER w AS he, lag(tach_end_tenths) OVER w AS te FROM flights WHERE "
               "org_id = ?1 WINDOW w AS (PARTITION BY aircraft_id ORDER BY off_block_at)) WHERE he IS NOT "
               "NULL AND (hs <> he OR ts <> te)"),
      0);
  EXPECT_EQ(
      db.count("SELECT count(*) FROM flights f JOIN pilots p ON p.id = f.pilot_id WHERE f.org_id = ?1 AND "
               "p.created_at > f.off_block_at"),
      0);
  EXPECT_EQ(
      db.count("SELECT count(*) FROM flights f JOIN pilots p ON p.id = f.instructor_id WHERE f.org_id = ?1 "
               "AND p.created_at > f.off_block_at"),
      0);
}

}  // namespace
}  // namespace gaflight::service
