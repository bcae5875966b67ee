// Verified training records against the real server: issue → list → detail → pack bytes, the compliance
// mirror (/compliance?type=vtr&vtrId=…), revoke, supersede, tenant isolation, the authority key, the verify
// page and the served offline verifier. Training rows are fixtures inserted here (the signoff canonical
// form and signature follow the shared contract).
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "app/services.hpp"
#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/ids.hpp"
#include "core/zip.hpp"
#include "domain/vtr.hpp"
#include "storage/sql.hpp"
#include "support/test_server.hpp"

namespace gaflight::testing {
namespace {

const std::string kOrgSeed(32, '\x11');

class VtrTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<TestServer>([](config::Config& c) { c.rate_limit = "1000:1000"; }, &clock_);
    std::tie(owner_, org_) = server_->createOwnerWithOrg("owner@school-a.example", "School A");
    std::tie(app_id_, token_) =
        createActiveAppWithKey(*server_, owner_, org_, {"public.vtr:read", "public.compliance:read"});
    ops_ = "/api/v1/console/orgs/" + org_;
    student_ = createPilot("Zoé", "Martin", "student");
    instructor_ = createPilot("Jeanne", "Durand", "instructor");
    program_ = insertProgram(org_, "PPL-A");
    enrollment_ = insertEnrollment(org_, student_, program_, instructor_, 2);
    bare_enrollment_ = insertEnrollment(org_, student_, program_, instructor_, 0);
  }

