#include "domain/render.hpp"

#include "core/clock.hpp"
#include "domain/audit_chain.hpp"

namespace gaflight::domain {

namespace {
void writeRoles(JsonWriter& w, const std::vector<std::string>& roles) {
  w.beginArray();
  for (const auto& r : roles) w.str(r);
  w.endArray();
}
// The column holds Pilot::roles as the JSON array the repository wrote: copied as it is.
void writeRoles(JsonWriter& w, const PilotRow& p) { w.raw(p.roles_json); }
void writeRoles(JsonWriter& w, const Pilot& p) { writeRoles(w, p.roles); }

// One shape for both a Pilot and a PilotRow (the list path), so the two cannot drift apart.
template <typename P>
void renderPilotAs(JsonWriter& w, const P& p) {
  w.beginObject()
      .field("id", p.id)
      .field("object", "pilot")
      .field("first_name", p.first_name)
      .field("last_name", p.last_name)
      .field("email", p.email)
      .field("phone", p.phone);
  w.key("roles");
  writeRoles(w, p);
  w.field("status", p.status);
  w.key("licence");
  if (p.licence_type) {
    w.beginObject()
        .field("type", *p.licence_type)
        .field("number", p.licence_number)
        .field("issued_on", p.licence_issued_on)
        .endObject();
  } else {
    w.null();
  }
  w.key("medical");
  if (p.medical_class) {
    w.beginObject().field("class", *p.medical_class).field("valid_until", p.medical_valid_until).endObject();
  } else {
    w.null();
  }
  w.field("date_of_birth", p.date_of_birth)
      .field("home_base", p.home_base)
      .field("created_at", p.created_at)
      .field("updated_at", p.updated_at)
      .endObject();
}
}  // namespace

void renderPilot(JsonWriter& w, const Pilot& p) { renderPilotAs(w, p); }
void renderPilotRow(JsonWriter& w, const PilotRow& p) { renderPilotAs(w, p); }

void renderAircraft(JsonWriter& w, const Aircraft& a) {
  w.beginObject()
      .field("id", a.id)
      .field("object", "aircraft")
      .field("registration", a.registration)
      .field("icao_type", a.icao_type)
      .field("make", a.make)
      .field("model", a.model)
      .field("year", a.year)
      .field("seats", a.seats)
      .field("status", a.status)
      .field("airworthiness", a.airworthiness);
  w.key("hobbs_hours").tenths(a.hobbs_tenths).key("tach_hours").tenths(a.tach_tenths);
  w.field("home_base", a.home_base)
      .field("created_at", a.created_at)
      .field("updated_at", a.updated_at)
      .endObject();
}

void renderFlight(JsonWriter& w, const Flight& f) {
  w.beginObject()
      .field("id", f.id)
      .field("object", "flight")
      .field("date", f.date)
      .field("aircraft_id", f.aircraft_id)
      .field("aircraft_registration", f.aircraft_registration)
      .field("pilot_id", f.pilot_id)
      .field("instructor_id", f.instructor_id)
      .field("purpose", f.purpose)
      .field("departure_icao", f.departure_icao)
      .field("arrival_icao", f.arrival_icao)
      .field("off_block_at", f.off_block_at)
      .field("takeoff_at", f.takeoff_at)
      .field("landing_at", f.landing_at)
      .field("on_block_at", f.on_block_at)
      .field("block_min", f.block_min)
      .field("air_min", f.air_min)
      .field("night_min", f.night_min)
      .field("ifr_min", f.ifr_min)
      .field("landings_day", f.landings_day)
      .field("landings_night", f.landings_night);
  w.key("hobbs_start_hours").tenths(f.hobbs_start_tenths).key("hobbs_end_hours").tenths(f.hobbs_end_tenths);
  w.key("tach_start_hours").tenths(f.tach_start_tenths).key("tach_end_hours").tenths(f.tach_end_tenths);
  w.field("remarks", f.remarks)
      .field("status", f.status)
      .field("submitted_by", f.submitted_by)
      .field("submitted_at", f.submitted_at)
      .field("reviewed_by", f.reviewed_by)
      .field("reviewed_at", f.reviewed_at)
      .field("rejection_reason", f.rejection_reason)
      .field("created_at", f.created_at)
      .field("updated_at", f.updated_at)
      .endObject();
}

void renderApp(JsonWriter& w, const App& a) {
  w.beginObject()
      .field("id", a.id)
      .field("object", "app")
      .field("org_id", a.org_id)
      .field("name", a.name)
      .field("description", a.description)
      .field("homepage_url", a.homepage_url)
      .field("status", a.status);
  w.key("required_scopes").beginArray();
  for (const auto& s : a.required_scopes) {
    w.beginObject().field("scope", s.scope).field("justification", s.justification).endObject();
  }
  w.endArray()
      .field("created_at", a.created_at)
      .field("updated_at", a.updated_at)
      .field("activated_at", a.activated_at)
      .field("revoked_at", a.revoked_at)
      .endObject();
}

void renderInstallation(JsonWriter& w, const Installation& i) {
  w.beginObject()
      .field("id", i.id)
      .field("object", "installation")
      .field("org_id", i.org_id)
      .field("app_id", i.app_id)
      .field("app_name", i.app_name);
  w.key("granted_scopes").beginArray();
  for (const auto& s : i.granted_scopes) w.str(s);
  w.endArray()
      .field("status", i.status)
      .field("created_by", i.created_by)
      .field("created_at", i.created_at)
      .field("updated_at", i.updated_at)
      .field("uninstalled_at", i.uninstalled_at)
      .endObject();
}

void renderApiKey(JsonWriter& w, const ApiKey& k) {
  w.beginObject()
      .field("id", k.id)
      .field("object", "api_key")
      .field("app_id", k.app_id)
      .field("name", k.name)
      .field("prefix", k.prefix)
      .field("status", k.status)
      .field("created_by", k.created_by)
      .field("created_at", k.created_at)
      .field("updated_at", k.updated_at)
      .field("expires_at", k.expires_at)
      .field("last_used_at", k.last_used_at)
      .field("revoked_at", k.revoked_at)
      .endObject();
}

void renderAuditEntry(JsonWriter& w, const AuditEntry& e) {
  w.beginObject()
      .field("id", e.id)
      .field("object", "audit_entry")
      .field("actor_user_id", e.actor_user_id)
      .field("actor", e.actor_label)
      .field("action", e.action)
      .field("target_type", e.target_type)
      .field("target_id", e.target_id);
  w.key("details").raw(e.details_json.empty() ? "{}" : e.details_json);
  w.field("request_id", e.request_id).field("created_at", e.created_at);
  // Null on entries written before the chain started (schema v5).
  auto prefix = [](const std::optional<std::string>& h) {
    return h ? std::optional<std::string>(hashPrefix(*h)) : std::nullopt;
  };
  w.field("chain_hash_prefix", prefix(e.hash)).field("prev_hash_prefix", prefix(e.prev_hash)).endObject();
}

void renderOrganisation(JsonWriter& w, const Organisation& o) {
  w.beginObject()
      .field("id", o.id)
      .field("object", "organisation")
      .field("name", o.name)
      .field("time_zone", o.time_zone)
      .field("country", o.country)
      .field("currency", o.currency)
      .field("created_at", o.created_at)
      .field("updated_at", o.updated_at)
      .endObject();
}

void renderWebhookEndpoint(JsonWriter& w, const WebhookEndpoint& e) {
  w.beginObject()
      .field("id", e.id)
      .field("object", "webhook_endpoint")
      .field("url", e.url)
      .field("description", e.description);
  w.key("event_types").beginArray();
  for (const auto& t : e.event_types) w.str(t);
  w.endArray()
      .field("active", e.active)
      .field("disabled_reason", e.disabled_reason)
      .field("secondary_expires_at", e.secondary_expires_at)
      .field("created_at", e.created_at)
      .field("updated_at", e.updated_at)
      .endObject();
}

void renderWebhookDelivery(JsonWriter& w, const WebhookDelivery& d) {
  w.beginObject()
      .field("id", d.id)
      .field("object", "webhook_delivery")
      .field("endpoint_id", d.endpoint_id)
      .field("event_id", d.event_id)
      .field("event_type", d.event_type)
      .field("status", d.status)
      .field("attempt_count", int64_t{d.attempt_count});
  w.key("next_attempt_at");
  if (d.next_attempt_ms)
    w.str(timefmt::formatInstant(*d.next_attempt_ms / 1000));
  else
    w.null();
  w.field("created_at", d.created_at).field("updated_at", d.updated_at);
  w.key("attempts").beginArray();
  for (const auto& a : d.attempts) {
    w.beginObject()
        .field("attempt", int64_t{a.attempt})
        .field("started_at", a.started_at)
        .field("status_code", a.status_code)
        .field("latency_ms", a.latency_ms)
        .field("response_excerpt", a.response_excerpt)
        .field("error", a.error)
        .field("succeeded", a.succeeded)
        .endObject();
  }
  w.endArray().endObject();
}

void renderEvent(JsonWriter& w, const EventRecord& e) { w.raw(e.body); }

void renderTombstone(JsonWriter& w, std::string_view id, std::string_view object,
                     std::string_view updated_at) {
  w.beginObject()
      .field("id", id)
      .field("object", object)
      .field("deleted", true)
      .field("updated_at", updated_at);
  w.endObject();
}

}  // namespace gaflight::domain
