#pragma once
// Accounts, invoices, payments and finance summaries (issue 8). Approving a flight bills it in the
// approving transaction (billApprovedFlight), so an approved flight is never without its invoice.
#include <string>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "domain/entities.hpp"
#include "service/actor.hpp"
#include "service/demo_data.hpp"
#include "service/service_context.hpp"

namespace gaflight::service {

// Bills one just-approved flight inside the caller's write transaction (SPEC §10.3, §10.6).
void billApprovedFlight(storage::Connection& conn, const std::string& org, const domain::Flight& flight,
                        SysTime now);

class BillingService {
 public:
  explicit BillingService(const ServiceContext& ctx) : ctx_(ctx) {}

  // `gaflight demo`: accounts, the invoices of every approved flight, payments, a few overdue balances,
  // inside the caller's write transaction.
  void seedDemo(storage::Connection& conn, const std::string& org, const DemoDataOptions& opt);

 private:
  ServiceContext ctx_;
};

}  // namespace gaflight::service
