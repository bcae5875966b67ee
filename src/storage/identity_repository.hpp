#pragma once
#include <optional>
#include <string>
#include <vector>

#include "domain/entities.hpp"
#include "storage/sql.hpp"

namespace gaflight::storage {

struct UserWithHash {
  domain::User user;
  std::string password_hash;
};

class IdentityRepository {
 public:
  explicit IdentityRepository(Connection& c) : c_(c) {}

  void insertOrg(const domain::Organisation& o);
  std::optional<domain::Organisation> findOrg(const std::string& id);
  bool orgExists(const std::string& id);

  void insertUser(const domain::User& u, const std::string& password_hash);
  std::optional<UserWithHash> findUserByEmail(const std::string& email);
  std::optional<domain::User> findUser(const std::string& id);

  void addMembership(const std::string& org, const std::string& user, const std::string& role,
                     const std::string& at);
  std::optional<std::string> membershipRole(const std::string& org, const std::string& user);
  std::vector<domain::Membership> membershipsOf(const std::string& user);

  void insertSession(const std::string& token_hash, const std::string& user, const std::string& created_at,
                     const std::string& expires_at);
  // The user id of an unexpired session.
  std::optional<std::string> sessionUser(const std::string& token_hash, const std::string& now);
  void deleteSession(const std::string& token_hash);
  void deleteExpiredSessions(const std::string& now);

 private:
  Connection& c_;
};

}  // namespace gaflight::storage
