// Console billing routes under /api/v1/console/orgs/{org_id}: accounts, invoices with payments, void and
// credit notes, monthly finance. Pilots' balances are the school's books: owners and admins only.
#include "api/billing_options.hpp"
#include "api/common.hpp"
#include "api/console/console_support.hpp"
#include "domain/billing_render.hpp"

#include <utility>

namespace gaflight::api {

namespace {
using domain::Permission;

template <typename T, typename Render>
http::Response allOf(std::vector<T> items, Render render) {
  return listResponse(service::Page<T>{std::move(items), ""}, render);
}
}  // namespace

void registerConsoleBilling(http::Router& router, const ConsoleDeps& deps) {
  const std::string org = "/api/v1/console/orgs/{org_id}";
  const std::string invoice = org + "/invoices/{invoice_id}";
  auto& billing = deps.billing;
  auto route = [&deps](ConsoleHandler fn) {
    return consoleRoute(deps, true, Permission::kManageOperations, std::move(fn));
  };

  router.add("GET", org + "/accounts", route([&billing](auto& ctx, const ConsoleCaller& c) {
               GAF_CHECK(checkQuery(ctx.req, {}));
               return allOf(billing.listAccounts(c.org_id), domain::renderAccount);
             }));
  router.add("GET", org + "/invoices", route([&billing](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(opt, invoiceListOptions(ctx.req, InvoiceAudience::kConsole, billing.today()));
               GAF_TRY(page, billing.listInvoices(c.org_id, opt));
               return listResponse(page, domain::renderInvoice);
             }));
  router.add("GET", invoice, route([&billing](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(inv, billing.getInvoice(c.org_id, ctx.param("invoice_id"),
                                               service::InvoiceDetail::kLinesAndPayments));
               return objectResponse(200, inv, domain::renderInvoice);
             }));
  router.add("POST", invoice + "/payments", route([&billing](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(body, jsonBody(ctx.req));
               BodyReader in(body);
               GAF_CHECK(in.onlyFields({"amount_minor", "method", "received_on", "reference"}));
               GAF_TRY(amount, in.integer("amount_minor", 1, 1'000'000'000'000));
               if (!amount) return problem(ctx, fieldError("amount_minor", "amount_minor is required."));
               GAF_TRY(method, in.requiredStr("method", 20));
               GAF_TRY(received_on, in.str("received_on", 10));
               GAF_TRY(reference, in.str("reference", 200));
               GAF_TRY(inv, billing.recordPayment(c.org_id, ctx.param("invoice_id"),
                                                  {*amount, method, received_on, reference}, c.actor));
               return objectResponse(201, inv, domain::renderInvoice);
             }));
  router.add("POST", invoice + "/void", route([&billing](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(body, jsonBody(ctx.req));
               BodyReader in(body);
               GAF_CHECK(in.onlyFields({"reason"}));
               GAF_TRY(reason, in.requiredStr("reason", 1000));
               GAF_TRY(inv, billing.voidInvoice(c.org_id, ctx.param("invoice_id"), reason, c.actor));
               return objectResponse(200, inv, domain::renderInvoice);
             }));
  router.add(
      "POST", invoice + "/credit-notes", route([&billing](auto& ctx, const ConsoleCaller& c) {
        GAF_TRY(body, jsonBody(ctx.req));
        BodyReader in(body);
        GAF_CHECK(in.onlyFields({"amount_minor", "reason"}));
        GAF_TRY(amount, in.integer("amount_minor", 1, 1'000'000'000'000));
        GAF_TRY(reason, in.requiredStr("reason", 1000));
        GAF_TRY(note, billing.creditInvoice(c.org_id, ctx.param("invoice_id"), {amount, reason}, c.actor));
        return objectResponse(201, note, domain::renderInvoice);
      }));
  router.add("GET", org + "/finance-summaries", route([&billing](auto& ctx, const ConsoleCaller& c) {
               GAF_TRY(range, financeRange(ctx.req, billing.today()));
               GAF_TRY(months, billing.financeSummaries(c.org_id, range.first, range.second));
               return allOf(std::move(months), domain::renderFinanceSummary);
             }));
}

}  // namespace gaflight::api
