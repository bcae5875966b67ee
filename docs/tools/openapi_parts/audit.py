"""Audit hash chain: the console's verification of an organisation's chain (docs/audit-chain.md).
The audit log list itself (`/audit-log`) stays in gen_openapi.console_ops()."""

EX_INTACT = {
    "object": "audit_chain_verification", "status": "intact", "entries": 214, "legacy_entries": 0,
    "head_hash": "9c1f04e7b2d3a8e6f1c0d9b4a7e2f5c8d1b6a3e0f7c4d9b2a5e8f1c6d3b0a7e4",
    "head_hash_prefix": "9c1f04e7b2d3", "first_broken": None,
}
EX_BROKEN = {
    "object": "audit_chain_verification", "status": "broken", "entries": 58, "legacy_entries": 0,
    "head_hash": "41d7c2a9e0b35f8c6d1e4a7b2c9f0e3d6a1b8c5f2e9d0a7b4c1e8f5a2d9b6c3e",
    "head_hash_prefix": "41d7c2a9e0b3",
    "first_broken": {"entry_id": "aud_01JZ3KE6F7G8H9J0K1M2N3P4Q5", "seq": 1093, "fault": "hash_mismatch",
                     "expected_prefix": "e3b0c44298fc", "found_prefix": "7d865e959b24"},
}
FAULTS = ["hash_mismatch", "prev_link_mismatch", "missing_hash"]


def schemas(g) -> dict:
    def prefix(d):
        return g.s(d, pattern="^[0-9a-f]{0,12}$")

    return {
        "AuditChainVerification": g.all_required({
            "object": g.const("audit_chain_verification", "Always `audit_chain_verification`."),
            "status": g.s("`intact` when every chained entry hashes to what it stores and links to the one before; "
                          "`broken` otherwise.", enum=["intact", "broken"]),
            "entries": g.integer("Chained entries checked, in `seq` order (up to and including the first broken "
                                 "one).", minimum=0),
            "legacy_entries": g.integer("Entries written before the chain existed (no hash); they precede it and "
                                        "are not covered.", minimum=0),
            "head_hash": g.s("Full hash (64 hex) of the last intact entry; 64 zeros when there is none. Record it "
                             "outside the database to detect a truncated or rewritten log later."),
            "head_hash_prefix": prefix("First 12 hex characters of `head_hash`."),
            "first_broken": g.nullable(g.all_required({
                "entry_id": g.opaque_id("audit entry", "aud_01JZ3KE6F7G8H9J0K1M2N3P4Q5"),
                "seq": g.integer("The entry's position in the organisation's log (database sequence)."),
                "fault": g.s("`hash_mismatch`: the entry's fields no longer hash to its stored hash (it was "
                             "changed); `prev_link_mismatch`: its `prev_hash` is not the previous entry's hash (an "
                             "entry was removed, inserted or reordered before it); `missing_hash`: no hash after "
                             "the chain started.", enum=FAULTS),
                "expected_prefix": prefix("Recomputed hash (`hash_mismatch`) or the previous entry's hash (link "
                                          "faults), first 12 hex characters."),
                "found_prefix": prefix("What the entry stores (its hash, or its `prev_hash`), first 12 hex "
                                       "characters; empty when null."),
            }, "The first broken link in `seq` order.")),
        }, "Result of recomputing an organisation's audit hash chain from its first entry.",
            examples=[EX_INTACT, EX_BROKEN]),
    }


def paths(g) -> dict:
    return {
        g.O + "/audit/verify": {"get": g.console_op(
            "verifyAuditChain", "Verify the audit hash chain",
            "Walks the organisation's audit log in `seq` order in one read snapshot, recomputes each entry's hash "
            "`SHA-256(prev_hash ‖ canonical entry)` and checks each link, and reports `intact` or the first broken "
            "link. The same check as `gaflight audit verify --db … --org …`. Requires the `owner`, `admin` or "
            "`developer` role, like the audit log. Takes time proportional to the log's length.",
            "Console: Audit",
            {"200": g.ok("The verification result (also 200 when the chain is broken).", "AuditChainVerification",
                         EX_INTACT),
             "400": g.rsp("BadRequest")},
            mutating=False, params=[g.param("OrgId")])},
    }
