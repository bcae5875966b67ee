#pragma once
// How accounts, invoices (with their lines and payments) and finance summaries look on the public API
// and in the console. Quantities and hours are decimal numbers (1.5), money integer minor units.
#include "core/json_writer.hpp"
#include "domain/billing.hpp"

namespace gaflight::domain {

void renderAccount(JsonWriter& w, const Account& a);
void renderInvoiceLine(JsonWriter& w, const InvoiceLine& l);
void renderPayment(JsonWriter& w, const Payment& p);
// `lines` and `payments` appear when the invoice carries them (detail views).
void renderInvoice(JsonWriter& w, const Invoice& inv);
void renderFinanceSummary(JsonWriter& w, const FinanceSummary& s);

}  // namespace gaflight::domain
