#pragma once
#include <optional>
#include <string>

namespace gaflight::service {

// Who is acting, for authorisation decisions and the audit log.
struct Actor {
  std::optional<std::string> user_id;
  std::string label;  // e.g. the user's email, or "system"
  std::string request_id;
};

}  // namespace gaflight::service
