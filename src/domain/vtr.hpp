#pragma once
// Verified training records (issue 8, SPEC §10.5): the pack a recruiter can check offline, and the
// metadata row the API publishes. Pure: everything here is a function of its inputs, so the same
// inputs always give the same pack bytes (and the same pack_sha256).
//
// Pack layout (a ZIP, entries in this order):
//   record.json   the canonical record (keys sorted, 2-space indent, UTF-8)
//   record.html   the same record for people: escaped, self-contained, no script
//   manifest.json {"authority_key_id", "files": [{"path","sha256","size","mime"}], "issued_at", "vtr_id"}
//                 over record.json and record.html (compact, keys sorted)
//   manifest.sig  standard base64 of the Ed25519 signature of the exact manifest.json bytes by the
//                 deployment's authority key (GET /api/authority/public-key)
// Each signoff in record.json carries `canonical` (the exact signed bytes) and `signature` (base64);
// `signing_keys` lists the organisation keys they were signed with, so a verifier trusts an organisation
// key only because the authority-signed manifest vouches for record.json.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gaflight::domain {

// ---- the metadata row ------------------------------------------------------------------------------
inline constexpr const char* kVtrVerified = "verified";
inline constexpr const char* kVtrRevoked = "revoked";
inline constexpr const char* kVtrSuperseded = "superseded";

struct Vtr {
  std::string id, org_id, enrollment_id, student_id, program_id, status, issued_at, issued_by;
  std::optional<std::string> issue_audit_id;
  std::string pack_sha256;
  int64_t pack_size = 0;
  std::optional<std::string> revoked_at, revoked_reason, superseded_by_id;
  std::string created_at, updated_at;
  int64_t change_seq = 0;  // position in change order (delta sync, ADR 0011); never rendered
};

// The compliance record that mirrors a VTR (type `vtr`, number = the VTR id): a verified VTR has no
// valid_until (status `valid`); a revoked or superseded one is valid until the day before it stopped
// being verified (status `expired` from that day on). details.status carries the exact VTR status.
std::optional<std::string> vtrComplianceValidUntil(const Vtr& v);
std::string vtrComplianceDetails(const Vtr& v);  // {"pack_sha256","status","vtr_id"}

// ---- pack inputs -----------------------------------------------------------------------------------
struct VtrStudent {
  std::string id, first_name, last_name;
  std::optional<std::string> licence_type, licence_number;
};
struct VtrProgram {
  std::string id, code, name, regime;
  int64_t min_total_min = 0, min_dual_min = 0, min_solo_min = 0, min_solo_xc_min = 0, min_night_min = 0,
          min_sim_min = 0;
};
struct VtrEnrollment {
  std::string id, status, started_on;
  std::optional<std::string> completed_on;
  std::string student_id, program_id;
};
struct VtrLessonRecord {
  std::string id, lesson_id, session_date, result;
  std::optional<std::string> flight_id, instructor_id, remarks;
  int64_t ground_min = 0, dual_min = 0, solo_min = 0, solo_xc_min = 0, night_min = 0, sim_min = 0;
  std::string grades = "[]";  // JSON array as stored
};
struct VtrLesson {
  std::string id, code, title, kind;
  int64_t position = 0, planned_dual_min = 0, planned_solo_min = 0;
  std::vector<VtrLessonRecord> records;  // by session_date, id
};
struct VtrSignoff {
  std::string id, lesson_record_id, lesson_id, instructor_id, result, signed_on, signed_at, signer_name,
      certificate_number, key_id, canonical, signature;
  std::optional<std::string> supersedes_id, superseded_by_id;
};
struct VtrSigningKey {
  std::string key_id, public_key;  // standard base64 of the raw 32-byte Ed25519 key
};
struct VtrPackInput {
  std::string vtr_id, issued_at, issued_by;
  std::string org_id, org_name;
  VtrStudent student;
  VtrProgram program;
  VtrEnrollment enrollment;
  std::vector<VtrLesson> lessons;  // by position
  std::vector<VtrSignoff> signoffs;
  std::vector<VtrSigningKey> signing_keys;
};

struct VtrFlightSummary {
  int64_t ground_min = 0, dual_min = 0, solo_min = 0, solo_xc_min = 0, night_min = 0, sim_min = 0;
  int64_t flights = 0;  // distinct flights the lesson records are tied to
  std::optional<std::string> first_date, last_date;
};
VtrFlightSummary summarizeTraining(const std::vector<VtrLesson>& lessons);

// ---- pack ------------------------------------------------------------------------------------------
struct PackFile {
  std::string path, bytes, mime;
};

std::string vtrRecordJson(const VtrPackInput& in);
std::string vtrRecordHtml(const VtrPackInput& in);
// The authority key's id: "auth_" + the first 16 hex digits of SHA-256(raw public key).
std::string authorityKeyId(std::string_view public32);
std::string vtrManifestJson(const std::string& vtr_id, const std::string& issued_at,
                            const std::string& authority_key_id, const std::vector<PackFile>& files);

struct BuiltPack {
  std::string zip;
  std::string sha256_hex;
};
BuiltPack buildVtrPack(const VtrPackInput& in, std::string_view authority_seed32);

// Checks a pack the way the offline verifier does: the manifest signature by the authority key, every
// listed file's hash and size, no unlisted file, and every signoff against its key in signing_keys.
// Returns "" when every check holds, else the first failure (naming the file for a hash mismatch).
std::string verifyVtrPack(const std::string& zip, std::string_view authority_public32);

}  // namespace gaflight::domain

namespace gaflight::domain {
// &, <, >, " and ' as entities: safe in HTML text and in quoted attribute values.
std::string htmlEscape(std::string_view s);
}  // namespace gaflight::domain
