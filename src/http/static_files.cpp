#include "http/static_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace gaflight::http {

namespace {
const char* contentType(const std::string& path) {
  auto ends = [&](const char* ext) {
    std::string e(ext);
    return path.size() >= e.size() && path.compare(path.size() - e.size(), e.size(), e) == 0;
  };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js") || ends(".mjs")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".json")) return "application/json";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".ico")) return "image/x-icon";
  if (ends(".woff2")) return "font/woff2";
  return nullptr;
}
}  // namespace

std::optional<Response> StaticFiles::serve(const std::string& relative) const {
  if (relative.empty() || relative.size() > 200 || relative.front() == '/') return std::nullopt;
  // Each segment must be a plain name: no "..", no hidden files, no backslashes or NUL.
  size_t start = 0;
  while (start <= relative.size()) {
    size_t end = relative.find('/', start);
    if (end == std::string::npos) end = relative.size();
    std::string seg = relative.substr(start, end - start);
    if (seg.empty() || seg[0] == '.') return std::nullopt;
    for (char c : seg) {
      if (!(isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) return std::nullopt;
    }
    start = end + 1;
  }
  const char* type = contentType(relative);
  if (!type) return std::nullopt;
  std::string path = root_ + "/" + relative;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    return std::nullopt;  // a directory opens as a stream on Linux
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  Response r;
  r.content_type = type;
  r.body = ss.str();
  bool html = relative.size() >= 5 && relative.compare(relative.size() - 5, 5, ".html") == 0;
  // Revalidated on every use: asset names are fixed, so a cached old module next to a new one
  // could break the console right after an upgrade.
  r.set("Cache-Control", "no-cache");
  if (html) {
    r.set("Content-Security-Policy", kContentSecurityPolicy);
    r.set("X-Frame-Options", "DENY");
    r.set("Referrer-Policy", "no-referrer");
  }
  return r;
}

}  // namespace gaflight::http
