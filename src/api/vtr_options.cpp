#include "api/vtr_options.hpp"

#include <cctype>

#include "api/common.hpp"

namespace gaflight::api {

namespace {
// An id whose prefix another area owns (programmes): letters, digits, '_' and '-', at most 64.
Result<std::optional<std::string>> anyIdParam(const http::Request& req, std::string_view name) {
  const std::string* v = req.queryParam(name);
  if (!v) return std::optional<std::string>();
  bool ok = !v->empty() && v->size() <= 64;
  for (char c : *v) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-');
  if (!ok)
    return makeError(ErrorCode::kInvalidParameter,
                     "Query parameter '" + std::string(name) + "' is not an id.", std::string(name));
  return std::optional<std::string>(*v);
}
}  // namespace

Result<service::VtrListOptions> vtrListOptions(const http::Request& req) {
  if (auto st = checkQuery(req, {"limit", "cursor", "student_id", "program_id", "status", "updated_since"});
      !st)
    return st.error();
  auto page = pageQuery(req);
  if (!page) return page.error();
  auto student = idParam(req, "student_id", "plt_");
  if (!student) return student.error();
  auto program = anyIdParam(req, "program_id");
  if (!program) return program.error();
  auto status = enumParam(req, "status", {"verified", "revoked", "superseded"});
  if (!status) return status.error();
  auto since = instantParam(req, "updated_since");
  if (!since) return since.error();
  return service::VtrListOptions{*page, {*student, *program, *status, *since}};
}

}  // namespace gaflight::api
