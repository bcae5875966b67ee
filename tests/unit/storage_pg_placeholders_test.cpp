#include "storage/pg_placeholders.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

using gaflight::storage::rewritePlaceholders;

TEST(PgPlaceholders, RewritesNumberedPlaceholders) {
  EXPECT_EQ(rewritePlaceholders("SELECT a FROM t WHERE b = ?1 AND c = ?2"),
            "SELECT a FROM t WHERE b = $1 AND c = $2");
  EXPECT_EQ(rewritePlaceholders("VALUES (?12,?3)"), "VALUES ($12,$3)");
  EXPECT_EQ(rewritePlaceholders("WHERE x = ?1 OR y = ?1"), "WHERE x = $1 OR y = $1");
  EXPECT_EQ(rewritePlaceholders("LIMIT ?10"), "LIMIT $10");
}

TEST(PgPlaceholders, LeavesSqlWithoutPlaceholdersUnchanged) {
  EXPECT_EQ(rewritePlaceholders(""), "");
  EXPECT_EQ(rewritePlaceholders("SELECT 1"), "SELECT 1");
  EXPECT_EQ(rewritePlaceholders("SELECT a-b/c*d FROM t"), "SELECT a-b/c*d FROM t");
}

TEST(PgPlaceholders, LeavesStringLiteralsAlone) {
  EXPECT_EQ(rewritePlaceholders("SELECT '?1', ?1"), "SELECT '?1', $1");
  EXPECT_EQ(rewritePlaceholders("SELECT 'it''s ?2' || ?1"), "SELECT 'it''s ?2' || $1");
  EXPECT_EQ(rewritePlaceholders("SELECT 'what?' , ?3"), "SELECT 'what?' , $3");
  EXPECT_EQ(rewritePlaceholders("SELECT '' , ?1"), "SELECT '' , $1");
}

TEST(PgPlaceholders, LeavesQuotedIdentifiersAlone) {
  EXPECT_EQ(rewritePlaceholders(R"(SELECT "a?1" FROM "t""?" WHERE x = ?1)"),
            R"(SELECT "a?1" FROM "t""?" WHERE x = $1)");
}

TEST(PgPlaceholders, LeavesCommentsAlone) {
  EXPECT_EQ(rewritePlaceholders("SELECT ?1 -- why? ?2\n, ?2"), "SELECT $1 -- why? ?2\n, $2");
  EXPECT_EQ(rewritePlaceholders("SELECT ?1 -- trailing ?"), "SELECT $1 -- trailing ?");
  EXPECT_EQ(rewritePlaceholders("SELECT /* ?1 'x */ ?1"), "SELECT /* ?1 'x */ $1");
  EXPECT_EQ(rewritePlaceholders("SELECT /* unterminated ?"), "SELECT /* unterminated ?");
}

TEST(PgPlaceholders, MinusAndSlashAloneAreOperators) {
  EXPECT_EQ(rewritePlaceholders("SELECT ?1 - ?2 / ?3"), "SELECT $1 - $2 / $3");
}

TEST(PgPlaceholders, UnterminatedQuoteIsCopiedForTheServerToReject) {
  EXPECT_EQ(rewritePlaceholders("SELECT ?1, 'abc ?2"), "SELECT $1, 'abc ?2");
}

TEST(PgPlaceholders, RejectsPlaceholderWithoutNumber) {
  EXPECT_THROW(rewritePlaceholders("SELECT ?"), std::invalid_argument);
  EXPECT_THROW(rewritePlaceholders("SELECT * FROM t WHERE a = ? AND b = ?1"), std::invalid_argument);
  EXPECT_THROW(rewritePlaceholders("SELECT ?0"), std::invalid_argument);
  EXPECT_THROW(rewritePlaceholders("SELECT ?00"), std::invalid_argument);
  EXPECT_THROW(rewritePlaceholders("SELECT data ? 'key'"), std::invalid_argument);
}

TEST(PgPlaceholders, LeadingZerosAreKept) {
  // PostgreSQL reads $01 as parameter 1, as SQLite reads ?01.
  EXPECT_EQ(rewritePlaceholders("SELECT ?01"), "SELECT $01");
}
