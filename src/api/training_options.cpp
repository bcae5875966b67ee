#include "api/training_options.hpp"

#include "api/common.hpp"

namespace gaflight::api {

Result<service::ProgressListOptions> progressListOptions(const http::Request& req,
                                                         StatusFilter status_filter) {
  auto st = status_filter == StatusFilter::kAccepted
                ? checkQuery(req, {"limit", "cursor", "student_id", "program_id", "status", "updated_since"})
                : checkQuery(req, {"limit", "cursor", "student_id", "program_id", "updated_since"});
  if (!st) return st.error();
  auto page = pageQuery(req);
  if (!page) return page.error();
  auto student = idParam(req, "student_id", "plt_");
  if (!student) return student.error();
  auto program = idParam(req, "program_id", "tp_");
  if (!program) return program.error();
  auto status = enumParam(req, "status", {"active", "on_hold", "completed", "withdrawn"});
  if (!status) return status.error();
  auto since = instantParam(req, "updated_since");
  if (!since) return since.error();
  return service::ProgressListOptions{*page, {*student, *program, *status, *since}};
}

Result<service::SignoffListOptions> signoffListOptions(const http::Request& req) {
  if (auto st =
          checkQuery(req, {"limit", "cursor", "student_id", "program_id", "from", "to", "updated_since"});
      !st)
    return st.error();
  auto page = pageQuery(req);
  if (!page) return page.error();
  auto student = idParam(req, "student_id", "plt_");
  if (!student) return student.error();
  auto program = idParam(req, "program_id", "tp_");
  if (!program) return program.error();
  auto from = dateParam(req, "from");
  if (!from) return from.error();
  auto to = dateParam(req, "to");
  if (!to) return to.error();
  if (*from && *to && **from > **to)
    return makeError(ErrorCode::kInvalidParameter, "to must not be before from.", "to");
  auto since = instantParam(req, "updated_since");
  if (!since) return since.error();
  return service::SignoffListOptions{*page, {*student, *program, *from, *to, *since}};
}

}  // namespace gaflight::api
