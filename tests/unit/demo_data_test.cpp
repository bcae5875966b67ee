#include "service/demo_data.hpp"

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
  TempDb() {
    path_ = fs::temp_directory_path() / ("gaflight-demo-" + ids::newUlid() + ".db");
    db_ = storage::openDatabase("sqlite:" + path_.string());
    storage::migrate(conn());
    conn().run(
        "INSERT INTO orgs(id, name, time_zone, country, currency, created_at, updated_at) "
        "VALUES (?1, 'Aéroclub de Toussus', 'Europe/Paris', 'FR', 'EUR', ?2, ?2)",
        {std::string(kOrg), timefmt::formatInstant(kNow - 3 * 365 * 86400)});
  }
  ~TempDb() {
    db_.reset();
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path_.string() + suffix, ec);
  }
  TempDb(const TempDb&) = delete;
  TempDb& operator=(const TempDb&) = delete;
  Connection& conn() { return db_->connection(); }

  DemoDataCounts seed(const DemoDataOptions& opt) {
    storage::Transaction tx(conn(), true);
    DemoDataCounts counts = seedOperationsData(conn(), kOrg, opt);
    tx.commit();
    return counts;
  }
  int64_t count(const std::string& sql) { return conn().scalarInt(sql, {std::string(kOrg)}).value_or(-1); }

 private:
  fs::path path_;
  std::unique_ptr<storage::Database> db_;
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
  EXPECT_GE(counts_.submitted, 240);
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
  EXPECT_GE(counts_.submitted, 200);
  EXPECT_EQ(
      db_->count("SELECT count(*) FROM flights WHERE org_id = ?1 AND status = 'submitted' AND "
                 "(reviewed_by IS NOT NULL OR reviewed_at IS NOT NULL OR rejection_reason IS NOT NULL OR "
                 "updated_at != submitted_at)"),
      0);
  // The submitted ones are the most recent.
  auto oldest_submitted = db_->conn().scalarText(
      "SELECT min(on_block_at) FROM flights WHERE org_id = ?1 AND status = 'submitted'", {std::string(kOrg)});
  auto newest_reviewed = db_->conn().scalarText(
      "SELECT max(on_block_at) FROM flights WHERE org_id = ?1 AND status != 'submitted'",
      {std::string(kOrg)});
  ASSERT_TRUE(oldest_submitted && newest_reviewed);
  EXPECT_GE(*oldest_submitted, *newest_reviewed);

  EXPECT_EQ(db_->count("SELECT count(*) FROM flights WHERE org_id = ?1 AND status != 'submitted' AND "
                       "(reviewed_by IS NULL OR reviewed_at IS NULL OR reviewed_at <= on_block_at OR "
                       "reviewed_at <= submitted_at OR updated_at != reviewed_at)"),
            0);
  EXPECT_EQ(db_->count("SELECT count(*) FROM flights f LEFT JOIN pilots r ON r.id = f.reviewed_by "
                       "WHERE f.org_id = ?1 AND f.status != 'submitted' AND "
                       "(r.id IS NULL OR r.roles NOT LIKE '%\"instructor\"%')"),
            0);
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
  opt.submitted_flights = 30;
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
  EXPECT_EQ(counts.submitted, 30);
  EXPECT_EQ(db.count("SELECT count(*) FROM flights WHERE org_id = ?1"), 600);
}

TEST(DemoData, SeedingTwiceKeepsRegistrationsAndEmailsUnique) {
  TempDb db;
  db.seed(smallOptions());
  db.seed(smallOptions());
  EXPECT_EQ(db.count("SELECT count(DISTINCT registration) FROM aircraft WHERE org_id = ?1"), 10);
  EXPECT_EQ(db.count("SELECT count(DISTINCT email) FROM pilots WHERE org_id = ?1"), 80);
}

TEST(DemoData, RejectsUnknownOrganisation) {
  TempDb db;
  storage::Transaction tx(db.conn(), true);
  EXPECT_THROW(seedOperationsData(db.conn(), "no-such-org", smallOptions()), std::invalid_argument);
}

}  // namespace
}  // namespace gaflight::service
