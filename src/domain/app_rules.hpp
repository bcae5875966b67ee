#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "domain/entities.hpp"

namespace gaflight::domain {

// SPEC §2: every scope from the catalog, no duplicates, each justified in ≥ 40 characters
// (after trimming). The error names the offending scope in `field` and `detail`.
Status validateRequiredScopes(const std::vector<RequiredScope>& scopes);
Status validateAppMetadata(const std::string& name, const std::string& description,
                           const std::optional<std::string>& homepage_url);
// Lifecycle: draft → active → revoked; revoked is final.
bool canActivate(const std::string& status);
bool canRevoke(const std::string& status);
bool canMintKeys(const std::string& status);

}  // namespace gaflight::domain