  HttpResult console(const std::string& method, const std::string& path,
                     const nlohmann::json& body = nullptr) {
    return server_->console(owner_, method, path, body);
  }
  HttpResult pub(const std::string& path) {
    return server_->client().get("/api/v1/public" + path, publicHeaders(token_, org_));
  }
  std::string createPilot(const std::string& first, const std::string& last, const std::string& role) {
    auto r =
        console("POST", ops_ + "/pilots", {{"first_name", first}, {"last_name", last}, {"roles", {role}}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["id"];
  }
  storage::Connection& db() { return server_->app().database().connection(); }
  std::string now() { return timefmt::formatInstant(clock_.now()); }

  std::string insertProgram(const std::string& org, const std::string& code) {
    std::string id = ids::prefixed("prg_");
    db().run(
        "INSERT INTO training_programs(id, org_id, code, name, regime, min_total_min, min_dual_min, "
        "min_solo_min, created_at, updated_at) VALUES (?1, ?2, ?3, 'EASA PPL(A)', 'easa', 2700, 1500, 600, "
        "?4, ?4)",
        {id, org, code, now()});
    for (int i = 1; i <= 2; ++i) {
      db().run(
          "INSERT INTO training_lessons(id, org_id, program_id, position, code, title, kind, created_at, "
          "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'flight', ?7, ?7)",
          {id + "_L" + std::to_string(i), org, id, int64_t{i}, "EX" + std::to_string(i),
           "Exercise " + std::to_string(i), now()});
    }
    return id;
  }

  std::string signingKey(const std::string& org) {
    std::string id = "osk_" + org.substr(0, 8);
    db().run(
        "INSERT OR IGNORE INTO org_signing_keys(id, org_id, public_key, private_key_sealed, created_at) "
        "VALUES "
        "(?1, ?2, ?3, 'sealed', ?4)",
        {id, org, crypto::base64Encode(crypto::ed25519PublicKey(kOrgSeed)), now()});
    return id;
  }

  // An enrolment with `signed_lessons` lesson records, each signed per the shared canonical form.
  std::string insertEnrollment(const std::string& org, const std::string& student, const std::string& program,
                               const std::string& instructor, int signed_lessons) {
    std::string id = ids::prefixed("enr_");
    db().run(
        "INSERT INTO enrollments(id, org_id, student_id, program_id, status, primary_instructor_id, "
        "started_on, "
        "completed_on, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, 'completed', ?5, '2025-01-10', "
        "'2026-01-20', ?6, ?6)",
        {id, org, student, program, instructor, now()});
    std::string key = signingKey(org);
    for (int i = 1; i <= signed_lessons; ++i) {
      std::string lesson = program + "_L" + std::to_string(i);
      std::string lr = ids::prefixed("lr_");
      std::string date = "2025-0" + std::to_string(i + 1) + "-15";
      db().run(
          "INSERT INTO lesson_records(id, org_id, enrollment_id, lesson_id, session_date, instructor_id, "
          "dual_min, "
          "solo_min, result, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 60, ?7, 'satisfactory', "
          "?8, "
          "?8)",
          {lr, org, id, lesson, date, instructor, int64_t{i * 10}, now()});
      std::string so = ids::prefixed("so_");
      std::string signed_at = date + "T12:00:00Z";
      nlohmann::json canonical{{"v", 1},
                               {"org_id", org},
                               {"signoff_id", so},
                               {"lesson_record_id", lr},
                               {"enrollment_id", id},
                               {"student_id", student},
                               {"program_id", program},
                               {"lesson_id", lesson},
                               {"lesson_code", "EX" + std::to_string(i)},
                               {"result", "satisfactory"},
                               {"session_date", date},
                               {"signed_at", signed_at},
                               {"instructor_id", instructor},
                               {"signer_name", "Jeanne Durand"},
                               {"certificate_number", "FRA.FCL.FI.42"},
                               {"key_id", key},
                               {"supersedes_id", nullptr}};
      std::string bytes = canonical.dump();
      db().run(
          "INSERT INTO signoffs(id, org_id, lesson_record_id, enrollment_id, student_id, program_id, "
          "lesson_id, "
          "instructor_id, result, signed_on, signed_at, signer_name, certificate_number, key_id, canonical, "
          "signature, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'satisfactory', ?9, "
          "?10, "
          "'Jeanne Durand', 'FRA.FCL.FI.42', ?11, ?12, ?13, ?14, ?14)",
          {so, org, lr, id, student, program, lesson, instructor, date, signed_at, key, bytes,
           crypto::base64Encode(crypto::ed25519Sign(kOrgSeed, bytes)), now()});
    }
    return id;
  }

  nlohmann::json issue(const std::string& enrollment) {
    auto r = console("POST", ops_ + "/vtr", {{"enrollment_id", enrollment}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json();
  }
  std::string authorityPublic() { return server_->app().services().vtr.authorityPublicKey(); }

  FakeClock clock_;
  std::unique_ptr<TestServer> server_;
  ConsoleSession owner_;
  std::string org_, app_id_, token_, ops_, student_, instructor_, program_, enrollment_, bare_enrollment_;
};

TEST_F(VtrTest, IssueListDetailAndPackBytesMatchTheirHash) {
  auto v = issue(enrollment_);
  std::string id = v["id"];
  EXPECT_TRUE(ids::isPrefixedId(id, "vtr_"));
  EXPECT_EQ(v["object"], "vtr");
  EXPECT_EQ(v["status"], "verified");
  EXPECT_EQ(v["student_id"], student_);
  EXPECT_EQ(v["program_id"], program_);
  EXPECT_EQ(v["enrollment_id"], enrollment_);
  EXPECT_EQ(v["verify_url"], "/verify/" + id);
  ASSERT_TRUE(v["audit_entry_id"].is_string());

  auto list = pub("/vtr");
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.json()["data"].size(), 1u);
  EXPECT_EQ(list.json()["data"][0]["id"], id);
  auto detail = pub("/vtr/" + id);
  ASSERT_EQ(detail.status, 200) << detail.body;
  EXPECT_EQ(detail.json()["pack_sha256"], v["pack_sha256"]);
  EXPECT_FALSE(detail.json().contains("pack"));

  auto pack = console("GET", ops_ + "/vtr/" + id + "/pack");
  ASSERT_EQ(pack.status, 200);
  EXPECT_EQ(pack.header("content-type"), "application/zip");
  EXPECT_NE(pack.header("content-disposition").find("attachment"), std::string::npos);
  EXPECT_EQ(crypto::sha256Hex(pack.body), v["pack_sha256"]);
  EXPECT_EQ(static_cast<int64_t>(pack.body.size()), v["pack_size"].get<int64_t>());
  EXPECT_EQ(domain::verifyVtrPack(pack.body, authorityPublic()), "");
  // Served unchanged, every time.
  EXPECT_EQ(console("GET", ops_ + "/vtr/" + id + "/pack").body, pack.body);

  auto entries = zip::read(pack.body);
  ASSERT_TRUE(entries);
  nlohmann::json record;
  for (const auto& e : *entries)
    if (e.path == "record.json") record = nlohmann::json::parse(e.bytes);
  EXPECT_EQ(record["vtr_id"], id);
  EXPECT_EQ(record["signoffs"].size(), 2u);
  EXPECT_EQ(record["lessons"].size(), 2u);
  EXPECT_EQ(record["flight_summary"]["dual_min"], 120);
  EXPECT_EQ(record["flight_summary"]["solo_min"], 30);

  // The issuing audit entry is the one the VTR names.
  auto audit = console("GET", ops_ + "/audit-log");
  ASSERT_EQ(audit.status, 200) << audit.body;
  bool found = false;
  auto entries_json = audit.json();  // kept alive: a range-for over a temporary's member dangles
  for (const auto& e : entries_json["data"])
    found = found || (e["id"] == v["audit_entry_id"] && e["action"] == "vtr.issued");
  EXPECT_TRUE(found) << audit.body;
}

TEST_F(VtrTest, RefusesAnEnrollmentWithoutSignedLessonsOrUnknown) {
  auto r = console("POST", ops_ + "/vtr", {{"enrollment_id", bare_enrollment_}});
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(console("POST", ops_ + "/vtr", {{"enrollment_id", "enr_nope"}}).status, 404);
  EXPECT_EQ(console("POST", ops_ + "/vtr", {{"enrolment_id", enrollment_}}).status, 422);
  auto eligible = console("GET", ops_ + "/vtr/eligible-enrollments");
  ASSERT_EQ(eligible.status, 200) << eligible.body;
  ASSERT_EQ(eligible.json()["data"].size(), 1u);
  EXPECT_EQ(eligible.json()["data"][0]["id"], enrollment_);
}

TEST_F(VtrTest, ComplianceLookupFollowsRevocation) {
  std::string id = issue(enrollment_)["id"];
  auto look = [&] {
    auto r = pub("/compliance?type=vtr&vtrId=" + id);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json()["data"];
  };
  auto data = look();
  ASSERT_EQ(data.size(), 1u);
  EXPECT_EQ(data[0]["type"], "vtr");
  EXPECT_EQ(data[0]["pilot_id"], student_);
  EXPECT_EQ(data[0]["code"], "PPL-A");
  EXPECT_EQ(data[0]["number"], id);
  EXPECT_EQ(data[0]["status"], "valid");
  EXPECT_EQ(data[0]["details"]["status"], "verified");
  EXPECT_EQ(data[0]["details"]["vtr_id"], id);
  EXPECT_EQ(data[0]["details"]["pack_sha256"], pub("/vtr/" + id).json()["pack_sha256"]);
  // The mirror follows the VTR: it cannot be edited or deleted by hand.
  std::string cmp = data[0]["id"];
  EXPECT_EQ(console("DELETE", ops_ + "/compliance/" + cmp).status, 409);

  auto revoked = console("POST", ops_ + "/vtr/" + id + "/revoke", {{"reason", "Issued in error"}});
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  EXPECT_EQ(revoked.json()["status"], "revoked");
  EXPECT_EQ(revoked.json()["revoked_reason"], "Issued in error");
  EXPECT_EQ(console("POST", ops_ + "/vtr/" + id + "/revoke").status, 409);
  data = look();
  ASSERT_EQ(data.size(), 1u);
  EXPECT_EQ(data[0]["status"], "expired");
  EXPECT_EQ(data[0]["details"]["status"], "revoked");
  EXPECT_EQ(pub("/vtr?status=revoked").json()["data"].size(), 1u);
  EXPECT_EQ(pub("/vtr?status=verified").json()["data"].size(), 0u);
  // A revoked record's pack is still served unchanged.
  EXPECT_EQ(crypto::sha256Hex(console("GET", ops_ + "/vtr/" + id + "/pack").body),
            revoked.json()["pack_sha256"]);
}

TEST_F(VtrTest, ReissuingSupersedesThePreviousRecord) {
  std::string first = issue(enrollment_)["id"];
  clock_.advance(std::chrono::seconds(5));
  std::string second = issue(enrollment_)["id"];
  auto old = pub("/vtr/" + first).json();
  EXPECT_EQ(old["status"], "superseded");
  EXPECT_EQ(old["superseded_by_id"], second);
  EXPECT_EQ(pub("/vtr/" + second).json()["status"], "verified");
  EXPECT_EQ(console("POST", ops_ + "/vtr/" + first + "/revoke", nlohmann::json::object()).status, 409);
  auto c = pub("/compliance?type=vtr&vtrId=" + first).json()["data"];
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0]["details"]["status"], "superseded");
  // Issue order, then keyset paging.
  auto page1 = pub("/vtr?limit=1").json();
  ASSERT_EQ(page1["data"].size(), 1u);
  EXPECT_EQ(page1["data"][0]["id"], first);
  auto page2 = pub("/vtr?limit=1&cursor=" + page1["cursor"].get<std::string>()).json();
  ASSERT_EQ(page2["data"].size(), 1u);
  EXPECT_EQ(page2["data"][0]["id"], second);
  EXPECT_TRUE(page2["cursor"].is_null());
  EXPECT_EQ(pub("/vtr?student_id=" + student_).json()["data"].size(), 2u);
  EXPECT_EQ(pub("/vtr?program_id=" + program_).json()["data"].size(), 2u);
  EXPECT_EQ(pub("/vtr?status=bogus").status, 400);
  // Delta sync: by change (updated_at, id); the superseded record changed when the second was issued.
  std::string since = pub("/vtr/" + second).json()["issued_at"];
  auto delta1 = pub("/vtr?limit=1&updated_since=" + since).json();
  ASSERT_EQ(delta1["data"].size(), 1u);
  auto delta2 =
      pub("/vtr?limit=1&updated_since=" + since + "&cursor=" + delta1["cursor"].get<std::string>()).json();
  ASSERT_EQ(delta2["data"].size(), 1u);
  EXPECT_NE(delta1["data"][0]["id"], delta2["data"][0]["id"]);
  EXPECT_TRUE(delta2["cursor"].is_null());
}

TEST_F(VtrTest, OtherOrganisationsSeeNothing) {
  std::string id = issue(enrollment_)["id"];
  auto [owner_b, org_b] = server_->createOwnerWithOrg("owner@school-b.example", "School B");
  auto [app_b, token_b] =
      createActiveAppWithKey(*server_, owner_b, org_b, {"public.vtr:read", "public.compliance:read"});
  std::string ops_b = "/api/v1/console/orgs/" + org_b;
  EXPECT_EQ(server_->console(owner_b, "GET", ops_b + "/vtr/" + id).status, 404);
  EXPECT_EQ(server_->console(owner_b, "GET", ops_b + "/vtr/" + id + "/pack").status, 404);
  EXPECT_EQ(server_->console(owner_b, "POST", ops_b + "/vtr/" + id + "/revoke").status, 404);
  EXPECT_EQ(server_->console(owner_b, "POST", ops_b + "/vtr", {{"enrollment_id", enrollment_}}).status, 404);
  // Org A's console routes are closed to B's owner.
  EXPECT_EQ(server_->console(owner_b, "GET", ops_ + "/vtr/" + id).status, 404);
  auto h = publicHeaders(token_b, org_b);
  EXPECT_EQ(server_->client().get("/api/v1/public/vtr/" + id, h).status, 404);
  EXPECT_EQ(server_->client().get("/api/v1/public/vtr", h).json()["data"].size(), 0u);
  EXPECT_EQ(server_->client().get("/api/v1/public/compliance?type=vtr&vtrId=" + id, h).json()["data"].size(),
            0u);
}

TEST_F(VtrTest, DemoSeedingIssuesRevokesAndSupersedes) {
  insertEnrollment(org_, student_, program_, instructor_, 1);  // a second completed enrolment with a signoff
  service::Actor actor{std::nullopt, "gaflight demo", "demo"};
  server_->app().services().vtr.seedDemo(org_, actor);
  std::map<std::string, int> by_status;
  auto list = pub("/vtr").json();
  for (const auto& v : list["data"]) by_status[v["status"].get<std::string>()]++;
  EXPECT_EQ(by_status["verified"], 1);
  EXPECT_EQ(by_status["revoked"], 1);
  EXPECT_EQ(by_status["superseded"], 1);
  EXPECT_EQ(pub("/compliance?type=vtr").json()["data"].size(), 3u);
}

TEST_F(VtrTest, AuthorityKeyAndVerifyPageNeedNoAccount) {
  auto key = server_->client().get("/api/authority/public-key");
  ASSERT_EQ(key.status, 200);
  EXPECT_EQ(key.body, crypto::ed25519PublicKeyPem(authorityPublic()));
  EXPECT_NE(key.body.find("-----BEGIN PUBLIC KEY-----"), std::string::npos);

  auto v = issue(enrollment_);
  std::string id = v["id"];
  auto page = server_->client().get("/verify/" + id);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.header("content-type").find("text/html"), std::string::npos);
  EXPECT_NE(page.header("content-security-policy").find("script-src 'self'"), std::string::npos);
  EXPECT_NE(page.body.find(">Verified<"), std::string::npos);
  EXPECT_NE(page.body.find(v["pack_sha256"].get<std::string>()), std::string::npos);
  EXPECT_NE(page.body.find("Z.M."), std::string::npos);
  EXPECT_EQ(page.body.find("Martin"), std::string::npos);  // initials only
  auto fr = server_->client().get("/verify/" + id, {"Accept-Language: fr-FR,fr;q=0.9,en;q=0.5"});
  EXPECT_NE(fr.body.find(">Vérifiée<"), std::string::npos);
  EXPECT_NE(server_->client().get("/verify/" + id + "?lang=fr").body.find("lang=\"fr\""), std::string::npos);

