#include "domain/vtr.hpp"

#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "core/zip.hpp"
#include "domain/compliance.hpp"

namespace gaflight::domain {

using nlohmann::json;

namespace {
json optJson(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }

json minutesJson(int64_t total, int64_t dual, int64_t solo, int64_t solo_xc, int64_t night, int64_t sim) {
  return {{"total_min", total},     {"dual_min", dual},   {"solo_min", solo},
          {"solo_xc_min", solo_xc}, {"night_min", night}, {"sim_min", sim}};
}

json lessonRecordJson(const VtrLessonRecord& r) {
  auto grades = json::parse(r.grades, nullptr, false);
  if (grades.is_discarded()) grades = json::array();
  return {{"id", r.id},
          {"session_date", r.session_date},
          {"flight_id", optJson(r.flight_id)},
          {"instructor_id", optJson(r.instructor_id)},
          {"ground_min", r.ground_min},
          {"dual_min", r.dual_min},
          {"solo_min", r.solo_min},
          {"solo_xc_min", r.solo_xc_min},
          {"night_min", r.night_min},
          {"sim_min", r.sim_min},
          {"grades", grades},
          {"result", r.result},
          {"remarks", optJson(r.remarks)}};
}

std::string studentName(const VtrStudent& s) { return s.first_name + " " + s.last_name; }

const char* kHtmlStyle =
    "body{font-family:system-ui,sans-serif;margin:2rem;color:#111}table{border-collapse:collapse;"
    "margin:1rem 0}th,td{border:1px solid #999;padding:.25rem .5rem;text-align:left;vertical-align:top}"
    "code{font-size:.8rem;word-break:break-all}";
}  // namespace

std::string htmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::optional<std::string> vtrComplianceValidUntil(const Vtr& v) {
  if (v.status == kVtrVerified) return std::nullopt;
  // Revoked or superseded at `updated_at`: valid through the previous day.
  const std::string& at = v.revoked_at ? *v.revoked_at : v.updated_at;
  auto day = parseCivilDate(at.substr(0, 10));
  if (!day) return at.substr(0, 10);
  return formatCivilDate(addDays(*day, -1));
}

std::string vtrComplianceDetails(const Vtr& v) {
  return json{{"vtr_id", v.id}, {"pack_sha256", v.pack_sha256}, {"status", v.status}}.dump();
}

VtrFlightSummary summarizeTraining(const std::vector<VtrLesson>& lessons) {
  VtrFlightSummary s;
  std::set<std::string> flights;
  for (const auto& l : lessons) {
    for (const auto& r : l.records) {
      s.ground_min += r.ground_min;
      s.dual_min += r.dual_min;
      s.solo_min += r.solo_min;
      s.solo_xc_min += r.solo_xc_min;
      s.night_min += r.night_min;
      s.sim_min += r.sim_min;
      if (r.flight_id) flights.insert(*r.flight_id);
      if (!s.first_date || r.session_date < *s.first_date) s.first_date = r.session_date;
      if (!s.last_date || r.session_date > *s.last_date) s.last_date = r.session_date;
    }
  }
  s.flights = static_cast<int64_t>(flights.size());
  return s;
}

std::string vtrRecordJson(const VtrPackInput& in) {
  json lessons = json::array();
  for (const auto& l : in.lessons) {
    json records = json::array();
    for (const auto& r : l.records) records.push_back(lessonRecordJson(r));
    lessons.push_back({{"id", l.id},
                       {"position", l.position},
                       {"code", l.code},
                       {"title", l.title},
                       {"kind", l.kind},
                       {"planned_dual_min", l.planned_dual_min},
                       {"planned_solo_min", l.planned_solo_min},
                       {"records", records}});
  }
  json signoffs = json::array();
  for (const auto& s : in.signoffs) {
    signoffs.push_back({{"id", s.id},
                        {"key_id", s.key_id},
                        {"canonical", s.canonical},
                        {"signature", s.signature},
                        {"lesson_record_id", s.lesson_record_id},
                        {"lesson_id", s.lesson_id},
                        {"instructor_id", s.instructor_id},
                        {"result", s.result},
                        {"signed_on", s.signed_on},
                        {"signed_at", s.signed_at},
                        {"signer_name", s.signer_name},
                        {"certificate_number", s.certificate_number},
                        {"supersedes_id", optJson(s.supersedes_id)},
                        {"superseded_by_id", optJson(s.superseded_by_id)}});
  }
  json keys = json::array();
  for (const auto& k : in.signing_keys) {
    auto raw = crypto::base64Decode(k.public_key);
    keys.push_back({{"key_id", k.key_id},
                    {"algorithm", "ed25519"},
                    {"public_key", k.public_key},
                    {"public_key_pem", raw ? crypto::ed25519PublicKeyPem(*raw) : std::string()}});
  }
  auto sum = summarizeTraining(in.lessons);
  const auto& p = in.program;
  json record{
      {"version", 1},
      {"vtr_id", in.vtr_id},
      {"issued_at", in.issued_at},
      {"issuer", {{"org_id", in.org_id}, {"org_name", in.org_name}, {"issued_by", in.issued_by}}},
      {"org", {{"id", in.org_id}, {"name", in.org_name}}},
      {"student",
       {{"id", in.student.id},
        {"name", studentName(in.student)},
        {"licence",
         {{"type", optJson(in.student.licence_type)}, {"number", optJson(in.student.licence_number)}}}}},
      {"programme",
       {{"id", p.id},
        {"code", p.code},
        {"name", p.name},
        {"regime", p.regime},
        {"minimums", minutesJson(p.min_total_min, p.min_dual_min, p.min_solo_min, p.min_solo_xc_min,
                                 p.min_night_min, p.min_sim_min)}}},
      {"enrollment",
       {{"id", in.enrollment.id},
        {"status", in.enrollment.status},
        {"started_on", in.enrollment.started_on},
        {"completed_on", optJson(in.enrollment.completed_on)}}},
      {"lessons", lessons},
      {"signoffs", signoffs},
      {"signing_keys", keys},
      {"flight_summary",
       {{"ground_min", sum.ground_min},
        {"dual_min", sum.dual_min},
        {"solo_min", sum.solo_min},
        {"solo_xc_min", sum.solo_xc_min},
        {"night_min", sum.night_min},
        {"sim_min", sum.sim_min},
        {"total_min", sum.dual_min + sum.solo_min},
        {"flights", sum.flights},
        {"first_date", optJson(sum.first_date)},
        {"last_date", optJson(sum.last_date)}}}};
  return record.dump(2) + "\n";
}

std::string vtrRecordHtml(const VtrPackInput& in) {
  auto e = [](std::string_view s) { return htmlEscape(s); };
  auto sum = summarizeTraining(in.lessons);
  std::map<std::string, std::string> lesson_code;
  for (const auto& l : in.lessons) lesson_code[l.id] = l.code;
  std::string h;
  h += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Verified training record ";
  h += e(in.vtr_id) + "</title><style>" + kHtmlStyle + "</style></head><body>\n";
  h += "<h1>Verified training record</h1>\n<dl>";
  auto row = [&](const char* k, const std::string& v) {
    h += "<dt>" + std::string(k) + "</dt><dd>" + e(v) + "</dd>";
  };
  row("Record", in.vtr_id);
  row("Issued at", in.issued_at);
  row("Organisation", in.org_name);
  row("Student", studentName(in.student));
  if (in.student.licence_number)
    row("Licence", in.student.licence_type.value_or("") + " " + *in.student.licence_number);
  row("Programme", in.program.code + " — " + in.program.name + " (" + in.program.regime + ")");
  row("Enrolment", in.enrollment.status + ", started " + in.enrollment.started_on +
                       (in.enrollment.completed_on ? ", completed " + *in.enrollment.completed_on : ""));
  h += "</dl>\n<h2>Flight summary (minutes)</h2>\n<table><tr><th>Dual</th><th>Solo</th><th>Solo XC</th>"
       "<th>Night</th><th>Simulator</th><th>Ground</th><th>Flights</th><th>First</th><th>Last</th></tr><tr>";
  for (int64_t v :
       {sum.dual_min, sum.solo_min, sum.solo_xc_min, sum.night_min, sum.sim_min, sum.ground_min, sum.flights})
    h += "<td>" + std::to_string(v) + "</td>";
  h += "<td>" + e(sum.first_date.value_or("")) + "</td><td>" + e(sum.last_date.value_or("")) +
       "</td></tr></table>\n";
  h +=
      "<h2>Lessons</h2>\n<table><tr><th>#</th><th>Code</th><th>Title</th><th>Kind</th><th>Sessions</th></tr>";
  for (const auto& l : in.lessons) {
    std::string sessions;
    for (const auto& r : l.records) {
      if (!sessions.empty()) sessions += "<br>";
      sessions += e(r.session_date + " " + r.result);
    }
    h += "<tr><td>" + std::to_string(l.position) + "</td><td>" + e(l.code) + "</td><td>" + e(l.title) +
         "</td><td>" + e(l.kind) + "</td><td>" + sessions + "</td></tr>";
  }
  h += "</table>\n<h2>Signoffs</h2>\n<table><tr><th>Lesson</th><th>Result</th><th>Signed at</th>"
       "<th>Instructor</th><th>Certificate</th><th>Key</th><th>Signature</th></tr>";
  for (const auto& s : in.signoffs) {
    h += "<tr><td>" + e(lesson_code[s.lesson_id]) + "</td><td>" + e(s.result) +
         (s.superseded_by_id ? " (superseded)" : "") + "</td><td>" + e(s.signed_at) + "</td><td>" +
         e(s.signer_name) + "</td><td>" + e(s.certificate_number) + "</td><td>" + e(s.key_id) +
         "</td><td><code>" + e(s.signature) + "</code></td></tr>";
  }
  h += "</table>\n<p>This file is part of a signed pack: check it with the issuer's offline verifier "
       "(manifest.json lists its SHA-256; manifest.sig signs manifest.json).</p>\n</body></html>\n";
  return h;
}

std::string authorityKeyId(std::string_view public32) {
  return "auth_" + crypto::sha256Hex(public32).substr(0, 16);
}

std::string vtrManifestJson(const std::string& vtr_id, const std::string& issued_at,
                            const std::string& authority_key_id, const std::vector<PackFile>& files) {
  json list = json::array();
  for (const auto& f : files) {
    list.push_back({{"path", f.path},
                    {"sha256", crypto::sha256Hex(f.bytes)},
                    {"size", static_cast<int64_t>(f.bytes.size())},
                    {"mime", f.mime}});
  }
  return json{
      {"vtr_id", vtr_id}, {"issued_at", issued_at}, {"authority_key_id", authority_key_id}, {"files", list}}
      .dump();
}

BuiltPack buildVtrPack(const VtrPackInput& in, std::string_view authority_seed32) {
  std::vector<PackFile> files{{"record.json", vtrRecordJson(in), "application/json"},
                              {"record.html", vtrRecordHtml(in), "text/html; charset=utf-8"}};
  std::string manifest = vtrManifestJson(in.vtr_id, in.issued_at,
                                         authorityKeyId(crypto::ed25519PublicKey(authority_seed32)), files);
  std::string sig = crypto::base64Encode(crypto::ed25519Sign(authority_seed32, manifest)) + "\n";
  std::vector<zip::Entry> entries;
  entries.reserve(files.size() + 2);
  for (auto& f : files) entries.push_back({f.path, std::move(f.bytes)});
  entries.push_back({"manifest.json", manifest});
  entries.push_back({"manifest.sig", sig});
  BuiltPack out;
  out.zip = zip::write(entries);
  out.sha256_hex = crypto::sha256Hex(out.zip);
  return out;
}

std::string verifyVtrPack(const std::string& zip_bytes, std::string_view authority_public32) {
  auto entries = zip::read(zip_bytes);
  if (!entries) return "not a readable ZIP archive";
  std::map<std::string, std::string> files;
  for (auto& en : *entries) files[en.path] = std::move(en.bytes);
  if (!files.count("manifest.json")) return "manifest.json missing";
  if (!files.count("manifest.sig")) return "manifest.sig missing";
  std::string sig_text = files["manifest.sig"];
  while (!sig_text.empty() && (sig_text.back() == '\n' || sig_text.back() == '\r')) sig_text.pop_back();
  auto sig = crypto::base64Decode(sig_text);
  if (!sig || !crypto::ed25519Verify(authority_public32, files["manifest.json"], *sig))
    return "manifest.sig does not verify manifest.json";
  auto manifest = json::parse(files["manifest.json"], nullptr, false);
  if (!manifest.is_object() || !manifest.contains("files") || !manifest["files"].is_array())
    return "manifest.json malformed";
  std::set<std::string> listed{"manifest.json", "manifest.sig"};
  for (const auto& f : manifest["files"]) {
    std::string path = f.value("path", "");
    listed.insert(path);
    auto it = files.find(path);
    if (it == files.end()) return path + " missing";
    if (crypto::sha256Hex(it->second) != f.value("sha256", "")) return path + " sha256 mismatch";
    if (static_cast<int64_t>(it->second.size()) != f.value("size", int64_t{-1}))
      return path + " size mismatch";
  }
  for (const auto& [path, bytes] : files) {
    if (!listed.count(path)) return path + " not listed in manifest.json";
  }
  auto record = json::parse(files["record.json"], nullptr, false);
  if (!record.is_object()) return "record.json malformed";
  std::map<std::string, std::string> keys;
  for (const auto& k : record.value("signing_keys", json::array())) {
    auto raw = crypto::base64Decode(k.value("public_key", ""));
    if (raw) keys[k.value("key_id", "")] = *raw;
  }
  for (const auto& s : record.value("signoffs", json::array())) {
    std::string id = s.value("id", "");
    auto key = keys.find(s.value("key_id", ""));
    auto ssig = crypto::base64Decode(s.value("signature", ""));
    if (key == keys.end() || !ssig || !crypto::ed25519Verify(key->second, s.value("canonical", ""), *ssig))
      return "signoff " + id + " signature does not verify";
  }
  return "";
}

}  // namespace gaflight::domain
