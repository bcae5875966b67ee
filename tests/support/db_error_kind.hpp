#pragma once
// The kind of storage::DbError a call throws, for tests of both SQL drivers; a failure when it throws none.
#include <gtest/gtest.h>

#include <functional>

#include "storage/db_error.hpp"

namespace gaflight::testing {

inline storage::DbError::Kind dbErrorKind(const std::function<void()>& f) {
  try {
    f();
  } catch (const storage::DbError& e) {
    return e.kind();
  }
  ADD_FAILURE() << "expected a DbError";
  return storage::DbError::Kind::kGeneric;
}

}  // namespace gaflight::testing
