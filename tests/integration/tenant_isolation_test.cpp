// Tenant isolation matrix (issue 11): every public and console route of the router, called by
// another organisation — each of its roles, and its own API key — with this organisation's real ids.
// Nothing may answer 2xx, and the victim's data must be unchanged afterwards. A new route whose path
// parameter this test cannot fill fails the test, so the matrix grows with the router.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "app/services.hpp"
#include "service/demo.hpp"
#include "storage/identity_repository.hpp"
#include "support/test_server.hpp"

namespace gaflight::testing {
namespace {

// Path segment before a parameter → the table holding that kind of object.
const std::map<std::string, std::string>& tableBySegment() {
  static const std::map<std::string, std::string> m = {
      {"pilots", "pilots"},
      {"fleet", "aircraft"},
      {"flights", "flights"},
      {"apps", "apps"},
      {"keys", "api_keys"},
      {"installations", "installations"},
      {"webhooks", "webhook_endpoints"},
      {"deliveries", "webhook_deliveries"},
      {"events", "events"},
      {"compliance", "compliance_records"},
      {"maintenance-items", "maintenance_items"},
      {"work-orders", "work_orders"},
      {"tasks", "work_order_tasks"},
      {"parts", "work_order_parts"},
      {"sessions", "planning_sessions"},
      {"signoffs", "signoffs"},
      {"programs", "training_programs"},
      {"lessons", "training_lessons"},
      {"enrollments", "enrollments"},
      {"lesson-records", "lesson_records"},
      {"vtr", "vtrs"},
      {"invoices", "invoices"},
      {"accounts", "accounts"},
      {"payments", "payments"},
  };
  return m;
}

// Routes that are not about one organisation's data (session, health, documents, the caller's own
// organisations): nothing to isolate.
bool outsideAnyOrganisation(const std::string& pattern) {
  return pattern.find("{org_id}") == std::string::npos && pattern.rfind("/api/v1/public/", 0) != 0;
}

// A console route that names an object of the organisation, beyond the organisation itself.
bool namesObject(const std::string& pattern) {
  auto org = pattern.find("{org_id}");
  return org != std::string::npos && pattern.find('{', org + 8) != std::string::npos;
}

class TenantIsolationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto& s = server_.app().services();
    FakeClock clock;
    auto demo = service::createDemoOrganisation(server_.app().database(), clock, s.identity, s.developer,
                                                {s.training, s.billing, s.vtr});
    victim_ = demo.org_id;
    victim_key_ = demo.api_key;
    // What the demo lacks: a webhook endpoint with an event and a delivery, and an installation of a
    // third organisation's app (not the intruder's: that would rightly open the victim to its key).
    auto victim_owner = server_.login(demo.email, demo.password);
    auto hook = server_.console(
        victim_owner, "POST", "/api/v1/console/orgs/" + victim_ + "/webhooks",
        {{"url", "http://127.0.0.1:9/hook"}, {"description", "t"}, {"event_types", {"webhook.test"}}});
    ASSERT_EQ(hook.status, 201) << hook.body;
    auto test = server_.console(
        victim_owner, "POST",
        "/api/v1/console/orgs/" + victim_ + "/webhooks/" + hook.json()["id"].get<std::string>() + "/test");
    ASSERT_LT(test.status, 300) << test.body;
    auto [third_owner, third] = server_.createOwnerWithOrg("owner@third.example", "Third Party Ltd");
    auto third_app = createActiveAppWithKey(server_, third_owner, third, {"public.pilots:read"}).first;
    auto inst = server_.console(victim_owner, "POST", "/api/v1/console/orgs/" + victim_ + "/installations",
                                {{"app_id", third_app}, {"granted_scopes", {"public.pilots:read"}}});
    ASSERT_EQ(inst.status, 201) << inst.body;
    auto [owner, org] = server_.createOwnerWithOrg("owner@intruder.example", "Intruder Aero");
    intruder_ = org;
    sessions_["owner"] = owner;
    storage::IdentityRepository repo(server_.app().database().connection());
    for (std::string role : {"admin", "developer", "instructor", "member"}) {
      auto email = role + "@intruder.example";
      auto u = s.identity.createUser(email, "Intruder " + role, TestServer::kPassword);
      repo.addMembership(intruder_, u.id, role, "2026-01-01T00:00:00Z");
      sessions_[role] = server_.login(email, TestServer::kPassword);
    }
    std::vector<std::string> scopes(domain::scopeCatalog().begin(), domain::scopeCatalog().end());
    intruder_key_ = createActiveAppWithKey(server_, owner, intruder_, scopes).second;
  }

  std::string victimId(const std::string& table) {
    auto id = server_.app().database().connection().scalarText(
        "SELECT id FROM " + table + " WHERE org_id = ?1 ORDER BY id LIMIT 1", {victim_});
    return id.value_or("");
  }

