#include "storage/identity_repository.hpp"

namespace gaflight::storage {

void IdentityRepository::insertOrg(const domain::Organisation& o) {
  c_.run(
      "INSERT INTO orgs(id, name, time_zone, country, currency, created_at, updated_at) VALUES "
      "(?1,?2,?3,?4,?5,?6,?7)",
      {o.id, o.name, o.time_zone, o.country, o.currency, o.created_at, o.updated_at});
}

std::optional<domain::Organisation> IdentityRepository::findOrg(const std::string& id) {
  std::optional<domain::Organisation> out;
  c_.run("SELECT id, name, time_zone, country, currency, created_at, updated_at FROM orgs WHERE id = ?1",
         {id}, [&](const RowView& r) {
           out = domain::Organisation{r.str(0), r.str(1), r.str(2), r.str(3), r.str(4), r.str(5), r.str(6)};
         });
  return out;
}

bool IdentityRepository::orgExists(const std::string& id) {
  return c_.scalarInt("SELECT 1 FROM orgs WHERE id = ?1", {id}).has_value();
}

void IdentityRepository::insertUser(const domain::User& u, const std::string& password_hash) {
  c_.run(
      "INSERT INTO users(id, email, display_name, password_hash, created_at, updated_at) VALUES "
      "(?1,?2,?3,?4,?5,?6)",
      {u.id, u.email, u.display_name, password_hash, u.created_at, u.updated_at});
}

std::optional<UserWithHash> IdentityRepository::findUserByEmail(const std::string& email) {
  std::optional<UserWithHash> out;
  c_.run("SELECT id, email, display_name, created_at, updated_at, password_hash FROM users WHERE email = ?1",
         {email}, [&](const RowView& r) {
           out = UserWithHash{domain::User{r.str(0), r.str(1), r.str(2), r.str(3), r.str(4)}, r.str(5)};
         });
  return out;
}

std::optional<domain::User> IdentityRepository::findUser(const std::string& id) {
  std::optional<domain::User> out;
  c_.run("SELECT id, email, display_name, created_at, updated_at FROM users WHERE id = ?1", {id},
         [&](const RowView& r) {
           out = domain::User{r.str(0), r.str(1), r.str(2), r.str(3), r.str(4)};
         });
  return out;
}

void IdentityRepository::addMembership(const std::string& org, const std::string& user,
                                       const std::string& role, const std::string& at) {
  c_.run("INSERT INTO memberships(org_id, user_id, role, created_at) VALUES (?1,?2,?3,?4)",
         {org, user, role, at});
}

std::optional<std::string> IdentityRepository::membershipRole(const std::string& org,
                                                              const std::string& user) {
  return c_.scalarText("SELECT role FROM memberships WHERE org_id = ?1 AND user_id = ?2", {org, user});
}

std::vector<domain::Membership> IdentityRepository::membershipsOf(const std::string& user) {
  std::vector<domain::Membership> out;
  c_.run(
      "SELECT m.org_id, o.name, m.role FROM memberships m JOIN orgs o ON o.id = m.org_id WHERE m.user_id = "
      "?1 "
      "ORDER BY o.name, o.id",
      {user}, [&](const RowView& r) {
        out.push_back({r.str(0), r.str(1), r.str(2)});
      });
  return out;
}

void IdentityRepository::insertSession(const std::string& token_hash, const std::string& user,
                                       const std::string& created_at, const std::string& expires_at) {
  c_.run("INSERT INTO console_sessions(token_hash, user_id, created_at, expires_at) VALUES (?1,?2,?3,?4)",
         {token_hash, user, created_at, expires_at});
}

std::optional<std::string> IdentityRepository::sessionUser(const std::string& token_hash,
                                                           const std::string& now) {
  return c_.scalarText("SELECT user_id FROM console_sessions WHERE token_hash = ?1 AND expires_at > ?2",
                       {token_hash, now});
}

void IdentityRepository::deleteSession(const std::string& token_hash) {
  c_.run("DELETE FROM console_sessions WHERE token_hash = ?1", {token_hash});
}

void IdentityRepository::deleteExpiredSessions(const std::string& now) {
  c_.run("DELETE FROM console_sessions WHERE expires_at <= ?1", {now});
}

}  // namespace gaflight::storage
