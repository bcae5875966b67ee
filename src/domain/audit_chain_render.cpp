#include "domain/audit_chain_render.hpp"

namespace gaflight::domain {

void renderAuditChainReport(JsonWriter& w, const AuditChainReport& r) {
  w.beginObject()
      .field("object", "audit_chain_verification")
      .field("status", r.intact() ? "intact" : "broken")
      .field("entries", r.entries)
      .field("legacy_entries", r.legacy_entries)
      .field("head_hash", r.head_hash)
      .field("head_hash_prefix", hashPrefix(r.head_hash));
  w.key("first_broken");
  if (const auto& b = r.first_broken) {
    w.beginObject()
        .field("entry_id", b->entry_id)
        .field("seq", b->seq)
        .field("fault", chainFaultName(b->fault))
        .field("expected_prefix", hashPrefix(b->expected))
        .field("found_prefix", hashPrefix(b->found))
        .endObject();
  } else {
    w.null();
  }
  w.endObject();
}

}  // namespace gaflight::domain