  // The route's path with {org_id} = `org` and every other parameter = one of the victim's ids.
  std::optional<std::string> fill(const std::string& pattern, const std::string& org, std::string& missing) {
    std::string out;
    std::string previous;
    size_t i = 0;
    while (i < pattern.size()) {
      if (pattern[i] == '/') {
        auto end = pattern.find('/', i + 1);
        std::string seg = pattern.substr(i + 1, end == std::string::npos ? std::string::npos : end - i - 1);
        out += '/';
        if (seg.size() > 2 && seg.front() == '{') {
          if (seg == "{org_id}") {
            out += org;
          } else {
            auto t = tableBySegment().find(previous);
            if (t == tableBySegment().end()) {
              missing = "no table known for the parameter after '" + previous + "'";
              return std::nullopt;
            }
            auto id = victimId(t->second);
            if (id.empty()) {
              missing = "the victim has no row in " + t->second;
              return std::nullopt;
            }
            out += id;
          }
        } else {
          out += seg;
        }
        previous = seg;
        i = end == std::string::npos ? pattern.size() : end;
      } else {
        ++i;
      }
    }
    return out;
  }

  // Rows per table and the newest change of the victim: any write through the matrix would move it.
  std::string victimFingerprint() {
    std::string fp;
    for (const auto& [seg, table] : tableBySegment()) {
      auto& c = server_.app().database().connection();
      bool has_updated = table != "events";
      auto n = c.scalarInt("SELECT count(*) FROM " + table + " WHERE org_id = ?1", {victim_});
      auto last = has_updated
                      ? c.scalarText("SELECT max(updated_at) FROM " + table + " WHERE org_id = ?1", {victim_})
                      : std::optional<std::string>();
      fp += table + "=" + std::to_string(n.value_or(-1)) + "@" + last.value_or("-") + ";";
    }
    return fp;
  }

  TestServer server_{[](config::Config& c) {
    c.rate_limit = "100000:100000";
    c.allow_private_webhook_targets = true;  // the victim's endpoint is a closed loopback port
    // Recorded, never sent: an attempt landing mid-matrix would move the victim's fingerprint.
    c.deliver_webhooks = false;
  }};
  std::string victim_, victim_key_, intruder_, intruder_key_;
  std::map<std::string, ConsoleSession> sessions_;
};

TEST_F(TenantIsolationTest, NoRouteServesAnotherOrganisationsData) {
  auto before = victimFingerprint();
  int calls = 0;
  std::set<std::string> covered;
  std::vector<std::string> failures;
  auto client = server_.client();
  for (const auto& r : server_.app().router().routes()) {
    if (outsideAnyOrganisation(r.pattern)) continue;
    std::string route = r.method + " " + r.pattern;
    bool is_public = r.pattern.rfind("/api/v1/public/", 0) == 0;
    std::string missing;
    if (is_public) {
      auto path = fill(r.pattern, victim_, missing);
      if (!path) {
        failures.push_back(route + ": " + missing);
        continue;
      }
      // The intruder's key asking for the victim's organisation, then for its own with the victim's ids.
      auto foreign = client.request(r.method, *path, publicHeaders(intruder_key_, victim_), "");
      ++calls;
      if (foreign.status != 403)
        failures.push_back(route + " X-Org-Id victim → " + std::to_string(foreign.status));
      auto reverse = client.request(r.method, *path, publicHeaders(victim_key_, intruder_), "");
      ++calls;
      if (reverse.status != 403)
        failures.push_back(route + " victim's key for the intruder's org → " +
                           std::to_string(reverse.status));
      if (r.pattern.find('{') != std::string::npos) {
        auto ids = client.request(r.method, *path, publicHeaders(intruder_key_, intruder_), "");
        ++calls;
        if (ids.status != 404)
          failures.push_back(route + " victim ids under own org → " + std::to_string(ids.status));
      }
      covered.insert(route);
      continue;
    }
    auto into_victim = fill(r.pattern, victim_, missing);
    auto victim_ids_own_org = fill(r.pattern, intruder_, missing);
    if (!into_victim || !victim_ids_own_org) {
      failures.push_back(route + ": " + missing);
      continue;
    }
    for (const auto& [role, session] : sessions_) {
      auto a = server_.console(
          session, r.method, *into_victim,
          r.method == "GET" || r.method == "DELETE" ? nlohmann::json(nullptr) : nlohmann::json::object());
      ++calls;
      if (a.status != 403 && a.status != 404)
        failures.push_back(route + " as intruder " + role + " in the victim's org → " +
                           std::to_string(a.status));
      // Own organisation, victim's object ids: only routes that name an object beyond the org.
      if (namesObject(r.pattern)) {
        auto b = server_.console(
            session, r.method, *victim_ids_own_org,
            r.method == "GET" || r.method == "DELETE" ? nlohmann::json(nullptr) : nlohmann::json::object());
        ++calls;
        if (b.status >= 200 && b.status < 300)
          failures.push_back(route + " as " + role + " with the victim's ids → " + std::to_string(b.status));
      }
    }
    covered.insert(route);
  }
  for (const auto& f : failures) ADD_FAILURE() << f;
  EXPECT_EQ(victimFingerprint(), before) << "a call changed the victim's data";
  EXPECT_GT(covered.size(), 40u);
  std::cout << "[tenant matrix] " << covered.size() << " routes, " << calls << " calls\n";
}

}  // namespace
}  // namespace gaflight::testing
