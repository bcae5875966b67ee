#include "api/training_options.hpp"

#include "api/common.hpp"

namespace gaflight::api {

namespace {
// What both training lists take: limit, cursor, student_id, program_id, updated_since.
struct CommonParams {
  service::PageQuery page;
  std::optional<std::string> student, program, since;
};

Result<CommonParams> commonParams(const http::Request& req) {
  auto page = pageQuery(req);
  if (!page) return page.error();
  auto student = idParam(req, "student_id", "plt_");
  if (!student) return student.error();
  auto program = idParam(req, "program_id", "tp_");
  if (!program) return program.error();
  auto since = instantParam(req, "updated_since");
  if (!since) return since.error();
  return CommonParams{*page, *student, *program, *since};
}
}  // namespace

Result<service::ProgressListOptions> progressListOptions(const http::Request& req,
                                                         StatusFilter status_filter) {
  auto st = status_filter == StatusFilter::kAccepted
                ? checkQuery(req, {"limit", "cursor", "student_id", "program_id", "status", "updated_since"})
                : checkQuery(req, {"limit", "cursor", "student_id", "program_id", "updated_since"});
  if (!st) return st.error();
  auto c = commonParams(req);
  if (!c) return c.error();
  auto status = enumParam(req, "status", {"active", "on_hold", "completed", "withdrawn"});
  if (!status) return status.error();
  return service::ProgressListOptions{c->page, {c->student, c->program, *status, c->since}};
}

Result<service::SignoffListOptions> signoffListOptions(const http::Request& req) {
  if (auto st =
          checkQuery(req, {"limit", "cursor", "student_id", "program_id", "from", "to", "updated_since"});
      !st)
    return st.error();
  auto c = commonParams(req);
  if (!c) return c.error();
  auto from = dateParam(req, "from");
  if (!from) return from.error();
  auto to = dateParam(req, "to");
  if (!to) return to.error();
  if (*from && *to && **from > **to)
    return makeError(ErrorCode::kInvalidParameter, "to must not be before from.", "to");
  return service::SignoffListOptions{c->page, {c->student, c->program, *from, *to, c->since}};
}

}  // namespace gaflight::api
