#include "storage/sqlite/wal_checkpointer.hpp"

#include "observability/logging.hpp"

namespace gaflight::storage {

WalCheckpointer::WalCheckpointer(Database& db, std::chrono::milliseconds interval)
    : db_(db), interval_(interval) {
  thread_ = std::thread([this] {
    std::unique_lock lock(mu_);
    while (!cv_.wait_for(lock, interval_, [this] { return stopping_; })) {
      lock.unlock();
      try {
        db_.connection().execScript("PRAGMA wal_checkpoint(PASSIVE)");
      } catch (const std::exception& e) {
        observability::logEvent(observability::LogLevel::kWarn, "storage", "checkpoint failed",
                                {{"error", e.what()}});
      }
      lock.lock();
    }
  });
}

WalCheckpointer::~WalCheckpointer() { stop(); }

void WalCheckpointer::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace gaflight::storage
