#include "domain/render.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace gaflight::domain {
namespace {

std::optional<std::string_view> view(const std::optional<std::string>& v) {
  return v ? std::optional<std::string_view>(*v) : std::nullopt;
}

// The row a list reads for `p` (roles as the repository stores them).
PilotRow rowOf(const Pilot& p, const std::string& roles_json) {
  PilotRow r;
  r.id = p.id;
  r.org_id = p.org_id;
  r.first_name = p.first_name;
  r.last_name = p.last_name;
  r.email = view(p.email);
  r.phone = view(p.phone);
  r.roles_json = roles_json;
  r.status = p.status;
  r.licence_type = view(p.licence_type);
  r.licence_number = view(p.licence_number);
  r.licence_issued_on = view(p.licence_issued_on);
  r.medical_class = view(p.medical_class);
  r.medical_valid_until = view(p.medical_valid_until);
  r.date_of_birth = view(p.date_of_birth);
  r.home_base = view(p.home_base);
  r.created_at = p.created_at;
  r.updated_at = p.updated_at;
  return r;
}

void expectSameBytes(const Pilot& p) {
  std::string roles_json = nlohmann::json(p.roles).dump();
  std::string from_pilot = renderOne(p, renderPilot);
  std::string from_row = renderOne(rowOf(p, roles_json), renderPilotRow);
  EXPECT_EQ(from_row, from_pilot);
  auto parsed = nlohmann::json::parse(from_row);
  EXPECT_EQ(parsed["roles"].get<std::vector<std::string>>(), p.roles);
}

// The public list renders pilots from result rows, the single-pilot route from a Pilot: one shape.
TEST(RenderPilot, ARowRendersTheSameBytesAsThePilot) {
  Pilot full;
  full.id = "plt_01HHSQ681CX9XDQPZ5VV3C4M32";
  full.org_id = "org_1";
  full.first_name = "R\xC3\xA9mi";
  full.last_name = "O\"Neil\\";
  full.email = "remi@example.org";
  full.phone = "+33 6 58 83 74 91";
  full.roles = {"student", "instructor"};
  full.status = "active";
  full.licence_type = "CPL";
  full.licence_number = "FRA.FCL.CA.636852";
  full.licence_issued_on = "2012-06-18";
  full.medical_class = "class_1";
  full.medical_valid_until = "2027-12-02";
  full.date_of_birth = "1967-06-07";
  full.home_base = "LFPN";
  full.created_at = "2023-12-16T16:26:13Z";
  full.updated_at = "2026-12-03T15:50:42Z";
  expectSameBytes(full);

  Pilot sparse;
  sparse.id = "plt_2";
  sparse.org_id = "org_1";
  sparse.first_name = "A";
  sparse.last_name = "B";
  sparse.roles = {"member"};
  sparse.status = "inactive";
  sparse.medical_class = "class_2";  // a medical without a date; no licence at all
  sparse.created_at = sparse.updated_at = "2026-01-01T00:00:00Z";
  expectSameBytes(sparse);
}

}  // namespace
}  // namespace gaflight::domain
