// Audit hash chain: canonical form, sealing, and the walk that names the first broken link.
#include <gtest/gtest.h>

#include "core/crypto.hpp"
#include "domain/audit_chain.hpp"

using namespace gaflight;
using namespace gaflight::domain;

namespace {
using Log = std::vector<std::pair<int64_t, AuditEntry>>;

AuditEntry entry(int n) {
  AuditEntry e;
  e.id = "aud_" + std::to_string(n);
  e.org_id = "org_A";
  e.actor_user_id = "usr_1";
  e.actor_label = "alex@example.org";
  e.action = "api_key.minted";
  e.target_type = "api_key";
  e.target_id = "key_" + std::to_string(n);
  e.details_json = R"({"name":"k)" + std::to_string(n) + R"("})";
  e.request_id = "req_" + std::to_string(n);
  e.created_at = "2026-12-02T03:00:0" + std::to_string(n % 10) + "Z";
  return e;
}

// A chain as recordAudit writes it: each entry sealed on the previous one's hash.
Log chain(int n) {
  Log log;
  std::optional<std::string> head;
  for (int i = 1; i <= n; ++i) {
    auto e = entry(i);
    sealAuditEntry(e, head);
    head = e.hash;
    log.emplace_back(i * 10, e);
  }
  return log;
}

void expectBrokenAt(const Log& log, const std::string& id, ChainFault fault) {
  auto r = walkAuditChain(log);
  ASSERT_TRUE(r.first_broken) << "expected a break at " << id;
  EXPECT_EQ(r.first_broken->entry_id, id);
  EXPECT_EQ(r.first_broken->fault, fault) << chainFaultName(r.first_broken->fault);
}
}  // namespace

TEST(AuditChainCanonical, SortedCompactJsonOfTheDocumentedFields) {
  auto e = entry(1);
  EXPECT_EQ(auditCanonical(e),
            R"({"action":"api_key.minted","actor_label":"alex@example.org","actor_user_id":"usr_1",)"
            R"("created_at":"2026-12-02T03:00:01Z","details":"{\"name\":\"k1\"}","id":"aud_1",)"
            R"("org_id":"org_A","request_id":"req_1","target_id":"key_1","target_type":"api_key","v":1})");
  e.actor_user_id.reset();
  EXPECT_NE(auditCanonical(e).find(R"("actor_user_id":null)"), std::string::npos);
}

TEST(AuditChainCanonical, FieldBoundariesAreUnambiguous) {
  // Moving characters from one field to the next must change the bytes (plain concatenation would not).
  auto a = entry(1), b = entry(1);
  a.target_type = "api_keyx";
  a.target_id = "1";
  b.target_type = "api_key";
  b.target_id = "x1";
  EXPECT_NE(auditCanonical(a), auditCanonical(b));
}

TEST(AuditChainHash, IsSha256OfPrevHexThenCanonical) {
  auto e = entry(1);
  std::string prev(kAuditGenesisHash);
  EXPECT_EQ(auditEntryHash(prev, e), crypto::sha256Hex(prev + auditCanonical(e)));
  EXPECT_EQ(auditEntryHash(prev, e).size(), 64u);
}

TEST(AuditChainSeal, GenesisWhenNoPredecessorOrALegacyOne) {
  auto e = entry(1);
  sealAuditEntry(e, std::nullopt);
  EXPECT_EQ(*e.prev_hash, kAuditGenesisHash);
  EXPECT_EQ(*e.hash, auditEntryHash(kAuditGenesisHash, e));
  auto f = entry(2);
  sealAuditEntry(f, e.hash);
  EXPECT_EQ(f.prev_hash, e.hash);
}

TEST(AuditChainWalk, EmptyLogIsIntactAtGenesis) {
  auto r = walkAuditChain({});
  EXPECT_TRUE(r.intact());
  EXPECT_EQ(r.entries, 0);
  EXPECT_EQ(r.head_hash, kAuditGenesisHash);
}

TEST(AuditChainWalk, UntouchedChainIsIntactWithItsHead) {
  auto log = chain(5);
  auto r = walkAuditChain(log);
  EXPECT_TRUE(r.intact());
  EXPECT_EQ(r.entries, 5);
  EXPECT_EQ(r.legacy_entries, 0);
  EXPECT_EQ(r.head_hash, *log.back().second.hash);
}

