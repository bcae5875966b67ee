#pragma once
// The one shape of every keyset list: decode the cursor into the keys to start after, fetch
// limit + 1 rows, trim to limit and encode the last row's keys as the next cursor.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "service/cursor.hpp"

namespace gaflight::service {

// What a cursor is bound to: resource kind, owner (organisation or endpoint) and the filters.
struct ListSpec {
  std::string_view kind;
  std::string owner;
  std::string filter_sig = {};
  size_t key_count = 1;
};

// Keys the page starts after (empty on the first page); a forged or foreign cursor is a 400.
inline Result<std::vector<std::string>> startAfter(const CursorCodec& codec, const ListSpec& spec,
                                                   const PageQuery& q) {
  if (q.cursor.empty()) return std::vector<std::string>{};
  return codec.decode(q.cursor, spec.kind, spec.owner, spec.filter_sig, spec.key_count);
}

// `fetch(after)` returns at most limit + 1 rows after those keys; `keyOf(row)` the row's keys.
template <typename T, typename Fetch, typename KeyFn>
Result<Page<T>> fetchPage(const CursorCodec& codec, const ListSpec& spec, const PageQuery& q, Fetch fetch,
                          KeyFn keyOf) {
  auto after = startAfter(codec, spec, q);
  if (!after) return after.error();
  Page<T> page;
  page.items = fetch(after.value());
  if (page.items.size() > static_cast<size_t>(q.limit)) {
    page.items.resize(static_cast<size_t>(q.limit));
    page.next_cursor = codec.encode(spec.kind, spec.owner, spec.filter_sig, keyOf(page.items.back()));
  }
  return page;
}

// The keys of change order, the order of a delta sync (SPEC §10.2, ADR 0011): (updated_at, change_seq, id).
struct ChangeKeys {
  template <typename T>
  std::vector<std::string> operator()(const T& row) const {
    return {std::string(row.updated_at), std::to_string(row.change_seq), std::string(row.id)};
  }
};

// A cursor in change order carries three keys and is bound to that order.
inline ListSpec inChangeOrder(ListSpec spec) {
  spec.key_count = 3;
  spec.filter_sig += "|by-change";
  return spec;
}

// fetchPage for a list that has two orders: its natural one (`naturalKeys`), and change order when the
// client asks for changes since an instant. A cursor is bound to the order it was made in.
template <typename T, typename Fetch, typename KeyFn, typename ChangeKeyFn = ChangeKeys>
Result<Page<T>> fetchListPage(const CursorCodec& codec, ListSpec spec, const PageQuery& q,
                              const std::optional<std::string>& updated_since, Fetch fetch, KeyFn naturalKeys,
                              ChangeKeyFn changeKeys = {}) {
  if (!updated_since) return fetchPage<T>(codec, spec, q, fetch, naturalKeys);
  return fetchPage<T>(codec, inChangeOrder(std::move(spec)), q, fetch, changeKeys);
}

// fetchPage for a page rendered as it is read (no Page<T> in between): `visit(after, on_row)` calls
// on_row for at most limit + 1 rows, which may be views valid only during the call; `emit(row)` sees
// the first `limit`. Returns the next cursor, "" on the last page.
template <typename Visit, typename KeyFn, typename Emit>
Result<std::string> streamPage(const CursorCodec& codec, const ListSpec& spec, const PageQuery& q,
                               Visit visit, KeyFn keyOf, Emit emit) {
  auto after = startAfter(codec, spec, q);
  if (!after) return after.error();
  const auto limit = static_cast<size_t>(q.limit);
  size_t emitted = 0;
  bool more = false;
  std::vector<std::string> last_keys;
  visit(after.value(), [&](const auto& row) {
    if (emitted == limit) {
      more = true;
      return;
    }
    emit(row);
    if (++emitted == limit) last_keys = keyOf(row);  // only the page's last row can start the next
  });
  if (!more) return std::string();
  return codec.encode(spec.kind, spec.owner, spec.filter_sig, last_keys);
}

// fetchListPage's two orders for streamPage.
template <typename Visit, typename KeyFn, typename Emit, typename ChangeKeyFn = ChangeKeys>
Result<std::string> streamListPage(const CursorCodec& codec, ListSpec spec, const PageQuery& q,
                                   const std::optional<std::string>& updated_since, Visit visit,
                                   KeyFn naturalKeys, Emit emit, ChangeKeyFn changeKeys = {}) {
  if (!updated_since) return streamPage(codec, spec, q, visit, naturalKeys, emit);
  return streamPage(codec, inChangeOrder(std::move(spec)), q, visit, changeKeys, emit);
}

// The single key of a one-key cursor, or "" on the first page.
inline std::string firstKey(const std::vector<std::string>& after) {
  return after.empty() ? std::string() : after[0];
}

// Joins filter values into the signature a cursor is bound to ("-" for an absent one).
template <typename... Opt>
std::string filterSignature(const Opt&... values) {
  std::string s;
  ((s += values.value_or("-"), s += '|'), ...);
  return s;
}

}  // namespace gaflight::service
