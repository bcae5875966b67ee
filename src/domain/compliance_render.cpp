#include "domain/compliance_render.hpp"

#include <nlohmann/json.hpp>

#include "domain/render.hpp"

namespace gaflight::domain {

void renderComplianceRecord(JsonWriter& w, const ComplianceRecord& r) {
  if (r.deleted) return renderTombstone(w, r.id, "compliance_record", r.updated_at);
  w.beginObject()
      .field("id", r.id)
      .field("object", "compliance_record")
      .field("type", r.type)
      .field("subject", r.subject)
      .field("pilot_id", r.pilot_id)
      .field("aircraft_id", r.aircraft_id)
      .field("code", r.code)
      .field("number", r.number)
      .field("regime", r.regime)
      .field("issued_on", r.issued_on)
      .field("valid_until", r.valid_until)
      .field("status", r.status);
  auto details = nlohmann::json::parse(r.details, nullptr, false);
  if (!details.is_object()) details = nlohmann::json::object();
  w.key("rule");
  if (r.type == "currency" && details.contains("rule") && details["rule"].is_string())
    w.str(details["rule"].get<std::string>());
  else
    w.null();
  w.key("satisfied_by");
  if (r.type == "currency") {
    w.beginArray();
    if (details.contains("satisfied_by") && details["satisfied_by"].is_array()) {
      for (const auto& id : details["satisfied_by"]) {
        if (id.is_string()) w.str(id.get<std::string>());
      }
    }
    w.endArray();
  } else {
    w.null();
  }
  w.key("details").raw(details.dump());
  w.field("created_at", r.created_at).field("updated_at", r.updated_at).endObject();
}

}  // namespace gaflight::domain
