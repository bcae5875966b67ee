#include "storage/vtr_repository.hpp"

#include <map>

namespace gaflight::storage {

namespace {
constexpr const char* kCols =
    "id, org_id, enrollment_id, student_id, program_id, status, issued_at, issued_by, issue_audit_id, "
    "pack_sha256, pack_size, revoked_at, revoked_reason, superseded_by_id, created_at, updated_at";

domain::Vtr fromRow(const RowView& r) {
  domain::Vtr v;
  v.id = r.str(0);
  v.org_id = r.str(1);
  v.enrollment_id = r.str(2);
  v.student_id = r.str(3);
  v.program_id = r.str(4);
  v.status = r.str(5);
  v.issued_at = r.str(6);
  v.issued_by = r.str(7);
  v.issue_audit_id = r.optStr(8);
  v.pack_sha256 = r.str(9);
  v.pack_size = r.integer(10);
  v.revoked_at = r.optStr(11);
  v.revoked_reason = r.optStr(12);
  v.superseded_by_id = r.optStr(13);
  v.created_at = r.str(14);
  v.updated_at = r.str(15);
  return v;
}

// The first row mapped by `map`, or nullopt.
template <typename T, typename Map>
std::optional<T> firstRow(Connection& c, std::string_view sql, const Params& p, Map map) {
  std::optional<T> out;
  c.run(sql, p, [&](const RowView& r) {
    if (!out) out = map(r);
  });
  return out;
}

std::optional<domain::Vtr> one(Connection& c, const std::string& where, const Params& p) {
  return firstRow<domain::Vtr>(c, std::string("SELECT ") + kCols + " FROM vtrs WHERE " + where, p, fromRow);
}
}  // namespace

std::vector<domain::Vtr> VtrRepository::list(const std::string& org, const Keyset& page, const VtrFilter& f) {
  const ListOrder order = orderFor(f.updated_since);
  std::string sql = selectFor(order) + kCols + " FROM vtrs WHERE org_id = ?1";
  Params p{org};
  auto bind = [&](const std::string& v) {
    p.push_back(v);
    return "?" + std::to_string(p.size());
  };
  if (page.after.size() == 2 && !f.updated_since) {
    std::string k0 = bind(page.after[0]);
    std::string k1 = bind(page.after[1]);
    sql += " AND (issued_at > " + k0 + " OR (issued_at = " + k0 + " AND id > " + k1 + "))";
  }
  if (f.student_id) sql += " AND student_id = " + bind(*f.student_id);
  if (f.program_id) sql += " AND program_id = " + bind(*f.program_id);
  if (f.status) sql += " AND status = " + bind(*f.status);
  if (f.updated_since) {
    appendChangeOrder(sql, p, "", *f.updated_since, page);
  } else {
    p.push_back(int64_t{page.limit + 1});
    sql += " ORDER BY issued_at, id LIMIT ?" + std::to_string(p.size());
  }
  std::vector<domain::Vtr> out;
  c_.run(sql, p, [&](const RowView& r) { out.push_back(readListRow<domain::Vtr>(r, order, fromRow)); });
  return out;
}

std::optional<domain::Vtr> VtrRepository::find(const std::string& org, const std::string& id) {
  return one(c_, "org_id = ?1 AND id = ?2", {org, id});
}

std::optional<domain::Vtr> VtrRepository::findAnyOrg(const std::string& id) {
  return one(c_, "id = ?1", {id});
}

std::optional<std::string> VtrRepository::pack(const std::string& org, const std::string& id) {
  return firstRow<std::string>(c_, "SELECT pack FROM vtrs WHERE org_id = ?1 AND id = ?2", {org, id},
                               [](const RowView& r) { return r.bytes(0); });
}

std::optional<domain::Vtr> VtrRepository::verifiedForEnrollment(const std::string& org,
                                                                const std::string& enrollment_id) {
  return one(c_,
             "org_id = ?1 AND enrollment_id = ?2 AND status = 'verified' ORDER BY issued_at DESC, id DESC "
             "LIMIT 1",
             {org, enrollment_id});
}

void VtrRepository::insert(const domain::Vtr& v, const std::string& pack) {
  // The pack goes in as a BLOB (bound as Bytes, a bytea on PostgreSQL): served back exactly as stored.
  c_.run(std::string("INSERT INTO vtrs(") + kCols +
             ", pack) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17)",
         {v.id, v.org_id, v.enrollment_id, v.student_id, v.program_id, v.status, v.issued_at, v.issued_by,
          optText(v.issue_audit_id), v.pack_sha256, v.pack_size, optText(v.revoked_at),
          optText(v.revoked_reason), optText(v.superseded_by_id), v.created_at, v.updated_at, Bytes{pack}});
}

bool VtrRepository::update(const domain::Vtr& v) {
  return c_.run(
             "UPDATE vtrs SET status = ?3, revoked_at = ?4, revoked_reason = ?5, superseded_by_id = ?6, "
             "updated_at = ?7 WHERE org_id = ?1 AND id = ?2 AND status = 'verified'",
             {v.org_id, v.id, v.status, optText(v.revoked_at), optText(v.revoked_reason),
              optText(v.superseded_by_id), v.updated_at}) == 1;
}

void VtrRepository::syncCompliance(const domain::Vtr& v) {
  c_.run(
      "UPDATE compliance_records SET valid_until = ?3, details = ?4, updated_at = ?5 WHERE org_id = ?1 AND "
      "type = 'vtr' AND number = ?2",
      {v.org_id, v.id, optText(domain::vtrComplianceValidUntil(v)), domain::vtrComplianceDetails(v),
       v.updated_at});
}

std::optional<std::string> VtrRepository::orgName(const std::string& org) {
  return c_.scalarText("SELECT name FROM orgs WHERE id = ?1", {org});
}

std::optional<domain::VtrEnrollment> VtrRepository::enrollment(const std::string& org,
                                                               const std::string& id) {
  return firstRow<domain::VtrEnrollment>(c_,
                                         "SELECT id, status, started_on, completed_on, student_id, "
                                         "program_id FROM enrollments WHERE org_id = ?1 "
                                         "AND id = ?2",
                                         {org, id}, [](const RowView& r) {
                                           return domain::VtrEnrollment{r.str(0),    r.str(1), r.str(2),
                                                                        r.optStr(3), r.str(4), r.str(5)};
                                         });
}

std::optional<domain::VtrStudent> VtrRepository::student(const std::string& org,
                                                         const std::string& pilot_id) {
  return firstRow<domain::VtrStudent>(
      c_,
      "SELECT id, first_name, last_name, licence_type, licence_number FROM pilots WHERE org_id = ?1 AND id = "
      "?2",
      {org, pilot_id}, [](const RowView& r) {
        return domain::VtrStudent{r.str(0), r.str(1), r.str(2), r.optStr(3), r.optStr(4)};
      });
}

std::optional<domain::VtrProgram> VtrRepository::program(const std::string& org,
                                                         const std::string& program_id) {
  return firstRow<domain::VtrProgram>(
      c_,
      "SELECT id, code, name, regime, min_total_min, min_dual_min, min_solo_min, min_solo_xc_min, "
      "min_night_min, min_sim_min FROM training_programs WHERE org_id = ?1 AND id = ?2",
      {org, program_id}, [](const RowView& r) {
        return domain::VtrProgram{r.str(0),     r.str(1),     r.str(2),     r.str(3),     r.integer(4),
                                  r.integer(5), r.integer(6), r.integer(7), r.integer(8), r.integer(9)};
      });
}

std::vector<domain::VtrLesson> VtrRepository::lessonsWithRecords(const std::string& org,
                                                                 const std::string& program_id,
                                                                 const std::string& enrollment_id) {
  std::vector<domain::VtrLesson> lessons;
  std::map<std::string, size_t> index;
  c_.run(
      "SELECT id, code, title, kind, position, planned_dual_min, planned_solo_min FROM training_lessons "
      "WHERE "
      "org_id = ?1 AND program_id = ?2 ORDER BY position, id",
      {org, program_id}, [&](const RowView& r) {
        domain::VtrLesson l;
        l.id = r.str(0);
        l.code = r.str(1);
        l.title = r.str(2);
        l.kind = r.str(3);
        l.position = r.integer(4);
        l.planned_dual_min = r.integer(5);
        l.planned_solo_min = r.integer(6);
        index[l.id] = lessons.size();
        lessons.push_back(std::move(l));
      });
  c_.run(
      "SELECT id, lesson_id, session_date, result, flight_id, instructor_id, remarks, ground_min, dual_min, "
      "solo_min, solo_xc_min, night_min, sim_min, grades FROM lesson_records WHERE org_id = ?1 AND "
      "enrollment_id = ?2 ORDER BY session_date, id",
      {org, enrollment_id}, [&](const RowView& r) {
        domain::VtrLessonRecord rec;
        rec.id = r.str(0);
        rec.lesson_id = r.str(1);
        rec.session_date = r.str(2);
        rec.result = r.str(3);
        rec.flight_id = r.optStr(4);
        rec.instructor_id = r.optStr(5);
        rec.remarks = r.optStr(6);
        rec.ground_min = r.integer(7);
        rec.dual_min = r.integer(8);
        rec.solo_min = r.integer(9);
        rec.solo_xc_min = r.integer(10);
        rec.night_min = r.integer(11);
        rec.sim_min = r.integer(12);
        rec.grades = r.str(13);
        auto it = index.find(rec.lesson_id);
        if (it != index.end()) lessons[it->second].records.push_back(std::move(rec));
      });
  return lessons;
}

std::vector<domain::VtrSignoff> VtrRepository::signoffs(const std::string& org,
                                                        const std::string& enrollment_id) {
  std::vector<domain::VtrSignoff> out;
  c_.run(
      "SELECT id, lesson_record_id, lesson_id, instructor_id, result, signed_on, signed_at, signer_name, "
      "certificate_number, key_id, canonical, signature, supersedes_id, superseded_by_id FROM signoffs WHERE "
      "org_id = ?1 AND enrollment_id = ?2 ORDER BY signed_at, id",
      {org, enrollment_id}, [&](const RowView& r) {
        domain::VtrSignoff s;
        s.id = r.str(0);
        s.lesson_record_id = r.str(1);
        s.lesson_id = r.str(2);
        s.instructor_id = r.str(3);
        s.result = r.str(4);
        s.signed_on = r.str(5);
        s.signed_at = r.str(6);
        s.signer_name = r.str(7);
        s.certificate_number = r.str(8);
        s.key_id = r.str(9);
        s.canonical = r.str(10);
        s.signature = r.str(11);
        s.supersedes_id = r.optStr(12);
        s.superseded_by_id = r.optStr(13);
        out.push_back(std::move(s));
      });
  return out;
}

std::vector<domain::VtrSigningKey> VtrRepository::signingKeys(const std::string& org,
                                                              const std::vector<std::string>& ids) {
  std::vector<domain::VtrSigningKey> out;
  for (const auto& id : ids) {
    c_.run("SELECT id, public_key FROM org_signing_keys WHERE org_id = ?1 AND id = ?2", {org, id},
           [&](const RowView& r) {
             out.push_back({r.str(0), r.str(1)});
           });
  }
  return out;
}

std::vector<domain::VtrEligibleEnrollment> VtrRepository::eligibleEnrollments(const std::string& org) {
  std::vector<domain::VtrEligibleEnrollment> out;
  c_.run(
      "SELECT e.id, e.student_id, p.first_name || ' ' || p.last_name, e.program_id, tp.code, tp.name, "
      "e.status, "
      "(SELECT count(*) FROM signoffs s WHERE s.org_id = e.org_id AND s.enrollment_id = e.id), "
      "(SELECT v.id FROM vtrs v WHERE v.org_id = e.org_id AND v.enrollment_id = e.id AND v.status = "
      "'verified' "
      "ORDER BY v.issued_at DESC LIMIT 1) "
      "FROM enrollments e JOIN pilots p ON p.id = e.student_id JOIN training_programs tp ON tp.id = "
      "e.program_id "
      "WHERE e.org_id = ?1 AND e.status IN ('completed','active') AND EXISTS (SELECT 1 FROM signoffs s WHERE "
      "s.org_id = e.org_id AND s.enrollment_id = e.id) ORDER BY e.status, p.last_name, p.first_name, e.id",
      {org}, [&](const RowView& r) {
        out.push_back({r.str(0), r.str(1), r.str(2), r.str(3), r.str(4), r.str(5), r.str(6), r.integer(7),
                       r.optStr(8)});
      });
  return out;
}

std::vector<std::string> VtrRepository::completedEnrollmentIds(const std::string& org) {
  std::vector<std::string> out;
  c_.run(
      "SELECT e.id FROM enrollments e WHERE e.org_id = ?1 AND e.status = 'completed' AND EXISTS (SELECT 1 "
      "FROM "
      "signoffs s WHERE s.org_id = e.org_id AND s.enrollment_id = e.id) ORDER BY e.completed_on, e.id",
      {org}, [&](const RowView& r) { out.push_back(r.str(0)); });
  return out;
}

}  // namespace gaflight::storage
