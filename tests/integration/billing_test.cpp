// Billing end to end: approving a flight bills it once; the console records payments, voids and credits;
// the public API lists invoices with their lines and monthly finance summaries that reconcile (SPEC §10.6).
#include <gtest/gtest.h>

#include "app/services.hpp"
#include "service/billing_service.hpp"
#include "service/demo.hpp"
#include "storage/operations_repository.hpp"
#include "support/test_server.hpp"

namespace gaflight::testing {
namespace {

class BillingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<TestServer>([](config::Config& c) { c.rate_limit = "1000:1000"; }, &clock_);
    std::tie(owner_, org_) = server_->createOwnerWithOrg("owner@school-a.example", "School A");
    std::tie(app_id_, token_) =
        createActiveAppWithKey(*server_, owner_, org_, {"public.invoices:read", "public.finance:read"});
    ops_ = "/api/v1/console/orgs/" + org_;
    instructor_ = pilot("Léa", "Martin", {"instructor"});
    student_ = pilot("Sam", "Student", {"student"});
    aircraft_ = aircraft("F-HABC");
    // Rates and VAT as the demo sets them (no console screen edits them yet).
    sql("UPDATE orgs SET tax_rate_bp = 2000 WHERE id = ?1", {org_});
    sql("UPDATE aircraft SET hourly_rate_minor = 18950 WHERE id = ?1", {aircraft_});
    sql("UPDATE pilots SET instruction_rate_minor = 4500 WHERE id = ?1", {instructor_});
  }

  void sql(const std::string& q, const storage::Params& p) {
    server_->app().database().connection().run(q, p);
  }
  int64_t count(const std::string& q, const storage::Params& p) {
    return server_->app().database().connection().scalarInt(q, p).value_or(-1);
  }

