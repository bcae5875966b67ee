#include "domain/audit_chain.hpp"

#include <nlohmann/json.hpp>

#include "core/crypto.hpp"

namespace gaflight::domain {

std::string auditCanonical(const AuditEntry& e) {
  // nlohmann::json objects keep their keys sorted, so dump() is one fixed byte string per entry.
  nlohmann::json o = {
      {"v", 1},
      {"id", e.id},
      {"org_id", e.org_id},
      {"actor_user_id", e.actor_user_id ? nlohmann::json(*e.actor_user_id) : nlohmann::json()},
      {"actor_label", e.actor_label},
      {"action", e.action},
      {"target_type", e.target_type},
      {"target_id", e.target_id},
      {"details", e.details_json},
      {"request_id", e.request_id},
      {"created_at", e.created_at}};
  return o.dump();
}

std::string auditEntryHash(std::string_view prev_hash_hex, const AuditEntry& e) {
  std::string data(prev_hash_hex);
  data += auditCanonical(e);
  return crypto::sha256Hex(data);
}

void sealAuditEntry(AuditEntry& e, const std::optional<std::string>& previous_hash) {
  e.prev_hash = previous_hash.value_or(std::string(kAuditGenesisHash));
  e.hash = auditEntryHash(*e.prev_hash, e);
}

std::string_view chainFaultName(ChainFault f) {
  switch (f) {
    case ChainFault::kHashMismatch:
      return "hash_mismatch";
    case ChainFault::kPrevLinkMismatch:
      return "prev_link_mismatch";
    case ChainFault::kMissingHash:
      return "missing_hash";
  }
  return "hash_mismatch";
}

void AuditChainWalker::fail(int64_t seq, const AuditEntry& e, ChainFault f, std::string expected,
                            std::string found) {
  r_.entries++;
  r_.first_broken = ChainBreak{e.id, seq, f, std::move(expected), std::move(found)};
}

void AuditChainWalker::add(int64_t seq, const AuditEntry& e) {
  if (r_.first_broken) return;
  if (!started_) {
    if (!e.hash) {
      r_.legacy_entries++;
      return;
    }
    started_ = true;
  }
  if (!e.hash) return fail(seq, e, ChainFault::kMissingHash, r_.head_hash, "");
  const std::string prev = e.prev_hash.value_or("");
  if (prev != r_.head_hash) return fail(seq, e, ChainFault::kPrevLinkMismatch, r_.head_hash, prev);
  std::string recomputed;
  try {
    recomputed = auditEntryHash(prev, e);
  } catch (const nlohmann::json::exception&) {
    // A field that is not valid UTF-8 was never written by us: the entry was altered.
    return fail(seq, e, ChainFault::kHashMismatch, "", *e.hash);
  }
  if (recomputed != *e.hash) return fail(seq, e, ChainFault::kHashMismatch, recomputed, *e.hash);
  r_.entries++;
  r_.head_hash = *e.hash;
}

AuditChainReport walkAuditChain(const std::vector<std::pair<int64_t, AuditEntry>>& entries_in_seq_order) {
  AuditChainWalker w;
  for (const auto& [seq, e] : entries_in_seq_order) w.add(seq, e);
  return w.report();
}

}  // namespace gaflight::domain
