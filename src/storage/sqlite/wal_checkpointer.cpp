#include "storage/sqlite/wal_checkpointer.hpp"

#include "observability/logging.hpp"

namespace gaflight::storage {

WalCheckpointer::WalCheckpointer(Database& db, std::chrono::milliseconds interval)
    : db_(db), task_(interval, [this] { checkpoint(); }) {}

void WalCheckpointer::checkpoint() {
  try {
    db_.connection().execScript("PRAGMA wal_checkpoint(PASSIVE)");
  } catch (const std::exception& e) {
    observability::logEvent(observability::LogLevel::kWarn, "storage", "checkpoint failed",
                            {{"error", e.what()}});
  }
}

void WalCheckpointer::stop() { task_.stop(); }

}  // namespace gaflight::storage
