#include "api/compliance_query.hpp"

#include "api/common.hpp"
#include "domain/compliance.hpp"

namespace gaflight::api {

Result<service::ComplianceListOptions> complianceListOptions(const http::Request& req,
                                                             ComplianceQuery which) {
  if (which == ComplianceQuery::kPublic) {
    if (auto st = checkQuery(
            req, {"limit", "cursor", "type", "pilot_id", "aircraft_id", "status", "updated_since", "vtrId"});
        !st)
      return st.error();
  } else if (auto st = checkQuery(req, {"limit", "cursor", "type", "pilot_id", "aircraft_id", "status",
                                        "updated_since", "vtrId", "expiring_within_days"});
             !st) {
    return st.error();
  }
  service::ComplianceListOptions o;
  auto page = pageQuery(req);
  if (!page) return page.error();
  o.page = page.value();
  auto& f = o.filter;
  if (const auto* t = req.queryParam("type")) {
    if (!domain::isOneOf(domain::allRecordTypes(), *t))
      return makeError(ErrorCode::kInvalidParameter, "type is not a compliance record type.", "type");
    f.type = *t;
  }
  auto pilot = idParam(req, "pilot_id", "plt_");
  if (!pilot) return pilot.error();
  f.pilot_id = *pilot;
  auto aircraft = idParam(req, "aircraft_id", "acft_");
  if (!aircraft) return aircraft.error();
  f.aircraft_id = *aircraft;
  auto status = enumParam(req, "status", {"valid", "expiring", "expired"});
  if (!status) return status.error();
  f.status = *status;
  auto since = instantParam(req, "updated_since");
  if (!since) return since.error();
  f.updated_since = *since;
  auto vtr = idParam(req, "vtrId", "vtr_");
  if (!vtr) return vtr.error();
  f.vtr_id = *vtr;
  if (const auto* d = req.queryParam("expiring_within_days")) {
    int64_t v = -1;
    if (!d->empty() && d->size() <= 4 && d->find_first_not_of("0123456789") == std::string::npos)
      v = std::stoll(*d);
    if (v < 0 || v > 3650)
      return makeError(ErrorCode::kInvalidParameter, "expiring_within_days must be an integer 0–3650.",
                       "expiring_within_days");
    f.expiring_within_days = v;
  }
  return o;
}

}  // namespace gaflight::api