TEST(AuditChainWalk, AChangedFieldInAnyEntryIsFoundAtThatEntry) {
  // Every field of the canonical form, in every position of the chain (first, middle, last).
  const std::vector<std::function<void(AuditEntry&)>> edits = {
      [](AuditEntry& e) { e.id += "x"; },
      [](AuditEntry& e) { e.org_id = "org_B"; },
      [](AuditEntry& e) { e.actor_user_id = "usr_2"; },
      [](AuditEntry& e) { e.actor_user_id.reset(); },
      [](AuditEntry& e) { e.actor_label = "mallory@example.org"; },
      [](AuditEntry& e) { e.action = "api_key.revoked"; },
      [](AuditEntry& e) { e.target_type = "app"; },
      [](AuditEntry& e) { e.target_id = "key_other"; },
      [](AuditEntry& e) { e.details_json = R"({"name":"changed"})"; },
      [](AuditEntry& e) { e.details_json = R"({"name": "k1"})"; },  // whitespace only: still a change
      [](AuditEntry& e) { e.request_id = "req_other"; },
      [](AuditEntry& e) { e.created_at = "2020-01-01T00:00:00Z"; },
  };
  for (size_t k = 0; k < edits.size(); ++k) {
    for (int at : {0, 2, 4}) {
      auto log = chain(5);
      edits[k](log[at].second);
      SCOPED_TRACE("edit " + std::to_string(k) + " at entry " + std::to_string(at));
      expectBrokenAt(log, log[at].second.id, ChainFault::kHashMismatch);
      auto r = walkAuditChain(log);
      EXPECT_EQ(r.first_broken->seq, log[at].first);
      EXPECT_EQ(r.first_broken->found, *log[at].second.hash);
      EXPECT_EQ(r.entries, at + 1);
    }
  }
}

TEST(AuditChainWalk, AChangedStoredHashIsFoundAtThatEntry) {
  auto log = chain(4);
  log[1].second.hash = std::string(64, 'a');
  expectBrokenAt(log, "aud_2", ChainFault::kHashMismatch);
}

TEST(AuditChainWalk, RecomputingTheChangedEntrysHashBreaksTheNextLink) {
  auto log = chain(4);
  log[1].second.details_json = R"({"name":"forged"})";
  sealAuditEntry(log[1].second, log[0].second.hash);
  expectBrokenAt(log, "aud_3", ChainFault::kPrevLinkMismatch);
}

TEST(AuditChainWalk, ADeletedMiddleEntryIsFoundAtItsSuccessor) {
  auto log = chain(5);
  auto removed_hash = *log[2].second.hash;
  log.erase(log.begin() + 2);
  expectBrokenAt(log, "aud_4", ChainFault::kPrevLinkMismatch);
  auto r = walkAuditChain(log);
  EXPECT_EQ(r.first_broken->found, removed_hash);            // aud_4 still points at the removed entry
  EXPECT_EQ(r.first_broken->expected, *log[1].second.hash);  // ... not at aud_2
}

TEST(AuditChainWalk, ADeletedFirstOrLastEntry) {
  auto log = chain(3);
  log.erase(log.begin());
  expectBrokenAt(log, "aud_2", ChainFault::kPrevLinkMismatch);  // no longer links to genesis
  // Truncating the tail leaves a valid shorter chain: only the head hash (kept elsewhere) shows it.
  auto tail = chain(3);
  auto full_head = *tail.back().second.hash;
  tail.pop_back();
  auto r = walkAuditChain(tail);
  EXPECT_TRUE(r.intact());
  EXPECT_NE(r.head_hash, full_head);
}

TEST(AuditChainWalk, ReorderedEntriesAreFound) {
  auto log = chain(5);
  std::swap(log[1].second, log[2].second);  // seq order now says aud_1, aud_3, aud_2, ...
  expectBrokenAt(log, "aud_3", ChainFault::kPrevLinkMismatch);
}

TEST(AuditChainWalk, ForeignGenesisIsRefused) {
  auto log = chain(2);
  log[0].second.prev_hash = std::string(64, '1');
  log[0].second.hash = auditEntryHash(*log[0].second.prev_hash, log[0].second);
  expectBrokenAt(log, "aud_1", ChainFault::kPrevLinkMismatch);
}

TEST(AuditChainWalk, LegacyEntriesPrecedeTheChainAndAreNotChecked) {
  Log log;
  for (int i = 1; i <= 3; ++i) log.emplace_back(i, entry(100 + i));  // written before v5: no hash
  for (auto& [seq, e] : chain(2)) log.emplace_back(seq + 100, e);
  auto r = walkAuditChain(log);
  EXPECT_TRUE(r.intact());
  EXPECT_EQ(r.legacy_entries, 3);
  EXPECT_EQ(r.entries, 2);
}

TEST(AuditChainWalk, AnUnhashedEntryAfterTheChainStartedIsABreak) {
  auto log = chain(3);
  log[1].second.hash.reset();
  log[1].second.prev_hash.reset();
  expectBrokenAt(log, "aud_2", ChainFault::kMissingHash);
}

TEST(AuditChainWalk, InvalidUtf8IsAHashMismatchNotACrash) {
  auto log = chain(2);
  log[1].second.actor_label = "\xff\xfe";
  expectBrokenAt(log, "aud_2", ChainFault::kHashMismatch);
}

TEST(AuditChainWalk, StopsAtTheFirstBreak) {
  auto log = chain(5);
  log[1].second.action = "x";
  log[3].second.action = "y";
  auto r = walkAuditChain(log);
  EXPECT_EQ(r.first_broken->entry_id, "aud_2");
  EXPECT_EQ(r.entries, 2);
  EXPECT_EQ(r.head_hash, *log[0].second.hash);  // the last intact entry
}

TEST(AuditChainRender, HashPrefixIsTwelveHexCharacters) {
  EXPECT_EQ(hashPrefix("0123456789abcdef0123"), "0123456789ab");
  EXPECT_EQ(hashPrefix("abc"), "abc");
}
