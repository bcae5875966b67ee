#pragma once
// Test seam for database faults: wraps each connection the server opens (Database::setDecorator)
// and, while armed, fails statements with a chosen SQLite code through the driver's own mapping
// (storage::throwSqliteError), as the driver would, and records the fault as the driver does.
#include <atomic>
#include <memory>

#include "storage/sql.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace gaflight::testing {

struct FaultPlan {
  enum class Target { kNone, kCommit, kEveryStatement };
  std::atomic<Target> target{Target::kNone};
  std::atomic<int> code{0};
  std::atomic<int> hits{0};  // statements failed so far
  void arm(Target t, int rc) {
    code = rc;
    target = t;
  }
  void clear() { target = Target::kNone; }
};

class FaultInjectingConnection final : public storage::Connection {
 public:
  FaultInjectingConnection(std::unique_ptr<storage::Connection> inner, std::shared_ptr<FaultPlan> plan,
                           storage::DatabaseHealth& health)
      : inner_(std::move(inner)), plan_(std::move(plan)), health_(health) {}
  using Connection::run;
  storage::Dialect dialect() const override { return inner_->dialect(); }
  void execScript(std::string_view sql) override {
    maybeFail(FaultPlan::Target::kEveryStatement);
    inner_->execScript(sql);
  }
  int64_t run(std::string_view sql, const storage::Params& params,
              const storage::RowCallback& on_row) override {
    maybeFail(FaultPlan::Target::kEveryStatement);
    return inner_->run(sql, params, on_row);
  }
  void begin(storage::TxMode mode) override {
    maybeFail(FaultPlan::Target::kEveryStatement);
    inner_->begin(mode);
  }
  // A failed COMMIT leaves the transaction open, as SQLite does; the caller must roll back.
  void commit() override {
    maybeFail(FaultPlan::Target::kCommit);
    maybeFail(FaultPlan::Target::kEveryStatement);
    inner_->commit();
  }
  void rollback() override { inner_->rollback(); }
  bool inTransaction() const override { return inner_->inTransaction(); }

 private:
  void maybeFail(FaultPlan::Target when) {
    if (plan_->target.load() != when) return;
    ++plan_->hits;
    health_.recordUnavailable();
    storage::throwSqliteError(plan_->code.load(), "injected fault");
  }
  std::unique_ptr<storage::Connection> inner_;
  std::shared_ptr<FaultPlan> plan_;
  storage::DatabaseHealth& health_;
};

// Wraps every connection `db` opens from now on; call before the server's threads first use it.
inline std::shared_ptr<FaultPlan> injectFaults(storage::Database& db) {
  auto plan = std::make_shared<FaultPlan>();
  db.setDecorator(
      [plan, &db](std::unique_ptr<storage::Connection> c) -> std::unique_ptr<storage::Connection> {
        return std::make_unique<FaultInjectingConnection>(std::move(c), plan, db.health());
      });
  return plan;
}

}  // namespace gaflight::testing
