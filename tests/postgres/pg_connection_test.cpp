// The PostgreSQL driver against a real server (scripts/with-postgres.sh provides one). Everything
// runs in the schema gaflight_pg_test, dropped and recreated before each test.
#include "storage/postgres/pg_connection.hpp"

#include <gtest/gtest.h>

#include <sys/wait.h>

#include <array>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>

#include "pg_test_support.hpp"
#include "storage/migrations/migrations.hpp"
#include "storage/sql.hpp"
#include "support/db_error_kind.hpp"

namespace gaflight::storage {
namespace {

using gaflight::testing::dbErrorKind;
std::string g_base_url;  // GAFLIGHT_TEST_PG_URL
}  // namespace

std::string pgTestUrl() {
  return g_base_url + (g_base_url.find('?') == std::string::npos ? "?" : "&") +
         "options=-csearch_path%3Dgaflight_pg_test";
}

namespace {
std::string testUrl() { return pgTestUrl(); }

class PgTest : public ::testing::Test {
 protected:
  void SetUp() override {
    health = std::make_shared<DatabaseHealth>();
    conn = std::make_unique<PgConnection>(testUrl(), PgSettings{health});
    conn->execScript(
        std::string(kPgResetTestSchema) +
        "CREATE TABLE parents (id BIGINT PRIMARY KEY, name TEXT NOT NULL UNIQUE CHECK (name <> 'forbidden'));"
        "CREATE TABLE children (id BIGSERIAL PRIMARY KEY, parent_id BIGINT NOT NULL REFERENCES parents(id),"
        "  n BIGINT, x DOUBLE PRECISION, s TEXT, flag BOOLEAN);");
  }
  std::unique_ptr<PgConnection> other() { return std::make_unique<PgConnection>(testUrl(), PgSettings{}); }
  int64_t countParents(Connection& c) { return c.scalarInt("SELECT count(*) FROM parents").value_or(-1); }

