#include "service/vtr_service.hpp"

#include <set>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/ids.hpp"
#include "domain/compliance.hpp"
#include "service/audit.hpp"
#include "service/paging.hpp"
#include "storage/compliance_repository.hpp"

namespace gaflight::service {

namespace {
// The compliance record mirroring a freshly issued VTR.
domain::ComplianceRecord complianceFor(const domain::Vtr& v, const std::string& program_code,
                                       const std::string& regime) {
  domain::ComplianceRecord c;
  c.id = ids::prefixed("cmp_");
  c.org_id = v.org_id;
  c.subject = "pilot";
  c.pilot_id = v.student_id;
  c.type = "vtr";
  c.code = program_code;
  c.number = v.id;
  if (regime == "easa" || regime == "faa") c.regime = regime;
  c.issued_on = v.issued_at.substr(0, 10);
  c.valid_until = domain::vtrComplianceValidUntil(v);
  c.details = domain::vtrComplianceDetails(v);
  c.created_at = c.updated_at = v.updated_at;
  return c;
}

std::string initials(const domain::VtrStudent& s) {
  std::string out;
  for (const auto* part : {&s.first_name, &s.last_name}) {
    if (!part->empty()) {
      // First UTF-8 character of the name.
      size_t len = 1;
      while (len < part->size() && (static_cast<unsigned char>((*part)[len]) & 0xC0) == 0x80) ++len;
      out += part->substr(0, len) + ".";
    }
  }
  return out;
}

// What issue() needs from the training tables, read inside its transaction.
Result<domain::VtrPackInput> packInput(storage::VtrRepository& repo, const std::string& org,
                                       const std::string& enrollment_id) {
  domain::VtrPackInput in;
  auto enrollment = repo.enrollment(org, enrollment_id);
  if (!enrollment) return makeError(ErrorCode::kNotFound, "No such enrollment.", "enrollment_id");
  auto student = repo.student(org, enrollment->student_id);
  auto program = repo.program(org, enrollment->program_id);
  if (!student || !program) return makeError(ErrorCode::kNotFound, "No such enrollment.", "enrollment_id");
  in.signoffs = repo.signoffs(org, enrollment_id);
  if (in.signoffs.empty())
    return makeError(ErrorCode::kValidationFailed,
                     "The enrollment has no signed lesson: a VTR needs at least one signoff.",
                     "enrollment_id");
  std::vector<std::string> key_ids;
  std::set<std::string> seen;
  for (const auto& s : in.signoffs) {
    if (seen.insert(s.key_id).second) key_ids.push_back(s.key_id);
  }
  in.signing_keys = repo.signingKeys(org, key_ids);
  in.org_id = org;
  in.org_name = repo.orgName(org).value_or("");
  in.student = *student;
  in.program = *program;
  in.enrollment = *enrollment;
  in.lessons = repo.lessonsWithRecords(org, enrollment->program_id, enrollment_id);
  return in;
}

nlohmann::json auditDetails(const domain::Vtr& v) {
  return {{"enrollment_id", v.enrollment_id},
          {"student_id", v.student_id},
          {"program_id", v.program_id},
          {"status", v.status},
          {"pack_sha256", v.pack_sha256}};
}
}  // namespace

Result<domain::Vtr> VtrService::issue(const std::string& org, const std::string& enrollment_id,
                                      const Actor& actor) {
  auto now_tp = ctx_.clock.now();
  std::string now = timefmt::formatInstant(now_tp);
  auto& conn = ctx_.db.connection();
  storage::Transaction tx(conn, storage::TxMode::kWrite);
  storage::VtrRepository repo(conn);
  auto input = packInput(repo, org, enrollment_id);
  if (!input) return input.error();
  auto& in = input.value();
  domain::Vtr v;
  v.id = ids::prefixed("vtr_", timefmt::toUnixSeconds(now_tp) * 1000);
  v.org_id = org;
  v.enrollment_id = enrollment_id;
  v.student_id = in.student.id;
  v.program_id = in.program.id;
  v.status = domain::kVtrVerified;
  v.issued_at = v.created_at = v.updated_at = now;
  v.issued_by = actor.label;
  in.vtr_id = v.id;
  in.issued_at = now;
  in.issued_by = in.org_name;  // the pack names the school, not the staff member's login
  auto built = domain::buildVtrPack(in, authority_seed_);
  v.pack_sha256 = built.sha256_hex;
  v.pack_size = static_cast<int64_t>(built.zip.size());

  auto previous = repo.verifiedForEnrollment(org, enrollment_id);
  auto details = auditDetails(v);
  if (previous) details["supersedes_id"] = previous->id;
  v.issue_audit_id = recordAudit(conn, org, actor, "vtr.issued", "vtr", v.id, details, now);
  repo.insert(v, built.zip);
  storage::ComplianceRepository(conn).insert(complianceFor(v, in.program.code, in.program.regime));
  if (previous) {
    previous->status = domain::kVtrSuperseded;
    previous->superseded_by_id = v.id;
    previous->updated_at = now;
    repo.update(*previous);
    repo.syncCompliance(*previous);
  }
  tx.commit();
  ctx_.afterCommit();
  return v;
}

Result<domain::Vtr> VtrService::revoke(const std::string& org, const std::string& id,
                                       const std::optional<std::string>& reason, const Actor& actor) {
  std::string now = timefmt::formatInstant(ctx_.clock.now());
  auto& conn = ctx_.db.connection();
  storage::Transaction tx(conn, storage::TxMode::kWrite);
  storage::VtrRepository repo(conn);
  auto v = repo.find(org, id);
  if (!v) return makeError(ErrorCode::kNotFound, "No such VTR.");
  if (v->status != domain::kVtrVerified)
    return makeError(ErrorCode::kConflict,
                     "Only a verified VTR can be revoked; this one is " + v->status + ".");
  v->status = domain::kVtrRevoked;
  v->revoked_at = v->updated_at = now;
  v->revoked_reason = reason;
  repo.update(*v);
  repo.syncCompliance(*v);
  auto details = auditDetails(*v);
  details["reason"] = reason ? nlohmann::json(*reason) : nlohmann::json(nullptr);
  recordAudit(conn, org, actor, "vtr.revoked", "vtr", v->id, details, now);
  tx.commit();
  ctx_.afterCommit();
  return *v;
}

Result<domain::Vtr> VtrService::get(const std::string& org, const std::string& id) {
  auto v = storage::VtrRepository(ctx_.db.connection()).find(org, id);
  if (!v) return makeError(ErrorCode::kNotFound, "No such VTR.");
  return *v;
}

Result<Page<domain::Vtr>> VtrService::list(const std::string& org, const VtrListOptions& opt) {
  const auto& f = opt.filter;
  ListSpec spec{"vtr", org, filterSignature(f.student_id, f.program_id, f.status, f.updated_since), 2};
  storage::VtrRepository repo(ctx_.db.connection());
  return fetchListPage<domain::Vtr>(
      ctx_.cursors, spec, opt.page, f.updated_since,
      [&](const auto& after) {
        return repo.list(org, {opt.page.limit, after}, f);
      },
      [](const domain::Vtr& v) {
        return std::vector<std::string>{v.issued_at, v.id};
      });
}

Result<VtrPack> VtrService::pack(const std::string& org, const std::string& id) {
  auto bytes = storage::VtrRepository(ctx_.db.connection()).pack(org, id);
  if (!bytes) return makeError(ErrorCode::kNotFound, "No such VTR.");
  return VtrPack{std::move(*bytes), id + ".zip"};
}

std::vector<domain::VtrEligibleEnrollment> VtrService::eligibleEnrollments(const std::string& org) {
  return storage::VtrRepository(ctx_.db.connection()).eligibleEnrollments(org);
}

Result<domain::VtrVerifyView> VtrService::verifyView(const std::string& id) {
  storage::VtrRepository repo(ctx_.db.connection());
  auto v = repo.findAnyOrg(id);
  if (!v) return makeError(ErrorCode::kNotFound, "No such VTR.");
  domain::VtrVerifyView view;
  view.org_name = repo.orgName(v->org_id).value_or("");
  if (auto p = repo.program(v->org_id, v->program_id)) {
    view.program_code = p->code;
    view.program_name = p->name;
  }
  if (auto s = repo.student(v->org_id, v->student_id)) view.student_initials = initials(*s);
  view.vtr = std::move(*v);
  return view;
}

std::string VtrService::authorityPublicKey() const { return crypto::ed25519PublicKey(authority_seed_); }

std::string VtrService::authorityPublicKeyPem() const {
  return crypto::ed25519PublicKeyPem(authorityPublicKey());
}

void VtrService::seedDemo(const std::string& org, const Actor& actor) {
  std::vector<std::string> completed;
  {
    storage::Transaction tx(ctx_.db.connection(), storage::TxMode::kRead);
    completed = storage::VtrRepository(ctx_.db.connection()).completedEnrollmentIds(org);
  }
  std::vector<domain::Vtr> issued;
  for (const auto& enrollment : completed) {
    auto v = issue(org, enrollment, actor);
    if (v) issued.push_back(v.value());
  }
  // One revoked, one superseded (re-issued), the rest verified.
  if (issued.size() >= 2) {
    (void)revoke(org, issued[0].id, std::string("Issued against the wrong enrolment record (demo)."), actor);
  }
  if (!issued.empty()) (void)issue(org, issued.back().enrollment_id, actor);
}

}  // namespace gaflight::service
