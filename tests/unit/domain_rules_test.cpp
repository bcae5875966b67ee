#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "domain/app_rules.hpp"
#include "domain/entities.hpp"
#include "domain/roles.hpp"
#include "domain/scopes.hpp"

namespace gaflight::domain {
namespace {

// Exactly `n` ASCII characters, none of them white space (so trimming never shortens it).
std::string ascii(size_t n) {
  std::string s;
  const char* text = "Needed-to-show-the-pilot-roster-in-our-scheduling-app.";
  while (s.size() < n) s += text;
  s.resize(n);
  return s;
}

RequiredScope scope(std::string name, std::string justification) {
  return RequiredScope{std::move(name), std::move(justification)};
}

// ---- required_scopes ----

TEST(RequiredScopes, FortyCharactersAccepted) {
  ASSERT_EQ(ascii(40).size(), 40u);
  EXPECT_TRUE(validateRequiredScopes({scope("public.pilots:read", ascii(40))}).ok());
}

TEST(RequiredScopes, ThirtyNineCharactersRefusedNamingScopeAndIndex) {
  auto st = validateRequiredScopes(
      {scope("public.pilots:read", ascii(45)), scope("public.flights:read", ascii(39))});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kValidationFailed);
  EXPECT_EQ(st.error().field, "required_scopes[1].justification");
  EXPECT_EQ(st.error().extra_key, "scope");
  EXPECT_EQ(st.error().extra_value, "public.flights:read");
  EXPECT_NE(st.error().detail.find("public.flights:read"), std::string::npos) << st.error().detail;
  EXPECT_NE(st.error().detail.find("39"), std::string::npos) << st.error().detail;
}

TEST(RequiredScopes, WhitespaceTrimmedBeforeCounting) {
  // 39 visible characters padded to well over 40 bytes.
  auto st = validateRequiredScopes({scope("public.fleet:read", "   \t" + ascii(39) + " \n\r  ")});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().field, "required_scopes[0].justification");
  EXPECT_TRUE(validateRequiredScopes({scope("public.fleet:read", "  " + ascii(40) + "  ")}).ok());
  EXPECT_FALSE(validateRequiredScopes({scope("public.fleet:read", std::string(60, ' '))}).ok());
}

TEST(RequiredScopes, InteriorWhitespaceCounts) {
  std::string j = "a";  // 40 characters, trimmed ends are letters
  j.append(38, ' ');
  j += "b";
  EXPECT_TRUE(validateRequiredScopes({scope("public.fleet:read", j)}).ok());
}

TEST(RequiredScopes, MultiByteCharactersCountedAsCodePoints) {
  std::string e_acute = "\xC3\xA9";  // é: 2 bytes, 1 character
  std::string thirty_nine;
  for (int i = 0; i < 39; ++i) thirty_nine += e_acute;  // 78 bytes
  auto st = validateRequiredScopes({scope("public.pilots:read", thirty_nine)});
  ASSERT_FALSE(st.ok()) << "78 bytes but only 39 characters";
  EXPECT_EQ(st.error().extra_value, "public.pilots:read");

  std::string forty = thirty_nine + "\xF0\x9F\x9B\xA9";  // + one 4-byte character
  EXPECT_TRUE(validateRequiredScopes({scope("public.pilots:read", forty)}).ok());
}

TEST(RequiredScopes, UnknownScopeRefused) {
  auto st = validateRequiredScopes(
      {scope("public.pilots:read", ascii(50)), scope("public.pilots:write", ascii(50))});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kValidationFailed);
  EXPECT_EQ(st.error().field, "required_scopes[1].scope");
  EXPECT_NE(st.error().detail.find("public.pilots:write"), std::string::npos);
  EXPECT_FALSE(validateRequiredScopes({scope("", ascii(50))}).ok());
  EXPECT_FALSE(validateRequiredScopes({scope("PUBLIC.PILOTS:READ", ascii(50))}).ok());
  EXPECT_FALSE(validateRequiredScopes({scope("public.pilots:read ", ascii(50))}).ok());
}

TEST(RequiredScopes, DuplicatesRefused) {
  auto st =
      validateRequiredScopes({scope("public.pilots:read", ascii(50)), scope("public.fleet:read", ascii(50)),
                              scope("public.pilots:read", ascii(60))});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().field, "required_scopes[2].scope");
  EXPECT_NE(st.error().detail.find("public.pilots:read"), std::string::npos);
}

TEST(RequiredScopes, EmptyListRefused) {
  auto st = validateRequiredScopes({});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kValidationFailed);
  EXPECT_EQ(st.error().field, "required_scopes");
}

