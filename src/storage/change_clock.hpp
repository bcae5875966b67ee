#pragma once
// The per-organisation change clock behind delta sync (SPEC §10.2, ADR 0011, migration 6): triggers keep
// every public list's updated_at non-decreasing in commit order within an organisation.
#include <array>
#include <string>

#include "storage/sql.hpp"

namespace gaflight::storage {

// The tables whose rows public lists serve; each carries the clock's triggers and an
// (org_id, updated_at, id) index.
inline constexpr std::array<const char*, 12> kChangeClockTables = {"pilots",
                                                                   "aircraft",
                                                                   "flights",
                                                                   "events",
                                                                   "maintenance_items",
                                                                   "work_orders",
                                                                   "compliance_records",
                                                                   "planning_sessions",
                                                                   "enrollments",
                                                                   "signoffs",
                                                                   "vtrs",
                                                                   "invoices"};

class ChangeClock {
 public:
  explicit ChangeClock(Connection& c) : c_(c) {}
  // Brackets a bulk load of an organisation's past (the demo), inside one write transaction: the triggers
  // stand aside while history is written out of order, and the end moves the clock to the newest
  // updated_at written so that every later change sorts after the history.
  void beginBulkLoad(const std::string& org);
  void endBulkLoad(const std::string& org);

  // Counters that move with every committed change another process's caches may hold stale: `auth` with
  // keys, apps and installations (migration 8); `data` with every table behind a public list (the sum of
  // the organisations' change sequences).
  struct Epochs {
    int64_t auth = 0;
    int64_t data = 0;
    bool operator==(const Epochs&) const = default;
  };
  Epochs epochs();

 private:
  Connection& c_;
};

}  // namespace gaflight::storage
