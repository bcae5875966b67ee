#include "storage/migrations/schema_catalog.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <utility>

namespace gaflight::storage {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool contains(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

// SQLite's type-affinity rules (in its order), which also sort PostgreSQL's type names.
std::string typeClass(std::string_view declared) {
  std::string t = lower(declared);
  if (contains(t, "int")) return "integer";
  if (contains(t, "char") || contains(t, "clob") || contains(t, "text")) return "text";
  if (t.empty() || contains(t, "blob") || contains(t, "bytea")) return "blob";
  if (contains(t, "real") || contains(t, "floa") || contains(t, "doub")) return "real";
  return "numeric (" + t + ")";
}

// The lines of describeSchema, built the same way for both engines.
class Description {
 public:
  void table(const std::string& t) {
    add("table " + t);
    checks_[t];  // every table gets a checks line, 0 included
  }
  void column(const std::string& t, const std::string& c, std::string_view type, bool not_null,
              bool has_default) {
    add("column " + t + "." + c + " " + typeClass(type) + (not_null ? " not null" : " null") +
        (has_default ? " default" : ""));
  }
  void primaryKey(const std::string& t, const std::string& cols) {
    add("primary key " + t + " (" + cols + ")");
  }
  void unique(const std::string& t, const std::string& cols) { add("unique " + t + " (" + cols + ")"); }
  void index(const std::string& t, const std::string& name, const std::string& cols, bool unique,
             bool partial) {
    add("index " + t + "." + name + " (" + cols + ")" + (unique ? " unique" : "") +
        (partial ? " partial" : ""));
  }
  void foreignKey(const std::string& t, const std::string& cols, const std::string& to,
                  const std::string& to_cols) {
    add("foreign key " + t + " (" + cols + ") -> " + to + " (" + to_cols + ")");
  }
  void check(const std::string& t) { ++checks_[t]; }
  void trigger(const std::string& t, const std::string& name) { add("trigger " + t + "." + name); }

  std::vector<std::string> lines() && {
    for (const auto& [t, n] : checks_) add("checks " + t + " " + std::to_string(n));
    std::sort(lines_.begin(), lines_.end());
    return std::move(lines_);
  }

 private:
  void add(const std::string& line) { lines_.push_back(lower(line)); }
  std::vector<std::string> lines_;
  std::map<std::string, int> checks_;
};

void appendList(std::string& list, std::string_view item) {
  if (!list.empty()) list.push_back(',');
  list.append(item);
}

// SQLite keeps no catalogue of CHECK constraints: count them in the table's CREATE text (which
// ALTER TABLE … ADD COLUMN extends).
int countChecks(const std::string& create_sql) {
  int n = 0;
  for (size_t at = create_sql.find("CHECK"); at != std::string::npos; at = create_sql.find("CHECK", at + 5)) {
    size_t next = create_sql.find_first_not_of(' ', at + 5);
    if (next != std::string::npos && create_sql[next] == '(') ++n;
  }
  return n;
}

void describeSqlite(Connection& conn, Description& d) {
  std::vector<std::pair<std::string, std::string>> tables;
  conn.run("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'", {},
           [&](const RowView& r) { tables.emplace_back(r.str(0), r.str(1)); });
  for (const auto& entry : tables) {
    // Named copies, not a structured binding: clang 14 (the fuzz and sanitizer builds) cannot capture
    // one in the lambdas below.
    const std::string& t = entry.first;
    const std::string& create_sql = entry.second;
    d.table(t);
    for (int i = countChecks(create_sql); i > 0; --i) d.check(t);
    std::map<int64_t, std::string> pk;
    conn.run("SELECT name, type, \"notnull\", dflt_value IS NOT NULL, pk FROM pragma_table_info(?1)", {t},
             [&](const RowView& r) {
               bool in_pk = r.integer(4) > 0;
               d.column(t, r.str(0), r.text(1), r.integer(2) != 0 || in_pk, r.integer(3) != 0);
               if (in_pk) pk[r.integer(4)] = r.str(0);
             });
    std::string pk_cols;
    for (const auto& [pos, col] : pk) appendList(pk_cols, col);
    if (!pk_cols.empty()) d.primaryKey(t, pk_cols);

    struct Index {
      std::string name, origin;
      bool unique, partial;
    };
    std::vector<Index> indexes;
    conn.run("SELECT name, origin, \"unique\", partial FROM pragma_index_list(?1)", {t},
             [&](const RowView& r) {
               indexes.push_back({r.str(0), r.str(1), r.integer(2) != 0, r.integer(3) != 0});
             });
    for (const auto& ix : indexes) {
      if (ix.origin == "pk") continue;  // the primary key's line says it
      std::string cols;
      conn.run("SELECT name, \"desc\" FROM pragma_index_xinfo(?1) WHERE key = 1 ORDER BY seqno", {ix.name},
               [&](const RowView& r) { appendList(cols, r.str(0) + (r.integer(1) != 0 ? " desc" : "")); });
      if (ix.origin == "u") {
        d.unique(t, cols);
      } else {
        d.index(t, ix.name, cols, ix.unique, ix.partial);
      }
    }

    std::map<int64_t, std::array<std::string, 3>> fks;  // id → referenced table, from, to
    conn.run("SELECT id, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?1) ORDER BY id, seq", {t},
             [&](const RowView& r) {
               auto& fk = fks[r.integer(0)];
               fk[0] = r.str(1);
               appendList(fk[1], r.text(2));
               appendList(fk[2], r.text(3));
             });
    for (const auto& [id, fk] : fks) d.foreignKey(t, fk[1], fk[0], fk[2]);
  }
  conn.run("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'", {},
           [&](const RowView& r) { d.trigger(r.str(0), r.str(1)); });
}

// Every query reads the connection's current schema only (tests run in a schema of their own).
constexpr const char* kPgInSchema =
    " JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()";

// The comma-separated names of the columns numbered in `attnums` (an int2[] of table `rel`), in order.
std::string pgColumnList(const std::string& attnums, const std::string& rel,
                         const std::string& suffix = "''") {
  return "(SELECT string_agg(a.attname || " + suffix + ", ',' ORDER BY u.ord) FROM unnest(" + attnums +
         ") WITH ORDINALITY u(num, ord) JOIN pg_attribute a ON a.attrelid = " + rel +
         " AND a.attnum = u.num)";
}

void describePostgres(Connection& conn, Description& d) {
  conn.run(std::string("SELECT c.relname FROM pg_class c") + kPgInSchema + " WHERE c.relkind = 'r'", {},
           [&](const RowView& r) { d.table(r.str(0)); });
  conn.run(std::string("SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
                       "a.atthasdef FROM pg_class c") +
               kPgInSchema +
               " JOIN pg_attribute a ON a.attrelid = c.oid"
               " WHERE c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped",
           {}, [&](const RowView& r) {
             d.column(r.str(0), r.str(1), r.text(2), r.integer(3) != 0, r.integer(4) != 0);
           });
  conn.run("SELECT c.relname, k.contype, " + pgColumnList("k.conkey", "k.conrelid") +
               ", coalesce(f.relname, ''), " + "coalesce(" + pgColumnList("k.confkey", "k.confrelid") +
               ", '') FROM pg_constraint k" + " JOIN pg_class c ON c.oid = k.conrelid" + kPgInSchema +
               " LEFT JOIN pg_class f ON f.oid = k.confrelid",
           {}, [&](const RowView& r) {
             std::string t = r.str(0);
             std::string_view type = r.text(1);
             if (type == "p") d.primaryKey(t, r.str(2));
             if (type == "u") d.unique(t, r.str(2));
             if (type == "f") d.foreignKey(t, r.str(2), r.str(3), r.str(4));
             if (type == "c") d.check(t);
           });
  // Indexes that back a primary key or unique constraint are described by their constraint.
  conn.run(
      "SELECT c.relname, i.relname, x.indisunique, x.indpred IS NOT NULL, " +
          pgColumnList("x.indkey::int2[]", "c.oid",
                       "CASE WHEN x.indoption[u.ord - 1] & 1 = 1 THEN ' desc' ELSE '' END") +
          " FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid" +
          kPgInSchema +
          " WHERE NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid"
          " AND k.contype IN ('p', 'u', 'x'))",
      {},
      [&](const RowView& r) { d.index(r.str(0), r.str(1), r.str(4), r.integer(2) != 0, r.integer(3) != 0); });
  conn.run(std::string("SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid") +
               kPgInSchema + " WHERE NOT t.tgisinternal",
           {}, [&](const RowView& r) { d.trigger(r.str(0), r.str(1)); });
}

}  // namespace

bool tableExists(Connection& conn, const std::string& table) {
  if (conn.dialect() == Dialect::kSqlite)
    return conn.scalarInt("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1", {table})
               .value_or(0) > 0;
  return conn.scalarInt(std::string("SELECT count(*) FROM pg_class c") + kPgInSchema +
                            " WHERE c.relkind = 'r' AND c.relname = CAST(?1 AS TEXT)",
                        {table})
             .value_or(0) > 0;
}

std::vector<std::string> describeSchema(Connection& conn) {
  Description d;
  if (conn.dialect() == Dialect::kSqlite) {
    describeSqlite(conn, d);
  } else {
    describePostgres(conn, d);
  }
  return std::move(d).lines();
}

}  // namespace gaflight::storage
