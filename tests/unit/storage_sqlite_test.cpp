#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <limits>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>

#include "core/ids.hpp"
#include "storage/migrations/migrations.hpp"
#include "storage/sql.hpp"
#include "storage/sqlite/sqlite_connection.hpp"
#include "support/db_error_kind.hpp"

namespace gaflight::storage {
namespace {

namespace fs = std::filesystem;

// A unique database file path, removed (with its WAL and shared-memory files) afterwards.
class TempDbFile {
 public:
  TempDbFile() : path_(fs::temp_directory_path() / ("gaflight-sqlite-" + ids::newUlid() + ".db")) {}
  ~TempDbFile() {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path_.string() + suffix, ec);
  }
  std::string path() const { return path_.string(); }

 private:
  fs::path path_;
};

constexpr const char* kOrg = "0b9f3c1e-5d4a-4c8e-9a7b-2f6d1e3c4b5a";

void insertOrg(Connection& c, const std::string& id = kOrg) {
  c.run(
      "INSERT INTO orgs(id, name, time_zone, country, currency, created_at, updated_at) "
      "VALUES (?1, 'Club', 'Europe/Paris', 'FR', 'EUR', ?2, ?2)",
      {id, std::string("2026-05-28T12:00:00Z")});
}

using gaflight::testing::dbErrorKind;

class SqliteTest : public ::testing::Test {
 protected:
  TempDbFile file;
  std::unique_ptr<SqliteConnection> conn = std::make_unique<SqliteConnection>(file.path());
  // Destroy the connection before the file guard removes the files.
  void TearDown() override { conn.reset(); }
};

// ---- migrations ----

TEST_F(SqliteTest, FreshDatabaseHasSchemaVersionZero) { EXPECT_EQ(currentSchemaVersion(*conn), 0); }

TEST_F(SqliteTest, MigrateTwiceAppliesOnce) {
  const int total = static_cast<int>(allMigrations().size());
  ASSERT_GT(total, 0);
  EXPECT_EQ(migrate(*conn), total);
  EXPECT_EQ(currentSchemaVersion(*conn), latestSchemaVersion());
  EXPECT_EQ(migrate(*conn), 0);
  EXPECT_EQ(currentSchemaVersion(*conn), latestSchemaVersion());
  EXPECT_EQ(conn->scalarInt("SELECT count(*) FROM schema_migrations"), total);
  EXPECT_FALSE(conn->inTransaction());
}

TEST_F(SqliteTest, MigrateFromSecondConnectionIsNoOp) {
  ASSERT_GT(migrate(*conn), 0);
  SqliteConnection other(file.path());
  EXPECT_EQ(currentSchemaVersion(other), latestSchemaVersion());
  EXPECT_EQ(migrate(other), 0);
}

TEST_F(SqliteTest, MigrationVersionsAreIncreasingAndNamed) {
  int prev = 0;
  for (const auto& m : allMigrations()) {
    EXPECT_GT(m.version, prev);
    EXPECT_FALSE(m.name.empty());
    EXPECT_FALSE(m.sql.empty());
    prev = m.version;
  }
  EXPECT_EQ(latestSchemaVersion(), prev);
}

TEST_F(SqliteTest, SchemaHasCoreTables) {
  migrate(*conn);
  for (const char* table : {"orgs", "users", "memberships", "console_sessions", "audit_log", "apps",
                            "installations", "api_keys", "pilots", "aircraft", "flights"}) {
    EXPECT_EQ(conn->scalarInt("SELECT count(*) FROM sqlite_master WHERE type='table' AND name=?1", {table}),
              1)
        << table;
  }
}

TEST_F(SqliteTest, ForeignKeysAndWalEnabled) {
  EXPECT_EQ(conn->scalarInt("PRAGMA foreign_keys"), 1);
  EXPECT_EQ(conn->scalarText("PRAGMA journal_mode"), "wal");
}

// ---- transactions ----

TEST_F(SqliteTest, TransactionRollsBackOnScopeExitWithoutCommit) {
  migrate(*conn);
  {
    Transaction tx(*conn, TxMode::kWrite);
    EXPECT_TRUE(conn->inTransaction());
    insertOrg(*conn);
    EXPECT_EQ(conn->scalarInt("SELECT count(*) FROM orgs"), 1) << "visible inside the transaction";
  }
  EXPECT_FALSE(conn->inTransaction());
  EXPECT_EQ(conn->scalarInt("SELECT count(*) FROM orgs"), 0);
}

TEST_F(SqliteTest, TransactionRollsBackWhenExceptionEscapes) {
  migrate(*conn);
  EXPECT_THROW(
      {
        Transaction tx(*conn, TxMode::kWrite);
        insertOrg(*conn);
        throw std::runtime_error("handler failed");
      },
      std::runtime_error);
  EXPECT_FALSE(conn->inTransaction());
  EXPECT_EQ(conn->scalarInt("SELECT count(*) FROM orgs"), 0);
}

TEST_F(SqliteTest, CommittedTransactionVisibleToOtherConnection) {
  migrate(*conn);
  SqliteConnection reader(file.path());
  {
    Transaction tx(*conn, TxMode::kWrite);
    insertOrg(*conn);
    EXPECT_EQ(reader.scalarInt("SELECT count(*) FROM orgs"), 0) << "uncommitted writes are not visible";
    tx.commit();
  }
  EXPECT_FALSE(conn->inTransaction());
  EXPECT_EQ(reader.scalarInt("SELECT count(*) FROM orgs"), 1);
}

TEST_F(SqliteTest, ReadTransactionSeesStableSnapshot) {
  migrate(*conn);
  SqliteConnection reader(file.path());
  Transaction rtx(reader, TxMode::kRead);
  EXPECT_EQ(reader.scalarInt("SELECT count(*) FROM orgs"), 0);  // starts the read snapshot
  insertOrg(*conn);
  EXPECT_EQ(reader.scalarInt("SELECT count(*) FROM orgs"), 0) << "WAL snapshot isolation";
  rtx.commit();
  EXPECT_EQ(reader.scalarInt("SELECT count(*) FROM orgs"), 1);
}

// ---- errors ----

TEST_F(SqliteTest, ConstraintViolationsThrowConstraintKind) {
  migrate(*conn);
  insertOrg(*conn);
  EXPECT_EQ(dbErrorKind([&] { insertOrg(*conn); }), DbError::Kind::kConstraint) << "primary key";
  EXPECT_EQ(dbErrorKind([&] {
              conn->run(
                  "INSERT INTO orgs(id, name, time_zone, country, currency, created_at, updated_at) "
                  "VALUES ('x', NULL, 'UTC', 'FR', 'EUR', 'a', 'a')");
            }),
            DbError::Kind::kConstraint)
      << "NOT NULL";
  conn->run(
      "INSERT INTO users(id, email, display_name, password_hash, created_at, updated_at) "
      "VALUES ('usr_1', 'a@example.com', 'A', 'h', 'a', 'a')");
  EXPECT_EQ(
      dbErrorKind([&] {
        conn->run(
            "INSERT INTO memberships(org_id, user_id, role, created_at) VALUES (?1, 'usr_1', 'pope', 'a')",
            {std::string(kOrg)});
      }),
      DbError::Kind::kConstraint)
      << "CHECK";
  EXPECT_EQ(dbErrorKind([&] {
              conn->run(
                  "INSERT INTO memberships(org_id, user_id, role, created_at) VALUES ('nope', 'usr_1', "
                  "'owner', 'a')");
            }),
            DbError::Kind::kConstraint)
      << "FOREIGN KEY";
}

TEST_F(SqliteTest, SyntaxErrorIsGeneric) {
  EXPECT_EQ(dbErrorKind([&] { conn->run("SELEC 1"); }), DbError::Kind::kGeneric);
  EXPECT_EQ(dbErrorKind([&] { conn->run("SELECT * FROM no_such_table"); }), DbError::Kind::kGeneric);
  EXPECT_EQ(dbErrorKind([&] { conn->execScript("CREATE TABLE ("); }), DbError::Kind::kGeneric);
}

TEST_F(SqliteTest, StatementReusableAfterFailure) {
  migrate(*conn);
  insertOrg(*conn, "org-1");
  EXPECT_THROW(insertOrg(*conn, "org-1"), DbError);
  insertOrg(*conn, "org-2");  // the same cached statement, reset after the failure
  EXPECT_EQ(conn->scalarInt("SELECT count(*) FROM orgs"), 2);
}

TEST_F(SqliteTest, ExceptionFromRowCallbackPropagatesAndResetsStatement) {
  conn->execScript("CREATE TABLE t(v INTEGER); INSERT INTO t VALUES (1),(2),(3);");
  const char* sql = "SELECT v FROM t ORDER BY v";
  EXPECT_THROW(conn->run(sql, {}, [](const RowView&) { throw std::runtime_error("stop"); }),
               std::runtime_error);
  int64_t sum = 0;
  conn->run(sql, {}, [&](const RowView& r) { sum += r.integer(0); });
  EXPECT_EQ(sum, 6) << "a fresh iteration after the abandoned one";
}

// ---- audit log is append-only ----

TEST_F(SqliteTest, AuditLogRejectsUpdateAndDelete) {
  migrate(*conn);
  insertOrg(*conn);
  conn->run(
      "INSERT INTO audit_log(id, org_id, actor_label, action, target_type, target_id, request_id, "
      "created_at) "
      "VALUES ('aud_1', ?1, 'ana', 'app.created', 'app', 'app_1', 'req-1', '2026-05-28T12:00:00Z')",
      {std::string(kOrg)});
  EXPECT_EQ(conn->scalarInt("SELECT count(*) FROM audit_log"), 1);

  try {
    conn->run("UPDATE audit_log SET action = 'app.deleted' WHERE id = 'aud_1'");
    ADD_FAILURE() << "UPDATE succeeded";
  } catch (const DbError& e) {
    EXPECT_EQ(e.kind(), DbError::Kind::kConstraint);
    EXPECT_NE(std::string(e.what()).find("append-only"), std::string::npos) << e.what();
  }
  try {
    conn->run("DELETE FROM audit_log");
    ADD_FAILURE() << "DELETE succeeded";
  } catch (const DbError& e) {
    EXPECT_EQ(e.kind(), DbError::Kind::kConstraint);
    EXPECT_NE(std::string(e.what()).find("append-only"), std::string::npos) << e.what();
  }
  EXPECT_EQ(conn->scalarInt("SELECT count(*) FROM audit_log"), 1);
  EXPECT_EQ(conn->scalarText("SELECT action FROM audit_log WHERE id = 'aud_1'"), "app.created");
  EXPECT_EQ(conn->scalarText("SELECT details FROM audit_log WHERE id = 'aud_1'"), "{}") << "default details";
}

// ---- parameters and values ----

TEST_F(SqliteTest, ParametersOfEachTypeRoundTrip) {
  conn->execScript("CREATE TABLE t(i INTEGER, r REAL, s TEXT, n TEXT)");
  const std::string text_with_nul("a\0b\xC3\xA9", 5);
  const Params rows[] = {
      {int64_t{0}, 0.0, std::string(""), nullptr},
      {std::numeric_limits<int64_t>::max(), 3.25, std::string("Aéroclub ✈"), nullptr},
      {std::numeric_limits<int64_t>::min(), -1e300, text_with_nul, nullptr},
      {int64_t{-42}, 0.1, std::string("it's \"quoted\""), nullptr},
  };
  for (const auto& p : rows) EXPECT_EQ(conn->run("INSERT INTO t VALUES (?1, ?2, ?3, ?4)", p), 1);

  size_t idx = 0;
  conn->run("SELECT i, r, s, n FROM t ORDER BY rowid", {}, [&](const RowView& row) {
    ASSERT_LT(idx, std::size(rows));
    const Params& p = rows[idx];
    EXPECT_FALSE(row.isNull(0));
    EXPECT_EQ(row.integer(0), std::get<int64_t>(p[0])) << idx;
    EXPECT_EQ(row.real(1), std::get<double>(p[1])) << idx;
    EXPECT_EQ(row.str(2), std::get<std::string>(p[2])) << idx;
    EXPECT_FALSE(row.isNull(2)) << "empty string is not NULL: " << idx;
    EXPECT_TRUE(row.isNull(3)) << idx;
    ++idx;
  });
  EXPECT_EQ(idx, std::size(rows));
}

TEST_F(SqliteTest, EmbeddedNulAndBinaryTextRoundTrip) {
  std::string raw;
  for (int i = 0; i < 256; ++i) raw.push_back(static_cast<char>(i));
  conn->execScript("CREATE TABLE t(s TEXT)");
  conn->run("INSERT INTO t VALUES (?1)", {raw});
  std::string back;
  conn->run("SELECT s FROM t", {}, [&](const RowView& r) { back = r.str(0); });
  EXPECT_EQ(back.size(), raw.size());
  EXPECT_EQ(back, raw);
}

TEST_F(SqliteTest, NullHandling) {
  conn->execScript("CREATE TABLE t(k INTEGER PRIMARY KEY, s TEXT, i INTEGER)");
  conn->run("INSERT INTO t VALUES (1, ?1, ?2)", {optText(std::nullopt), nullptr});
  conn->run("INSERT INTO t VALUES (2, ?1, ?2)", {optText(std::string("x")), int64_t{7}});
  conn->run("SELECT s, i FROM t WHERE k = 1", {}, [](const RowView& r) {
    EXPECT_TRUE(r.isNull(0));
    EXPECT_TRUE(r.isNull(1));
    EXPECT_EQ(r.optStr(0), std::nullopt);
    EXPECT_EQ(r.optInt(1), std::nullopt);
    EXPECT_EQ(r.text(0), "");
  });
  conn->run("SELECT s, i FROM t WHERE k = 2", {}, [](const RowView& r) {
    EXPECT_EQ(r.optStr(0), "x");
    EXPECT_EQ(r.optInt(1), 7);
  });
  EXPECT_EQ(conn->scalarText("SELECT s FROM t WHERE k = 1"), std::nullopt) << "NULL scalar";
  EXPECT_EQ(conn->scalarText("SELECT s FROM t WHERE k = 99"), std::nullopt) << "no row";
  EXPECT_EQ(conn->scalarInt("SELECT i FROM t WHERE k = 2"), 7);
  EXPECT_EQ(conn->scalarInt("SELECT count(*) FROM t WHERE s IS NULL"), 1);
  EXPECT_EQ(conn->scalarInt("SELECT count(*) FROM t WHERE s = ?1", {nullptr}), 0)
      << "NULL = NULL is not true";
}

TEST_F(SqliteTest, RunReturnsChangedRows) {
  conn->execScript("CREATE TABLE t(v INTEGER)");
  EXPECT_EQ(conn->run("INSERT INTO t VALUES (1),(2),(3)"), 3);
  EXPECT_EQ(conn->run("UPDATE t SET v = v + 10 WHERE v >= ?1", {int64_t{2}}), 2);
  EXPECT_EQ(conn->run("SELECT v FROM t"), 0) << "reads report no changes";
  EXPECT_EQ(conn->run("DELETE FROM t WHERE v = ?1", {int64_t{99}}), 0);
  EXPECT_EQ(conn->run("DELETE FROM t"), 3);
}

TEST_F(SqliteTest, ParametersBindByNumberAsWritten) {
  EXPECT_EQ(conn->scalarText("SELECT ?2 || ?1 || ?2", {std::string("a"), std::string("b")}), "bab");
}

// ---- Database ----

TEST(Database, OpenDatabaseRejectsBadUrls) {
  EXPECT_THROW(openDatabase("sqlite:"), std::invalid_argument);
  EXPECT_THROW(openDatabase("postgresql://[::1/gaflight"), std::invalid_argument);  // unbalanced [
  EXPECT_THROW(openDatabase("mysql://localhost/x"), std::invalid_argument);
  EXPECT_THROW(openDatabase("/tmp/x.db"), std::invalid_argument);
}

TEST(Database, OneConnectionPerThread) {
  TempDbFile file;
  {
    auto db = openDatabase("sqlite:" + file.path());
    EXPECT_TRUE(db->isSqlite());
    EXPECT_EQ(db->url(), "sqlite:" + file.path());
    Connection* mine = &db->connection();
    EXPECT_EQ(&db->connection(), mine);
    migrate(*mine);
    Connection* theirs = nullptr;
    std::optional<int64_t> seen;
    std::thread t([&] {
      theirs = &db->connection();
      seen = theirs->scalarInt("SELECT count(*) FROM schema_migrations");
    });
    t.join();
    EXPECT_NE(theirs, mine);
    EXPECT_EQ(seen, static_cast<int64_t>(allMigrations().size()));

    auto db2 = openDatabase("sqlite:" + file.path());
    EXPECT_NE(&db2->connection(), mine) << "each Database hands out its own connections";
  }
}

// ---- database faults (issue 11, defect 8) ----

// The SQLite result code → exception mapping: transient faults are DatabaseUnavailable (503).
TEST(SqliteErrorMapping, TransientCodesAreUnavailable) {
  for (int rc :
       {SQLITE_BUSY, SQLITE_BUSY_SNAPSHOT, SQLITE_LOCKED, SQLITE_LOCKED_SHAREDCACHE, SQLITE_FULL,
        SQLITE_IOERR, SQLITE_IOERR_READ, SQLITE_IOERR_WRITE, SQLITE_IOERR_FSYNC, SQLITE_IOERR_SHMLOCK,
        SQLITE_CANTOPEN, SQLITE_READONLY, SQLITE_READONLY_DBMOVED, SQLITE_NOMEM, SQLITE_PROTOCOL}) {
    EXPECT_EQ(sqliteErrorKind(rc), DbError::Kind::kUnavailable) << rc;
    try {
      throwSqliteError(rc, "step");
      ADD_FAILURE() << "no throw for " << rc;
    } catch (const DatabaseUnavailable& e) {
      EXPECT_EQ(e.engineCode(), rc);
      EXPECT_GE(e.retryAfterSeconds(), 1);
      EXPECT_LE(e.retryAfterSeconds(), 5);
      EXPECT_EQ(e.kind(), DbError::Kind::kUnavailable);
    }
  }
}

TEST(SqliteErrorMapping, OtherCodesStayPlainErrors) {
  EXPECT_EQ(sqliteErrorKind(SQLITE_CONSTRAINT_UNIQUE), DbError::Kind::kConstraint);
  for (int rc : {SQLITE_ERROR, SQLITE_CORRUPT, SQLITE_NOTADB, SQLITE_MISUSE, SQLITE_MISMATCH}) {
    EXPECT_EQ(sqliteErrorKind(rc), DbError::Kind::kGeneric) << rc;
    bool unavailable = false;
    try {
      throwSqliteError(rc, "step");
    } catch (const DatabaseUnavailable&) {
      unavailable = true;
    } catch (const DbError&) {  // NOLINT(bugprone-empty-catch) expected
    }
    EXPECT_FALSE(unavailable) << rc;
  }
}

TEST(SqliteErrorMapping, ContentionRetriesSoonerThanIoFaults) {
  auto retryOf = [](int rc) {
    try {
      throwSqliteError(rc, "x");
    } catch (const DatabaseUnavailable& e) {
      return e.retryAfterSeconds();
    }
    return 0;
  };
  EXPECT_EQ(retryOf(SQLITE_BUSY), 1);
  EXPECT_EQ(retryOf(SQLITE_FULL), 5);
}

// Two connections sharing one writer, as every thread's connection of a Database does: a write
// transaction runs on the writer's handle (it reads its own uncommitted rows, the other connection's
// reads do not see them), the writer is free again after commit or rollback, and a second connection
// waits for it instead of failing.
TEST(SqliteWriterTest, WriteTransactionsOfEveryConnectionRunOnTheSharedHandle) {
  TempDbFile file;
  auto writer = std::make_shared<SqliteWriter>();
  SqliteConnection a(file.path(), SqliteSettings{writer, nullptr, 10'000});
  SqliteConnection b(file.path(), SqliteSettings{writer, nullptr, 10'000});
  a.execScript("CREATE TABLE t(id INTEGER PRIMARY KEY)");
  EXPECT_EQ(writer->handle, nullptr) << "opened by the first write transaction, not before";
  {
    Transaction tx(a, TxMode::kWrite);
    a.run("INSERT INTO t DEFAULT VALUES");
    EXPECT_EQ(a.scalarInt("SELECT count(*) FROM t"), 1) << "its own write, on the writer's handle";
    EXPECT_EQ(b.scalarInt("SELECT count(*) FROM t"), 0) << "b reads on its own handle";
    EXPECT_TRUE(a.inTransaction());
    EXPECT_FALSE(b.inTransaction());
    tx.commit();
  }
  ASSERT_NE(writer->handle, nullptr);
  EXPECT_EQ(b.scalarInt("SELECT count(*) FROM t"), 1);
  {
    Transaction tx(b, TxMode::kWrite);  // the writer was released by a's commit
    b.run("INSERT INTO t DEFAULT VALUES");
  }  // rolled back
  EXPECT_FALSE(b.inTransaction());

  // While a holds the writer, b's write transaction would wait for its turn.
  {
    Transaction tx(a, TxMode::kWrite);
    a.run("INSERT INTO t DEFAULT VALUES");
    EXPECT_TRUE(writer->turn.held()) << "the writer is free during a's write transaction";
    tx.commit();
  }
  EXPECT_FALSE(writer->turn.held()) << "commit keeps the writer";
  EXPECT_EQ(a.scalarInt("SELECT count(*) FROM t"), 2);
}

// Group commit: a member that finishes while another writer is queued leaves the group open for it.
// The tests hold member A open until B is queued behind it (spinning on the writer's queue count, no
// sleeps), so both land in one group.
class SqliteGroupCommitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SqliteConnection setup(file.path());
    setup.execScript(
        "CREATE TABLE p(id INTEGER PRIMARY KEY);"
        "CREATE TABLE c(id INTEGER PRIMARY KEY, pid INTEGER REFERENCES p(id) DEFERRABLE INITIALLY "
        "DEFERRED);");
  }
  SqliteConnection make() { return SqliteConnection(file.path(), SqliteSettings{writer, nullptr, 10'000}); }
  void waitUntilQueued(int n) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (writer->turn.queued() < n && std::chrono::steady_clock::now() < deadline)
      std::this_thread::yield();
    ASSERT_EQ(writer->turn.queued(), n);
  }
  // Runs `first` as member A on one thread and `second` as member B on another, B starting while A
  // holds the writer; returns what each threw ("" when it returned).
  std::pair<std::string, std::string> twoMembers(const std::function<void(SqliteConnection&)>& first,
                                                 const std::function<void(SqliteConnection&)>& second) {
    SqliteConnection a(file.path(), SqliteSettings{writer, nullptr, 10'000});
    SqliteConnection b(file.path(), SqliteSettings{writer, nullptr, 10'000});
    std::string a_error, b_error;
    std::atomic<bool> a_in{false};
    std::thread ta([&] {
      try {
        Transaction tx(a, TxMode::kWrite);
        a_in = true;
        first(a);
        waitUntilQueued(1);
        tx.commit();
      } catch (const std::exception& e) {
        a_error = e.what();
      }
    });
    std::thread tb([&] {
      while (!a_in.load()) std::this_thread::yield();
      try {
        Transaction tx(b, TxMode::kWrite);
        second(b);
        tx.commit();
      } catch (const std::exception& e) {
        b_error = e.what();
      }
    });
    ta.join();
    tb.join();
    return {a_error, b_error};
  }
  int64_t count(const std::string& table) {
    SqliteConnection reader(file.path());
    return reader.scalarInt("SELECT count(*) FROM " + table).value_or(-1);
  }

  TempDbFile file;
  std::shared_ptr<SqliteWriter> writer = std::make_shared<SqliteWriter>();
};

TEST_F(SqliteGroupCommitTest, AQueuedWriterJoinsTheOpenGroupAndBothCommitTogether) {
  auto [a_error, b_error] = twoMembers([](SqliteConnection& c) { c.run("INSERT INTO p(id) VALUES (1)"); },
                                       [](SqliteConnection& c) { c.run("INSERT INTO p(id) VALUES (2)"); });
  EXPECT_EQ(a_error, "");
  EXPECT_EQ(b_error, "");
  EXPECT_EQ(count("p"), 2);
  EXPECT_EQ(writer->group_id, 1U) << "one BEGIN … COMMIT for both members";
  EXPECT_FALSE(writer->group_open);
}

TEST_F(SqliteGroupCommitTest, AMemberThatRollsBackTakesOnlyItsOwnWorkWithIt) {
  auto [a_error, b_error] = twoMembers([](SqliteConnection& c) { c.run("INSERT INTO p(id) VALUES (1)"); },
                                       [](SqliteConnection& c) {
                                         c.run("INSERT INTO p(id) VALUES (2)");
                                         throw std::runtime_error("b gives up");
                                       });
  EXPECT_EQ(a_error, "");
  EXPECT_EQ(b_error, "b gives up");
  EXPECT_EQ(count("p"), 1);
  SqliteConnection reader(file.path());
  EXPECT_EQ(reader.scalarInt("SELECT id FROM p"), 1);
  EXPECT_EQ(writer->group_id, 1U);
}

// The delivery engine's priority turn: queued after an ordinary writer, it still writes before it.
TEST_F(SqliteGroupCommitTest, APriorityWriterGoesBeforeOrdinaryWritersQueuedEarlier) {
  SqliteConnection setup(file.path());
  setup.execScript("CREATE TABLE turns(seq INTEGER PRIMARY KEY AUTOINCREMENT, who TEXT)");
  auto a = make();
  auto b = make();
  auto c = make();
  const auto write = [](SqliteConnection& conn, const char* who, TxMode mode) {
    Transaction tx(conn, mode);
    conn.run("INSERT INTO turns(who) VALUES (?1)", {std::string(who)});
    tx.commit();
  };
  std::thread ordinary, priority;
  {
    Transaction tx(a, TxMode::kWrite);
    a.run("INSERT INTO turns(who) VALUES ('a')");
    ordinary = std::thread([&] { write(b, "b", TxMode::kWrite); });
    waitUntilQueued(1);
    priority = std::thread([&] { write(c, "c", TxMode::kPriorityWrite); });
    waitUntilQueued(2);
    std::thread commit_a([&] { tx.commit(); });  // a waits for its group, which b ends
    commit_a.join();
  }
  ordinary.join();
  priority.join();
  std::string order;
  setup.run("SELECT who FROM turns ORDER BY seq", {}, [&](const RowView& r) { order += r.str(0); });
  EXPECT_EQ(order, "acb");
}

// A deferred foreign key is checked at COMMIT: B's dangling row makes the group's COMMIT fail, and
// A, whose own work was sound, hears of it too instead of returning as if committed.
TEST_F(SqliteGroupCommitTest, AFailedGroupCommitFailsEveryMemberAndKeepsNoneOfTheirRows) {
  auto [a_error, b_error] =
      twoMembers([](SqliteConnection& c) { c.run("INSERT INTO p(id) VALUES (1)"); },
                 [](SqliteConnection& c) { c.run("INSERT INTO c(id, pid) VALUES (1, 999)"); });
  EXPECT_NE(a_error.find("FOREIGN KEY"), std::string::npos) << a_error;
  EXPECT_NE(b_error.find("FOREIGN KEY"), std::string::npos) << b_error;
  EXPECT_EQ(count("p"), 0);
  EXPECT_EQ(count("c"), 0);

  auto c = make();
  Transaction tx(c, TxMode::kWrite);  // the writer recovered: a new group starts and commits
  c.run("INSERT INTO p(id) VALUES (3)");
  tx.commit();
  EXPECT_EQ(count("p"), 1);
}

// Real SQLITE_FULL (max_page_count caps the file at its current size): the write transaction is
// rolled back whole, the connection stays usable, and the same write succeeds once space returns.
TEST(SqliteFaults, DiskFullRollsBackWholeTransactionAndRecovers) {
  TempDbFile file;
  auto health = std::make_shared<DatabaseHealth>();
  SqliteConnection c(file.path(), SqliteSettings{std::make_shared<SqliteWriter>(), health, 10'000});
  c.execScript("CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)");
  c.run("INSERT INTO t(v) VALUES ('seed')");
  auto pages = c.scalarInt("PRAGMA page_count");
  ASSERT_TRUE(pages.has_value());
  // max_page_count belongs to a handle: set it on the shared writer's, the one write transactions use.
  const auto capWrites = [&c](int64_t max_pages) {
    Transaction tx(c, TxMode::kWrite);
    c.scalarInt("PRAGMA max_page_count=" + std::to_string(max_pages));
    tx.commit();
  };
  capWrites(*pages);
  auto write = [&c] {
    Transaction tx(c, TxMode::kWrite);
    c.run("INSERT INTO t(v) VALUES ('small')");           // fits the existing page
    c.run("INSERT INTO t(v) VALUES (zeroblob(100000))");  // needs new pages
    tx.commit();
  };
  try {
    write();
    FAIL() << "expected SQLITE_FULL";
  } catch (const DatabaseUnavailable& e) {
    EXPECT_EQ(e.engineCode() & 0xff, SQLITE_FULL);
  }
  EXPECT_FALSE(c.inTransaction());
  EXPECT_EQ(c.scalarInt("SELECT count(*) FROM t"), 1) << "the first insert of the failed transaction is gone";
  EXPECT_FALSE(health->available());

  capWrites(1'000'000);  // the fault clears
  write();
  EXPECT_EQ(c.scalarInt("SELECT count(*) FROM t"), 3);
  EXPECT_TRUE(health->available()) << "a committed write clears the fault";
}

// Real SQLITE_BUSY: another connection holds the write lock past the busy timeout. Reads go on
// (WAL), the in-process write lock is released, and writing works again once the lock is gone.
TEST(SqliteFaults, LockHeldPastBusyTimeoutIsUnavailableThenRecovers) {
  TempDbFile file;
  auto health = std::make_shared<DatabaseHealth>();
  SqliteConnection holder(file.path());
  holder.execScript("CREATE TABLE t(id INTEGER PRIMARY KEY)");
  SqliteConnection writer(file.path(), SqliteSettings{std::make_shared<SqliteWriter>(), health, 50});
  holder.execScript("BEGIN EXCLUSIVE");
  try {
    Transaction tx(writer, TxMode::kWrite);
    writer.run("INSERT INTO t DEFAULT VALUES");
    tx.commit();
    FAIL() << "expected SQLITE_BUSY";
  } catch (const DatabaseUnavailable& e) {
    EXPECT_EQ(e.engineCode() & 0xff, SQLITE_BUSY);
    EXPECT_EQ(e.retryAfterSeconds(), 1);
  }
  EXPECT_FALSE(writer.inTransaction());
  EXPECT_FALSE(health->available());
  EXPECT_EQ(writer.scalarInt("SELECT count(*) FROM t"), 0) << "readers are not blocked";
  holder.execScript("COMMIT");
  {
    Transaction tx(writer, TxMode::kWrite);  // would deadlock if the failed begin kept the write mutex
    writer.run("INSERT INTO t DEFAULT VALUES");
    tx.commit();
  }
  EXPECT_EQ(holder.scalarInt("SELECT count(*) FROM t"), 1);
  EXPECT_TRUE(health->available());
}

TEST(DatabaseHealthTest, FaultClearsAfterCommittedWrite) {
  DatabaseHealth h;
  EXPECT_TRUE(h.available());
  h.recordUnavailable();
  EXPECT_FALSE(h.available());
  h.recordWriteCommitted();
  EXPECT_TRUE(h.available());
}

// Issue 11 defect 6: the database (password hashes, sealed secrets) was created world-readable
// under the usual umask 022. It and its -wal/-shm files are created 0600, whatever the umask.
TEST(SqliteFiles, DatabaseAndWalFilesAreCreatedOwnerOnly) {
  TempDbFile f;
  mode_t old = ::umask(022);
  {
    SqliteConnection c(f.path());
    c.execScript("CREATE TABLE t(x INTEGER); INSERT INTO t VALUES (1);");
    for (const char* suffix : {"", "-wal", "-shm"}) {
      struct stat st {};
      ASSERT_EQ(::stat((f.path() + suffix).c_str(), &st), 0) << suffix << " exists while open in WAL mode";
      EXPECT_EQ(st.st_mode & 0777, 0600u) << "mode of the database file" << suffix;
    }
  }
  ::umask(old);
}
}  // namespace
}  // namespace gaflight::storage
