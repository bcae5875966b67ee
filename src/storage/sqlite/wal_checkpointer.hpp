#pragma once
// Moves SQLite WAL checkpoints off the request and delivery threads: connections run with
// wal_autocheckpoint=0 and this thread checkpoints (PASSIVE: never blocks readers or writers)
// on a timer, so no committing request pays for an fsync-heavy checkpoint.
#include <chrono>

#include "core/periodic_task.hpp"
#include "storage/sql.hpp"

namespace gaflight::storage {

class WalCheckpointer {
 public:
  WalCheckpointer(Database& db, std::chrono::milliseconds interval);
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;
  void stop();

 private:
  void checkpoint();
  Database& db_;
  PeriodicTask task_;  // last member: its thread starts once db_ is set and stops before it goes
};

}  // namespace gaflight::storage
