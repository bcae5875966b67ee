#pragma once
// Verified training records (issue 8): Ed25519-signed evidence packs for an enrolment, signed by the
// deployment's authority key (derived from the master key), stored and served byte for byte.
#include <string>

#include "core/error.hpp"
#include "service/actor.hpp"
#include "service/demo_data.hpp"
#include "service/service_context.hpp"

namespace gaflight::service {

class VtrService {
 public:
  VtrService(const ServiceContext& ctx, std::string authority_seed)
      : ctx_(ctx), authority_seed_(std::move(authority_seed)) {}

  // `gaflight demo`: VTRs for the completed enrolments (verified, one revoked, one superseded). Runs its
  // own transactions, after the training data has committed.
  void seedDemo(const std::string& org, const Actor& actor);

 private:
  ServiceContext ctx_;
  std::string authority_seed_;
};

}  // namespace gaflight::service
