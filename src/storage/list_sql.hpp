#pragma once
// SQL pieces every keyset list shares. A list has two orders: its natural one (documented per resource)
// and, for a delta sync (`updated_since`, SPEC §10.2), change order: (updated_at, id) ascending, which the
// change clock (storage/change_clock.hpp) keeps consistent with commit order.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/sql.hpp"

namespace gaflight::storage {

// A page request: at most `limit` rows after the cursor's keys (empty on the first page). Repositories
// return up to limit + 1 rows so the service can tell whether another page follows.
struct Keyset {
  int limit = 50;
  std::vector<std::string> after;
};

// Appends " AND <column_op> ?N" binding `v`, numbering the placeholder after `params`.
void addPredicate(std::string& sql, Params& params, std::string_view column_op, const std::string& v);
void addPredicate(std::string& sql, Params& params, std::string_view column_op,
                  const std::optional<std::string>& v);

// Appends the change-order tail: rows changed at or after `since`, after the keys (updated_at, change_seq,
// id) of the previous page, ORDER BY those three, LIMIT limit + 1. `alias` is the table alias with its dot,
// or "". change_seq grows in commit order, so a commit landing between two pages of the same second still
// sorts after the cursor (ADR 0011).
void appendChangeOrder(std::string& sql, Params& params, std::string_view alias, const std::string& since,
                       const Keyset& page);

enum class ListOrder { kNatural, kByChange };

// "SELECT " for a list in its natural order; "SELECT <alias>change_seq, " in change order, whose rows
// readListRow reads.
std::string selectFor(ListOrder order, std::string_view alias = "");

// A row seen `offset` columns further on: lets an entity's fromRow read past a leading change_seq.
class ShiftedRow final : public RowView {
 public:
  ShiftedRow(const RowView& row, int offset) : row_(row), offset_(offset) {}
  bool isNull(int col) const override { return row_.isNull(col + offset_); }
  int64_t integer(int col) const override { return row_.integer(col + offset_); }
  double real(int col) const override { return row_.real(col + offset_); }
  std::string_view text(int col) const override { return row_.text(col + offset_); }
  std::optional<std::string_view> optText(int col) const override { return row_.optText(col + offset_); }
  std::string bytes(int col) const override { return row_.bytes(col + offset_); }

 private:
  const RowView& row_;
  int offset_;
};

// Reads an entity from a row selected with selectFor(order): in change order column 0 is change_seq.
template <typename T, typename FromRow>
T readListRow(const RowView& r, ListOrder order, FromRow fromRow) {
  if (order == ListOrder::kNatural) return fromRow(r);
  ShiftedRow shifted(r, 1);
  T entity = fromRow(shifted);
  entity.change_seq = r.integer(0);
  return entity;
}

inline ListOrder orderFor(const std::optional<std::string>& updated_since) {
  return updated_since ? ListOrder::kByChange : ListOrder::kNatural;
}

}  // namespace gaflight::storage
