#include "domain/billing_render.hpp"

namespace gaflight::domain {

void renderAccount(JsonWriter& w, const Account& a) {
  w.beginObject()
      .field("id", a.id)
      .field("object", "account")
      .field("pilot_id", a.pilot_id)
      .field("name", a.name)
      .field("currency", a.currency)
      .field("invoiced_minor", a.invoiced_minor)
      .field("paid_minor", a.paid_minor)
      .field("balance_minor", a.balance_minor)
      .field("overdue_minor", a.overdue_minor)
      .field("created_at", a.created_at)
      .field("updated_at", a.updated_at)
      .endObject();
}

void renderInvoiceLine(JsonWriter& w, const InvoiceLine& l) {
  w.beginObject()
      .field("id", l.id)
      .field("object", "invoice_line")
      .field("position", l.position)
      .field("kind", l.kind)
      .field("description", l.description);
  w.key("quantity").raw(formatMilli(l.quantity_milli));
  w.field("unit", l.unit)
      .field("unit_price_minor", l.unit_price_minor)
      .field("tax_rate_bp", l.tax_rate_bp)
      .field("subtotal_minor", l.subtotal_minor)
      .field("tax_minor", l.tax_minor)
      .field("total_minor", l.total_minor)
      .field("flight_id", l.flight_id)
      .field("aircraft_id", l.aircraft_id)
      .field("instructor_id", l.instructor_id)
      .field("created_at", l.created_at)
      .field("updated_at", l.updated_at)
      .endObject();
}

void renderPayment(JsonWriter& w, const Payment& p) {
  w.beginObject()
      .field("id", p.id)
      .field("object", "payment")
      .field("account_id", p.account_id)
      .field("invoice_id", p.invoice_id)
      .field("amount_minor", p.amount_minor)
      .field("method", p.method)
      .field("received_on", p.received_on)
      .field("reference", p.reference)
      .field("created_by", p.created_by)
      .field("created_at", p.created_at)
      .field("updated_at", p.updated_at)
      .endObject();
}

void renderInvoice(JsonWriter& w, const Invoice& inv) {
  w.beginObject()
      .field("id", inv.id)
      .field("object", "invoice")
      .field("number", inv.number)
      .field("kind", inv.kind)
      .field("account_id", inv.account_id)
      .field("account_name", inv.account_name)
      .field("pilot_id", inv.pilot_id)
      .field("status", inv.status)
      .field("issue_date", inv.issue_date)
      .field("due_date", inv.due_date)
      .field("currency", inv.currency)
      .field("subtotal_minor", inv.subtotal_minor)
      .field("tax_minor", inv.tax_minor)
      .field("total_minor", inv.total_minor)
      .field("paid_minor", inv.paid_minor)
      .field("credited_minor", inv.credited_minor)
      .field("balance_minor", balanceMinor(inv))
      .field("overdue", inv.overdue)
      .field("credited_invoice_id", inv.credited_invoice_id)
      .field("voided_at", inv.voided_at)
      .field("void_reason", inv.void_reason);
  if (inv.lines) {
    w.key("lines").beginArray();
    for (const auto& l : *inv.lines) renderInvoiceLine(w, l);
    w.endArray();
  }
  if (inv.payments) {
    w.key("payments").beginArray();
    for (const auto& p : *inv.payments) renderPayment(w, p);
    w.endArray();
  }
  w.field("created_at", inv.created_at).field("updated_at", inv.updated_at).endObject();
}

void renderFinanceSummary(JsonWriter& w, const FinanceSummary& s) {
  w.beginObject()
      .field("object", "finance_summary")
      .field("period", s.period)
      .field("currency", s.currency)
      .field("revenue_minor", s.revenue_minor)
      .field("tax_minor", s.tax_minor);
  w.key("billable_hours").raw(formatMilli(s.billable_hours_milli));
  w.field("receivables_minor", s.receivables_minor).field("invoice_count", s.invoice_count);
  w.key("by_aircraft").beginArray();
  for (const auto& a : s.by_aircraft) {
    w.beginObject()
        .field("aircraft_id", a.aircraft_id)
        .field("registration", a.registration)
        .field("revenue_minor", a.revenue_minor);
    w.key("hours").raw(formatMilli(a.hours_milli)).endObject();
  }
  w.endArray().key("by_instructor").beginArray();
  for (const auto& t : s.by_instructor) {
    w.beginObject()
        .field("instructor_id", t.instructor_id)
        .field("name", t.name)
        .field("revenue_minor", t.revenue_minor);
    w.key("hours").raw(formatMilli(t.hours_milli)).endObject();
  }
  w.endArray().endObject();
}

}  // namespace gaflight::domain
