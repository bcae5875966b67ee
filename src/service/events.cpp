#include "service/events.hpp"

#include "core/ids.hpp"
#include "core/json_writer.hpp"
#include "storage/webhook_repository.hpp"

namespace gaflight::service {

std::string eventEnvelope(const std::string& id, const std::string& type, const std::string& created_at,
                          const std::string& org, const std::string& object_json) {
  std::string out;
  JsonWriter w(out);
  w.beginObject()
      .field("id", id)
      .field("type", type)
      .field("created_at", created_at)
      .field("org_id", org)
      .field("api_version", "v1");
  w.key("data").beginObject().key("object").raw(object_json).endObject();
  w.endObject();
  return out;
}

std::vector<std::string> createDeliveries(storage::Connection& conn, const domain::EventRecord& event,
                                          const std::vector<std::string>& endpoint_ids, SysTime now) {
  storage::WebhookRepository repo(conn);
  auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  std::string now_text = timefmt::formatInstant(now);
  std::vector<std::string> ids;
  for (const auto& endpoint : endpoint_ids) {
    std::string id = ids::newUuid();
    repo.insertDelivery(id, event.org_id, endpoint, event.id, event.type, now_ms, now_text);
    ids.push_back(std::move(id));
  }
  return ids;
}

domain::EventRecord recordEvent(storage::Connection& conn, const std::string& org, const std::string& type,
                                const std::string& object_json, SysTime now,
                                const std::string& only_endpoint) {
  auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  domain::EventRecord e;
  e.id = ids::prefixed("evt_", now_ms);
  e.org_id = org;
  e.type = type;
  e.created_at = timefmt::formatInstant(now);
  e.updated_at = e.created_at;
  e.body = eventEnvelope(e.id, type, e.created_at, org, object_json);
  storage::WebhookRepository repo(conn);
  repo.insertEvent(e);
  auto endpoints =
      only_endpoint.empty() ? repo.subscribedEndpoints(org, type) : std::vector<std::string>{only_endpoint};
  createDeliveries(conn, e, endpoints, now);
  return e;
}

}  // namespace gaflight::service
