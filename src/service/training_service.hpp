#pragma once
// Training (issue 8): programmes and their lessons, enrolments, lesson records and Ed25519-signed
// signoffs. Each organisation signs with its own key (org_signing_keys), sealed at rest under a key
// derived from the master key.
#include <string>

#include "core/error.hpp"
#include "service/actor.hpp"
#include "service/demo_data.hpp"
#include "service/service_context.hpp"

namespace gaflight::service {

class TrainingService {
 public:
  TrainingService(const ServiceContext& ctx, std::string signing_seal_key)
      : ctx_(ctx), seal_key_(std::move(signing_seal_key)) {}

  // `gaflight demo`: programmes, enrolments, lesson records and signoffs over the demo's flights, inside
  // the caller's write transaction.
  void seedDemo(storage::Connection& conn, const std::string& org, const DemoDataOptions& opt);

 private:
  ServiceContext ctx_;
  std::string seal_key_;
};

}  // namespace gaflight::service
