#include "api/billing_options.hpp"

#include "api/common.hpp"

namespace gaflight::api {

Result<service::InvoiceListOptions> invoiceListOptions(const http::Request& req, InvoiceAudience audience,
                                                       const std::string& today) {
  Status st =
      audience == InvoiceAudience::kConsole
          ? checkQuery(req,
                       {"limit", "cursor", "status", "from", "to", "account_id", "updated_since", "overdue"})
          : checkQuery(req, {"limit", "cursor", "status", "from", "to", "account_id", "updated_since"});
  if (!st) return st.error();
  auto page = pageQuery(req);
  if (!page) return page.error();
  auto status = enumParam(req, "status", {"draft", "issued", "paid", "void"});
  if (!status) return status.error();
  auto from = dateParam(req, "from");
  if (!from) return from.error();
  auto to = dateParam(req, "to");
  if (!to) return to.error();
  auto account = idParam(req, "account_id", "acc_");
  if (!account) return account.error();
  auto since = instantParam(req, "updated_since");
  if (!since) return since.error();
  auto overdue = enumParam(req, "overdue", {"true", "false"});
  if (!overdue) return overdue.error();
  if (*from && *to && **from > **to) {
    return makeError(ErrorCode::kInvalidParameter, "from must not be after to.", "from");
  }
  std::optional<std::string> overdue_on;
  if (*overdue == std::optional<std::string>("true")) overdue_on = today;
  return service::InvoiceListOptions{*page, {*status, *from, *to, *account, *since, overdue_on}};
}

Result<std::pair<std::string, std::string>> financeRange(const http::Request& req, const std::string& today) {
  if (auto st = checkQuery(req, {"from", "to"}); !st) return st.error();
  std::optional<std::string> bounds[2];
  const char* names[2] = {"from", "to"};
  for (int i = 0; i < 2; ++i) {
    const auto* v = req.queryParam(names[i]);
    if (!v) continue;
    if (!domain::parseMonth(*v)) {
      return makeError(ErrorCode::kInvalidParameter, std::string(names[i]) + " must be a month (YYYY-MM).",
                       names[i]);
    }
    bounds[i] = *v;
  }
  auto& [from, to] = bounds;
  if (!from && !to) to = today.substr(0, 7);
  if (!from) from = domain::addMonthsToPeriod(*to, -11);
  if (!to) to = domain::addMonthsToPeriod(*from, 11);
  if (*from > *to) return makeError(ErrorCode::kInvalidParameter, "from must not be after to.", "from");
  return std::pair{*from, *to};
}

}  // namespace gaflight::api
