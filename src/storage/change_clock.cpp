#include "storage/change_clock.hpp"

namespace gaflight::storage {

void ChangeClock::beginBulkLoad(const std::string& org) {
  c_.run("INSERT INTO org_change_clock(org_id, stamp) VALUES (?1, '') ON CONFLICT DO NOTHING", {org});
  c_.run("UPDATE org_change_clock SET bulk_load = 1 WHERE org_id = ?1", {org});
}

void ChangeClock::endBulkLoad(const std::string& org) {
  std::string newest = "SELECT coalesce(max(m), '') FROM (";
  const char* sep = "";
  for (const char* t : kChangeClockTables) {
    newest += std::string(sep) + "SELECT max(updated_at) AS m FROM " + t + " WHERE org_id = ?1";
    sep = " UNION ALL ";
  }
  newest += ") AS written";
  // Read first, then a CASE: the two-argument max() is SQLite's (PostgreSQL spells it GREATEST).
  std::string stamp = c_.scalarText(newest, {org}).value_or("");
  c_.run(
      "UPDATE org_change_clock SET bulk_load = 0, stamp = CASE WHEN stamp > ?2 THEN stamp ELSE ?2 END "
      "WHERE org_id = ?1",
      {org, stamp});
}

ChangeClock::Epochs ChangeClock::epochs() {
  Epochs e;
  c_.run(
      "SELECT (SELECT value FROM auth_epoch WHERE id = 1), (SELECT coalesce(sum(seq), 0) FROM "
      "org_change_clock)",
      {}, [&](const RowView& r) {
        e.auth = r.integer(0);
        e.data = r.integer(1);
      });
  return e;
}

}  // namespace gaflight::storage
