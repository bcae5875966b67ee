#pragma once
// What every domain service needs: the database, the clock, the cursor codec, the data generation
// (moved after each committed write so cached public pages are dropped) and the delivery notifier
// (woken after a commit that recorded events).
#include "core/clock.hpp"
#include "service/cursor.hpp"
#include "service/events.hpp"
#include "service/response_cache.hpp"
#include "storage/sql.hpp"
#include "webhook/notifier.hpp"

namespace gaflight::service {

struct ServiceContext {
  storage::Database& db;
  const Clock& clock;
  const CursorCodec& cursors;
  DataGeneration& generation;
  webhook::DeliveryNotifier& notifier;

  // After a write transaction committed: drop cached pages, wake the delivery engine.
  void afterCommit() const {
    generation.bump();
    notifier.wake();
  }
};

}  // namespace gaflight::service