  std::shared_ptr<DatabaseHealth> health;
  std::unique_ptr<PgConnection> conn;
};

// Kills `pid`'s session from another connection and waits until the server has let it go.
void terminateBackend(int pid) {
  auto killer = std::make_unique<PgConnection>(testUrl(), PgSettings{});
  ASSERT_EQ(killer->scalarText("SELECT pg_terminate_backend(?1::int)", {int64_t{pid}}), "t");
  for (int i = 0; i < 500; ++i) {
    if (killer->scalarInt("SELECT count(*) FROM pg_stat_activity WHERE pid = ?1::int", {int64_t{pid}}) == 0)
      return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  FAIL() << "backend " << pid << " still alive";
}

TEST_F(PgTest, DialectIsPostgres) { EXPECT_EQ(conn->dialect(), Dialect::kPostgres); }

TEST_F(PgTest, EveryValueTypeRoundTrips) {
  const std::string utf8 = "Zoé ✈ 東京 — ñ";
  const std::string quotes = R"(it's "quoted" ?1 $1 -- not a comment /* nor this */ \n)";
  conn->run("INSERT INTO parents(id, name) VALUES (?1, ?2)", {int64_t{1}, std::string("p")});
  struct Case {
    int64_t n;
    double x;
    std::string s;
  };
  const Case cases[] = {{std::numeric_limits<int64_t>::max(), 0.1, utf8},
                        {std::numeric_limits<int64_t>::min(), -1.5e300, quotes},
                        {0, 5e-324, ""}};
  for (const auto& c : cases) {
    conn->run("INSERT INTO children(parent_id, n, x, s) VALUES (?1, ?2, ?3, ?4)",
              {int64_t{1}, c.n, c.x, c.s});
  }
  int i = 0;
  conn->run("SELECT n, x, s FROM children ORDER BY id", {}, [&](const RowView& r) {
    ASSERT_LT(i, 3);
    EXPECT_FALSE(r.isNull(0));
    EXPECT_EQ(r.integer(0), cases[i].n);
    EXPECT_EQ(r.real(1), cases[i].x);  // exact: shortest round-trip text both ways
    EXPECT_EQ(r.str(2), cases[i].s);
    ++i;
  });
  EXPECT_EQ(i, 3);
}

TEST_F(PgTest, NullRoundTripsInEveryColumnType) {
  conn->run("INSERT INTO parents(id, name) VALUES (1, 'p')");
  conn->run("INSERT INTO children(parent_id, n, x, s, flag) VALUES (?1, ?2, ?3, ?4, ?5)",
            {int64_t{1}, nullptr, nullptr, nullptr, nullptr});
  int rows = 0;
  conn->run("SELECT n, x, s, flag FROM children", {}, [&](const RowView& r) {
    for (int c = 0; c < 4; ++c) EXPECT_TRUE(r.isNull(c)) << c;
    EXPECT_EQ(r.optInt(0), std::nullopt);
    EXPECT_EQ(r.optStr(2), std::nullopt);
    EXPECT_EQ(r.integer(0), 0);  // as SQLite reads NULL
    ++rows;
  });
  EXPECT_EQ(rows, 1);
  EXPECT_EQ(conn->scalarText("SELECT s FROM children"), std::nullopt);
}

TEST_F(PgTest, BooleansReadAsOneAndZero) {
  conn->run("INSERT INTO parents(id, name) VALUES (1, 'p')");
  conn->run("INSERT INTO children(parent_id, flag) VALUES (1, true), (1, false)");
  std::vector<int64_t> flags;
  conn->run("SELECT flag FROM children ORDER BY id", {},
            [&](const RowView& r) { flags.push_back(r.integer(0)); });
  EXPECT_EQ(flags, (std::vector<int64_t>{1, 0}));
  EXPECT_EQ(conn->scalarInt("SELECT 1 < 2"), 1);
}

TEST_F(PgTest, NumericAndCountColumnsReadAsIntegers) {
  EXPECT_EQ(conn->scalarInt("SELECT count(*) FROM parents"), 0);
  EXPECT_EQ(conn->scalarInt("SELECT sum(v) FROM (VALUES (2::bigint), (3::bigint)) t(v)"), 5);  // numeric
  EXPECT_EQ(conn->scalarInt("SELECT 7.9::numeric"), 7);                                        // truncates
  EXPECT_EQ(dbErrorKind([&] { conn->scalarInt("SELECT 'abc'"); }), DbError::Kind::kGeneric);
}

TEST_F(PgTest, LargeTextRoundTrips) {
  // In an unindexed column: a btree entry holds at most ≈ 2.7 kB (SQLite's indexes have no such limit).
  std::string big;
  for (int i = 0; big.size() < 4'000'000; ++i) big += "ligne " + std::to_string(i) + " 'é' \"x\"\n";
  conn->run("INSERT INTO parents(id, name) VALUES (1, 'p')");
  conn->run("INSERT INTO children(parent_id, s) VALUES (?1, ?2)", {int64_t{1}, big});
  EXPECT_EQ(conn->scalarText("SELECT s FROM children WHERE parent_id = ?1", {int64_t{1}}), big);
  EXPECT_EQ(conn->scalarInt("SELECT octet_length(s) FROM children"), static_cast<int64_t>(big.size()));
}

TEST_F(PgTest, TextWithNulByteIsRefusedNotTruncated) {
  std::string with_nul("ab\0cd", 5);
  EXPECT_EQ(dbErrorKind([&] { conn->run("INSERT INTO parents(id, name) VALUES (1, ?1)", {with_nul}); }),
            DbError::Kind::kGeneric);
  EXPECT_EQ(countParents(*conn), 0);
}

TEST_F(PgTest, PreparedStatementIsReusedWithNewParameters) {
  const char* count_sql = "SELECT count(*) FROM pg_prepared_statements";
  int64_t before = conn->scalarInt(count_sql).value_or(-1);
  const char* sql = "SELECT ?1::bigint * 2, ?2::text";
  EXPECT_EQ(conn->scalarInt(sql, {int64_t{21}, std::string("a")}), 42);
  EXPECT_EQ(conn->scalarInt(sql, {int64_t{-4}, std::string("b")}), -8);
  EXPECT_EQ(conn->scalarText("SELECT ?1::text || 'x'", {std::string("y")}), "yx");
  EXPECT_EQ(conn->scalarInt(sql, {int64_t{5}, nullptr}), 10);
  // Two distinct statements prepared, however often they ran.
  EXPECT_EQ(conn->scalarInt(count_sql).value_or(-1) - before, 2);
}

// Repositories bind one parameter list to several statements, so one text can come with more parameters
// than it uses; each count gets its own prepared statement.
TEST_F(PgTest, OneStatementRunsWithDifferentParameterCounts) {
  const char* sql = "SELECT ?1::bigint + ?2::bigint";
  EXPECT_EQ(conn->scalarInt(sql, {int64_t{1}, int64_t{2}}), 3);
  EXPECT_EQ(conn->scalarInt(sql, {int64_t{1}, int64_t{2}, std::string("unused")}), 3);
  EXPECT_EQ(conn->scalarInt(sql, {int64_t{4}, int64_t{5}}), 9);
}

TEST_F(PgTest, PlaceholdersAreNumberedAsWritten) {
  EXPECT_EQ(conn->scalarText("SELECT ?2::text || ?1::text || ?2::text", {std::string("a"), std::string("b")}),
            "bab");
  EXPECT_EQ(conn->scalarText("SELECT '?1' || ?1::text", {std::string("z")}), "?1z");
}

TEST_F(PgTest, BarePlaceholderIsADbError) {
  EXPECT_EQ(dbErrorKind([&] { conn->run("SELECT ?", {int64_t{1}}); }), DbError::Kind::kGeneric);
}

TEST_F(PgTest, UntypedParameterTakesItsTypeFromItsFirstUse) {
  // Parameters go as text with no declared type; the server types each from where it first sees
  // it. The repositories' SQL must give every parameter a context (or a cast) before an IS NULL.
  EXPECT_EQ(conn->scalarText("SELECT ?1", {int64_t{5}}), "5");  // alone: text
  conn->run("INSERT INTO parents(id, name) VALUES (?1, ?2)", {std::string("7"), std::string("p")});
  EXPECT_EQ(conn->scalarInt("SELECT id FROM parents WHERE id = ?1", {std::string("7")}), 7);
  EXPECT_EQ(conn->scalarInt("SELECT count(*) FROM parents WHERE (id = ?1 OR ?1 IS NULL)", {nullptr}), 1);
  EXPECT_EQ(dbErrorKind(
                [&] { conn->run("SELECT count(*) FROM parents WHERE (?1 IS NULL OR id = ?1)", {nullptr}); }),
            DbError::Kind::kGeneric);
  EXPECT_EQ(dbErrorKind([&] { conn->run("SELECT ?1 IS NULL", {nullptr}); }), DbError::Kind::kGeneric);
  EXPECT_EQ(conn->scalarInt("SELECT ?1::bigint IS NULL", {nullptr}), 1);
  // `?1 + 1` is typed integer (32 bits): a 64-bit value needs a cast.
  EXPECT_EQ(dbErrorKind([&] { conn->run("SELECT ?1 + 1", {int64_t{1} << 40}); }), DbError::Kind::kGeneric);
  EXPECT_EQ(conn->scalarInt("SELECT ?1::bigint + 1", {int64_t{1} << 40}), (int64_t{1} << 40) + 1);
  EXPECT_EQ(dbErrorKind([&] { conn->run("SELECT id FROM parents WHERE id = ?1", {std::string("x")}); }),
            DbError::Kind::kGeneric);
}

TEST_F(PgTest, CommittedTransactionIsVisibleToAnotherConnection) {
  auto reader = other();
  {
    Transaction tx(*conn, TxMode::kWrite);
    conn->run("INSERT INTO parents(id, name) VALUES (1, 'a')");
    EXPECT_TRUE(conn->inTransaction());
    EXPECT_EQ(countParents(*reader), 0);  // not yet committed
    tx.commit();
  }
  EXPECT_FALSE(conn->inTransaction());
  EXPECT_EQ(countParents(*reader), 1);
}

TEST_F(PgTest, TransactionRollsBackOnScopeExitWithoutCommit) {
  {
    Transaction tx(*conn, TxMode::kWrite);
    conn->run("INSERT INTO parents(id, name) VALUES (1, 'a')");
    EXPECT_EQ(countParents(*conn), 1);
  }
  EXPECT_FALSE(conn->inTransaction());
  EXPECT_EQ(countParents(*conn), 0);
}

TEST_F(PgTest, TransactionRollsBackWhenExceptionEscapes) {
  EXPECT_THROW(
      {
        Transaction tx(*conn, TxMode::kWrite);
        conn->run("INSERT INTO parents(id, name) VALUES (1, 'a')");
        throw std::runtime_error("boom");
      },
      std::runtime_error);
  EXPECT_EQ(countParents(*conn), 0);
  conn->run("INSERT INTO parents(id, name) VALUES (1, 'a')");  // the connection is usable
  EXPECT_EQ(countParents(*conn), 1);
}

TEST_F(PgTest, CommitAfterAFailedStatementThrowsAndKeepsNothing) {
  // PostgreSQL aborts the whole transaction on an error; its COMMIT then answers ROLLBACK.
  conn->begin(TxMode::kWrite);
  conn->run("INSERT INTO parents(id, name) VALUES (1, 'a')");
  EXPECT_EQ(dbErrorKind([&] { conn->run("INSERT INTO parents(id, name) VALUES (1, 'dup')"); }),
            DbError::Kind::kConstraint);
  EXPECT_THROW(conn->commit(), DbError);
  conn->rollback();
  EXPECT_FALSE(conn->inTransaction());
  EXPECT_EQ(countParents(*conn), 0);
}

TEST_F(PgTest, NestedBeginIsRefused) {
  Transaction tx(*conn, TxMode::kRead);
  EXPECT_EQ(dbErrorKind([&] { conn->begin(TxMode::kWrite); }), DbError::Kind::kGeneric);
  EXPECT_TRUE(conn->inTransaction());
}

TEST_F(PgTest, ConstraintViolationsMapToConstraintKind) {
  conn->run("INSERT INTO parents(id, name) VALUES (1, 'a')");
  // unique (primary key and UNIQUE column), foreign key, NOT NULL, CHECK
  EXPECT_EQ(dbErrorKind([&] { conn->run("INSERT INTO parents(id, name) VALUES (1, 'b')"); }),
            DbError::Kind::kConstraint);
  EXPECT_EQ(dbErrorKind([&] { conn->run("INSERT INTO parents(id, name) VALUES (2, 'a')"); }),
            DbError::Kind::kConstraint);
  EXPECT_EQ(dbErrorKind([&] { conn->run("INSERT INTO children(parent_id) VALUES (?1)", {int64_t{99}}); }),
            DbError::Kind::kConstraint);
  EXPECT_EQ(dbErrorKind([&] { conn->run("INSERT INTO parents(id, name) VALUES (3, ?1)", {nullptr}); }),
            DbError::Kind::kConstraint);
  EXPECT_EQ(dbErrorKind([&] { conn->run("INSERT INTO parents(id, name) VALUES (4, 'forbidden')"); }),
            DbError::Kind::kConstraint);  // CHECK
  EXPECT_EQ(countParents(*conn), 1);
  EXPECT_TRUE(health->available());  // a constraint violation is not an outage
}

TEST_F(PgTest, ForeignKeyBlocksDeletingAReferencedRow) {
  conn->run("INSERT INTO parents(id, name) VALUES (1, 'a')");
  conn->run("INSERT INTO children(parent_id) VALUES (1)");
  try {
    conn->run("DELETE FROM parents WHERE id = 1");
    FAIL() << "expected a foreign-key violation";
  } catch (const DatabaseUnavailable&) {
    FAIL() << "a foreign-key violation is not unavailability";
  } catch (const DbError& e) {
    EXPECT_EQ(e.kind(), DbError::Kind::kConstraint);
    EXPECT_NE(std::string(e.what()).find("23503"), std::string::npos) << e.what();
  }
}

TEST_F(PgTest, SyntaxErrorIsAGenericDbErrorAndTheConnectionGoesOn) {
  EXPECT_EQ(dbErrorKind([&] { conn->run("SELEC 1"); }), DbError::Kind::kGeneric);
  EXPECT_EQ(dbErrorKind([&] { conn->run("SELECT * FROM no_such_table"); }), DbError::Kind::kGeneric);
  EXPECT_EQ(dbErrorKind([&] { conn->execScript("CREATE TABLE (x"); }), DbError::Kind::kGeneric);
  EXPECT_EQ(conn->scalarInt("SELECT 1"), 1);
  EXPECT_TRUE(health->available());
}

TEST_F(PgTest, WrongParameterCountIsABugNotAnOutage) {
  try {
    conn->run("SELECT ?1::int + ?2::int", {int64_t{1}});
    FAIL() << "expected a DbError";
  } catch (const DatabaseUnavailable& e) {
    FAIL() << e.what();
  } catch (const DbError& e) {
    EXPECT_EQ(e.kind(), DbError::Kind::kGeneric);
  }
  EXPECT_EQ(conn->scalarInt("SELECT 1"), 1);
}

TEST_F(PgTest, RunReturnsRowsChangedForDmlOnly) {
  EXPECT_EQ(conn->run("INSERT INTO parents(id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c')"), 3);
  EXPECT_EQ(conn->run("UPDATE parents SET name = name || '!' WHERE id >= ?1", {int64_t{2}}), 2);
  EXPECT_EQ(conn->run("DELETE FROM parents WHERE id = ?1", {int64_t{42}}), 0);
  EXPECT_EQ(conn->run("SELECT * FROM parents"), 0);
  int64_t returned = 0;
  EXPECT_EQ(conn->run("INSERT INTO parents(id, name) VALUES (9, 'z') RETURNING id", {},
                      [&](const RowView& r) { returned = r.integer(0); }),
            1);
  EXPECT_EQ(returned, 9);
  EXPECT_EQ(conn->run("DELETE FROM parents"), 4);
}

TEST_F(PgTest, ExceptionFromRowCallbackPropagates) {
  conn->run("INSERT INTO parents(id, name) VALUES (1, 'a'), (2, 'b')");
  int seen = 0;
  EXPECT_THROW(conn->run("SELECT id FROM parents", {},
                         [&](const RowView&) {
                           ++seen;
                           throw std::runtime_error("stop");
                         }),
               std::runtime_error);
  EXPECT_EQ(seen, 1);
  EXPECT_EQ(countParents(*conn), 2);
}

TEST_F(PgTest, NoticesAreNotPrinted) {
  ::testing::internal::CaptureStderr();
  conn->execScript("DO $$ BEGIN RAISE NOTICE 'gaflight-notice-probe'; END $$");
  conn->execScript("DROP TABLE IF EXISTS no_such_table_either");  // NOTICE: does not exist, skipping
  std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(err.find("gaflight-notice-probe"), std::string::npos) << err;
  EXPECT_EQ(err.find("skipping"), std::string::npos) << err;
}

TEST_F(PgTest, KilledConnectionIsUnavailableThenReconnects) {
  const char* sql = "SELECT count(*) FROM parents WHERE id > ?1";
  EXPECT_EQ(conn->scalarInt(sql, {int64_t{0}}), 0);  // prepared on the first session
  int old_pid = conn->backendPid();
  ASSERT_GT(old_pid, 0);
  terminateBackend(old_pid);
  try {
    conn->scalarInt(sql, {int64_t{0}});
    FAIL() << "expected DatabaseUnavailable";
  } catch (const DatabaseUnavailable& e) {
    EXPECT_GE(e.retryAfterSeconds(), 1);
    EXPECT_NE(e.engineCode(), 0);
  }
  EXPECT_FALSE(health->available());  // /readyz hears about it
  EXPECT_FALSE(conn->inTransaction());
  // The next call reconnects and re-prepares the cached statement on the new session.
  EXPECT_EQ(conn->scalarInt(sql, {int64_t{0}}), 0);
  EXPECT_NE(conn->backendPid(), old_pid);
  {
    Transaction tx(*conn, TxMode::kWrite);
    conn->run("INSERT INTO parents(id, name) VALUES (1, 'a')");
    tx.commit();
  }
  EXPECT_TRUE(health->available());  // a committed write clears the fault
}

TEST_F(PgTest, ConnectionLostInsideTransactionNeedsRollbackBeforeReconnecting) {
  conn->begin(TxMode::kWrite);
  conn->run("INSERT INTO parents(id, name) VALUES (1, 'a')");
  terminateBackend(conn->backendPid());
  EXPECT_THROW(conn->run("INSERT INTO parents(id, name) VALUES (2, 'b')"), DatabaseUnavailable);
  // Still inside the caller's transaction: no silent reconnect into autocommit.
  EXPECT_THROW(conn->run("INSERT INTO parents(id, name) VALUES (3, 'c')"), DatabaseUnavailable);
  EXPECT_THROW(conn->commit(), DatabaseUnavailable);
  conn->rollback();
  EXPECT_EQ(countParents(*conn), 0);  // reconnected; nothing of the lost transaction was kept
}

TEST_F(PgTest, RaiiTransactionSurvivesALostConnection) {
  EXPECT_THROW(
      {
        Transaction tx(*conn, TxMode::kWrite);
        conn->run("INSERT INTO parents(id, name) VALUES (1, 'a')");
        terminateBackend(conn->backendPid());
        conn->run("INSERT INTO parents(id, name) VALUES (2, 'b')");
        tx.commit();
      },
      DatabaseUnavailable);
  EXPECT_EQ(countParents(*conn), 0);
}

TEST(PgConnect, UnreachableServerIsUnavailable) {
  auto health = std::make_shared<DatabaseHealth>();
  auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(PgConnection("postgresql://postgres@127.0.0.1:1/postgres", PgSettings{health}),
               DatabaseUnavailable);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(15));
  EXPECT_FALSE(health->available());
}

TEST(PgOpenDatabase, PostgresUrlGivesOnePostgresConnectionPerThread) {
  auto db = openDatabase(testUrl());
  EXPECT_FALSE(db->isSqlite());
  Connection& mine = db->connection();
  EXPECT_EQ(mine.dialect(), Dialect::kPostgres);
  EXPECT_EQ(&db->connection(), &mine);
  std::set<int64_t> pids;
  pids.insert(mine.scalarInt("SELECT pg_backend_pid()").value_or(0));
  std::thread([&] { pids.insert(db->connection().scalarInt("SELECT pg_backend_pid()").value_or(0)); }).join();
  EXPECT_EQ(pids.size(), 2U);
  EXPECT_EQ(pids.count(0), 0U);
}

std::string gaflightBin() {
  const char* bin = std::getenv("GAFLIGHT_BIN");  // set by ctest (tests/CMakeLists.txt)
  return bin ? bin : "";
}

constexpr const char* kMasterKeyEnv = "GAFLIGHT_MASTER_KEY=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

struct CommandResult {
  int exit_status = -1;
  std::string output;
};

// Runs a shell command to its end (at most 60 s), with stderr in the output.
CommandResult runCommand(const std::string& cmd) {
  CommandResult r;
  FILE* p = popen(("timeout 60 " + cmd + " 2>&1").c_str(), "r");
  if (p == nullptr) return r;
  std::array<char, 4096> buf{};
  while (size_t n = fread(buf.data(), 1, buf.size(), p)) r.output.append(buf.data(), n);
  int status = pclose(p);
  if (WIFEXITED(status)) r.exit_status = WEXITSTATUS(status);
  return r;
}

struct Serving {
  FILE* pipe = nullptr;
  pid_t pid = 0;
  int port = 0;  // 0: the server never said it was listening
  std::string output;
};

// Starts `gaflight serve` on the test database and reads its output up to the listening line.
// The shell prints its pid and becomes the server (exec), so the test can signal it.
Serving startServe() {
  Serving s;
  std::string cmd = "export " + std::string(kMasterKeyEnv) + "; echo $$; exec timeout 60 '" + gaflightBin() +
                    "' serve --listen 127.0.0.1:0 --db '" + testUrl() + "' 2>&1";
  s.pipe = popen(cmd.c_str(), "r");
  if (s.pipe == nullptr) return s;
  std::array<char, 8192> line{};
  while (s.port == 0 && fgets(line.data(), static_cast<int>(line.size()), s.pipe) != nullptr) {
    std::string l(line.data());
    s.output += l;
    if (s.pid == 0) s.pid = static_cast<pid_t>(std::atoi(l.c_str()));
    auto at = l.find("\"port\":");
    if (l.find("\"listening\"") != std::string::npos && at != std::string::npos)
      s.port = std::atoi(l.c_str() + at + 7);
  }
  return s;
}

TEST(PgCommands, MigrateAppliesTheSchemaOnce) {
  ASSERT_FALSE(gaflightBin().empty()) << "GAFLIGHT_BIN must name the gaflight binary";
  PgConnection(testUrl(), PgSettings{}).execScript(kPgResetTestSchema);
  const std::string cmd =
      "env " + std::string(kMasterKeyEnv) + " '" + gaflightBin() + "' migrate --db '" + testUrl() + "'";
  const std::string version = std::to_string(latestSchemaVersion());
  auto first = runCommand(cmd);
  EXPECT_EQ(first.exit_status, 0) << first.output;
  EXPECT_NE(first.output.find("schema at version " + version + " (" + version + " migration(s) applied)"),
            std::string::npos)
      << first.output;
  auto second = runCommand(cmd);
  EXPECT_EQ(second.exit_status, 0) << second.output;
  EXPECT_NE(second.output.find("(0 migration(s) applied)"), std::string::npos) << second.output;
}

TEST(PgCommands, ServeMigratesStartsAndStopsOnSigterm) {
  ASSERT_FALSE(gaflightBin().empty()) << "GAFLIGHT_BIN must name the gaflight binary";
  PgConnection(testUrl(), PgSettings{}).execScript(kPgResetTestSchema);
  auto [p, pid, port, out] = startServe();
  ASSERT_NE(p, nullptr);
  ASSERT_GT(pid, 0) << out;
  if (port > 0) {
    auto health = runCommand("curl -sS http://127.0.0.1:" + std::to_string(port) + "/healthz");
    EXPECT_NE(health.output.find("\"ok\""), std::string::npos) << health.output;
    EXPECT_NE(out.find("\"postgres\""), std::string::npos) << out;  // the listening line names the engine
    kill(pid, SIGTERM);
  }
  std::array<char, 4096> buf{};
  while (size_t n = fread(buf.data(), 1, buf.size(), p)) out.append(buf.data(), n);
  int status = pclose(p);
  ASSERT_GT(port, 0) << "the server did not start listening: " << out;
  ASSERT_TRUE(WIFEXITED(status)) << out;
  EXPECT_EQ(WEXITSTATUS(status), 0) << out;
  EXPECT_EQ(currentSchemaVersion(*std::make_unique<PgConnection>(testUrl(), PgSettings{})),
            latestSchemaVersion());
}

// Issue 10's finish line: the demo school written to PostgreSQL, then served from it to an API client.
TEST(PgCommands, DemoThenServeAnswersThePublicPilotList) {
  ASSERT_FALSE(gaflightBin().empty()) << "GAFLIGHT_BIN must name the gaflight binary";
  PgConnection(testUrl(), PgSettings{}).execScript(kPgResetTestSchema);
  auto demo = runCommand("env " + std::string(kMasterKeyEnv) + " '" + gaflightBin() +
                         "' demo --json --flights 200 --db '" + testUrl() + "'");
  ASSERT_EQ(demo.exit_status, 0) << demo.output;
  auto line = demo.output.substr(demo.output.find("{\"api_key\""));
  auto field = [&](const std::string& name) {
    auto at = line.find("\"" + name + "\":\"") + name.size() + 4;
    return line.substr(at, line.find('"', at) - at);
  };
  auto [p, pid, port, out] = startServe();
  ASSERT_NE(p, nullptr);
  std::array<char, 8192> buf{};
  CommandResult pilots;
  CommandResult not_utf8;
  if (port > 0) {
    const std::string auth = "-H 'Authorization: Bearer " + field("api_key") +
                             "' -H 'X-Org-Id: " + field("org_id") +
                             "' 'http://127.0.0.1:" + std::to_string(port);
    pilots = runCommand("curl -sS -w ' HTTP%{http_code}' " + auth + "/api/v1/public/pilots?limit=50'");
    // An id that is not UTF-8 is a missing pilot, as on SQLite, not a PostgreSQL encoding error (500).
    not_utf8 = runCommand("curl -sS -w ' HTTP%{http_code}' " + auth + "/api/v1/public/pilots/plt_%C0%AE%ff'");
    kill(pid, SIGTERM);
  }
  while (size_t n = fread(buf.data(), 1, buf.size(), p)) out.append(buf.data(), n);
  pclose(p);
  ASSERT_GT(port, 0) << "the server did not start listening: " << out;
  EXPECT_NE(pilots.output.find("HTTP200"), std::string::npos) << pilots.output;
  EXPECT_NE(pilots.output.find("\"object\":\"pilot\""), std::string::npos) << pilots.output;
  EXPECT_NE(not_utf8.output.find("HTTP404"), std::string::npos) << not_utf8.output;
}

TEST(PgOpenDatabase, MalformedUrlIsRejectedUpFront) {
  EXPECT_THROW(openDatabase("postgresql://[::1/x"), std::invalid_argument);
}

}  // namespace
}  // namespace gaflight::storage

// Without a server there is nothing to test, and a skipped suite would read as a passed one.
int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  const char* url = std::getenv("GAFLIGHT_TEST_PG_URL");
  if (url == nullptr || *url == '\0') {
    std::cerr << "pg_tests: GAFLIGHT_TEST_PG_URL is not set; run through scripts/with-postgres.sh\n";
    return 1;
  }
  gaflight::storage::g_base_url = url;
  return RUN_ALL_TESTS();
}
