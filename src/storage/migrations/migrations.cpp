#include "storage/migrations/migrations.hpp"

#include <string>
#include <utility>

#include "core/clock.hpp"
#include "storage/change_clock.hpp"
#include "storage/migrations/pg_translate.hpp"
#include "storage/migrations/schema_catalog.hpp"
#include "storage/operations_repository.hpp"

namespace gaflight::storage {

namespace {
// Statements both engines run, written in SQLite's dialect and translated for PostgreSQL (ADR 0014).
std::string ddlFor(Dialect d, const std::string& sqlite_ddl) {
  return d == Dialect::kSqlite ? sqlite_ddl : toPostgresDdl(sqlite_ddl);
}

// Version 1: tenancy, identity, developer platform and the first operations tables.
// Instants are TEXT in fixed-width RFC 3339 UTC (see core/clock.hpp); meters are integer tenths of an hour.
constexpr const char* kV1 = R"SQL(
CREATE TABLE orgs (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, time_zone TEXT NOT NULL, country TEXT NOT NULL,
  currency TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);

CREATE TABLE users (
  id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL, password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);

CREATE TABLE memberships (
  org_id TEXT NOT NULL REFERENCES orgs(id), user_id TEXT NOT NULL REFERENCES users(id),
  role TEXT NOT NULL CHECK (role IN ('owner','admin','developer','instructor','member')),
  created_at TEXT NOT NULL, PRIMARY KEY (org_id, user_id));
CREATE INDEX memberships_user ON memberships(user_id);

CREATE TABLE console_sessions (
  token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL, expires_at TEXT NOT NULL);
CREATE INDEX console_sessions_user ON console_sessions(user_id);

CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, org_id TEXT NOT NULL REFERENCES orgs(id),
  actor_user_id TEXT, actor_label TEXT NOT NULL, action TEXT NOT NULL, target_type TEXT NOT NULL,
  target_id TEXT NOT NULL, details TEXT NOT NULL DEFAULT '{}', request_id TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE INDEX audit_log_org ON audit_log(org_id, seq);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

CREATE TABLE apps (
  id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs(id), name TEXT NOT NULL, description TEXT NOT NULL,
  homepage_url TEXT, status TEXT NOT NULL CHECK (status IN ('draft','active','revoked')),
  required_scopes TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
  activated_at TEXT, revoked_at TEXT);
CREATE INDEX apps_org ON apps(org_id, id);

CREATE TABLE installations (
  id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs(id), app_id TEXT NOT NULL REFERENCES apps(id),
  granted_scopes TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('active','uninstalled')),
  created_by TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, uninstalled_at TEXT);
CREATE UNIQUE INDEX installations_one_active ON installations(org_id, app_id) WHERE status = 'active';
CREATE INDEX installations_app ON installations(app_id);

CREATE TABLE api_keys (
  id TEXT PRIMARY KEY, app_id TEXT NOT NULL REFERENCES apps(id), org_id TEXT NOT NULL REFERENCES orgs(id),
  name TEXT NOT NULL, prefix TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL CHECK (status IN ('active','revoked')), created_by TEXT, created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL, expires_at TEXT, last_used_at TEXT, revoked_at TEXT);
CREATE INDEX api_keys_app ON api_keys(app_id, id);

CREATE TABLE pilots (
  id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs(id), first_name TEXT NOT NULL, last_name TEXT NOT NULL,
  email TEXT, phone TEXT, roles TEXT NOT NULL, status TEXT NOT NULL, licence_type TEXT, licence_number TEXT,
  licence_issued_on TEXT, medical_class TEXT, medical_valid_until TEXT, home_base TEXT,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX pilots_org ON pilots(org_id, id);
CREATE INDEX pilots_org_updated ON pilots(org_id, updated_at);

CREATE TABLE aircraft (
  id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs(id), registration TEXT NOT NULL,
  icao_type TEXT NOT NULL, make TEXT NOT NULL, model TEXT NOT NULL, year INTEGER, seats INTEGER NOT NULL,
  status TEXT NOT NULL, airworthiness TEXT NOT NULL, hobbs_tenths INTEGER NOT NULL, tach_tenths INTEGER NOT NULL,
  home_base TEXT, hourly_rate_minor INTEGER, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX aircraft_org ON aircraft(org_id, id);
CREATE UNIQUE INDEX aircraft_org_registration ON aircraft(org_id, registration);

CREATE TABLE flights (
  id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs(id), flight_date TEXT NOT NULL,
  aircraft_id TEXT NOT NULL REFERENCES aircraft(id), aircraft_registration TEXT NOT NULL,
  pilot_id TEXT NOT NULL REFERENCES pilots(id), instructor_id TEXT REFERENCES pilots(id), purpose TEXT NOT NULL,
  departure_icao TEXT NOT NULL, arrival_icao TEXT NOT NULL, off_block_at TEXT NOT NULL, takeoff_at TEXT NOT NULL,
  landing_at TEXT NOT NULL, on_block_at TEXT NOT NULL, block_min INTEGER NOT NULL, air_min INTEGER NOT NULL,
  night_min INTEGER NOT NULL, ifr_min INTEGER NOT NULL, landings_day INTEGER NOT NULL, landings_night INTEGER NOT NULL,
  hobbs_start_tenths INTEGER NOT NULL, hobbs_end_tenths INTEGER NOT NULL, tach_start_tenths INTEGER NOT NULL,
  tach_end_tenths INTEGER NOT NULL, remarks TEXT, status TEXT NOT NULL CHECK (status IN ('submitted','approved','rejected')),
  submitted_by TEXT, submitted_at TEXT NOT NULL, reviewed_by TEXT, reviewed_at TEXT, rejection_reason TEXT,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX flights_org_date ON flights(org_id, flight_date DESC, id DESC);
CREATE INDEX flights_org_status ON flights(org_id, status, flight_date DESC, id DESC);
CREATE INDEX flights_org_pilot ON flights(org_id, pilot_id, flight_date DESC, id DESC);
CREATE INDEX flights_org_aircraft ON flights(org_id, aircraft_id, flight_date DESC, id DESC);
)SQL";

// Version 2: events (transactional outbox) and webhooks. Delivery rows are created in the same
// transaction as the event, so a committed event always has its deliveries.
constexpr const char* kV2 = R"SQL(
CREATE TABLE events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, org_id TEXT NOT NULL REFERENCES orgs(id),
  type TEXT NOT NULL, body TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX events_org ON events(org_id, id DESC);
CREATE INDEX events_org_type ON events(org_id, type, id DESC);
CREATE INDEX events_created ON events(created_at);

CREATE TABLE webhook_endpoints (
  id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs(id), url TEXT NOT NULL, description TEXT NOT NULL,
  event_types TEXT NOT NULL, active INTEGER NOT NULL, disabled_reason TEXT,
  secret_sealed TEXT NOT NULL, secondary_sealed TEXT, secondary_expires_at TEXT, failing_since TEXT,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, deleted_at TEXT);
CREATE INDEX webhook_endpoints_org ON webhook_endpoints(org_id, id);

CREATE TABLE webhook_deliveries (
  id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs(id), endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints(id),
  event_id TEXT NOT NULL REFERENCES events(id), event_type TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending','succeeded','failed')), attempt_count INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL DEFAULT 5, next_attempt_ms INTEGER, lease_owner TEXT, lease_expires_ms INTEGER,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_attempt_ms);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries(endpoint_id, created_at DESC, id);
CREATE INDEX webhook_deliveries_event ON webhook_deliveries(event_id);

CREATE TABLE webhook_attempts (
  delivery_id TEXT NOT NULL REFERENCES webhook_deliveries(id), attempt INTEGER NOT NULL, started_at TEXT NOT NULL,
  status_code INTEGER, latency_ms INTEGER NOT NULL, response_excerpt TEXT, error TEXT, succeeded INTEGER NOT NULL,
  PRIMARY KEY (delivery_id, attempt));
)SQL";
// Version 3: the operational domain — maintenance programmes, work orders, compliance records
// (people and aircraft, computed currency included), planning sessions. Rows that the public API
// lists carry deleted_at so a deletion can later be served as a tombstone (SPEC §10.2).
constexpr const char* kV3 = R"SQL(
ALTER TABLE pilots ADD COLUMN date_of_birth TEXT;

CREATE TABLE maintenance_items (
  id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs(id), aircraft_id TEXT NOT NULL REFERENCES aircraft(id),
  title TEXT NOT NULL,
  category TEXT NOT NULL CHECK (category IN ('inspection','life_limited','scheduled_task','airworthiness_directive','service_bulletin')),
  reference TEXT, meter_basis TEXT NOT NULL DEFAULT 'tach' CHECK (meter_basis IN ('tach','hobbs')),
  interval_tenths INTEGER, interval_days INTEGER, interval_months INTEGER,
  last_done_on TEXT, last_done_meter_tenths INTEGER,
  upcoming_tenths INTEGER NOT NULL DEFAULT 100, upcoming_days INTEGER NOT NULL DEFAULT 30,
  blocks_dispatch INTEGER NOT NULL DEFAULT 1,
  alerted_status TEXT NOT NULL DEFAULT 'ok' CHECK (alerted_status IN ('ok','upcoming','overdue')),
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, deleted_at TEXT);
CREATE INDEX maintenance_items_aircraft ON maintenance_items(org_id, aircraft_id, id);
CREATE INDEX maintenance_items_org ON maintenance_items(org_id, id);

CREATE TABLE work_orders (
  id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs(id), number TEXT NOT NULL,
  aircraft_id TEXT NOT NULL REFERENCES aircraft(id), title TEXT NOT NULL, description TEXT,
  status TEXT NOT NULL CHECK (status IN ('open','in_progress','awaiting_parts','completed','cancelled')),
  opened_on TEXT NOT NULL, completed_on TEXT, completed_hobbs_tenths INTEGER, completed_tach_tenths INTEGER,
  created_by TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE UNIQUE INDEX work_orders_number ON work_orders(org_id, number);
CREATE INDEX work_orders_org ON work_orders(org_id, id);
CREATE INDEX work_orders_aircraft ON work_orders(org_id, aircraft_id, id);

CREATE TABLE work_order_tasks (
  id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs(id), work_order_id TEXT NOT NULL REFERENCES work_orders(id),
  position INTEGER NOT NULL, description TEXT NOT NULL, maintenance_item_id TEXT REFERENCES maintenance_items(id),
  labour_min INTEGER NOT NULL DEFAULT 0, signed_off_by TEXT, signed_off_licence TEXT, signed_off_at TEXT,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX work_order_tasks_wo ON work_order_tasks(work_order_id, position);

CREATE TABLE work_order_parts (
  id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs(id), work_order_id TEXT NOT NULL REFERENCES work_orders(id),
  part_number TEXT NOT NULL, serial_number TEXT, description TEXT, quantity INTEGER NOT NULL,
  unit_cost_minor INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX work_order_parts_wo ON work_order_parts(work_order_id, id);

CREATE TABLE compliance_records (
  id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs(id),
  subject TEXT NOT NULL CHECK (subject IN ('pilot','aircraft')),
  pilot_id TEXT REFERENCES pilots(id), aircraft_id TEXT REFERENCES aircraft(id),
  type TEXT NOT NULL, code TEXT NOT NULL, number TEXT, regime TEXT, issued_on TEXT, valid_until TEXT,
  details TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, deleted_at TEXT,
  CHECK ((subject = 'pilot' AND pilot_id IS NOT NULL AND aircraft_id IS NULL) OR
         (subject = 'aircraft' AND aircraft_id IS NOT NULL AND pilot_id IS NULL)));
CREATE INDEX compliance_org ON compliance_records(org_id, id);
CREATE INDEX compliance_org_type ON compliance_records(org_id, type, id);
CREATE INDEX compliance_pilot ON compliance_records(org_id, pilot_id, id);
CREATE INDEX compliance_aircraft ON compliance_records(org_id, aircraft_id, id);
CREATE INDEX compliance_org_updated ON compliance_records(org_id, updated_at);
CREATE UNIQUE INDEX compliance_one_currency ON compliance_records(org_id, pilot_id, code) WHERE type = 'currency';

CREATE TABLE planning_sessions (
  id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs(id),
  kind TEXT NOT NULL CHECK (kind IN ('flight','ground','simulator','maintenance_block')),
  start_at TEXT NOT NULL, end_at TEXT NOT NULL,
  aircraft_id TEXT REFERENCES aircraft(id), instructor_id TEXT REFERENCES pilots(id), student_id TEXT REFERENCES pilots(id),
  status TEXT NOT NULL CHECK (status IN ('scheduled','confirmed','completed','cancelled','no_show')),
  notes TEXT, created_by TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, deleted_at TEXT,
  CHECK (end_at > start_at));
CREATE INDEX planning_org_start ON planning_sessions(org_id, start_at, id);
CREATE INDEX planning_aircraft ON planning_sessions(org_id, aircraft_id, start_at);
CREATE INDEX planning_instructor ON planning_sessions(org_id, instructor_id, start_at);
CREATE INDEX planning_student ON planning_sessions(org_id, student_id, start_at);
CREATE INDEX planning_org_updated ON planning_sessions(org_id, updated_at);
)SQL";

// Version 4: the replay cooldown's last replay per event, shared by every process (issue 11).
constexpr const char* kV4 = R"SQL(
ALTER TABLE events ADD COLUMN last_replay_at TEXT;
)SQL";

// Version 5: training (programmes, lessons, enrolments, lesson records, signed signoffs), verified training
// records, the audit hash chain, accounts, invoices and payments (issue 8). Signoffs and VTR packs are
// evidence: their signed bytes are stored exactly as signed and never rewritten.
constexpr const char* kV5 = R"SQL(
ALTER TABLE orgs ADD COLUMN tax_rate_bp INTEGER NOT NULL DEFAULT 0;
ALTER TABLE pilots ADD COLUMN instruction_rate_minor INTEGER;
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
-- One successor per link: a second writer that read the same head (a fork) fails instead of branching.
CREATE UNIQUE INDEX audit_log_chain_link ON audit_log(org_id, prev_hash) WHERE prev_hash IS NOT NULL;

CREATE TABLE org_signing_keys (
  id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs(id), algorithm TEXT NOT NULL DEFAULT 'ed25519',
  public_key TEXT NOT NULL, private_key_sealed TEXT NOT NULL, created_at TEXT NOT NULL, retired_at TEXT);
CREATE INDEX org_signing_keys_org ON org_signing_keys(org_id, created_at);

CREATE TABLE training_programs (
  id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs(id), code TEXT NOT NULL, name TEXT NOT NULL,
  regime TEXT NOT NULL, description TEXT,
  min_total_min INTEGER NOT NULL DEFAULT 0, min_dual_min INTEGER NOT NULL DEFAULT 0,
  min_solo_min INTEGER NOT NULL DEFAULT 0, min_solo_xc_min INTEGER NOT NULL DEFAULT 0,
  min_night_min INTEGER NOT NULL DEFAULT 0, min_sim_min INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, deleted_at TEXT);
CREATE UNIQUE INDEX training_programs_code ON training_programs(org_id, code);

CREATE TABLE training_lessons (
  id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs(id), program_id TEXT NOT NULL REFERENCES training_programs(id),
  position INTEGER NOT NULL, code TEXT NOT NULL, title TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('ground','flight','simulator','stage_check')),
  planned_dual_min INTEGER NOT NULL DEFAULT 0, planned_solo_min INTEGER NOT NULL DEFAULT 0,
  exercises TEXT NOT NULL DEFAULT '[]', created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE UNIQUE INDEX training_lessons_code ON training_lessons(program_id, code);
CREATE INDEX training_lessons_program ON training_lessons(org_id, program_id, position);

CREATE TABLE enrollments (
  id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs(id), student_id TEXT NOT NULL REFERENCES pilots(id),
  program_id TEXT NOT NULL REFERENCES training_programs(id),
  status TEXT NOT NULL CHECK (status IN ('active','on_hold','completed','withdrawn')),
  primary_instructor_id TEXT REFERENCES pilots(id), started_on TEXT NOT NULL, completed_on TEXT,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX enrollments_org ON enrollments(org_id, id);
CREATE INDEX enrollments_student ON enrollments(org_id, student_id, id);
CREATE INDEX enrollments_program ON enrollments(org_id, program_id, id);

CREATE TABLE lesson_records (
  id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs(id),
  enrollment_id TEXT NOT NULL REFERENCES enrollments(id), lesson_id TEXT NOT NULL REFERENCES training_lessons(id),
  flight_id TEXT REFERENCES flights(id), session_date TEXT NOT NULL, instructor_id TEXT REFERENCES pilots(id),
  ground_min INTEGER NOT NULL DEFAULT 0, dual_min INTEGER NOT NULL DEFAULT 0, solo_min INTEGER NOT NULL DEFAULT 0,
  solo_xc_min INTEGER NOT NULL DEFAULT 0, night_min INTEGER NOT NULL DEFAULT 0, sim_min INTEGER NOT NULL DEFAULT 0,
  grades TEXT NOT NULL DEFAULT '[]',
  result TEXT NOT NULL CHECK (result IN ('satisfactory','unsatisfactory','incomplete')),
  remarks TEXT, created_by TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX lesson_records_enrollment ON lesson_records(org_id, enrollment_id, session_date, id);
CREATE INDEX lesson_records_flight ON lesson_records(flight_id);

CREATE TABLE signoffs (
  id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs(id),
  lesson_record_id TEXT NOT NULL REFERENCES lesson_records(id), enrollment_id TEXT NOT NULL REFERENCES enrollments(id),
  student_id TEXT NOT NULL REFERENCES pilots(id), program_id TEXT NOT NULL REFERENCES training_programs(id),
  lesson_id TEXT NOT NULL REFERENCES training_lessons(id), instructor_id TEXT NOT NULL REFERENCES pilots(id),
  result TEXT NOT NULL, signed_on TEXT NOT NULL, signed_at TEXT NOT NULL, signer_name TEXT NOT NULL,
  certificate_number TEXT NOT NULL, key_id TEXT NOT NULL REFERENCES org_signing_keys(id),
  canonical TEXT NOT NULL, signature TEXT NOT NULL,
  supersedes_id TEXT REFERENCES signoffs(id), superseded_by_id TEXT REFERENCES signoffs(id),
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX signoffs_org ON signoffs(org_id, signed_on, id);
CREATE INDEX signoffs_student ON signoffs(org_id, student_id, signed_on, id);
CREATE INDEX signoffs_program ON signoffs(org_id, program_id, signed_on, id);
CREATE INDEX signoffs_enrollment ON signoffs(enrollment_id);
CREATE INDEX signoffs_org_updated ON signoffs(org_id, updated_at);
CREATE UNIQUE INDEX signoffs_one_successor ON signoffs(supersedes_id) WHERE supersedes_id IS NOT NULL;
-- What was signed stays as signed: only the supersession link (and updated_at) may change.
CREATE TRIGGER signoffs_immutable BEFORE UPDATE ON signoffs
WHEN NEW.canonical IS NOT OLD.canonical OR NEW.signature IS NOT OLD.signature OR NEW.result IS NOT OLD.result
  OR NEW.key_id IS NOT OLD.key_id OR NEW.signed_at IS NOT OLD.signed_at OR NEW.instructor_id IS NOT OLD.instructor_id
  OR (OLD.superseded_by_id IS NOT NULL AND NEW.superseded_by_id IS NOT OLD.superseded_by_id)
BEGIN SELECT RAISE(ABORT, 'a signed signoff cannot be changed'); END;
CREATE TRIGGER signoffs_no_delete BEFORE DELETE ON signoffs BEGIN SELECT RAISE(ABORT, 'a signoff cannot be deleted'); END;

CREATE TABLE vtrs (
  id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs(id), enrollment_id TEXT NOT NULL REFERENCES enrollments(id),
  student_id TEXT NOT NULL REFERENCES pilots(id), program_id TEXT NOT NULL REFERENCES training_programs(id),
  status TEXT NOT NULL CHECK (status IN ('verified','revoked','superseded')),
  issued_at TEXT NOT NULL, issued_by TEXT NOT NULL, issue_audit_id TEXT,
  pack BLOB NOT NULL, pack_sha256 TEXT NOT NULL, pack_size INTEGER NOT NULL,
  revoked_at TEXT, revoked_reason TEXT, superseded_by_id TEXT REFERENCES vtrs(id),
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX vtrs_org ON vtrs(org_id, issued_at, id);
CREATE INDEX vtrs_enrollment ON vtrs(org_id, enrollment_id, issued_at);
CREATE INDEX vtrs_org_updated ON vtrs(org_id, updated_at);
CREATE TRIGGER vtrs_pack_immutable BEFORE UPDATE ON vtrs
WHEN NEW.pack IS NOT OLD.pack OR NEW.pack_sha256 IS NOT OLD.pack_sha256
BEGIN SELECT RAISE(ABORT, 'a VTR pack is stored unchanged'); END;

CREATE TABLE accounts (
  id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs(id), pilot_id TEXT REFERENCES pilots(id),
  name TEXT NOT NULL, currency TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE UNIQUE INDEX accounts_pilot ON accounts(org_id, pilot_id) WHERE pilot_id IS NOT NULL;
CREATE INDEX accounts_org ON accounts(org_id, id);

CREATE TABLE invoices (
  id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs(id), number TEXT NOT NULL,
  account_id TEXT NOT NULL REFERENCES accounts(id),
  kind TEXT NOT NULL DEFAULT 'invoice' CHECK (kind IN ('invoice','credit_note')),
  credited_invoice_id TEXT REFERENCES invoices(id),
  status TEXT NOT NULL CHECK (status IN ('draft','issued','paid','void')),
  issue_date TEXT NOT NULL, due_date TEXT NOT NULL, currency TEXT NOT NULL,
  subtotal_minor INTEGER NOT NULL, tax_minor INTEGER NOT NULL, total_minor INTEGER NOT NULL,
  paid_minor INTEGER NOT NULL DEFAULT 0, credited_minor INTEGER NOT NULL DEFAULT 0, voided_at TEXT, void_reason TEXT,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE UNIQUE INDEX invoices_number ON invoices(org_id, number);
CREATE INDEX invoices_org ON invoices(org_id, issue_date, id);
CREATE INDEX invoices_account ON invoices(org_id, account_id, issue_date, id);
CREATE INDEX invoices_status ON invoices(org_id, status, issue_date, id);
CREATE INDEX invoices_org_updated ON invoices(org_id, updated_at);

CREATE TABLE invoice_lines (
  id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs(id), invoice_id TEXT NOT NULL REFERENCES invoices(id),
  position INTEGER NOT NULL, kind TEXT NOT NULL, description TEXT NOT NULL,
  quantity_milli INTEGER NOT NULL, unit TEXT NOT NULL, unit_price_minor INTEGER NOT NULL,
  tax_rate_bp INTEGER NOT NULL DEFAULT 0, subtotal_minor INTEGER NOT NULL, tax_minor INTEGER NOT NULL,
  total_minor INTEGER NOT NULL, flight_id TEXT REFERENCES flights(id), aircraft_id TEXT REFERENCES aircraft(id),
  instructor_id TEXT REFERENCES pilots(id), created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX invoice_lines_invoice ON invoice_lines(invoice_id, position);
-- SPEC §10.6: every approved flight is billed by exactly one aircraft_time line.
CREATE UNIQUE INDEX invoice_lines_one_flight_charge ON invoice_lines(flight_id) WHERE kind = 'aircraft_time';

CREATE TABLE payments (
  id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES orgs(id), account_id TEXT NOT NULL REFERENCES accounts(id),
  invoice_id TEXT REFERENCES invoices(id), amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
  method TEXT NOT NULL, received_on TEXT NOT NULL, reference TEXT, created_by TEXT,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX payments_invoice ON payments(invoice_id);
CREATE INDEX payments_account ON payments(org_id, account_id, received_on);
)SQL";

// Version 6: delta sync (SPEC §10.2, ADR 0011). Every table behind a public list gets a change clock: a
// trigger raises a written row's updated_at to at least the newest stamp its organisation has committed and
// gives it the organisation's next change sequence number. Writers are serialised by the write lock, so
// within an organisation updated_at never goes backwards and change_seq always grows in commit order: a
// client paging in (updated_at, change_seq, id) order and resuming from the newest updated_at it saw never
// misses a commit. The (org_id, updated_at, change_seq, id) indexes serve that order.
// On PostgreSQL one plpgsql function does the same from a BEFORE trigger, setting the row's values
// directly instead of updating the row again; the clock row's lock, held to commit, keeps the order.
constexpr const char* kPgChangeClockFunction =
    "CREATE OR REPLACE FUNCTION gaflight_change_clock() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    " IF EXISTS (SELECT 1 FROM org_change_clock WHERE org_id = NEW.org_id AND bulk_load = 1) THEN RETURN NEW;"
    " END IF;"
    " INSERT INTO org_change_clock(org_id, stamp) VALUES (NEW.org_id, '') ON CONFLICT DO NOTHING;"
    " UPDATE org_change_clock SET stamp = GREATEST(stamp, NEW.updated_at), seq = seq + 1"
    " WHERE org_id = NEW.org_id RETURNING stamp, seq INTO NEW.updated_at, NEW.change_seq;"
    " RETURN NEW; END $$;\n";

std::string sqliteChangeClockTriggers(const std::string& t) {
  // A bulk load of a new organisation's history (the demo) writes past instants out of order and sets
  // the clock once at the end (storage::ChangeClock), so the trigger stands aside while it runs.
  // The update trigger skips the trigger's own update of the row (it is the one that moves change_seq).
  const std::string not_bulk =
      " NOT EXISTS (SELECT 1 FROM org_change_clock WHERE org_id = NEW.org_id AND bulk_load = 1)";
  std::string body = " BEGIN INSERT OR IGNORE INTO org_change_clock(org_id, stamp) VALUES (NEW.org_id, '');";
  body.append(" UPDATE org_change_clock SET stamp = max(stamp, NEW.updated_at), seq = seq + 1")
      .append(" WHERE org_id = NEW.org_id;")
      .append(" UPDATE ")
      .append(t)
      .append(" SET (updated_at, change_seq) = (SELECT stamp, seq FROM org_change_clock")
      .append(" WHERE org_id = NEW.org_id) WHERE rowid = NEW.rowid; END;\n");
  std::string sql = "CREATE TRIGGER " + t + "_change_clock_insert AFTER INSERT ON " + t;
  sql.append(" WHEN").append(not_bulk).append(body);
  sql.append("CREATE TRIGGER ")
      .append(t)
      .append("_change_clock_update AFTER UPDATE OF updated_at ON ")
      .append(t);
  sql.append(" WHEN NEW.change_seq = OLD.change_seq AND").append(not_bulk).append(body);
  return sql;
}

std::string pgChangeClockTriggers(const std::string& t) {
  return "CREATE TRIGGER " + t + "_change_clock_insert BEFORE INSERT ON " + t +
         " FOR EACH ROW EXECUTE FUNCTION gaflight_change_clock();\n" + "CREATE TRIGGER " + t +
         "_change_clock_update BEFORE UPDATE OF updated_at ON " + t +
         " FOR EACH ROW WHEN (NEW.change_seq = OLD.change_seq) EXECUTE FUNCTION gaflight_change_clock();\n";
}

std::string changeClockMigration(Dialect d) {
  std::string sql = ddlFor(d,
                           "CREATE TABLE org_change_clock (org_id TEXT PRIMARY KEY, stamp TEXT NOT NULL,"
                           " seq INTEGER NOT NULL DEFAULT 0, bulk_load INTEGER NOT NULL DEFAULT 0);\n"
                           "INSERT INTO org_change_clock(org_id, stamp) SELECT id, '' FROM orgs;\n");
  if (d == Dialect::kPostgres) sql.append(kPgChangeClockFunction);
  for (const std::string t : kChangeClockTables) {
    sql.append(ddlFor(d, "ALTER TABLE " + t + " ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;\n"));
    sql.append(d == Dialect::kSqlite ? sqliteChangeClockTriggers(t) : pgChangeClockTriggers(t));
    std::string index = "CREATE INDEX " + t;
    index.append("_org_changes ON ").append(t).append("(org_id, updated_at, change_seq, id);\n");
    sql.append(ddlFor(d, index));
  }
  for (const char* old : {"pilots_org_updated", "compliance_org_updated", "planning_org_updated",
                          "signoffs_org_updated", "vtrs_org_updated", "invoices_org_updated"})
    sql += std::string("DROP INDEX ") + old + ";\n";
  return sql;
}

// Version 7: a pilot's currency reads the flights they flew or instructed; at a million flights the
// instructor side needs its own index (the pilot side has flights_org_pilot).
constexpr const char* kV7 = R"SQL(
CREATE INDEX flights_org_instructor ON flights(org_id, instructor_id, flight_date DESC, id DESC);
)SQL";

// Version 9: a pilot row carries its public JSON, rendered when the row is written, so that a list page is
// sent without rendering (ADR 0016). rendered_version says which renderer wrote it; migrate() fills both.
// On SQLite an index holding the rendering lets a page be read from the index alone (no table seek per
// row). PostgreSQL caps an index entry near 2.7 kB, which a rendering may pass, so it reads the table.
std::string storedRenderingsMigration(Dialect d) {
  std::string sql = ddlFor(d,
                           "ALTER TABLE pilots ADD COLUMN rendered_json TEXT;\n"
                           "ALTER TABLE pilots ADD COLUMN rendered_version INTEGER;\n");
  if (d == Dialect::kSqlite)
    sql += "CREATE INDEX pilots_org_rendered ON pilots(org_id, id, rendered_version, rendered_json);\n";
  return sql;
}

// Version 8: several processes over one database (issue 10, ADR 0013). Each process caches keys, apps and
// installations; a revocation committed by another process must reach those caches within a second. These
// triggers count every change that can alter an authentication answer in one row that every process polls
// (service::ChangeWatcher). A key's last_used_at stamp is not such a change, so it does not move the count.
std::string authEpochMigration(Dialect d) {
  std::string sql =
      ddlFor(d,
             "CREATE TABLE auth_epoch (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL);\n"
             "INSERT INTO auth_epoch(id, value) VALUES (1, 1);\n");
  if (d == Dialect::kPostgres)
    sql.append(
        "CREATE OR REPLACE FUNCTION gaflight_bump_auth_epoch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        " UPDATE auth_epoch SET value = value + 1 WHERE id = 1; RETURN NULL; END $$;\n");
  const std::pair<const char*, const char*> kWatched[] = {
      {"api_keys", "UPDATE OF status, expires_at, token_hash, app_id, org_id"},
      {"apps", "UPDATE"},
      {"installations", "UPDATE"},
  };
  for (const auto& [table, update_event] : kWatched) {
    for (const std::string event : {"INSERT", "DELETE", update_event}) {
      sql.append("CREATE TRIGGER ").append(table).append("_auth_epoch_").append(event.substr(0, 6));
      sql.append(" AFTER ").append(event).append(" ON ").append(table);
      if (d == Dialect::kSqlite) {
        sql.append(" BEGIN UPDATE auth_epoch SET value = value + 1 WHERE id = 1; END;\n");
      } else {
        sql.append(" FOR EACH ROW EXECUTE FUNCTION gaflight_bump_auth_epoch();\n");
      }
    }
  }
  return sql;
}
}  // namespace

namespace {
Migration portable(int version, std::string name, const char* sqlite_ddl) {
  return {version, std::move(name), sqlite_ddl, toPostgresDdl(sqlite_ddl)};
}
Migration perDialect(int version, std::string name, std::string (*make)(Dialect)) {
  return {version, std::move(name), make(Dialect::kSqlite), make(Dialect::kPostgres)};
}
}  // namespace

const std::vector<Migration>& allMigrations() {
  static const std::vector<Migration> kAll = {
      portable(1, "core platform: tenancy, identity, apps, keys, pilots, fleet, flights", kV1),
      portable(2, "events outbox and webhooks", kV2),
      portable(3, "maintenance, work orders, compliance, planning", kV3),
      portable(4, "event replay cooldown", kV4),
      portable(5, "training, verified training records, audit chain, accounts and invoices", kV5),
      perDialect(6, "delta sync: per-organisation change clock and change-ordered indexes",
                 changeClockMigration),
      portable(7, "flights by instructor (currency at scale)", kV7),
      perDialect(8, "auth epoch: revocations seen by every process", authEpochMigration),
      perDialect(9, "pilots keep their rendered public representation (ADR 0016)", storedRenderingsMigration),
  };
  return kAll;
}

int latestSchemaVersion() { return allMigrations().back().version; }

namespace {
// PostgreSQL's BEGIN takes no lock (SQLite's BEGIN IMMEDIATE does): two servers starting together
// would both apply a migration. A transaction-scoped advisory lock serialises them instead.
void lockOutOtherMigrators(Connection& conn) {
  if (conn.dialect() == Dialect::kPostgres) conn.run("SELECT pg_advisory_xact_lock(4711620151)");
}
}  // namespace

int currentSchemaVersion(Connection& conn) {
  if (!tableExists(conn, "schema_migrations")) return 0;
  return static_cast<int>(
      conn.scalarInt("SELECT coalesce(max(version),0) FROM schema_migrations").value_or(0));
}

int migrate(Connection& conn) {
  {
    Transaction tx(conn, TxMode::kWrite);
    lockOutOtherMigrators(conn);
    conn.execScript(ddlFor(conn.dialect(),
                           "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                           "name TEXT NOT NULL, applied_at TEXT NOT NULL)"));
    tx.commit();
  }
  int applied = 0;
  for (const auto& m : allMigrations()) {
    Transaction tx(conn, TxMode::kWrite);
    lockOutOtherMigrators(conn);
    // Re-check inside the write lock: two processes starting together must not both apply it.
    if (conn.scalarInt("SELECT count(*) FROM schema_migrations WHERE version = ?1", {int64_t{m.version}})
            .value_or(0))
      continue;
    conn.execScript(m.sqlFor(conn.dialect()));
    conn.run("INSERT INTO schema_migrations(version, name, applied_at) VALUES (?1, ?2, ?3)",
             {int64_t{m.version}, m.name, timefmt::formatInstant(std::chrono::system_clock::now())});
    tx.commit();
    ++applied;
  }
  // Data the schema derives: renderings missing (rows from before version 9) or from another renderer.
  Transaction tx(conn, TxMode::kWrite);
  storeMissingPilotRenderings(conn);
  tx.commit();
  return applied;
}

}  // namespace gaflight::storage
