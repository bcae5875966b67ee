// Public billing routes (SPEC §3, §10.6): invoices (ordered by issue_date, id) with their lines in the
// detail view, and monthly finance summaries.
#include "api/billing_options.hpp"
#include "api/public/export_support.hpp"
#include "api/public/public_support.hpp"
#include "domain/billing_render.hpp"

namespace gaflight::api {

void registerPublicBilling(http::Router& router, const PublicApiDeps& deps) {
  const std::string base = "/api/v1/public";
  router.add("GET", base + "/invoices",
             exportableList<domain::Invoice>(
                 deps, {"public.invoices:read", "invoices", domain::renderInvoice, domain::kInvoiceCsv},
                 [billing = &deps.billing](const http::Request& req) {
                   return invoiceListOptions(req, InvoiceAudience::kPublic, billing->today());
                 },
                 [billing = &deps.billing](const std::string& org, const service::InvoiceListOptions& o) {
                   return billing->listInvoices(org, o);
                 }),
             true);
  router.add("GET", base + "/invoices/{id}",
             guarded(deps, "public.invoices:read",
                     [deps](auto& ctx, const auto& p) {
                       GAF_CHECK(checkQuery(ctx.req, {}));
                       return respond(
                           ctx,
                           deps.billing.getInvoice(p.org_id, ctx.param("id"), service::InvoiceDetail::kLines),
                           domain::renderInvoice);
                     }),
             true);
  router.add("GET", base + "/finance-summaries",
             guarded(deps, "public.finance:read", [deps](auto& ctx, const auto& p) {
               GAF_TRY(range, financeRange(ctx.req, deps.billing.today()));
               GAF_TRY(months, deps.billing.financeSummaries(p.org_id, range.first, range.second));
               return listResponse(service::Page<domain::FinanceSummary>{std::move(months), ""},
                                   domain::renderFinanceSummary);
             }));  // aggregates up to 36 months: runs on the handler pool, not the IO thread
}

}  // namespace gaflight::api
