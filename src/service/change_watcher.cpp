#include "service/change_watcher.hpp"

namespace gaflight::service {

ChangeWatcher::Moved ChangeWatcher::poll() {
  auto now = storage::ChangeClock(db_.connection()).epochs();
  Moved moved{!last_ || last_->auth != now.auth, !last_ || last_->data != now.data};
  last_ = now;
  if (moved.auth) auth_.invalidate();
  if (moved.data) data_.bump();
  return moved;
}

}  // namespace gaflight::service
