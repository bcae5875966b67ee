// What needs no server: SQLSTATE mapping and URL handling. tests/postgres/ drives a real server.
#include <gtest/gtest.h>

#include <stdexcept>

#include "storage/postgres/pg_connection.hpp"
#include "storage/sql.hpp"

namespace gaflight::storage {
namespace {

TEST(PgErrorMapping, IntegrityViolationsAreConstraintErrors) {
  for (const char* s : {"23505", "23503", "23502", "23514", "23P01", "23000"})
    EXPECT_EQ(pgErrorKind(s), DbError::Kind::kConstraint) << s;
}

TEST(PgErrorMapping, LostConnectionsShutdownsAndContentionAreUnavailable) {
  for (const char* s : {"08000", "08003", "08006", "08001", "57P01", "57P02", "57P03", "53300", "53100",
                        "40001", "40P01", "55P03", "57014"})
    EXPECT_EQ(pgErrorKind(s), DbError::Kind::kUnavailable) << s;
}

TEST(PgErrorMapping, EverythingElseIsGeneric) {
  for (const char* s : {"42601", "42P01", "22P02", "25P02", "08P01", "XX000", "", "2350", "0A000"})
    EXPECT_EQ(pgErrorKind(s), DbError::Kind::kGeneric) << s;
}

TEST(PgErrorMapping, SqlstateCodesArePackedLikePostgres) {
  // MAKE_SQLSTATE('2','3','5','0','5') from PostgreSQL's errcodes.h.
  EXPECT_EQ(pgSqlstateCode("23505"), 2 + (3 << 6) + (5 << 12) + (0 << 18) + (5 << 24));
  EXPECT_NE(pgSqlstateCode("57P01"), pgSqlstateCode("57P02"));
  EXPECT_EQ(pgSqlstateCode("bad"), 0);
}

TEST(PgUrl, WellFormedUrlsAreAcceptedWithoutConnecting) {
  EXPECT_NO_THROW(validatePgUrl("postgres://localhost/gaflight"));
  EXPECT_NO_THROW(validatePgUrl("postgresql://u:p@127.0.0.1:5433/db?sslmode=disable&connect_timeout=3"));
  auto db = openDatabase("postgresql://127.0.0.1:1/nobody-listens-here");  // connects on first use
  EXPECT_FALSE(db->isSqlite());
}

TEST(PgUrl, MalformedUrlsAreInvalidArguments) {
  EXPECT_THROW(validatePgUrl("postgresql://[::1/x"), std::invalid_argument);
  EXPECT_THROW(validatePgUrl("postgresql://host/db?no_such_option=1"), std::invalid_argument);
  EXPECT_THROW(openDatabase("postgres://host/db?nonsense=1"), std::invalid_argument);
}

TEST(PgUrl, FirstUseOfAnUnreachableServerIsUnavailable) {
  auto db = openDatabase("postgresql://postgres@127.0.0.1:1/postgres");
  EXPECT_THROW(db->connection(), DatabaseUnavailable);
  EXPECT_FALSE(db->health().available());
}

}  // namespace
}  // namespace gaflight::storage
