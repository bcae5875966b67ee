#pragma once
#include <string>

#include "core/json_writer.hpp"
#include "domain/audit_chain.hpp"

namespace gaflight::domain {

// {object: audit_chain_verification, status: intact|broken, entries, legacy_entries, head_hash,
//  head_hash_prefix, first_broken: {entry_id, seq, fault, expected_prefix, found_prefix} | null}
void renderAuditChainReport(JsonWriter& w, const AuditChainReport& r);

}  // namespace gaflight::domain
