#pragma once
// The audit log's hash chain (per organisation): each entry stores
//   hash = hex(SHA-256(prev_hash_hex || canonical entry bytes))
// where prev_hash_hex is the 64 lowercase hex characters of the previous entry's hash (64 zeros for the
// first chained entry). Any change, removal or reordering of an entry breaks the link at, or right after,
// that entry. Pure: no storage, no clock. docs/audit-chain.md describes the format for outside verifiers.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/entities.hpp"

namespace gaflight::domain {

// prev_hash of the first chained entry of an organisation.
inline constexpr std::string_view kAuditGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// How much of a hash the console shows (48 bits: enough to compare by eye, not meant to be unique).
inline constexpr size_t kHashPrefixLength = 12;
inline std::string hashPrefix(std::string_view hash) {
  return std::string(hash.substr(0, kHashPrefixLength));
}

// Compact JSON of an object with keys sorted (nlohmann's default) holding exactly:
// v (1), id, org_id, actor_user_id (string or null), actor_label, action, target_type, target_id,
// details (the stored details text, as a JSON string), request_id, created_at. `seq` is not part of it:
// the database assigns it after the hash is computed; order is carried by the prev_hash links.
// Throws nlohmann::json::type_error when a field is not valid UTF-8 (never for entries we wrote).
std::string auditCanonical(const AuditEntry& e);

// hex(SHA-256(prev_hash_hex || canonical)).
std::string auditEntryHash(std::string_view prev_hash_hex, const AuditEntry& e);

// Fills e.prev_hash (previous entry's hash, or genesis when there is none or it predates the chain)
// and e.hash.
void sealAuditEntry(AuditEntry& e, const std::optional<std::string>& previous_hash);

enum class ChainFault {
  kHashMismatch,      // the stored hash is not the hash of the stored fields: the entry was changed
  kPrevLinkMismatch,  // prev_hash is not the previous entry's hash: an entry was removed or reordered
  kMissingHash,       // an entry after the start of the chain carries no hash
};
std::string_view chainFaultName(ChainFault f);  // hash_mismatch, prev_link_mismatch, missing_hash

struct ChainBreak {
  std::string entry_id;
  int64_t seq = 0;
  ChainFault fault = ChainFault::kHashMismatch;
  std::string expected;  // recomputed hash, or the previous entry's hash for a link fault
  std::string found;     // what the entry stores (empty when null)
};

struct AuditChainReport {
  int64_t entries = 0;         // chained entries checked (up to and including a break)
  int64_t legacy_entries = 0;  // entries written before the chain started (no hash), not checked
  std::optional<ChainBreak> first_broken;
  std::string head_hash = std::string(kAuditGenesisHash);  // hash of the last intact entry
  bool intact() const { return !first_broken; }
};

// Walks an organisation's entries in seq order, one at a time (so a long log streams). Entries before
// the first hashed one are legacy; from it on, every entry must carry a hash, link to its predecessor
// and hash to what it stores. The walk stops at the first broken link; later entries are ignored.
class AuditChainWalker {
 public:
  void add(int64_t seq, const AuditEntry& e);
  const AuditChainReport& report() const { return r_; }

 private:
  void fail(int64_t seq, const AuditEntry& e, ChainFault f, std::string expected, std::string found);
  AuditChainReport r_;
  bool started_ = false;
};

AuditChainReport walkAuditChain(const std::vector<std::pair<int64_t, AuditEntry>>& entries_in_seq_order);

}  // namespace gaflight::domain
