#include "storage/list_sql.hpp"

#include <charconv>

namespace gaflight::storage {

namespace {
std::string placeholder(const Params& params) { return "?" + std::to_string(params.size()); }
}  // namespace

void addPredicate(std::string& sql, Params& params, std::string_view column_op, const std::string& v) {
  params.emplace_back(v);
  sql.append(" AND ").append(column_op).append(" ").append(placeholder(params));
}

void addPredicate(std::string& sql, Params& params, std::string_view column_op,
                  const std::optional<std::string>& v) {
  if (v) addPredicate(sql, params, column_op, *v);
}

void appendChangeOrder(std::string& sql, Params& params, std::string_view alias, const std::string& since,
                       const Keyset& page) {
  const std::string a(alias);
  const std::string keys = a + "updated_at, " + a + "change_seq, " + a + "id";
  addPredicate(sql, params, a + "updated_at >=", since);
  if (page.after.size() == 3) {
    int64_t seq = 0;
    const std::string& s = page.after[1];
    std::from_chars(s.data(), s.data() + s.size(), seq);  // the cursor is our own, HMAC-checked
    params.emplace_back(page.after[0]);
    const std::string k0 = placeholder(params);
    params.emplace_back(seq);
    const std::string k1 = placeholder(params);
    params.emplace_back(page.after[2]);
    sql.append(" AND (").append(keys).append(") > (").append(k0).append(", ").append(k1).append(", ");
    sql.append(placeholder(params)).append(")");
  }
  params.emplace_back(int64_t{page.limit + 1});
  sql.append(" ORDER BY ").append(keys).append(" LIMIT ").append(placeholder(params));
}

std::string selectFor(ListOrder order, std::string_view alias) {
  if (order == ListOrder::kNatural) return "SELECT ";
  return "SELECT " + std::string(alias) + "change_seq, ";
}

}  // namespace gaflight::storage
