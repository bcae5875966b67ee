// Console JSON bodies: a logged-in owner posts arbitrary bytes to the console's write routes (the
// route chosen by the first byte). Every answer is a success or a problem+json error; nothing 5xx.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "http/dispatcher.hpp"
#include "observability/metrics.hpp"
#include "support/test_server.hpp"

namespace {
struct Harness {
  gaflight::testing::TestServer server;
  gaflight::testing::ConsoleSession session;
  std::string org;
  gaflight::observability::Metrics metrics;
  std::unique_ptr<gaflight::http::Dispatcher> dispatcher;
  Harness() {
    auto [s, o] = server.createOwnerWithOrg("fuzz@example.org", "Fuzz Aero Club");
    session = s;
    org = o;
    dispatcher = std::make_unique<gaflight::http::Dispatcher>(server.app().router(), metrics, false);
  }
};

Harness& harness() {
  static auto* h = new Harness();
  return *h;
}

const std::vector<std::pair<std::string, std::string>>& routes() {
  // Webhook endpoints are left out on purpose: their URL check resolves host names, and a fuzzer must
  // not send DNS queries anywhere (webhook URLs have their own target, webhook_url).
  static const std::vector<std::pair<std::string, std::string>> r = {
      {"POST", "/pilots"},
      {"POST", "/fleet"},
      {"POST", "/flights"},
      {"POST", "/apps"},
      {"POST", "/installations"},
      {"POST", "/planning/sessions"},
      {"POST", "/compliance"},
      {"POST", "/maintenance/work-orders"},
      {"POST", "/training/programs"},
      {"POST", "/training/enrollments"},
      {"POST", "/vtr"},
      {"POST", "/orgs"},
  };
  return r;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  auto& h = harness();
  const auto& [method, suffix] = routes()[data[0] % routes().size()];
  gaflight::http::Request req;
  req.method = method;
  req.target = suffix == "/orgs" ? "/api/v1/console/orgs" : "/api/v1/console/orgs/" + h.org + suffix;
  gaflight::http::parseTarget(req);
  req.headers = {{"content-type", "application/json"},
                 {"cookie", h.session.cookie},
                 {"x-csrf-token", h.session.csrf},
                 {"origin", h.server.baseUrl()}};
  req.body.assign(reinterpret_cast<const char*>(data) + 1, size - 1);
  req.remote_ip = "127.0.0.1";
  auto res = h.dispatcher->handle(req);
  if (res.status >= 500) std::abort();
  if (res.status >= 400 && res.content_type != "application/problem+json") std::abort();
  return 0;
}
