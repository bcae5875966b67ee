#include "domain/vtr_render.hpp"

namespace gaflight::domain {

void renderVtr(JsonWriter& w, const Vtr& v) {
  w.beginObject()
      .field("id", v.id)
      .field("object", "vtr")
      .field("student_id", v.student_id)
      .field("program_id", v.program_id)
      .field("enrollment_id", v.enrollment_id)
      .field("status", v.status)
      .field("issued_at", v.issued_at)
      .field("revoked_at", v.revoked_at)
      .field("revoked_reason", v.revoked_reason)
      .field("superseded_by_id", v.superseded_by_id)
      .field("pack_sha256", v.pack_sha256)
      .field("pack_size", v.pack_size)
      .field("audit_entry_id", v.issue_audit_id)
      .field("verify_url", "/verify/" + v.id)
      .field("created_at", v.created_at)
      .field("updated_at", v.updated_at)
      .endObject();
}

void renderVtrEligibleEnrollment(JsonWriter& w, const VtrEligibleEnrollment& e) {
  w.beginObject()
      .field("id", e.id)
      .field("object", "vtr_eligible_enrollment")
      .field("student_id", e.student_id)
      .field("student_name", e.student_name)
      .field("program_id", e.program_id)
      .field("program_code", e.program_code)
      .field("program_name", e.program_name)
      .field("status", e.status)
      .field("signoffs", e.signoffs)
      .field("current_vtr_id", e.current_vtr_id)
      .endObject();
}

namespace {
struct VerifyText {
  const char *lang, *title, *verified, *revoked, *superseded, *record, *org, *programme, *student, *issued,
      *revoked_at, *superseded_by, *sha, *check_title, *drop, *match, *mismatch, *insecure, *computing,
      *offline_title, *offline_text, *script, *key, *not_found_title, *not_found_text;
};

constexpr VerifyText kEn{
    "en",
    "Verified training record",
    "Verified",
    "Revoked",
    "Superseded",
    "Record",
    "Organisation",
    "Programme",
    "Student",
    "Issued",
    "Revoked at",
    "Superseded by",
    "Pack SHA-256",
    "Check a pack file",
    "Drop the pack file (.zip) here or choose it",
    "Integrity match",
    "Integrity Mismatch",
    "This browser cannot compute SHA-256 here: it needs a secure context (HTTPS, or http://localhost / "
    "http://127.0.0.1). Use the offline verifier instead.",
    "Computing SHA-256…",
    "Offline verification",
    "Download the verifier and the authority's public key, then run:",
    "offline verifier (offline-verify.sh)",
    "authority public key (PEM)",
    "Unknown training record",
    "No verified training record has this identifier. Check the link you were given."};

constexpr VerifyText kFr{
    "fr",
    "Attestation de formation vérifiée",
    "Vérifiée",
    "Révoquée",
    "Remplacée",
    "Attestation",
    "Organisme",
    "Programme",
    "Élève",
    "Délivrée le",
    "Révoquée le",
    "Remplacée par",
    "SHA-256 du dossier",
    "Vérifier un dossier",
    "Déposez ici le fichier du dossier (.zip) ou choisissez-le",
    "Intégrité confirmée",
    "Intégrité non conforme (Integrity Mismatch)",
    "Ce navigateur ne peut pas calculer le SHA-256 ici : il faut un contexte sécurisé (HTTPS, ou "
    "http://localhost / http://127.0.0.1). Utilisez plutôt le vérificateur hors ligne.",
    "Calcul du SHA-256…",
    "Vérification hors ligne",
    "Téléchargez le vérificateur et la clé publique de l'autorité, puis lancez :",
    "vérificateur hors ligne (offline-verify.sh)",
    "clé publique de l'autorité (PEM)",
    "Attestation inconnue",
    "Aucune attestation de formation ne porte cet identifiant. Vérifiez le lien reçu."};

const VerifyText& textFor(VerifyLang lang) { return lang == VerifyLang::kFr ? kFr : kEn; }

std::string head(const VerifyText& t, const std::string& title) {
  return std::string("<!DOCTYPE html>\n<html lang=\"") + t.lang +
         "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, "
         "initial-scale=1\"><meta name=\"referrer\" content=\"no-referrer\"><title>" +
         htmlEscape(title) +
         "</title><link rel=\"icon\" href=\"/console/favicon.svg\" type=\"image/svg+xml\">"
         "<link rel=\"stylesheet\" href=\"/verify/assets/verify.css\">"
         "<script type=\"module\" src=\"/verify/assets/verify.js\"></script></head>\n<body>\n";
}

std::string langSwitch(VerifyLang lang) {
  return std::string("<nav class=\"lang\">") +
         (lang == VerifyLang::kEn
              ? "<strong>English</strong> · <a href=\"?lang=fr\" hreflang=\"fr\">Français</a>"
              : "<a href=\"?lang=en\" hreflang=\"en\">English</a> · <strong>Français</strong>") +
         "</nav>\n";
}
}  // namespace

std::string renderVerifyPage(const VtrVerifyView& v, VerifyLang lang) {
  const auto& t = textFor(lang);
  const auto& r = v.vtr;
  auto e = [](std::string_view s) { return htmlEscape(s); };
  const char* status = r.status == kVtrRevoked      ? t.revoked
                       : r.status == kVtrSuperseded ? t.superseded
                                                    : t.verified;
  std::string h = head(t, std::string(t.title) + " " + r.id);
  h += "<main id=\"verify\" data-sha256=\"" + e(r.pack_sha256) + "\" data-msg-match=\"" + e(t.match) +
       "\" data-msg-mismatch=\"" + e(t.mismatch) + "\" data-msg-insecure=\"" + e(t.insecure) +
       "\" data-msg-computing=\"" + e(t.computing) + "\">\n";
  h += langSwitch(lang);
  h += "<h1>" + e(t.title) + "</h1>\n";
  h += "<p id=\"status\" class=\"status status-" + e(r.status) + "\" data-status=\"" + e(r.status) + "\">" +
       e(status) + "</p>\n<dl>";
  auto row = [&](const char* k, const std::string& val) { h += "<dt>" + e(k) + "</dt><dd>" + val + "</dd>"; };
  row(t.record, "<code>" + e(r.id) + "</code>");
  row(t.org, e(v.org_name));
  row(t.programme, e(v.program_code + " — " + v.program_name));
  row(t.student, e(v.student_initials));
  row(t.issued, e(r.issued_at.substr(0, 10)));
  if (r.revoked_at) row(t.revoked_at, e(r.revoked_at->substr(0, 10)));
  if (r.superseded_by_id)
    row(t.superseded_by,
        "<a href=\"/verify/" + e(*r.superseded_by_id) + "\"><code>" + e(*r.superseded_by_id) + "</code></a>");
  row(t.sha, "<code id=\"expected\">" + e(r.pack_sha256) + "</code>");
  h += "</dl>\n<section><h2>" + e(t.check_title) + "</h2>\n<label id=\"drop\" class=\"drop\" for=\"pack\">" +
       e(t.drop) + "<input type=\"file\" id=\"pack\" accept=\".zip,application/zip\"></label>\n" +
       "<p id=\"result\" class=\"result\" role=\"status\" aria-live=\"polite\"></p>\n<p><code id=\"actual\">"
       "</code></p></section>\n";
  h += "<section><h2>" + e(t.offline_title) + "</h2><p>" + e(t.offline_text) +
       "</p><ul><li><a href=\"/verify/cli/offline-verify.sh\" download>" + e(t.script) +
       "</a></li><li><a href=\"/api/authority/public-key\" download=\"authority.pem\">" + e(t.key) +
       "</a></li></ul><pre>bash offline-verify.sh pack.zip --public-key authority.pem</pre></section>\n";
  h += "</main>\n</body></html>\n";
  return h;
}

std::string renderVerifyNotFound(const std::string& vtr_id, VerifyLang lang) {
  const auto& t = textFor(lang);
  std::string h = head(t, t.not_found_title);
  h += "<main id=\"verify\">\n" + langSwitch(lang) + "<h1>" + htmlEscape(t.not_found_title) +
       "</h1>\n<p id=\"status\" class=\"status status-unknown\" data-status=\"unknown\">" +
       htmlEscape(t.not_found_text) + "</p>\n<p><code>" + htmlEscape(vtr_id) +
       "</code></p>\n</main>\n</body></html>\n";
  return h;
}

}  // namespace gaflight::domain
