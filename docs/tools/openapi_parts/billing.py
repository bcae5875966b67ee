"""Accounts, invoices, payments, credit notes and finance summaries (issue 8, SPEC §10.6)."""

INVOICE_STATUSES = ["draft", "issued", "paid", "void"]
LINE_KINDS = ["aircraft_time", "instruction", "credit"]
METHODS = ["card", "cash", "transfer", "cheque", "other"]

ROUNDING = (
    "Money is integer minor units of `currency`. A line's `subtotal_minor` = quantity × `unit_price_minor` and its "
    "`tax_minor` = `subtotal_minor` × `tax_rate_bp` / 10000, each rounded half away from zero to the minor unit; "
    "`total_minor` = `subtotal_minor` + `tax_minor`. An invoice's subtotal, tax and total are the sums of its lines, "
    "so `total_minor` = `subtotal_minor` + `tax_minor` = Σ lines' `total_minor` exactly.")

EX_LINE_AIR = {
    "id": "invl_01JZ3K8Q4V6W2X9Y7T5R3N1M0A", "object": "invoice_line", "position": 1, "kind": "aircraft_time",
    "description": "Aircraft time F-HABC (hobbs), flight of 2026-05-27", "quantity": 1.3, "unit": "hour",
    "unit_price_minor": 18950, "tax_rate_bp": 2000, "subtotal_minor": 24635, "tax_minor": 4927,
    "total_minor": 29562, "flight_id": "flt_01JZ3K8Q4V6W2X9Y7T5R3N1M0F", "aircraft_id": "acft_01JZ3K8Q4V6W2X9Y7T5R3N1M0Q",
    "instructor_id": None, "created_at": "2026-05-28T12:03:11Z", "updated_at": "2026-05-28T12:03:11Z",
}
EX_LINE_INSTR = {
    "id": "invl_01JZ3K8Q4V6W2X9Y7T5R3N1M0B", "object": "invoice_line", "position": 2, "kind": "instruction",
    "description": "Flight instruction Léa Martin (block time), flight of 2026-05-27", "quantity": 1.417,
    "unit": "hour", "unit_price_minor": 4500, "tax_rate_bp": 2000, "subtotal_minor": 6377, "tax_minor": 1275,
    "total_minor": 7652, "flight_id": "flt_01JZ3K8Q4V6W2X9Y7T5R3N1M0F", "aircraft_id": None,
    "instructor_id": "plt_01JZ3K8Q4V6W2X9Y7T5R3N1M0R", "created_at": "2026-05-28T12:03:11Z",
    "updated_at": "2026-05-28T12:03:11Z",
}
EX_INVOICE = {
    "id": "inv_01JZ3K8Q4V6W2X9Y7T5R3N1M0I", "object": "invoice", "number": "INV-2026-00042", "kind": "invoice",
    "account_id": "acc_01JZ3K8Q4V6W2X9Y7T5R3N1M0C", "account_name": "Sam Student",
    "pilot_id": "plt_01JZ3K8Q4V6W2X9Y7T5R3N1M0S", "status": "issued", "issue_date": "2026-05-28",
    "due_date": "2026-06-27", "currency": "EUR", "subtotal_minor": 31012, "tax_minor": 6202, "total_minor": 37214,
    "paid_minor": 10000, "credited_minor": 0, "balance_minor": 27214, "overdue": False, "credited_invoice_id": None,
    "voided_at": None, "void_reason": None, "created_at": "2026-05-28T12:03:11Z", "updated_at": "2026-05-29T09:00:00Z",
}
EX_INVOICE_DETAIL = {**{k: v for k, v in EX_INVOICE.items() if k not in ("created_at", "updated_at")},
                     "lines": [EX_LINE_AIR, EX_LINE_INSTR],
                     "created_at": EX_INVOICE["created_at"], "updated_at": EX_INVOICE["updated_at"]}