TEST(RequiredScopes, WholeCatalogAccepted) {
  std::vector<RequiredScope> all;
  for (const auto& s : scopeCatalog()) all.push_back(scope(s, ascii(40)));
  EXPECT_TRUE(validateRequiredScopes(all).ok());
}

TEST(RequiredScopes, OverlongJustificationRefused) {
  EXPECT_TRUE(validateRequiredScopes({scope("public.vtr:read", ascii(2000))}).ok());
  auto st = validateRequiredScopes({scope("public.vtr:read", ascii(2001))});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().field, "required_scopes[0].justification");
}

// ---- scope catalog helpers ----

TEST(ScopeCatalog, TwelveDistinctPublicReadScopes) {
  const auto& cat = scopeCatalog();
  EXPECT_EQ(cat.size(), 12u);
  std::set<std::string> distinct(cat.begin(), cat.end());
  EXPECT_EQ(distinct.size(), cat.size());
  for (const auto& s : cat) {
    EXPECT_EQ(s.rfind("public.", 0), 0u) << s;
    EXPECT_TRUE(s.size() > 5 && s.substr(s.size() - 5) == ":read") << s;
    EXPECT_TRUE(isKnownScope(s)) << s;
  }
  EXPECT_FALSE(isKnownScope("public.pilots"));
  EXPECT_FALSE(isKnownScope("admin"));
}

TEST(CodePointLength, CountsCharactersNotBytes) {
  EXPECT_EQ(codePointLength(""), 0u);
  EXPECT_EQ(codePointLength("abc"), 3u);
  EXPECT_EQ(codePointLength("\xC3\xA9t\xC3\xA9"), 3u);  // été
  EXPECT_EQ(codePointLength("\xE2\x82\xAC"), 1u);       // €
  EXPECT_EQ(codePointLength("\xF0\x9F\x9B\xA9\xF0\x9F\x9B\xA9"), 2u);
}

TEST(Trim, AsciiWhitespaceBothEnds) {
  EXPECT_EQ(trim("  a b  "), "a b");
  EXPECT_EQ(trim("\t\n\r\f\vx\v"), "x");
  EXPECT_EQ(trim("   "), "");
  EXPECT_EQ(trim(""), "");
  EXPECT_EQ(trim("x"), "x");
}

// ---- app metadata ----

TEST(AppMetadata, ValidInputs) {
  EXPECT_TRUE(validateAppMetadata("Scheduler", "", std::nullopt).ok());
  EXPECT_TRUE(
      validateAppMetadata("Scheduler", "Books aircraft.", std::string("https://example.com/app")).ok());
  EXPECT_TRUE(
      validateAppMetadata(ascii(100), std::string(2000, 'd'), std::string("http://localhost:8080")).ok());
}

TEST(AppMetadata, NameRequiredAndBounded) {
  auto st = validateAppMetadata("   ", "", std::nullopt);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().field, "name");
  EXPECT_FALSE(validateAppMetadata("", "", std::nullopt).ok());
  EXPECT_FALSE(validateAppMetadata(ascii(101), "", std::nullopt).ok());
  std::string hundred_accents;
  for (int i = 0; i < 100; ++i) hundred_accents += "\xC3\xA9";
  EXPECT_TRUE(validateAppMetadata(hundred_accents, "", std::nullopt).ok()) << "100 characters, 200 bytes";
}

TEST(AppMetadata, DescriptionBounded) {
  auto st = validateAppMetadata("App", std::string(2001, 'd'), std::nullopt);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().field, "description");
}

TEST(AppMetadata, HomepageMustBeHttpUrl) {
  for (const char* bad : {"javascript:alert(1)", "ftp://example.com", "example.com", "https://exa mple.com",
                          "https://example.com/\"><script>", "HTTPS//x", ""}) {
    auto st = validateAppMetadata("App", "", std::string(bad));
    ASSERT_FALSE(st.ok()) << bad;
    EXPECT_EQ(st.error().field, "homepage_url") << bad;
  }
  EXPECT_FALSE(validateAppMetadata("App", "", "https://example.com/" + std::string(500, 'a')).ok());
}

// ---- lifecycle ----

