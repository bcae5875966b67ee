#pragma once
// Query parsing for invoice lists and finance summaries, shared by the public API and the console.
#include <string>
#include <utility>

#include "core/error.hpp"
#include "http/message.hpp"
#include "service/billing_service.hpp"

namespace gaflight::api {

enum class InvoiceAudience { kPublic, kConsole };

// limit, cursor, status, from, to (YYYY-MM-DD on issue_date, inclusive), account_id, updated_since;
// the console also takes overdue=true (overdue on `today`).
Result<service::InvoiceListOptions> invoiceListOptions(const http::Request& req, InvoiceAudience audience,
                                                       const std::string& today);

// from, to as YYYY-MM. Both absent: the twelve months ending with the current one; only one given: the
// twelve months starting (from) or ending (to) there. `today` is YYYY-MM-DD.
Result<std::pair<std::string, std::string>> financeRange(const http::Request& req, const std::string& today);

}  // namespace gaflight::api