EX_PAYMENT = {
    "id": "pay_01JZ3K8Q4V6W2X9Y7T5R3N1M0P", "object": "payment", "account_id": EX_INVOICE["account_id"],
    "invoice_id": EX_INVOICE["id"], "amount_minor": 10000, "method": "card", "received_on": "2026-05-29",
    "reference": "Terminal receipt 8812", "created_by": "usr_01JZ3K8Q4V6W2X9Y7T5R3N1M0U",
    "created_at": "2026-05-29T09:00:00Z", "updated_at": "2026-05-29T09:00:00Z",
}
EX_CONSOLE_INVOICE = {**{k: v for k, v in EX_INVOICE_DETAIL.items() if k not in ("created_at", "updated_at")},
                      "payments": [EX_PAYMENT],
                      "created_at": EX_INVOICE["created_at"], "updated_at": EX_INVOICE["updated_at"]}
EX_ACCOUNT = {
    "id": EX_INVOICE["account_id"], "object": "account", "pilot_id": EX_INVOICE["pilot_id"], "name": "Sam Student",
    "currency": "EUR", "invoiced_minor": 37214, "paid_minor": 10000, "balance_minor": 27214, "overdue_minor": 0,
    "created_at": "2026-01-10T08:00:00Z", "updated_at": "2026-01-10T08:00:00Z",
}
EX_SUMMARY = {
    "object": "finance_summary", "period": "2026-05", "currency": "EUR", "revenue_minor": 5310250,
    "tax_minor": 1062050, "billable_hours": 231.4, "receivables_minor": 402310, "invoice_count": 292,
    "by_aircraft": [{"aircraft_id": "acft_01JZ3K8Q4V6W2X9Y7T5R3N1M0Q", "registration": "F-HABC",
                     "revenue_minor": 812300, "hours": 42.9}],
    "by_instructor": [{"instructor_id": "plt_01JZ3K8Q4V6W2X9Y7T5R3N1M0R", "name": "Léa Martin",
                       "revenue_minor": 301500, "hours": 67.0}],
}


def _list(g, item, what):
    return g.obj({
        "data": {"type": "array", "items": g.ref(item), "description": "This page of results."},
        "cursor": {"type": ["string", "null"],
                   "description": "Send back as `?cursor=` to get the next page; null on the last page."},
    }, ["data", "cursor"], f"One page of {what}.")


