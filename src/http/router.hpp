#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/message.hpp"

namespace gaflight::http {

struct RequestContext {
  const Request& req;
  std::string request_id;
  std::string route;  // the matched template, e.g. "/api/v1/public/pilots/{id}"
  std::vector<std::pair<std::string, std::string>> path_params;
  std::vector<Header> response_headers;  // added by middleware, merged into whatever response is sent

  const std::string& param(std::string_view name) const;
};

using Handler = std::function<Response(RequestContext&)>;

struct Route {
  std::string method;
  std::string pattern;
  std::vector<std::string> segments;
  Handler handler;
  // Never writes and never waits for a lock (e.g. SQLite WAL reads): may run on an IO thread.
  bool inline_safe = false;
};

class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler, bool inline_safe = false);
  struct Match {
    const Route* route = nullptr;
    bool path_known = false;      // some route has this path, maybe with another method
    std::string allowed_methods;  // for 405
    std::vector<std::pair<std::string, std::string>> params;
  };
  Match match(std::string_view method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace gaflight::http