  std::string pilot(const std::string& first, const std::string& last,
                    const std::vector<std::string>& roles) {
    auto r = server_->console(owner_, "POST", ops_ + "/pilots",
                              {{"first_name", first},
                               {"last_name", last},
                               {"roles", roles},
                               {"medical", {{"class", "class_2"}, {"valid_until", "2030-12-31"}}}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["id"];
  }
  std::string aircraft(const std::string& reg) {
    auto r = server_->console(owner_, "POST", ops_ + "/fleet",
                              {{"registration", reg},
                               {"icao_type", "DA40"},
                               {"make", "Diamond"},
                               {"model", "DA40 NG"},
                               {"seats", 4},
                               {"hobbs_hours", 10.0},
                               {"tach_hours", 8.0}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["id"];
  }

  // Submits and approves a flight yesterday of 1.3 hobbs hours and 85 block minutes, chaining meters.
  std::string fly(bool dual) {
    auto a = server_->console(owner_, "GET", ops_ + "/fleet/" + aircraft_).json();
    double hobbs = a["hobbs_hours"], tach = a["tach_hours"];
    std::string d = timefmt::formatDate(timefmt::toUnixSeconds(clock_.now()) - 86400);
    std::string h = (flights_ < 10 ? "0" : "") + std::to_string(flights_);
    ++flights_;
    nlohmann::json body = {{"date", d},
                           {"aircraft_id", aircraft_},
                           {"pilot_id", student_},
                           {"purpose", dual ? "dual_training" : "rental"},
                           {"departure_icao", "LFPN"},
                           {"arrival_icao", "LFPN"},
                           {"off_block_at", d + "T" + h + ":00:00Z"},
                           {"takeoff_at", d + "T" + h + ":10:00Z"},
                           {"landing_at", d + "T" + h + ":20:00Z"},
                           {"on_block_at", d + "T" + h + ":25:00Z"},
                           {"hobbs_start_hours", hobbs},
                           {"hobbs_end_hours", (static_cast<int64_t>(hobbs * 10 + 0.5) + 13) / 10.0},
                           {"tach_start_hours", tach},
                           {"tach_end_hours", (static_cast<int64_t>(tach * 10 + 0.5) + 11) / 10.0}};
    // 85 minutes off-block to on-block: off 08:00 → on 09:25.
    std::string h2 = (flights_ < 10 ? "0" : "") + std::to_string(flights_);
    body["on_block_at"] = d + "T" + h2 + ":25:00Z";
    body["landing_at"] = d + "T" + h2 + ":15:00Z";
    ++flights_;
    if (dual) body["instructor_id"] = instructor_;
    auto r = server_->console(owner_, "POST", ops_ + "/flights", body);
    EXPECT_EQ(r.status, 201) << r.body;
    std::string id = r.json()["id"];
    auto ap = server_->console(owner_, "POST", ops_ + "/flights/" + id + "/approve");
    EXPECT_EQ(ap.status, 200) << ap.body;
    return id;
  }

  HttpResult pub(const std::string& path, const std::string& token, const std::string& org) {
    return server_->client().get("/api/v1/public" + path, publicHeaders(token, org));
  }
  HttpResult pub(const std::string& path) { return pub(path, token_, org_); }
  std::string today() const { return timefmt::formatDate(timefmt::toUnixSeconds(clock_.now())); }
  nlohmann::json invoiceOf(const std::string& flight_id) {
    auto list = pub("/invoices?limit=200").json();
    for (const auto& inv : list["data"]) {
      auto d = pub("/invoices/" + inv["id"].get<std::string>()).json();
      for (const auto& l : d["lines"])
        if (l["kind"] == "aircraft_time" && l["flight_id"] == flight_id) return d;
    }
    return nullptr;
  }

  FakeClock clock_;
  std::unique_ptr<TestServer> server_;
  ConsoleSession owner_;
  std::string org_, app_id_, token_, ops_, instructor_, student_, aircraft_;
  int flights_ = 8;
};

TEST_F(BillingTest, ApprovingADualFlightBillsItOnceWithAircraftAndInstructionLines) {
  std::string flight = fly(true);
  auto inv = invoiceOf(flight);
  ASSERT_TRUE(inv.is_object());
  EXPECT_EQ(inv["object"], "invoice");
  EXPECT_EQ(inv["number"], "INV-" + today().substr(0, 4) + "-00001");
  EXPECT_EQ(inv["status"], "issued");
  EXPECT_EQ(inv["issue_date"], today());
  EXPECT_EQ(inv["due_date"], timefmt::formatDate(timefmt::toUnixSeconds(clock_.now()) + 30 * 86400));
  EXPECT_EQ(inv["currency"], "EUR");
  ASSERT_EQ(inv["lines"].size(), 2u);
  auto air = inv["lines"][0], instr = inv["lines"][1];
  EXPECT_EQ(air["kind"], "aircraft_time");
  EXPECT_DOUBLE_EQ(air["quantity"].get<double>(), 1.3);
  EXPECT_EQ(air["unit"], "hour");
  EXPECT_EQ(air["unit_price_minor"], 18950);
  EXPECT_EQ(air["subtotal_minor"], 24635);
  EXPECT_EQ(air["tax_rate_bp"], 2000);
  EXPECT_EQ(air["tax_minor"], 4927);
  EXPECT_EQ(air["aircraft_id"], aircraft_);
  EXPECT_EQ(instr["kind"], "instruction");
  EXPECT_DOUBLE_EQ(instr["quantity"].get<double>(), 1.417);  // 85 block minutes
  EXPECT_EQ(instr["subtotal_minor"], 6377);
  EXPECT_EQ(instr["tax_minor"], 1275);
  EXPECT_EQ(instr["instructor_id"], instructor_);
  EXPECT_EQ(inv["subtotal_minor"], 24635 + 6377);
  EXPECT_EQ(inv["tax_minor"], 4927 + 1275);
  EXPECT_EQ(inv["total_minor"], 24635 + 6377 + 4927 + 1275);
  EXPECT_EQ(inv["balance_minor"], inv["total_minor"]);
  EXPECT_EQ(inv["paid_minor"], 0);
  EXPECT_EQ(inv["pilot_id"], student_);

  // Billing again (a retried hook) changes nothing: exactly one aircraft_time line names the flight.
  {
    auto& conn = server_->app().database().connection();
    storage::Transaction tx(conn, storage::TxMode::kWrite);
    auto f = storage::OperationsRepository(conn).findFlight(org_, flight);
    service::billApprovedFlight(conn, org_, *f, clock_.now());
    tx.commit();
  }
  EXPECT_EQ(
      count("SELECT count(*) FROM invoice_lines WHERE flight_id = ?1 AND kind = 'aircraft_time'", {flight}),
      1);
  EXPECT_EQ(count("SELECT count(*) FROM invoices WHERE org_id = ?1", {org_}), 1);
  EXPECT_EQ(count("SELECT count(*) FROM accounts WHERE org_id = ?1 AND pilot_id = ?2", {org_, student_}), 1);

  // A solo rental has only the aircraft line; the number follows on.
  std::string solo = fly(false);
  auto inv2 = invoiceOf(solo);
  ASSERT_TRUE(inv2.is_object());
  EXPECT_EQ(inv2["number"], "INV-" + today().substr(0, 4) + "-00002");
  EXPECT_EQ(inv2["lines"].size(), 1u);
  EXPECT_EQ(inv2["account_id"], inv["account_id"]);
}

TEST_F(BillingTest, PaymentsVoidAndCreditNotesFromTheConsole) {
  auto a = invoiceOf(fly(true)), b = invoiceOf(fly(false)), c = invoiceOf(fly(false));
  ASSERT_TRUE(a.is_object() && b.is_object() && c.is_object());
  const std::string inv = ops_ + "/invoices/";
  std::string a_id = a["id"];
  int64_t total = a["total_minor"];

  auto over = server_->console(owner_, "POST", inv + a_id + "/payments",
                               {{"amount_minor", total + 1}, {"method", "card"}});
  EXPECT_EQ(over.status, 422) << over.body;
  EXPECT_EQ(over.json()["field"], "amount_minor");
  auto bad_method =
      server_->console(owner_, "POST", inv + a_id + "/payments", {{"amount_minor", 100}, {"method", "iou"}});
  EXPECT_EQ(bad_method.json()["field"], "method");
  auto part = server_->console(owner_, "POST", inv + a_id + "/payments",
                               {{"amount_minor", 10000}, {"method", "cash"}, {"reference", "receipt 12"}});
  ASSERT_EQ(part.status, 201) << part.body;
  EXPECT_EQ(part.json()["status"], "issued");
  EXPECT_EQ(part.json()["balance_minor"], total - 10000);
  EXPECT_EQ(part.json()["payments"].size(), 1u);
  auto rest =
      server_->console(owner_, "POST", inv + a_id + "/payments",
                       {{"amount_minor", total - 10000}, {"method", "transfer"}, {"received_on", today()}});
  ASSERT_EQ(rest.status, 201) << rest.body;
  EXPECT_EQ(rest.json()["status"], "paid");
  EXPECT_EQ(rest.json()["balance_minor"], 0);
  EXPECT_EQ(server_->console(owner_, "POST", inv + a_id + "/void", {{"reason", "oops"}}).status, 409);

  // Void keeps its number; the next invoice does not reuse it.
  auto voided = server_->console(owner_, "POST", inv + b["id"].get<std::string>() + "/void",
                                 {{"reason", "Discovery flight offered"}});
  ASSERT_EQ(voided.status, 200) << voided.body;
  EXPECT_EQ(voided.json()["status"], "void");
  EXPECT_EQ(voided.json()["number"], b["number"]);
  EXPECT_TRUE(voided.json()["voided_at"].is_string());
  EXPECT_EQ(voided.json()["balance_minor"], 0);
  EXPECT_EQ(server_
                ->console(owner_, "POST", inv + b["id"].get<std::string>() + "/payments",
                          {{"amount_minor", 100}, {"method", "card"}})
                .status,
            409);
  auto d = invoiceOf(fly(false));
  EXPECT_EQ(d["number"], "INV-" + today().substr(0, 4) + "-00004");

  // Full credit of the paid invoice: negative mirror lines, never a second aircraft_time line.
  auto note = server_->console(owner_, "POST", inv + a_id + "/credit-notes", {{"reason", "Flight aborted"}});
  ASSERT_EQ(note.status, 201) << note.body;
  auto n = note.json();
  EXPECT_EQ(n["kind"], "credit_note");
  EXPECT_EQ(n["number"], "CRN-" + today().substr(0, 4) + "-00001");
  EXPECT_EQ(n["credited_invoice_id"], a_id);
  EXPECT_EQ(n["total_minor"], -total);
  ASSERT_EQ(n["lines"].size(), 2u);
  EXPECT_EQ(n["lines"][0]["kind"], "credit");
  EXPECT_DOUBLE_EQ(n["lines"][0]["quantity"].get<double>(), -1.3);
  auto after = server_->console(owner_, "GET", inv + a_id).json();
  EXPECT_EQ(after["credited_minor"], total);
  EXPECT_EQ(after["balance_minor"], -total);  // the school owes the pilot a refund
  EXPECT_EQ(server_->console(owner_, "POST", inv + a_id + "/credit-notes", {{"reason", "again"}}).status,
            409);

  // A partial credit on an issued invoice, before tax, settles it when nothing is left.
  std::string c_id = c["id"];
  int64_t c_sub = c["subtotal_minor"];
  auto partial = server_->console(owner_, "POST", inv + c_id + "/credit-notes",
                                  {{"amount_minor", c_sub}, {"reason", "Goodwill"}});
  ASSERT_EQ(partial.status, 201) << partial.body;
  EXPECT_EQ(partial.json()["total_minor"], -c["total_minor"].get<int64_t>());
  EXPECT_EQ(server_->console(owner_, "GET", inv + c_id).json()["status"], "paid");

  for (const char* action : {"invoice.payment_recorded", "invoice.voided", "invoice.credited"}) {
    EXPECT_GE(count("SELECT count(*) FROM audit_log WHERE org_id = ?1 AND action = ?2", {org_, action}), 1)
        << action;
  }
  auto accounts = server_->console(owner_, "GET", ops_ + "/accounts").json()["data"];
  bool found = false;
  for (const auto& acc : accounts) {
    if (acc["pilot_id"] != student_) continue;
    found = true;
    EXPECT_EQ(acc["balance_minor"].get<int64_t>(),
              acc["invoiced_minor"].get<int64_t>() - acc["paid_minor"].get<int64_t>());
  }
  EXPECT_TRUE(found);
}

TEST_F(BillingTest, PublicListsFilterPageAndReconcileWithFinanceSummaries) {
  for (int i = 0; i < 3; ++i) fly(i % 2 == 0);
  auto all = pub("/invoices").json()["data"];
  ASSERT_EQ(all.size(), 3u);
  EXPECT_FALSE(all[0].contains("lines"));  // lines in the detail view only
  server_->console(owner_, "POST", ops_ + "/invoices/" + all[1]["id"].get<std::string>() + "/void",
                   {{"reason", "gift"}});

  // Cursor paging in issue_date, id order.
  auto p1 = pub("/invoices?limit=2").json();
  ASSERT_EQ(p1["data"].size(), 2u);
  ASSERT_TRUE(p1["cursor"].is_string());
  auto p2 = pub("/invoices?limit=2&cursor=" + p1["cursor"].get<std::string>()).json();
  ASSERT_EQ(p2["data"].size(), 1u);
  EXPECT_TRUE(p2["cursor"].is_null());
  EXPECT_EQ(p2["data"][0]["id"], all[2]["id"]);

  EXPECT_EQ(pub("/invoices?status=void").json()["data"].size(), 1u);
  EXPECT_EQ(pub("/invoices?from=" + today() + "&to=" + today()).json()["data"].size(), 3u);
  EXPECT_EQ(pub("/invoices?to=2000-01-01").json()["data"].size(), 0u);
  EXPECT_EQ(pub("/invoices?account_id=" + all[0]["account_id"].get<std::string>()).json()["data"].size(), 3u);
  EXPECT_EQ(pub("/invoices?status=late").status, 400);
  EXPECT_EQ(pub("/invoices?overdue=true").status, 400);  // console only
  EXPECT_EQ(pub("/invoices/inv_nope").status, 404);

  const std::string month = today().substr(0, 7);
  auto fin = pub("/finance-summaries?from=" + month + "&to=" + month);
  ASSERT_EQ(fin.status, 200) << fin.body;
  auto s = fin.json()["data"];
  ASSERT_EQ(s.size(), 1u);
  EXPECT_TRUE(fin.json()["cursor"].is_null());
  int64_t revenue = 0, tax = 0, hours_milli = 0;
  for (const auto& inv : all) {
    if (inv["id"] == all[1]["id"]) continue;  // void
    auto d = pub("/invoices/" + inv["id"].get<std::string>()).json();
    revenue += d["subtotal_minor"].get<int64_t>();
    tax += d["tax_minor"].get<int64_t>();
    int64_t line_total = 0;
    for (const auto& l : d["lines"]) {
      line_total += l["total_minor"].get<int64_t>();
      if (l["kind"] == "aircraft_time") hours_milli += std::llround(l["quantity"].get<double>() * 1000);
    }
    EXPECT_EQ(d["total_minor"], line_total);
    EXPECT_EQ(d["total_minor"].get<int64_t>(),
              d["subtotal_minor"].get<int64_t>() + d["tax_minor"].get<int64_t>());
  }
  EXPECT_EQ(s[0]["period"], month);
  EXPECT_EQ(s[0]["currency"], "EUR");
  EXPECT_EQ(s[0]["revenue_minor"], revenue);
  EXPECT_EQ(s[0]["tax_minor"], tax);
  EXPECT_EQ(std::llround(s[0]["billable_hours"].get<double>() * 1000), hours_milli);
  EXPECT_EQ(s[0]["receivables_minor"], revenue + tax);
  ASSERT_EQ(s[0]["by_aircraft"].size(), 1u);
  EXPECT_EQ(s[0]["by_aircraft"][0]["registration"], "F-HABC");
  ASSERT_EQ(s[0]["by_instructor"].size(), 1u);
  EXPECT_EQ(s[0]["by_instructor"][0]["name"], "Léa Martin");

  EXPECT_EQ(pub("/finance-summaries").json()["data"].size(), 12u);  // default: the last twelve months
  EXPECT_EQ(pub("/finance-summaries").json()["data"][11]["period"], month);
  EXPECT_EQ(pub("/finance-summaries?from=2026-1").status, 400);
  EXPECT_EQ(pub("/finance-summaries?from=2020-01&to=2026-01").status, 400);  // more than 36 months
  EXPECT_EQ(pub("/finance-summaries?from=2026-05&to=2026-04").status, 400);
  EXPECT_EQ(pub("/finance-summaries?period=2026-04").status, 400);

  // Scopes and tenancy.
  auto [other_app, no_scope] = createActiveAppWithKey(*server_, owner_, org_, {"public.flights:read"});
  EXPECT_EQ(pub("/invoices", no_scope, org_).status, 403);
  EXPECT_EQ(pub("/finance-summaries", no_scope, org_).status, 403);
  auto [owner_b, org_b] = server_->createOwnerWithOrg("owner@school-b.example", "School B");
  auto [app_b, token_b] = createActiveAppWithKey(*server_, owner_b, org_b, {"public.invoices:read"});
  EXPECT_EQ(pub("/invoices", token_b, org_b).json()["data"].size(), 0u);
  EXPECT_EQ(pub("/invoices/" + all[0]["id"].get<std::string>(), token_b, org_b).status, 404);
  EXPECT_EQ(server_->console(owner_b, "GET", ops_ + "/invoices").status, 404);  // not a member
}

TEST_F(BillingTest, OnlyOwnersAndAdminsSeeTheBooks) {
  fly(true);
  auto [instr, other_org] = server_->createOwnerWithOrg("instructor@school-a.example", "Elsewhere");
  sql("INSERT INTO memberships(org_id, user_id, role, created_at) VALUES (?1, ?2, 'instructor', ?3)",
      {org_, instr.user_id, timefmt::formatInstant(clock_.now())});
  EXPECT_EQ(server_->console(instr, "GET", ops_ + "/flights").status, 200);  // a member of the school
  EXPECT_EQ(server_->console(instr, "GET", ops_ + "/invoices").status, 403);
  EXPECT_EQ(server_->console(instr, "GET", ops_ + "/accounts").status, 403);
  EXPECT_EQ(server_->console(instr, "GET", ops_ + "/finance-summaries").status, 403);
  std::string id = pub("/invoices").json()["data"][0]["id"];
  EXPECT_EQ(server_
                ->console(instr, "POST", ops_ + "/invoices/" + id + "/payments",
                          {{"amount_minor", 100}, {"method", "cash"}})
                .status,
            403);
  EXPECT_EQ(count("SELECT count(*) FROM payments WHERE org_id = ?1", {org_}), 0);
}

// The demo school: every approved flight billed by exactly one aircraft_time line, totals reconcile,
// and the history has payments, overdue balances, void invoices and credit notes.
TEST(BillingDemo, EveryApprovedFlightIsBilledOnceAndTotalsReconcile) {
  FakeClock clock;
  TestServer server({}, &clock);
  auto& s = server.app().services();
  auto demo = service::createDemoOrganisation(server.app().database(), clock, s.identity, s.developer,
                                              {s.training, s.billing, s.vtr});
  auto& conn = server.app().database().connection();
  auto n = [&](const std::string& q) { return conn.scalarInt(q, {demo.org_id}).value_or(-1); };
  int64_t approved = n("SELECT count(*) FROM flights WHERE org_id = ?1 AND status = 'approved'");
  EXPECT_GT(approved, 4000);
  EXPECT_EQ(n("SELECT count(*) FROM invoice_lines l JOIN flights f ON f.id = l.flight_id WHERE f.org_id = ?1 "
              "AND f.status = 'approved' AND l.kind = 'aircraft_time'"),
            approved);
  EXPECT_EQ(n("SELECT count(*) FROM invoice_lines l JOIN flights f ON f.id = l.flight_id WHERE f.org_id = ?1 "
              "AND f.status <> 'approved' AND l.kind = 'aircraft_time'"),
            0);
  EXPECT_EQ(
      n("SELECT count(*) FROM invoices i WHERE org_id = ?1 AND (total_minor <> subtotal_minor + tax_minor "
        "OR total_minor <> (SELECT SUM(total_minor) FROM invoice_lines WHERE invoice_id = i.id))"),
      0);
  EXPECT_EQ(
      n("SELECT count(*) FROM pilots p WHERE org_id = ?1 AND NOT EXISTS (SELECT 1 FROM accounts a WHERE "
        "a.pilot_id = p.id)"),
      0);
  EXPECT_EQ(n("SELECT tax_rate_bp FROM orgs WHERE id = ?1"), 2000);
  EXPECT_GE(n("SELECT count(*) FROM invoices WHERE org_id = ?1 AND status = 'void'"), 1);
  EXPECT_GE(n("SELECT count(*) FROM invoices WHERE org_id = ?1 AND kind = 'credit_note'"), 1);
  EXPECT_GT(n("SELECT count(*) FROM payments WHERE org_id = ?1"), approved / 2);
  const std::string today = timefmt::formatDate(timefmt::toUnixSeconds(clock.now()));
  auto overdue = conn.scalarInt(
      "SELECT count(*) FROM invoices WHERE org_id = ?1 AND status = 'issued' AND kind = "
      "'invoice' AND due_date < ?2 AND total_minor > paid_minor + credited_minor",
      {demo.org_id, today});
  EXPECT_GE(overdue.value_or(0), 1);
  EXPECT_LE(overdue.value_or(0), 60);
  EXPECT_EQ(
      n("SELECT count(*) FROM invoices WHERE org_id = ?1 AND kind = 'invoice' AND paid_minor > total_minor"),
      0);

  // The summary of a past month agrees with the invoices of that month.
  std::string month = timefmt::formatDate(timefmt::toUnixSeconds(clock.now()) - 60 * 86400).substr(0, 7);
  auto sums = s.billing.financeSummaries(demo.org_id, month, month);
  ASSERT_TRUE(sums);
  auto sub = conn.scalarInt(
      "SELECT SUM(subtotal_minor) FROM invoices WHERE org_id = ?1 AND status <> 'void' AND "
      "substr(issue_date, 1, 7) = ?2",
      {demo.org_id, month});
  EXPECT_EQ((*sums)[0].revenue_minor, sub.value_or(0));
  EXPECT_GT((*sums)[0].billable_hours_milli, 0);
  EXPECT_FALSE((*sums)[0].by_aircraft.empty());
  EXPECT_FALSE((*sums)[0].by_instructor.empty());
}

}  // namespace
}  // namespace gaflight::testing