def schemas(g):
    sc = {}
    money = lambda d: g.integer(d + " Minor units.")  # noqa: E731
    sc["InvoiceLine"] = g.all_required({
        "id": g.prefixed_id("invl_", "invoice line"),
        "object": g.const("invoice_line", "Always `invoice_line`."),
        "position": g.integer("Order on the invoice, from 1.", minimum=1),
        "kind": g.s("`aircraft_time` (hobbs hours × the aircraft's rate, names the flight), `instruction` (block "
                    "time × the instructor's rate) or `credit` (a credit note's line).", enum=LINE_KINDS),
        "description": g.s("Human-readable label."),
        "quantity": g.number("Decimal quantity in `unit` (up to three decimals; negative on credit notes)."),
        "unit": g.s("`hour` or `each`.", enum=["hour", "each"]),
        "unit_price_minor": money("Price of one unit before tax."),
        "tax_rate_bp": g.integer("Tax rate in basis points (2000 = 20 %).", minimum=0),
        "subtotal_minor": money("quantity × unit price, rounded half away from zero."),
        "tax_minor": money("subtotal × tax rate, rounded half away from zero."),
        "total_minor": money("subtotal + tax."),
        "flight_id": g.nullable(g.s("The flight billed (`flt_…`).")),
        "aircraft_id": g.nullable(g.s("The aircraft (`acft_…`) of an aircraft_time line.")),
        "instructor_id": g.nullable(g.s("The instructor (`plt_…`) of an instruction line.")),
        "created_at": g.instant("When it was written."),
        "updated_at": g.instant("Lines never change after issue."),
    }, "One line of an invoice or credit note. " + ROUNDING, examples=[EX_LINE_AIR])
    sc["Payment"] = g.all_required({
        "id": g.prefixed_id("pay_", "payment"),
        "object": g.const("payment", "Always `payment`."),
        "account_id": g.s("The account (`acc_…`)."),
        "invoice_id": g.nullable(g.s("The invoice paid (`inv_…`).")),
        "amount_minor": g.integer("Amount received, minor units.", minimum=1),
        "method": g.s("How it was paid.", enum=METHODS),
        "received_on": g.date("When the money was received."),
        "reference": g.nullable(g.s("Receipt, transfer or cheque reference.")),
        "created_by": g.nullable(g.s("Console user who recorded it (`usr_…`).")),
        "created_at": g.instant("When it was recorded."),
        "updated_at": g.instant("Payments never change."),
    }, "Money received against an invoice.", examples=[EX_PAYMENT])
    invoice_props = {
        "id": g.prefixed_id("inv_", "invoice"),
        "object": g.const("invoice", "Always `invoice` (credit notes too; see `kind`)."),
        "number": g.s("`INV-YYYY-NNNNN` (credit notes `CRN-YYYY-NNNNN`), per organisation and year, never reused.",
                      examples=["INV-2026-00042"]),
        "kind": g.s("`invoice`, or `credit_note` (negative amounts).", enum=["invoice", "credit_note"]),
        "account_id": g.s("The pilot's account (`acc_…`)."),
        "account_name": g.s("The account holder's name."),
        "pilot_id": g.nullable(g.s("The pilot (`plt_…`).")),
        "status": g.s("draft → issued → paid; issued → void (keeps its number). A paid invoice is corrected by a "
                      "credit note.", enum=INVOICE_STATUSES),
        "issue_date": g.date("Issue date (a flight's invoice: the approval day, UTC)."),
        "due_date": g.date("Due date: issue date + 30 days."),
        "currency": g.s("ISO 4217 currency of every amount.", examples=["EUR"]),
        "subtotal_minor": money("Σ lines' subtotal."),
        "tax_minor": money("Σ lines' tax."),
        "total_minor": money("subtotal + tax = Σ lines' total."),
        "paid_minor": money("Σ payments."),
        "credited_minor": money("Σ of the credit notes issued against it (positive)."),
        "balance_minor": money("total − paid − credited for an invoice (negative: owed back to the pilot); 0 for a "
                               "credit note or a void invoice."),
        "overdue": {"type": "boolean", "description": "Issued, balance > 0 and the due date has passed."},
        "credited_invoice_id": g.nullable(g.s("For a credit note: the invoice it credits.")),
        "voided_at": g.nullable(g.instant("When it was voided.")),
        "void_reason": g.nullable(g.s("Why it was voided.")),
        "created_at": g.instant("When it was issued."),
        "updated_at": g.instant("Last change (a payment, a credit, void)."),
    }
    sc["Invoice"] = g.all_required(invoice_props, "An invoice or credit note. " + ROUNDING, examples=[EX_INVOICE])
    sc["InvoiceDetail"] = g.all_required(
        {**invoice_props, "lines": {"type": "array", "items": g.ref("InvoiceLine"), "description": "Line items."}},
        "An invoice with its line items.", examples=[EX_INVOICE_DETAIL])
    sc["ConsoleInvoice"] = g.all_required(
        {**invoice_props, "lines": {"type": "array", "items": g.ref("InvoiceLine"), "description": "Line items."},
         "payments": {"type": "array", "items": g.ref("Payment"), "description": "Payments, oldest first."}},
        "An invoice with its line items and payments.", examples=[EX_CONSOLE_INVOICE])
    sc["InvoiceList"] = _list(g, "Invoice", "Invoice objects")
    sc["Account"] = g.all_required({
        "id": g.prefixed_id("acc_", "account"),
        "object": g.const("account", "Always `account`."),
        "pilot_id": g.nullable(g.s("The pilot (`plt_…`); every pilot has one account.")),
        "name": g.s("Account holder."),
        "currency": g.s("ISO 4217."),
        "invoiced_minor": money("Σ totals of its invoices and credit notes that are not void."),
        "paid_minor": money("Σ its payments."),
        "balance_minor": money("invoiced − paid."),
        "overdue_minor": money("Σ balances of its overdue invoices."),
        "created_at": g.instant("Created."),
        "updated_at": g.instant("Last change."),
    }, "A pilot's account.", examples=[EX_ACCOUNT])
    sc["AccountList"] = _list(g, "Account", "Account objects (all of them; `cursor` is always null)")
    breakdown = lambda key, label: g.all_required({  # noqa: E731
        key[0]: g.s(f"The {label} id."),
        key[1]: g.s(f"The {label}'s {key[1]}."),
        "revenue_minor": money("Σ subtotal of the month's lines naming it (credit notes negative)."),
        "hours": g.number("Σ quantity of its aircraft_time (aircraft) or instruction (instructor) lines."),
    }, f"One {label}'s share of the month.")
    sc["FinanceSummary"] = g.all_required({
        "object": g.const("finance_summary", "Always `finance_summary`."),
        "period": g.s("The month, `YYYY-MM`.", examples=["2026-05"]),
        "currency": g.s("ISO 4217."),
        "revenue_minor": money("Σ `subtotal_minor` of the month's invoices and credit notes (by `issue_date`) whose "
                               "status is not `void`."),
        "tax_minor": money("Σ `tax_minor` of the same invoices."),
        "billable_hours": g.number("Σ quantity of the aircraft_time lines of the same invoices."),
        "receivables_minor": money("At the month's last day: Σ over the invoices issued by then of what each still "
                                   "owed (total − payments received by then − credit notes issued by then), "
                                   "negative balances counted as zero."),
        "invoice_count": g.integer("How many invoices and credit notes are summed.", minimum=0),
        "by_aircraft": {"type": "array", "items": breakdown(("aircraft_id", "registration"), "aircraft"),
                        "description": "By registration."},
        "by_instructor": {"type": "array", "items": breakdown(("instructor_id", "name"), "instructor"),
                          "description": "By name."},
    }, "One month of the books (SPEC §10.6).", examples=[EX_SUMMARY])
    sc["FinanceSummaryList"] = g.obj({
        "data": {"type": "array", "items": g.ref("FinanceSummary"), "description": "One object per month, oldest first."},
        "cursor": {"type": "null", "description": "Always null (every month asked for is in `data`)."},
    }, ["data", "cursor"], "Monthly finance summaries.")
    sc["PaymentCreate"] = g.obj({
        "amount_minor": g.integer("Amount received; at most the balance.", minimum=1),
        "method": g.s("How it was paid.", enum=METHODS),
        "received_on": g.s("When it was received (default today); not before the issue date, not in the future.",
                           format="date"),
        "reference": g.nullable(g.s("Receipt or transfer reference.", maxLength=200)),
    }, ["amount_minor", "method"], "A payment. Unknown fields → 422.", additionalProperties=False,
        examples=[{"amount_minor": 10000, "method": "card", "reference": "Terminal receipt 8812"}])
    sc["InvoiceVoid"] = g.obj({"reason": g.s("Why (1–1000 characters).", maxLength=1000)}, ["reason"],
                              "Voids an issued invoice without payments.", additionalProperties=False,
                              examples=[{"reason": "Discovery flight offered by the club (gift voucher)"}])
    sc["CreditNoteCreate"] = g.obj({
        "amount_minor": g.integer("Amount to credit before tax (tax added at the invoice's rate). Absent: the whole "
                                  "invoice, line by line.", minimum=1),
        "reason": g.s("Why (1–1000 characters).", maxLength=1000),
    }, ["reason"], "A credit note against an issued or paid invoice.", additionalProperties=False,
        examples=[{"reason": "Flight aborted after take-off, not chargeable"}])
    return sc


