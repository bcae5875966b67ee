#pragma once
// Several gaflight processes over one database (issue 10, ADR 0013): each keeps its own key cache and
// page micro-cache, and its own writes invalidate them at once. The watcher makes the other processes'
// writes count too: each poll reads two counters the database moves on every relevant commit (triggers,
// see storage::ChangeClock::epochs) and empties the auth cache or drops cached pages when one moved.
// Polled every 250 ms by the application, so a revocation anywhere is honoured everywhere within that.
#include <optional>

#include "service/api_auth.hpp"
#include "service/response_cache.hpp"
#include "storage/change_clock.hpp"
#include "storage/sql.hpp"

namespace gaflight::service {

class ChangeWatcher {
 public:
  ChangeWatcher(storage::Database& db, AuthCache& auth, DataGeneration& data)
      : db_(db), auth_(auth), data_(data) {}

  // What one poll found moved since the previous one (the first poll moves both: the caches may have been
  // filled before it).
  struct Moved {
    bool auth = false;
    bool data = false;
  };
  Moved poll();

 private:
  storage::Database& db_;
  AuthCache& auth_;
  DataGeneration& data_;
  std::optional<storage::ChangeClock::Epochs> last_;
};

}  // namespace gaflight::service
