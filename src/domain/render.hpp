#pragma once
// How objects look on the public API (and later inside event payloads): one renderer per type.
#include "core/json_writer.hpp"
#include "domain/entities.hpp"
#include "domain/webhooks.hpp"

namespace gaflight::domain {

void renderPilot(JsonWriter& w, const Pilot& p);
void renderPilotRow(JsonWriter& w, const PilotRow& p);  // the same bytes, from a result row
// Bump when renderPilot's bytes change: pilots store their rendering (ADR 0016), and a stored rendering
// of another version is ignored when read and redone when the schema is next migrated.
constexpr int kPilotRenderVersion = 1;
void renderAircraft(JsonWriter& w, const Aircraft& a);
void renderFlight(JsonWriter& w, const Flight& f);
void renderApp(JsonWriter& w, const App& a);
void renderInstallation(JsonWriter& w, const Installation& i);
void renderApiKey(JsonWriter& w, const ApiKey& k);
void renderAuditEntry(JsonWriter& w, const AuditEntry& e);
void renderOrganisation(JsonWriter& w, const Organisation& o);
void renderWebhookEndpoint(JsonWriter& w, const WebhookEndpoint& e);
void renderWebhookDelivery(JsonWriter& w, const WebhookDelivery& d);
void renderEvent(JsonWriter& w, const EventRecord& e);  // the stored envelope, byte for byte
// A deleted record in a delta sync (SPEC §10.2): {"id", "object", "deleted": true, "updated_at"}.
void renderTombstone(JsonWriter& w, std::string_view id, std::string_view object,
                     std::string_view updated_at);

template <typename T, typename F>
std::string renderOne(const T& v, F fn) {
  std::string out;
  JsonWriter w(out);
  fn(w, v);
  return out;
}

}  // namespace gaflight::domain