TEST(AppLifecycle, DraftActiveRevoked) {
  EXPECT_TRUE(canActivate("draft"));
  EXPECT_FALSE(canActivate("active"));
  EXPECT_FALSE(canActivate("revoked"));

  EXPECT_TRUE(canRevoke("draft"));
  EXPECT_TRUE(canRevoke("active"));
  EXPECT_FALSE(canRevoke("revoked")) << "revoked is final";

  EXPECT_FALSE(canMintKeys("draft"));
  EXPECT_TRUE(canMintKeys("active"));
  EXPECT_FALSE(canMintKeys("revoked"));

  for (const char* unknown : {"", "Active", "deleted"}) {
    EXPECT_FALSE(canActivate(unknown)) << unknown;
    EXPECT_FALSE(canRevoke(unknown)) << unknown;
    EXPECT_FALSE(canMintKeys(unknown)) << unknown;
  }
}

// ---- roles ----

TEST(Roles, ParseAndNameRoundTrip) {
  for (Role r : {Role::kOwner, Role::kAdmin, Role::kDeveloper, Role::kInstructor, Role::kMember}) {
    auto parsed = parseRole(roleName(r));
    ASSERT_TRUE(parsed.has_value()) << roleName(r);
    EXPECT_EQ(*parsed, r);
  }
  EXPECT_FALSE(parseRole("Owner").has_value());
  EXPECT_FALSE(parseRole("").has_value());
  EXPECT_FALSE(parseRole("superuser").has_value());
}

TEST(Roles, PermissionMatrix) {
  using P = Permission;
  struct Row {
    Role role;
    bool dev_platform, manage_ops, submit, review, audit, read;
  };
  const Row matrix[] = {
      {Role::kOwner, true, true, true, true, true, true},
      {Role::kAdmin, true, true, true, true, true, true},
      {Role::kDeveloper, true, false, true, false, true, true},
      {Role::kInstructor, false, false, true, true, false, true},
      {Role::kMember, false, false, true, false, false, true},
  };
  for (const auto& row : matrix) {
    SCOPED_TRACE(std::string(roleName(row.role)));
    EXPECT_EQ(roleAllows(row.role, P::kManageDeveloperPlatform), row.dev_platform);
    EXPECT_EQ(roleAllows(row.role, P::kManageOperations), row.manage_ops);
    EXPECT_EQ(roleAllows(row.role, P::kSubmitFlight), row.submit);
    EXPECT_EQ(roleAllows(row.role, P::kReviewFlight), row.review);
    EXPECT_EQ(roleAllows(row.role, P::kViewAuditLog), row.audit);
    EXPECT_EQ(roleAllows(row.role, P::kReadOperations), row.read);
  }
}

// ---- vocabularies and validators ----

TEST(Vocabularies, IsOneOf) {
  EXPECT_TRUE(isOneOf(pilotRoles(), "instructor"));
  EXPECT_FALSE(isOneOf(pilotRoles(), "Instructor"));
  EXPECT_TRUE(isOneOf(pilotStatuses(), "suspended"));
  EXPECT_TRUE(isOneOf(aircraftStatuses(), "grounded"));
  EXPECT_FALSE(isOneOf(aircraftStatuses(), "airworthy"));
  EXPECT_TRUE(isOneOf(flightPurposes(), "dual_training"));
  EXPECT_FALSE(isOneOf(flightPurposes(), ""));
}

TEST(Validators, IcaoAirport) {
  for (const char* ok : {"LFPN", "KJFK", "EGLL", "AAAA", "ZZZZ"}) EXPECT_TRUE(isIcaoAirport(ok)) << ok;
  for (const char* bad : {"", "LFP", "LFPNX", "lfpn", "LF1N", "LF N", "LFP-", "ÉFPN"}) {
    EXPECT_FALSE(isIcaoAirport(bad)) << bad;
  }
}

TEST(Validators, IcaoTypeDesignator) {
  for (const char* ok : {"C172", "PA28", "DR40", "A320", "B738", "SR22", "DA4", "AB"}) {
    EXPECT_TRUE(isIcaoTypeDesignator(ok)) << ok;
  }
  for (const char* bad : {"", "C", "C1720", "172C", "c172", "C-72", "C 72", "1234"}) {
    EXPECT_FALSE(isIcaoTypeDesignator(bad)) << bad;
  }
}

TEST(Validators, Registration) {
  for (const char* ok : {"F-GABC", "N12345", "D-EABC", "G-BOAC", "HB-KOF", "JA8119", "N1A"}) {
    EXPECT_TRUE(isRegistration(ok)) << ok;
  }
  for (const char* bad : {"", "F-", "-FGAB", "FGAB-", "F--GABC", "F-G-ABC", "f-gabc", "F GABC", "F_GABC",
                          "F-GABCDEFGHI", "AB"}) {
    EXPECT_FALSE(isRegistration(bad)) << bad;
  }
}

}  // namespace
}  // namespace gaflight::domain
