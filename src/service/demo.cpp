#include "service/demo.hpp"

#include "core/crypto.hpp"
#include "core/ids.hpp"
#include "domain/scopes.hpp"
#include "storage/change_clock.hpp"
#include "storage/identity_repository.hpp"

namespace gaflight::service {

namespace {

// Stored instead of an Argon2id hash: it never verifies, so the account has no usable password.
constexpr const char* kNoPassword = "!no-password";

struct SchoolProfile {
  const char* org_name;
  const char* time_zone;
  const char* currency;
  const char* owner_name;
  const char* domain;
};

SchoolProfile profileFor(const std::string& country) {
  if (country == "US")
    return {"Bay Area Flight Academy (demo)", "America/Los_Angeles", "USD", "Jordan Miller (chief pilot)",
            "flightacademy-demo.example"};
  return {"Aéroclub de Toussus (demo)", "Europe/Paris", "EUR", "Camille Durand (chief pilot)",
          "aeroclub-demo.example"};
}

}  // namespace

DemoAccountMaker demoInstructorAccounts(storage::Connection& conn, const std::string& org_id) {
  return [&conn, org_id](const DemoStaff& staff) {
    storage::IdentityRepository repo(conn);
    // Users are global: the org id keeps addresses unique across demo schools.
    std::string base = staff.email_local + "." + org_id.substr(0, 8);
    std::string email = base + "@staff-demo.example";
    for (int n = 2; repo.findUserByEmail(email); ++n)
      email = base + "-" + std::to_string(n) + "@staff-demo.example";
    std::string since = timefmt::formatInstant(staff.since_unix);
    domain::User u{ids::prefixed("usr_", staff.since_unix * 1000), email,
                   staff.first_name + " " + staff.last_name + " (instructor)", since, since};
    repo.insertUser(u, kNoPassword);
    repo.addMembership(org_id, u.id, "instructor", since);
    return u.id;
  };
}

DemoResult createDemoOrganisation(storage::Database& db, const Clock& clock, IdentityService& identity,
                                  DeveloperService& developer, DemoDomainServices services,
                                  const std::string& country, int min_awaiting_review, int flights) {
  DemoDataOptions opt = demoOptionsFor(flights);  // refuses a bad size before anything is written
  auto& conn = db.connection();
  storage::IdentityRepository repo(conn);
  SchoolProfile profile = profileFor(country);
  DemoResult out;
  out.country = country;
  std::string domain = profile.domain;
  out.email = "chief.pilot@" + domain;
  for (int n = 2; repo.findUserByEmail(out.email); ++n) {
    out.email = "chief.pilot+" + std::to_string(n) + "@" + domain;
  }
  // A fresh random password per run, printed once; nothing demo-specific is hard-coded as a secret.
  out.password = "demo-" + crypto::base64UrlEncode(crypto::randomBytes(9));
  Actor system{std::nullopt, "gaflight demo", "demo"};
  auto user = identity.createUser(out.email, profile.owner_name, out.password);
  system.user_id = user.id;
  system.label = user.email;
  out.org_name = profile.org_name;
  auto org =
      identity.createOrgOwnedBy({out.org_name, profile.time_zone, country, profile.currency}, user, system);
  out.org_id = org.id;

  {
    storage::Transaction tx(conn, storage::TxMode::kWrite);
    storage::ChangeClock clock_of_changes(conn);
    clock_of_changes.beginBulkLoad(org.id);  // months or years of history, written table by table
    opt.now_unix = timefmt::toUnixSeconds(clock.now());
    opt.country = country;
    opt.min_awaiting_review = min_awaiting_review;
    opt.submitter_user_id = user.id;
    opt.instructor_account = demoInstructorAccounts(conn, org.id);
    auto counts = seedOperationsData(conn, org.id, opt);
    services.training.seedDemo(conn, org.id, opt);  // lesson records over the students' flights
    services.billing.seedDemo(conn, org.id, opt);   // every approved flight billed once
    clock_of_changes.endBulkLoad(org.id);
    tx.commit();
    out.pilots = counts.pilots;
    out.aircraft = counts.aircraft;
    out.flights = counts.flights;
    out.submitted = counts.submitted;
  }

  services.vtr.seedDemo(org.id, system);  // packs over the committed training records

  AppInput app;
  app.name = "Flight school dashboard (demo)";
  app.description = "Demo integration that reads every public resource.";
  for (const auto& scope : domain::scopeCatalog()) {
    app.required_scopes.push_back(
        {scope, "The demo dashboard shows this data to the school's staff and partners (" + scope + ")."});
  }
  auto created = developer.createApp(org.id, app, system);
  if (!created) throw std::runtime_error("demo app: " + created.error().detail);
  auto activated = developer.activateApp(org.id, created->id, system);
  if (!activated) throw std::runtime_error("demo app activation: " + activated.error().detail);
  auto key = developer.mintKey(org.id, created->id, "Demo key", std::nullopt, system);
  if (!key) throw std::runtime_error("demo key: " + key.error().detail);
  out.app_id = created->id;
  out.api_key = key->token;
  return out;
}

}  // namespace gaflight::service
