#include "api/planning_options.hpp"

#include "api/common.hpp"
#include "core/clock.hpp"

namespace gaflight::api {

namespace {
enum class DateBound { kStartOfDay, kEndOfDay };

// An instant, or a date taken as the start of its day (kStartOfDay) or the start of the next day.
Result<std::optional<std::string>> windowParam(const http::Request& req, std::string_view name,
                                               DateBound bound) {
  const auto* v = req.queryParam(name);
  if (!v) return std::optional<std::string>();
  if (timefmt::isValidDate(*v)) {
    int64_t midnight = *timefmt::parseInstant(*v + "T00:00:00Z");
    if (bound == DateBound::kEndOfDay) midnight += int64_t{24} * 3600;
    return std::optional<std::string>(timefmt::formatInstant(midnight));
  }
  if (auto t = timefmt::parseInstant(*v)) return std::optional<std::string>(timefmt::formatInstant(*t));
  return makeError(
      ErrorCode::kInvalidParameter,
      std::string(name) + " must be an RFC 3339 instant (2026-05-28T10:00:00Z) or a YYYY-MM-DD date.",
      std::string(name));
}
}  // namespace

Result<service::PlanningListOptions> planningListOptions(const http::Request& req) {
  if (auto st =
          checkQuery(req, {"limit", "cursor", "from", "to", "aircraft_id", "instructor_id", "updated_since"});
      !st)
    return st.error();
  auto page = pageQuery(req);
  if (!page) return page.error();
  auto from = windowParam(req, "from", DateBound::kStartOfDay);
  if (!from) return from.error();
  auto to = windowParam(req, "to", DateBound::kEndOfDay);
  if (!to) return to.error();
  auto aircraft = idParam(req, "aircraft_id", "acft_");
  if (!aircraft) return aircraft.error();
  auto instructor = idParam(req, "instructor_id", "plt_");
  if (!instructor) return instructor.error();
  auto since = instantParam(req, "updated_since");
  if (!since) return since.error();
  if (*from && *to && **from >= **to)
    return makeError(ErrorCode::kInvalidParameter, "to must be after from.", "to");
  return service::PlanningListOptions{*page, {*from, *to, *aircraft, *instructor, *since}};
}

}  // namespace gaflight::api
