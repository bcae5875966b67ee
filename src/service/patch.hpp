#pragma once
#include <functional>

#include "core/error.hpp"

namespace gaflight::service {

// A partial update (a console PATCH body) applied to a record as stored. Services run it inside
// their write transaction, on the record read in that transaction: a record read before it would
// write back stale values of the fields the caller did not touch, and so lose a concurrent update.
template <typename Record>
using Patch = std::function<Status(Record&)>;

}  // namespace gaflight::service
