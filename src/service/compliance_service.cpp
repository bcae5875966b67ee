#include "service/compliance_service.hpp"

#include <nlohmann/json.hpp>

#include "core/ids.hpp"
#include "domain/currency.hpp"
#include "domain/scopes.hpp"
#include "service/audit.hpp"
#include "service/paging.hpp"
#include "storage/operations_repository.hpp"

namespace gaflight::service {

namespace {
Error invalid(std::string field, std::string detail) {
  return makeError(ErrorCode::kValidationFailed, std::move(detail), std::move(field));
}

std::string utcDate(SysTime now) { return timefmt::formatDate(timefmt::toUnixSeconds(now)); }

domain::Regime regimeOfCountry(const std::optional<std::string>& country) {
  return country == "US" ? domain::Regime::kFaa : domain::Regime::kEasa;
}

void withStatus(domain::ComplianceRecord& r, const std::string& today) {
  r.status = domain::complianceStatusName(domain::complianceStatus(r.valid_until, today));
}

nlohmann::json currencyDetails(const domain::CurrencyResult& c) {
  nlohmann::json d{{"rule", c.rule}, {"regulation_ref", c.regulation_ref}, {"title", c.title},
                   {"met", c.met},   {"satisfied_by", c.satisfied_by},     {"shortfall", c.shortfall}};
  if (c.rating_valid_until) {
    d["rating_valid_until"] = domain::formatCivilDate(*c.rating_valid_until);
    d["flight_min"] = c.flight_min;
    d["pic_min"] = c.pic_min;
    d["landings"] = c.landings;
  }
  return d;
}

// Input checks that need no database: subject, vocabulary, dates, lengths.
Status validateInput(const ComplianceInput& in) {
  if (in.pilot_id.has_value() == in.aircraft_id.has_value())
    return invalid("pilot_id", "Give exactly one of pilot_id or aircraft_id.");
  std::string subject = in.pilot_id ? "pilot" : "aircraft";
  if (!domain::isRecordTypeFor(subject, in.type)) {
    return invalid("type",
                   "type '" + in.type + "' is not a " + subject + " record type (currency is computed).");
  }
  if (domain::trim(in.code).empty() || in.code.size() > 40)
    return invalid("code", "code is required (1–40 characters).");
  if (in.type == "medical" && !domain::medicalClassFromCode(in.code)) {
    return invalid(
        "code",
        "A medical code is one of EASA-MED-CLASS1, EASA-MED-CLASS2, EASA-MED-LAPL, FAA-MED-1, FAA-MED-2, "
        "FAA-MED-3.");
  }
  if (in.number && in.number->size() > 60) return invalid("number", "number is at most 60 characters.");
  if (in.regime && *in.regime != "easa" && *in.regime != "faa")
    return invalid("regime", "regime must be easa or faa.");
  for (auto [field, v] :
       {std::pair<const char*, const std::optional<std::string>*>{"issued_on", &in.issued_on},
        {"valid_until", &in.valid_until}}) {
    if (*v && !timefmt::isValidDate(**v))
      return invalid(field, std::string(field) + " must be a YYYY-MM-DD date.");
  }
  if (in.issued_on && in.valid_until && *in.valid_until < *in.issued_on)
    return invalid("valid_until", "valid_until must not be before issued_on.");
  if (in.type == "medical" && !in.issued_on)
    return invalid("issued_on", "issued_on (the examination date) is required for a medical.");
  if (in.note && in.note->size() > 1000) return invalid("note", "note is at most 1000 characters.");
  return okStatus();
}

// Fills regime, valid_until and details of a record from the input (computing a medical's validity).
Result<domain::ComplianceRecord> buildRecord(storage::Connection& conn, const std::string& org,
                                             const ComplianceInput& in, domain::ComplianceRecord r) {
  if (auto st = validateInput(in); !st) return st.error();
  if (in.pilot_id && !storage::OperationsRepository(conn).findPilot(org, *in.pilot_id))
    return invalid("pilot_id", "pilot_id does not name a pilot of this organisation.");
  if (in.aircraft_id && !storage::OperationsRepository(conn).findAircraft(org, *in.aircraft_id))
    return invalid("aircraft_id", "aircraft_id does not name an aircraft of this organisation.");
  r.subject = in.pilot_id ? "pilot" : "aircraft";
  r.pilot_id = in.pilot_id;
  r.aircraft_id = in.aircraft_id;
  r.type = in.type;
  r.code = in.code;
  r.number = in.number;
  r.regime = in.regime;
  r.issued_on = in.issued_on;
  r.valid_until = in.valid_until;
  nlohmann::json details = nlohmann::json::object();
  if (in.note) details["note"] = *in.note;
  if (auto cls = domain::medicalClassFromCode(in.code); cls && in.type == "medical") {
    auto regime = domain::medicalRegime(*cls) == domain::Regime::kFaa ? "faa" : "easa";
    if (r.regime && *r.regime != regime) return invalid("regime", "regime does not match the medical code.");
    r.regime = regime;
    details["class"] = domain::pilotMedicalClass(*cls);
    details["computed"] = !in.valid_until.has_value();
    auto dob_text = storage::ComplianceRepository(conn).pilotDateOfBirth(org, *in.pilot_id);
    auto dob = dob_text ? domain::parseCivilDate(*dob_text) : std::nullopt;
    auto exam = domain::parseCivilDate(*in.issued_on);
    if (dob && exam) {
      details["age_at_exam"] = domain::ageOn(*dob, *exam);
      auto v = domain::medicalValidity(*cls, *exam, *dob);
      if (!in.valid_until) r.valid_until = domain::formatCivilDate(v.valid_until);
      if (v.class_2_until || v.class_3_until) {
        nlohmann::json p = nlohmann::json::object();
        if (v.class_2_until) p["class_2"] = domain::formatCivilDate(*v.class_2_until);
        if (v.class_3_until) p["class_3"] = domain::formatCivilDate(*v.class_3_until);
        details["privileges_until"] = p;
      }
    } else if (!in.valid_until) {
      return invalid("valid_until",
                     "Give valid_until, or record the pilot's date_of_birth so it can be computed.");
    }
  }
  r.details = details.dump();
  return r;
}

// Keeps pilots.medical_class / medical_valid_until equal to the pilot's latest medical record.
void syncPilotMedical(storage::Connection& conn, const std::string& org,
                      const std::optional<std::string>& pilot_id, const std::string& now) {
  if (!pilot_id) return;
  storage::ComplianceRepository repo(conn);
  auto latest = repo.latestMedical(org, *pilot_id);
  if (!latest) return;  // the last medical record was deleted: keep what the pilot record says
  auto cls = domain::medicalClassFromCode(latest->code);
  repo.setPilotMedical(org, *pilot_id,
                       cls ? std::optional<std::string>(domain::pilotMedicalClass(*cls)) : std::nullopt,
                       latest->valid_until, now);
}

nlohmann::json auditDetails(const domain::ComplianceRecord& r) {
  return {{"type", r.type},
          {"code", r.code},
          {"subject", r.subject},
          {"valid_until", r.valid_until.value_or("")}};
}
}  // namespace

void refreshPilotCurrency(storage::Connection& conn, const std::string& org,
                          const std::vector<std::string>& pilot_ids, SysTime now) {
  storage::ComplianceRepository repo(conn);
  auto regime = regimeOfCountry(repo.orgCountry(org));
  auto today = *domain::parseCivilDate(utcDate(now));
  // 25 months back covers the 24-calendar-month flight review and the SEP window.
  std::string since = domain::formatCivilDate(domain::addMonths(today, -25));
  std::string at = timefmt::formatInstant(now);
  int64_t unix_ms = timefmt::toUnixSeconds(now) * 1000;
  for (const auto& pilot : pilot_ids) {
    auto flights = repo.currencyFlights(org, pilot, since);
    std::optional<domain::CivilDate> sep;
    if (regime == domain::Regime::kEasa) {
      if (auto e = repo.sepRatingExpiry(org, pilot)) sep = domain::parseCivilDate(*e);
    }
    for (const auto& c : domain::computeCurrency(regime, flights, today, sep)) {
      domain::ComplianceRecord r;
      r.id = ids::prefixed("cmp_", unix_ms);
      r.org_id = org;
      r.subject = "pilot";
      r.pilot_id = pilot;
      r.type = "currency";
      r.code = c.rule;
      r.regime = regime == domain::Regime::kFaa ? "faa" : "easa";
      r.valid_until = domain::formatCivilDate(c.valid_until);
      r.details = currencyDetails(c).dump();
      r.created_at = r.updated_at = at;
      repo.upsertCurrency(r);
    }
  }
}

void refreshOrgCurrency(storage::Connection& conn, const std::string& org, SysTime now) {
  refreshPilotCurrency(conn, org, storage::ComplianceRepository(conn).pilotIds(org), now);
}

std::string ComplianceService::today() const { return utcDate(ctx_.clock.now()); }

Result<Page<domain::ComplianceRecord>> ComplianceService::list(const std::string& org,
                                                               ComplianceListOptions opt) {
  auto& f = opt.filter;
  f.today = today();
  std::optional<std::string> within =
      f.expiring_within_days ? std::optional<std::string>(std::to_string(*f.expiring_within_days))
                             : std::nullopt;
  ListSpec spec{
      "compliance", org,
      filterSignature(f.type, f.pilot_id, f.aircraft_id, f.status, f.updated_since, f.vtr_id, within)};
  storage::ComplianceRepository repo(ctx_.db.connection());
  auto page = fetchListPage<domain::ComplianceRecord>(
      ctx_.cursors, spec, opt.page, f.updated_since,
      [&](const auto& after) {
        return repo.list(org, {opt.page.limit, after}, f);
      },
      [](const domain::ComplianceRecord& r) { return std::vector<std::string>{r.id}; });
  if (page) {
    for (auto& r : page.value().items) withStatus(r, f.today);
  }
  return page;
}

Result<domain::ComplianceRecord> ComplianceService::get(const std::string& org, const std::string& id) {
  auto r = storage::ComplianceRepository(ctx_.db.connection()).find(org, id);
  if (!r) return makeError(ErrorCode::kNotFound, "No such compliance record.");
  withStatus(*r, today());
  return *r;
}

Result<domain::ComplianceRecord> ComplianceService::create(const std::string& org, const ComplianceInput& in,
                                                           const Actor& actor) {
  auto now_tp = ctx_.clock.now();
  std::string now = timefmt::formatInstant(now_tp);
  auto& conn = ctx_.db.connection();
  storage::Transaction tx(conn, storage::TxMode::kWrite);
  domain::ComplianceRecord base;
  base.id = ids::prefixed("cmp_", timefmt::toUnixSeconds(now_tp) * 1000);
  base.org_id = org;
  base.created_at = base.updated_at = now;
  auto r = buildRecord(conn, org, in, base);
  if (!r) return r.error();
  storage::ComplianceRepository(conn).insert(r.value());
  if (r.value().type == "medical") syncPilotMedical(conn, org, r.value().pilot_id, now);
  recordAudit(conn, org, actor, "compliance_record.created", "compliance_record", r.value().id,
              auditDetails(r.value()), now);
  tx.commit();
  ctx_.afterCommit();
  withStatus(r.value(), utcDate(now_tp));
  return r;
}

ComplianceInput editableInput(const domain::ComplianceRecord& r) {
  ComplianceInput in;
  in.pilot_id = r.pilot_id;
  in.aircraft_id = r.aircraft_id;
  in.type = r.type;
  in.code = r.code;
  in.number = r.number;
  in.regime = r.regime;
  in.issued_on = r.issued_on;
  in.valid_until = r.valid_until;
  auto d = nlohmann::json::parse(r.details, nullptr, false);
  if (d.is_object() && d.contains("note") && d["note"].is_string()) in.note = d["note"].get<std::string>();
  // A computed medical validity stays computed unless the client sets valid_until.
  if (d.is_object() && d.value("computed", false)) in.valid_until.reset();
  return in;
}

Result<domain::ComplianceRecord> ComplianceService::update(const std::string& org, const std::string& id,
                                                           const Patch<ComplianceInput>& patch,
                                                           const Actor& actor) {
  auto now_tp = ctx_.clock.now();
  std::string now = timefmt::formatInstant(now_tp);
  auto& conn = ctx_.db.connection();
  storage::Transaction tx(conn, storage::TxMode::kWrite);
  storage::ComplianceRepository repo(conn);
  auto existing = repo.find(org, id);
  if (!existing) return makeError(ErrorCode::kNotFound, "No such compliance record.");
  if (existing->type == "currency")
    return makeError(ErrorCode::kConflict, "Currency records are computed from approved flights.");
  ComplianceInput in = editableInput(*existing);
  if (auto st = patch(in); !st) return st.error();
  if (in.type != existing->type || in.pilot_id != existing->pilot_id ||
      in.aircraft_id != existing->aircraft_id)
    return invalid("type", "type and subject of a record cannot change; delete it and create another.");
  auto r = buildRecord(conn, org, in, *existing);
  if (!r) return r.error();
  r.value().updated_at = now;
  repo.update(r.value());
  if (r.value().type == "medical") syncPilotMedical(conn, org, r.value().pilot_id, now);
  recordAudit(conn, org, actor, "compliance_record.updated", "compliance_record", id, auditDetails(r.value()),
              now);
  tx.commit();
  ctx_.afterCommit();
  withStatus(r.value(), utcDate(now_tp));
  return r;
}

Status ComplianceService::remove(const std::string& org, const std::string& id, const Actor& actor) {
  std::string now = timefmt::formatInstant(ctx_.clock.now());
  auto& conn = ctx_.db.connection();
  storage::Transaction tx(conn, storage::TxMode::kWrite);
  storage::ComplianceRepository repo(conn);
  auto existing = repo.find(org, id);
  if (!existing) return makeError(ErrorCode::kNotFound, "No such compliance record.");
  if (!repo.softDelete(org, id, now))
    return makeError(ErrorCode::kConflict, "Currency records are computed from approved flights.");
  if (existing->type == "medical") syncPilotMedical(conn, org, existing->pilot_id, now);
  recordAudit(conn, org, actor, "compliance_record.deleted", "compliance_record", id, auditDetails(*existing),
              now);
  tx.commit();
  ctx_.afterCommit();
  return okStatus();
}

}  // namespace gaflight::service
