#include "http/router.hpp"

#include "core/utf8.hpp"

namespace gaflight::http {

namespace {
std::vector<std::string_view> splitPath(std::string_view path) {
  std::vector<std::string_view> out;
  size_t i = 0;
  if (!path.empty() && path[0] == '/') i = 1;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.push_back(path.substr(i, j - i));
    i = j + 1;
  }
  return out;
}
}  // namespace

const std::string& RequestContext::param(std::string_view name) const {
  static const std::string kEmpty;
  for (const auto& [k, v] : path_params) {
    if (k == name) return v;
  }
  return kEmpty;
}

void Router::add(std::string method, std::string pattern, Handler handler, bool inline_safe) {
  Route r{std::move(method), std::move(pattern), {}, std::move(handler), inline_safe};
  for (auto seg : splitPath(r.pattern)) r.segments.emplace_back(seg);
  routes_.push_back(std::move(r));
}

Router::Match Router::match(std::string_view method, std::string_view path) const {
  Match m;
  auto segs = splitPath(path);
  for (const auto& r : routes_) {
    if (r.segments.size() != segs.size()) continue;
    std::vector<std::pair<std::string, std::string>> params;
    bool ok = true;
    for (size_t i = 0; i < segs.size() && ok; ++i) {
      const std::string& p = r.segments[i];
      if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
        // Every id is UTF-8, and PostgreSQL cannot even compare other bytes with a text column (SQLite
        // finds no row): such a segment names nothing, on either engine.
        if (segs[i].empty() || !utf8::isValid(segs[i]))
          ok = false;
        else
          params.emplace_back(p.substr(1, p.size() - 2), std::string(segs[i]));
      } else if (p != segs[i]) {
        ok = false;
      }
    }
    if (!ok) continue;
    m.path_known = true;
    if (r.method == method) {
      m.route = &r;
      m.params = std::move(params);
      return m;
    }
    if (!m.allowed_methods.empty()) m.allowed_methods += ", ";
    m.allowed_methods += r.method;
  }
  return m;
}

}  // namespace gaflight::http
