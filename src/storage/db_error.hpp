#pragma once
// Engine failures, shared by every driver. Kept apart from sql.hpp so the HTTP dispatcher can map
// them without knowing the rest of the storage seam.
#include <stdexcept>
#include <string>

namespace gaflight::storage {

// Thrown for engine failures (corruption, constraint violations the caller did not expect…).
class DbError : public std::runtime_error {
 public:
  enum class Kind { kGeneric, kConstraint, kUnavailable };
  DbError(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

// The database cannot serve now but may recover without a restart: busy or locked past the busy
// timeout, disk full, I/O error, read-only or unopenable file (and, later, a lost PostgreSQL
// connection). The dispatcher answers 503 + Retry-After; background loops log and go on.
class DatabaseUnavailable : public DbError {
 public:
  DatabaseUnavailable(int engine_code, int retry_after_s, const std::string& what)
      : DbError(Kind::kUnavailable, what), engine_code_(engine_code), retry_after_s_(retry_after_s) {}
  int engineCode() const { return engine_code_; }           // e.g. the extended SQLite result code
  int retryAfterSeconds() const { return retry_after_s_; }  // a hint for clients, ≥ 1

 private:
  int engine_code_;
  int retry_after_s_;
};

}  // namespace gaflight::storage