  ASSERT_EQ(console("POST", ops_ + "/vtr/" + id + "/revoke").status, 200);
  EXPECT_NE(server_->client().get("/verify/" + id).body.find(">Revoked<"), std::string::npos);
  std::string next = issue(enrollment_)["id"];
  EXPECT_NE(server_->client().get("/verify/" + next).body.find(">Verified<"), std::string::npos);

  auto unknown = server_->client().get("/verify/vtr_00000000000000000000000000");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_NE(unknown.header("content-type").find("text/html"), std::string::npos);

  EXPECT_EQ(server_->client().get("/verify/assets/verify.js").status, 200);
  auto script = server_->client().get("/verify/cli/offline-verify.sh");
  ASSERT_EQ(script.status, 200);
  EXPECT_NE(script.header("content-type").find("text/x-shellscript"), std::string::npos);
  EXPECT_NE(script.body.find("openssl pkeyutl -verify"), std::string::npos);
}

TEST_F(VtrTest, TheServedOfflineVerifierPassesAPackAndNamesATamperedFile) {
  for (const char* tool : {"openssl", "jq", "unzip", "sha256sum"}) {
    if (std::system((std::string("command -v ") + tool + " >/dev/null 2>&1").c_str()) != 0)
      GTEST_SKIP() << tool << " not installed";
  }
  std::string id = issue(enrollment_)["id"];
  auto dir = std::filesystem::temp_directory_path() / ("vtr-" + id);
  std::filesystem::create_directories(dir);
  auto write = [&](const std::string& name, const std::string& bytes) {
    std::ofstream(dir / name, std::ios::binary) << bytes;
  };
  auto pack = console("GET", ops_ + "/vtr/" + id + "/pack").body;
  write("pack.zip", pack);
  write("key.pem", server_->client().get("/api/authority/public-key").body);
  write("offline-verify.sh", server_->client().get("/verify/cli/offline-verify.sh").body);
  auto entries = *zip::read(pack);
  for (auto& e : entries)
    if (e.path == "record.html") e.bytes[30] ^= 0x01;
  write("tampered.zip", zip::write(entries));
  auto run = [&](const std::string& zip, std::string* out) {
    std::string cmd =
        "cd '" + dir.string() + "' && bash offline-verify.sh " + zip + " --public-key key.pem > out.txt 2>&1";
    int rc = std::system(cmd.c_str());
    std::ifstream in(dir / "out.txt");
    out->assign(std::istreambuf_iterator<char>(in), {});
    return rc;
  };
  std::string out;
  EXPECT_EQ(run("pack.zip", &out), 0) << out;
  EXPECT_NE(out.find("manifest.sig"), std::string::npos) << out;
  EXPECT_NE(out.find("2 signoff(s) verified"), std::string::npos) << out;
  EXPECT_NE(run("tampered.zip", &out), 0) << out;
  EXPECT_NE(out.find("FAIL: record.html"), std::string::npos) << out;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace gaflight::testing
