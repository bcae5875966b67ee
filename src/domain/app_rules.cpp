#include "domain/app_rules.hpp"

#include <set>

#include "domain/scopes.hpp"

namespace gaflight::domain {

Status validateRequiredScopes(const std::vector<RequiredScope>& scopes) {
  if (scopes.empty()) {
    return makeError(ErrorCode::kValidationFailed, "required_scopes must list at least one scope.",
                     "required_scopes");
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < scopes.size(); ++i) {
    const auto& s = scopes[i];
    std::string field = "required_scopes[" + std::to_string(i) + "]";
    if (!isKnownScope(s.scope)) {
      return makeError(ErrorCode::kValidationFailed, "Unknown scope '" + s.scope + "'.", field + ".scope");
    }
    if (!seen.insert(s.scope).second) {
      return makeError(ErrorCode::kValidationFailed, "Scope " + s.scope + " is listed twice.",
                       field + ".scope");
    }
    size_t len = codePointLength(trim(s.justification));
    if (len < kMinJustificationChars) {
      Error e = makeError(ErrorCode::kValidationFailed,
                          "The justification for " + s.scope + " must be at least 40 characters (it has " +
                              std::to_string(len) + ").",
                          field + ".justification");
      e.extra_key = "scope";
      e.extra_value = s.scope;
      return e;
    }
    if (s.justification.size() > 2000) {
      return makeError(ErrorCode::kValidationFailed, "The justification for " + s.scope + " is too long.",
                       field + ".justification");
    }
  }
  return okStatus();
}

Status validateAppMetadata(const std::string& name, const std::string& description,
                           const std::optional<std::string>& homepage_url) {
  auto n = trim(name);
  if (n.empty() || codePointLength(n) > 100) {
    return makeError(ErrorCode::kValidationFailed, "name is required (1–100 characters).", "name");
  }
  if (codePointLength(description) > 2000) {
    return makeError(ErrorCode::kValidationFailed, "description is at most 2000 characters.", "description");
  }
  if (homepage_url) {
    const auto& u = *homepage_url;
    bool ok = (u.rfind("https://", 0) == 0 || u.rfind("http://", 0) == 0) && u.size() <= 500 &&
              u.find_first_of(" \t\r\n\"<>") == std::string::npos;
    if (!ok) {
      return makeError(ErrorCode::kValidationFailed, "homepage_url must be an http(s) URL.", "homepage_url");
    }
  }
  return okStatus();
}

bool canActivate(const std::string& status) { return status == "draft"; }
bool canRevoke(const std::string& status) { return status == "draft" || status == "active"; }
bool canMintKeys(const std::string& status) { return status == "active"; }

}  // namespace gaflight::domain
