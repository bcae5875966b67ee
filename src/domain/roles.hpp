#pragma once
#include <optional>
#include <string_view>

namespace gaflight::domain {

enum class Role { kOwner, kAdmin, kDeveloper, kInstructor, kMember };

enum class Permission {
  kManageDeveloperPlatform,  // apps, keys, installations, webhooks
  kManageOperations,         // create/edit pilots and aircraft
  kSubmitFlight,
  kReviewFlight,  // approve / reject
  kViewAuditLog,
  kReadOperations,
};

std::optional<Role> parseRole(std::string_view s);
std::string_view roleName(Role r);
bool roleAllows(Role role, Permission p);

}  // namespace gaflight::domain
