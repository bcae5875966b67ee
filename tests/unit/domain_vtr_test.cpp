// VTR packs (SPEC §10.5): manifest hashes, the authority's manifest signature, tamper detection,
// determinism, signoff checks, the compliance mirror and the flight summary.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "core/zip.hpp"
#include "domain/vtr.hpp"
#include "domain/vtr_render.hpp"

namespace gaflight::domain {
namespace {

const std::string kAuthoritySeed(32, '\x07');
const std::string kOrgSeed(32, '\x2a');

VtrSignoff signedSignoff(const std::string& id, const std::string& lesson_id) {
  VtrSignoff s;
  s.id = id;
  s.lesson_record_id = "lr_" + id;
  s.lesson_id = lesson_id;
  s.instructor_id = "plt_INSTR";
  s.result = "satisfactory";
  s.signed_on = "2026-03-02";
  s.signed_at = "2026-03-02T10:00:00Z";
  s.signer_name = "Jeanne <Durand> & co";
  s.certificate_number = "FRA.FCL.FI.1234";
  s.key_id = "osk_1";
  s.canonical =
      nlohmann::json{{"v", 1}, {"signoff_id", id}, {"result", "satisfactory"}, {"key_id", "osk_1"}}.dump();
  s.signature = crypto::base64Encode(crypto::ed25519Sign(kOrgSeed, s.canonical));
  return s;
}

VtrPackInput sampleInput() {
  VtrPackInput in;
  in.vtr_id = "vtr_01TEST";
  in.issued_at = "2026-03-10T09:00:00Z";
  in.issued_by = "Aéroclub de Test";
  in.org_id = "org-1";
  in.org_name = "Aéroclub de Test";
  in.student = {"plt_STUDENT", "Zoé", "Martin", "PPL(A)", "FRA.FCL.PA.0001"};
  in.program = {"prg_1", "PPL-A", "EASA PPL(A)", "easa", 2700, 1500, 600, 300, 0, 0};
  in.enrollment = {"enr_1", "completed", "2025-01-10", "2026-03-01", "plt_STUDENT", "prg_1"};
  VtrLesson l1;
  l1.id = "les_1";
  l1.code = "EX1";
  l1.title = "Familiarisation <script>";
  l1.kind = "flight";
  l1.position = 1;
  VtrLessonRecord r1;
  r1.id = "lr_1";
  r1.lesson_id = "les_1";
  r1.session_date = "2025-02-01";
  r1.result = "satisfactory";
  r1.flight_id = "flt_1";
  r1.dual_min = 60;
  r1.night_min = 10;
  VtrLessonRecord r2 = r1;
  r2.id = "lr_2";
  r2.session_date = "2025-03-05";
  r2.flight_id = "flt_2";
  r2.dual_min = 0;
  r2.solo_min = 45;
  r2.solo_xc_min = 30;
  r2.night_min = 0;
  l1.records = {r1, r2};
  in.lessons = {l1};
  in.signoffs = {signedSignoff("so_1", "les_1"), signedSignoff("so_2", "les_1")};
  in.signing_keys = {{"osk_1", crypto::base64Encode(crypto::ed25519PublicKey(kOrgSeed))}};
  return in;
}

std::map<std::string, std::string> unpack(const std::string& zip_bytes) {
  std::map<std::string, std::string> out;
  auto entries = zip::read(zip_bytes);
  EXPECT_TRUE(entries.has_value());
  if (entries)
    for (auto& e : *entries) out[e.path] = e.bytes;
  return out;
}

std::string repack(std::map<std::string, std::string> files) {
  std::vector<zip::Entry> entries;
  for (const char* p : {"record.json", "record.html", "manifest.json", "manifest.sig"}) {
    if (files.count(p)) entries.push_back({p, files[p]});
    files.erase(p);
  }
  for (auto& [p, b] : files) entries.push_back({p, b});
  return zip::write(entries);
}

const std::string& authorityPublic() {
  static const std::string pub = crypto::ed25519PublicKey(kAuthoritySeed);
  return pub;
}

TEST(VtrPack, ManifestListsRecordFilesWithTheirHashSizeAndMime) {
  auto pack = buildVtrPack(sampleInput(), kAuthoritySeed);
  EXPECT_EQ(pack.sha256_hex, crypto::sha256Hex(pack.zip));
  auto files = unpack(pack.zip);
  ASSERT_EQ(files.size(), 4u);
  auto manifest = nlohmann::json::parse(files["manifest.json"]);
  EXPECT_EQ(manifest["vtr_id"], "vtr_01TEST");
  EXPECT_EQ(manifest["authority_key_id"], authorityKeyId(authorityPublic()));
  ASSERT_EQ(manifest["files"].size(), 2u);
  for (const auto& f : manifest["files"]) {
    std::string path = f["path"];
    EXPECT_EQ(f["sha256"], crypto::sha256Hex(files[path])) << path;
    EXPECT_EQ(f["size"], files[path].size()) << path;
  }
  EXPECT_EQ(manifest["files"][0]["mime"], "application/json");
  EXPECT_EQ(manifest["files"][1]["path"], "record.html");
}

TEST(VtrPack, ManifestSignatureVerifiesWithTheAuthorityKeyOnly) {
  auto files = unpack(buildVtrPack(sampleInput(), kAuthoritySeed).zip);
  std::string sig_text = files["manifest.sig"];
  ASSERT_EQ(sig_text.back(), '\n');
  sig_text.pop_back();
  auto sig = crypto::base64Decode(sig_text);
  ASSERT_TRUE(sig);
  EXPECT_TRUE(crypto::ed25519Verify(authorityPublic(), files["manifest.json"], *sig));
  EXPECT_FALSE(crypto::ed25519Verify(crypto::ed25519PublicKey(kOrgSeed), files["manifest.json"], *sig));
  std::string changed = files["manifest.json"];
  changed[10] ^= 1;
  EXPECT_FALSE(crypto::ed25519Verify(authorityPublic(), changed, *sig));
}

TEST(VtrPack, AnIntactPackVerifies) {
  auto pack = buildVtrPack(sampleInput(), kAuthoritySeed);
  EXPECT_EQ(verifyVtrPack(pack.zip, authorityPublic()), "");
  EXPECT_NE(verifyVtrPack(pack.zip, crypto::ed25519PublicKey(kOrgSeed)), "");
}

TEST(VtrPack, OneChangedByteInAFileFailsNamingIt) {
  auto files = unpack(buildVtrPack(sampleInput(), kAuthoritySeed).zip);
  files["record.html"][20] ^= 0x01;
  EXPECT_EQ(verifyVtrPack(repack(files), authorityPublic()), "record.html sha256 mismatch");
  auto again = unpack(buildVtrPack(sampleInput(), kAuthoritySeed).zip);
  again["manifest.json"][5] ^= 0x01;
  EXPECT_EQ(verifyVtrPack(repack(again), authorityPublic()), "manifest.sig does not verify manifest.json");
}

TEST(VtrPack, AnUnlistedFileFails) {
  auto files = unpack(buildVtrPack(sampleInput(), kAuthoritySeed).zip);
  files["extra.txt"] = "hello";
  EXPECT_EQ(verifyVtrPack(repack(files), authorityPublic()), "extra.txt not listed in manifest.json");
}

TEST(VtrPack, AForgedSignoffFails) {
  auto in = sampleInput();
  in.signoffs[1].canonical = in.signoffs[0].canonical;  // signature of so_2 over so_1's bytes
  EXPECT_EQ(verifyVtrPack(buildVtrPack(in, kAuthoritySeed).zip, authorityPublic()),
            "signoff so_2 signature does not verify");
}

TEST(VtrPack, IsDeterministicGivenItsInputs) {
  auto a = buildVtrPack(sampleInput(), kAuthoritySeed);
  auto b = buildVtrPack(sampleInput(), kAuthoritySeed);
  EXPECT_EQ(a.zip, b.zip);
  EXPECT_EQ(a.sha256_hex, b.sha256_hex);
  EXPECT_EQ(vtrRecordJson(sampleInput()), vtrRecordJson(sampleInput()));
  auto other = sampleInput();
  other.issued_at = "2026-03-10T09:00:01Z";
  EXPECT_NE(buildVtrPack(other, kAuthoritySeed).sha256_hex, a.sha256_hex);
}

TEST(VtrRecord, CarriesSignoffsKeysAndTheFlightSummary) {
  auto record = nlohmann::json::parse(vtrRecordJson(sampleInput()));
  EXPECT_EQ(record["student"]["name"], "Zoé Martin");
  EXPECT_EQ(record["programme"]["minimums"]["total_min"], 2700);
  ASSERT_EQ(record["signoffs"].size(), 2u);
  EXPECT_EQ(record["signoffs"][0]["canonical"], sampleInput().signoffs[0].canonical);
  EXPECT_EQ(record["signing_keys"][0]["key_id"], "osk_1");
  EXPECT_NE(record["signing_keys"][0]["public_key_pem"].get<std::string>().find("BEGIN PUBLIC KEY"),
            std::string::npos);
  const auto& sum = record["flight_summary"];
  EXPECT_EQ(sum["dual_min"], 60);
  EXPECT_EQ(sum["solo_min"], 45);
  EXPECT_EQ(sum["solo_xc_min"], 30);
  EXPECT_EQ(sum["night_min"], 10);
  EXPECT_EQ(sum["flights"], 2);
  EXPECT_EQ(sum["first_date"], "2025-02-01");
  EXPECT_EQ(sum["last_date"], "2025-03-05");
}

TEST(VtrRecord, HtmlIsEscapedAndHasNoScript) {
  auto html = vtrRecordHtml(sampleInput());
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("Familiarisation &lt;script&gt;"), std::string::npos);
  EXPECT_NE(html.find("Jeanne &lt;Durand&gt; &amp; co"), std::string::npos);
}

TEST(VtrCompliance, VerifiedIsOpenEndedRevokedEndsTheDayBefore) {
  Vtr v;
  v.id = "vtr_1";
  v.status = kVtrVerified;
  v.pack_sha256 = "ab";
  v.updated_at = "2026-03-10T09:00:00Z";
  EXPECT_EQ(vtrComplianceValidUntil(v), std::nullopt);
  v.status = kVtrRevoked;
  v.revoked_at = "2026-03-01T09:00:00Z";
  EXPECT_EQ(vtrComplianceValidUntil(v), "2026-02-28");
  v.status = kVtrSuperseded;
  v.revoked_at.reset();
  EXPECT_EQ(vtrComplianceValidUntil(v), "2026-03-09");
  EXPECT_EQ(nlohmann::json::parse(vtrComplianceDetails(v))["status"], "superseded");
}

TEST(VtrVerifyPage, ShowsStatusAndHashInEnglishAndFrench) {
  VtrVerifyView view;
  view.vtr.id = "vtr_1";
  view.vtr.status = kVtrRevoked;
  view.vtr.pack_sha256 = std::string(64, 'a');
  view.vtr.issued_at = "2026-03-10T09:00:00Z";
  view.vtr.revoked_at = "2026-03-11T09:00:00Z";
  view.org_name = "<Club>";
  view.student_initials = "Z.M.";
  auto en = renderVerifyPage(view, VerifyLang::kEn);
  EXPECT_NE(en.find(">Revoked<"), std::string::npos);
  EXPECT_NE(en.find(std::string(64, 'a')), std::string::npos);
  EXPECT_NE(en.find("&lt;Club&gt;"), std::string::npos);
  EXPECT_EQ(en.find("<script>"), std::string::npos);  // the script comes from a file
  auto fr = renderVerifyPage(view, VerifyLang::kFr);
  EXPECT_NE(fr.find(">Révoquée<"), std::string::npos);
  EXPECT_NE(fr.find("lang=\"fr\""), std::string::npos);
}

}  // namespace
}  // namespace gaflight::domain
