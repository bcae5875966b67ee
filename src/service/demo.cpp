#include "service/demo.hpp"

#include "core/crypto.hpp"
#include "domain/scopes.hpp"
#include "service/demo_data.hpp"
#include "storage/identity_repository.hpp"

namespace gaflight::service {

DemoResult createDemoOrganisation(storage::Database& db, const Clock& clock, IdentityService& identity,
                                  DeveloperService& developer) {
  auto& conn = db.connection();
  storage::IdentityRepository repo(conn);
  DemoResult out;
  std::string base_email = "chief.pilot@aeroclub-demo.example";
  out.email = base_email;
  for (int n = 2; repo.findUserByEmail(out.email); ++n) {
    out.email = "chief.pilot+" + std::to_string(n) + "@aeroclub-demo.example";
  }
  // A fresh random password per run, printed once; nothing demo-specific is hard-coded as a secret.
  out.password = "demo-" + crypto::base64UrlEncode(crypto::randomBytes(9));
  Actor system{std::nullopt, "gaflight demo", "demo"};
  auto user = identity.createUser(out.email, "Camille Durand (chief pilot)", out.password);
  system.user_id = user.id;
  system.label = user.email;
  out.org_name = "Aéroclub de Toussus (demo)";
  auto org = identity.createOrgOwnedBy({out.org_name, "Europe/Paris", "FR", "EUR"}, user, system);
  out.org_id = org.id;

  {
    storage::Transaction tx(conn, true);
    DemoDataOptions opt;
    opt.now_unix = timefmt::toUnixSeconds(clock.now());
    auto counts = seedOperationsData(conn, org.id, opt);
    tx.commit();
    out.pilots = counts.pilots;
    out.aircraft = counts.aircraft;
    out.flights = counts.flights;
    out.submitted = counts.submitted;
  }

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
