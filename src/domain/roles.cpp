#include "domain/roles.hpp"

namespace gaflight::domain {

std::optional<Role> parseRole(std::string_view s) {
  if (s == "owner") return Role::kOwner;
  if (s == "admin") return Role::kAdmin;
  if (s == "developer") return Role::kDeveloper;
  if (s == "instructor") return Role::kInstructor;
  if (s == "member") return Role::kMember;
  return std::nullopt;
}

std::string_view roleName(Role r) {
  switch (r) {
    case Role::kOwner:
      return "owner";
    case Role::kAdmin:
      return "admin";
    case Role::kDeveloper:
      return "developer";
    case Role::kInstructor:
      return "instructor";
    case Role::kMember:
      return "member";
  }
  return "member";
}

bool roleAllows(Role role, Permission p) {
  bool admin = role == Role::kOwner || role == Role::kAdmin;
  switch (p) {
    case Permission::kManageDeveloperPlatform:
      return admin || role == Role::kDeveloper;
    case Permission::kManageOperations:
      return admin;
    case Permission::kSubmitFlight:
      return true;
    case Permission::kReviewFlight:
      return admin || role == Role::kInstructor;
    case Permission::kViewAuditLog:
      return admin || role == Role::kDeveloper;
    case Permission::kReadOperations:
      return true;
  }
  return false;
}

}  // namespace gaflight::domain
