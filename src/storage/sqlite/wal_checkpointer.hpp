#pragma once
// Moves SQLite WAL checkpoints off the request and delivery threads: connections run with
// wal_autocheckpoint=0 and this thread checkpoints (PASSIVE: never blocks readers or writers)
// on a timer, so no committing request pays for an fsync-heavy checkpoint.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "storage/sql.hpp"

namespace gaflight::storage {

class WalCheckpointer {
 public:
  WalCheckpointer(Database& db, std::chrono::milliseconds interval);
  ~WalCheckpointer();
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;
  void stop();

 private:
  Database& db_;
  std::chrono::milliseconds interval_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace gaflight::storage
