#pragma once
// A list row whose public representation was rendered and stored with the record when it was written
// (ADR 0016): the keys a cursor needs, and the bytes to send as they are.
#include <cstdint>
#include <string_view>

#include "core/json_writer.hpp"

namespace gaflight::domain {

struct StoredJsonRow {
  std::string_view id, updated_at;
  int64_t change_seq = 0;  // set in change order (delta sync)
  std::string_view json;   // one rendered object, e.g. renderPilot's bytes
};

inline void renderStoredJson(JsonWriter& w, const StoredJsonRow& row) { w.raw(row.json); }

}  // namespace gaflight::domain