def paths(g):
    tag = "Public: Finance"
    errors = {"400": g.rsp("PublicBadRequest"), "401": g.rsp("PublicUnauthorized"), "403": g.rsp("PublicForbidden"),
              "429": g.rsp("PublicRateLimited")}
    filters = [
        {"name": "status", "in": "query", "required": False, "description": "Only invoices in this status.",
         "schema": g.s(enum=INVOICE_STATUSES)},
        {"name": "from", "in": "query", "required": False,
         "description": "Only invoices issued on or after this date (inclusive, on `issue_date`).",
         "schema": g.s(format="date", examples=["2026-05-01"])},
        {"name": "to", "in": "query", "required": False,
         "description": "Only invoices issued on or before this date (inclusive). Must not be before `from`.",
         "schema": g.s(format="date", examples=["2026-05-31"])},
        {"name": "account_id", "in": "query", "required": False, "description": "Only this account's (`acc_…`).",
         "schema": g.s()},
    ]
    months = [
        {"name": "from", "in": "query", "required": False,
         "description": "First month, `YYYY-MM`. Without `from` and `to`: the twelve months ending with the current "
                        "one; with only one of them: the twelve months starting or ending there. At most 36 months; "
                        "a bad format or `from` after `to` → 400 `invalid_parameter`.",
         "schema": g.s(pattern="^[0-9]{4}-(0[1-9]|1[0-2])$", examples=["2026-01"])},
        {"name": "to", "in": "query", "required": False, "description": "Last month, `YYYY-MM` (inclusive).",
         "schema": g.s(pattern="^[0-9]{4}-(0[1-9]|1[0-2])$", examples=["2026-05"])},
    ]
    iscope, fscope = "public.invoices:read", "public.finance:read"
    p = {}
    p["/api/v1/public/invoices"] = {"get": {
        "operationId": "listInvoices", "summary": "List invoices",
        "description": "Invoices and credit notes ordered by `issue_date` then `id` (without their lines). A void "
                       "invoice stays listed with `status` `void`.\n\nRequired scope: `" + iscope + "`."
                       + g.PUBLIC_LIST_TAIL,
        "tags": [tag], "security": g.SEC_PUBLIC, "x-required-scope": iscope,
        "parameters": [g.param("XOrgId"), g.param("Limit"), g.param("Cursor"), g.param("UpdatedSince"), *filters],
        "responses": {"200": g.ok("A page of invoices.", "InvoiceList", {"data": [EX_INVOICE], "cursor": None},
                                  public=True), **errors},
    }}
    p["/api/v1/public/invoices/{id}"] = {"get": {
        "operationId": "getInvoice", "summary": "Get an invoice with its lines",
        "description": "One invoice or credit note with its line items.\n\nRequired scope: `" + iscope + "`.",
        "tags": [tag], "security": g.SEC_PUBLIC, "x-required-scope": iscope,
        "parameters": [g.param("XOrgId"), {"name": "id", "in": "path", "required": True,
                                           "description": "The invoice's id (`inv_…`).",
                                           "schema": g.s(examples=[EX_INVOICE["id"]])}],
        "responses": {"200": g.ok("The invoice.", "InvoiceDetail", EX_INVOICE_DETAIL, public=True), **errors,
                      "404": g.rsp("PublicNotFound")},
    }}
    p["/api/v1/public/finance-summaries"] = {"get": {
        "operationId": "listFinanceSummaries", "summary": "Monthly finance summaries",
        "description": "One object per month from `from` to `to`: revenue, tax, billable hours, receivables and the "
                       "breakdowns by aircraft and instructor. For every month `revenue_minor` and `tax_minor` equal "
                       "the sums of `subtotal_minor` and `tax_minor` over that month's invoices (by `issue_date`) "
                       "whose status is not `void` (SPEC §10.6).\n\nRequired scope: `" + fscope + "`.",
        "tags": [tag], "security": g.SEC_PUBLIC, "x-required-scope": fscope,
        "parameters": [g.param("XOrgId"), *months],
        "responses": {"200": g.ok("The months.", "FinanceSummaryList", {"data": [EX_SUMMARY], "cursor": None},
                                  public=True), **errors},
    }}

    org = g.param("OrgId")
    iid = {"name": "invoice_id", "in": "path", "required": True, "description": "Invoice id (`inv_…`).",
           "schema": g.s(examples=[EX_INVOICE["id"]])}
    ctag = "Console: Finance"
    admins = " Requires the `owner` or `admin` role."
    base = g.O + "/invoices"
    p[g.O + "/accounts"] = {"get": g.console_op(
        "listAccounts", "List accounts", "Every pilot's account with its balances, by name." + admins, ctag,
        {"200": g.ok("The accounts.", "AccountList", {"data": [EX_ACCOUNT], "cursor": None})},
        mutating=False, params=[org])}
    p[base] = {"get": g.console_op(
        "listConsoleInvoices", "List invoices",
        "Same order and filters as the public list, plus `overdue=true`." + admins + g.CONSOLE_LIST_TAIL, ctag,
        {"200": g.ok("A page of invoices.", "InvoiceList", {"data": [EX_INVOICE], "cursor": None})},
        mutating=False,
        params=[org, *g.PAGE, g.param("UpdatedSince"), *filters,
                {"name": "overdue", "in": "query", "required": False,
                 "description": "`true`: only invoices overdue today.", "schema": g.s(enum=["true", "false"])}])}
    p[base + "/{invoice_id}"] = {"get": g.console_op(
        "getConsoleInvoice", "Get an invoice", "With its lines and payments." + admins, ctag,
        {"200": g.ok("The invoice.", "ConsoleInvoice", EX_CONSOLE_INVOICE), "404": g.rsp("NotFound")},
        mutating=False, params=[org, iid])}
    p[base + "/{invoice_id}/payments"] = {"post": g.console_op(
        "recordPayment", "Record a payment",
        "Records money received against an issued invoice (at most its balance); the invoice becomes `paid` when "
        "its balance reaches zero. A void, paid or credit-note invoice → 409. Audited (`invoice.payment_recorded`)."
        + admins, ctag,
        {"201": g.ok("The invoice afterwards.", "ConsoleInvoice", EX_CONSOLE_INVOICE), "409": g.rsp("Conflict")},
        mutating=True, params=[org, iid], request=g.body("PaymentCreate"))}
    p[base + "/{invoice_id}/void"] = {"post": g.console_op(
        "voidInvoice", "Void an invoice",
        "Voids an issued invoice without payments or credits: it keeps its number and leaves revenue. A paid "
        "invoice → 409 (issue a credit note). Audited (`invoice.voided`)." + admins, ctag,
        {"200": g.ok("The void invoice.", "ConsoleInvoice", EX_CONSOLE_INVOICE), "409": g.rsp("Conflict")},
        mutating=True, params=[org, iid], request=g.body("InvoiceVoid"))}
    p[base + "/{invoice_id}/credit-notes"] = {"post": g.console_op(
        "createCreditNote", "Issue a credit note",
        "Issues a credit note (`kind` `credit_note`, negative lines of kind `credit`, `credited_invoice_id`) against "
        "an issued or paid invoice: the whole invoice line by line, or `amount_minor` before tax. The invoice's "
        "`credited_minor` grows; an issued invoice left owing nothing becomes `paid`. Audited (`invoice.credited`)."
        + admins, ctag,
        {"201": g.ok("The credit note.", "ConsoleInvoice", EX_CONSOLE_INVOICE), "409": g.rsp("Conflict")},
        mutating=True, params=[org, iid], request=g.body("CreditNoteCreate"))}
    p[g.O + "/finance-summaries"] = {"get": g.console_op(
        "listConsoleFinanceSummaries", "Monthly finance summaries", "As the public route." + admins, ctag,
        {"200": g.ok("The months.", "FinanceSummaryList", {"data": [EX_SUMMARY], "cursor": None}),
         "400": g.rsp("BadRequest")},
        mutating=False, params=[org, *months])}
    return p


def tags(g):
    return [("Public: Finance", "Invoices with their line items (`public.invoices:read`) and monthly finance "
                                "summaries (`public.finance:read`)."),
            ("Console: Finance", "Accounts, invoices, payments, void and credit notes, the monthly finance page.")]
