#pragma once
// Verified training records (issue 8): Ed25519-signed evidence packs for an enrolment, signed by the
// deployment's authority key (derived from the master key), stored and served byte for byte.
//
// Issuing, revoking and superseding also keep a compliance record in step (type `vtr`, subject the
// student, code the programme code, number the VTR id): see domain::vtrComplianceValidUntil.
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "domain/vtr.hpp"
#include "domain/vtr_render.hpp"
#include "service/actor.hpp"
#include "service/cursor.hpp"
#include "service/demo_data.hpp"
#include "service/service_context.hpp"
#include "storage/vtr_repository.hpp"

namespace gaflight::service {

struct VtrListOptions {
  PageQuery page;
  storage::VtrFilter filter;
};

struct VtrPack {
  std::string bytes, filename;
};

class VtrService {
 public:
  VtrService(const ServiceContext& ctx, std::string authority_seed)
      : ctx_(ctx), authority_seed_(std::move(authority_seed)) {}

  // Builds, signs and stores a pack for the enrolment; supersedes its previous verified VTR.
  // 404 unknown enrolment; 422 when it has no signed lesson.
  Result<domain::Vtr> issue(const std::string& org, const std::string& enrollment_id, const Actor& actor);
  // 409 unless verified.
  Result<domain::Vtr> revoke(const std::string& org, const std::string& id,
                             const std::optional<std::string>& reason, const Actor& actor);
  Result<domain::Vtr> get(const std::string& org, const std::string& id);
  Result<Page<domain::Vtr>> list(const std::string& org, const VtrListOptions& opt);
  Result<VtrPack> pack(const std::string& org, const std::string& id);
  std::vector<domain::VtrEligibleEnrollment> eligibleEnrollments(const std::string& org);

  // The public verify page's view of any organisation's VTR (404 when unknown).
  Result<domain::VtrVerifyView> verifyView(const std::string& id);
  std::string authorityPublicKey() const;  // raw 32 bytes
  std::string authorityPublicKeyPem() const;

  // `gaflight demo`: VTRs for the completed enrolments (verified, one revoked, one superseded). Runs its
  // own transactions, after the training data has committed.
  void seedDemo(const std::string& org, const Actor& actor);

 private:
  ServiceContext ctx_;
  std::string authority_seed_;
};

}  // namespace gaflight::service
