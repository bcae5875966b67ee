#pragma once
// Exports (SPEC §10.7) read every record a list's filters match by walking that same list, batch by
// batch, with its own cursor, inside one read transaction: the records, their order and their
// post-processing are exactly the JSON list's, the export is one consistent snapshot, memory is bounded
// by one batch, and each batch is a keyset range scan (cost independent of depth). The read transaction
// never takes the write lock (SQLite WAL: writers carry on).
#include "core/error.hpp"
#include "service/cursor.hpp"
#include "storage/sql.hpp"

namespace gaflight::service {

inline constexpr int kExportBatch = 500;

// `list(opt)` is the service's list call (Result<Page<T>>); `on_item(const T&)` sees every record once,
// in list order, and may throw to stop the walk (e.g. http::StreamAborted when the client is gone).
template <typename T, typename Options, typename List, typename OnItem>
Status forEachListed(storage::Database& db, Options opt, List list, OnItem on_item) {
  storage::Transaction snapshot(db.connection(), storage::TxMode::kRead);
  opt.page = PageQuery{kExportBatch, {}};
  for (;;) {
    Result<Page<T>> page = list(opt);
    if (!page) return page.error();
    for (const auto& item : page->items) on_item(item);
    if (page->next_cursor.empty()) break;
    opt.page.cursor = std::move(page->next_cursor);
  }
  snapshot.commit();
  return okStatus();
}

}  // namespace gaflight::service
