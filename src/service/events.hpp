#pragma once
// The transactional outbox: an event and its deliveries are written by the same transaction as the
// change that causes them, so a crash can neither lose nor invent one.
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "domain/webhooks.hpp"
#include "storage/sql.hpp"

namespace gaflight::service {

// Envelope of SPEC §4 around an already-rendered object.
std::string eventEnvelope(const std::string& id, const std::string& type, const std::string& created_at,
                          const std::string& org, const std::string& object_json);

// Inserts the event and one pending delivery per active endpoint subscribed to `type` (or only to
// `only_endpoint` when given). Must run inside the caller's write transaction.
domain::EventRecord recordEvent(storage::Connection& conn, const std::string& org, const std::string& type,
                                const std::string& object_json, SysTime now,
                                const std::string& only_endpoint = {});

// New deliveries of an existing event (replay): returns their ids.
std::vector<std::string> createDeliveries(storage::Connection& conn, const domain::EventRecord& event,
                                          const std::vector<std::string>& endpoint_ids, SysTime now);

}  // namespace gaflight::service
