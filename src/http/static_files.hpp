#pragma once
// Serves files below one directory: no traversal, no dotfiles, a fixed type table, cache headers,
// and a strict Content-Security-Policy on HTML.
#include <optional>
#include <string>

#include "http/message.hpp"

namespace gaflight::http {

class StaticFiles {
 public:
  explicit StaticFiles(std::string root) : root_(std::move(root)) {}
  // `relative` is the path below the root, already percent-decoded; nullopt when not servable.
  std::optional<Response> serve(const std::string& relative) const;
  const std::string& root() const { return root_; }

 private:
  std::string root_;
};

inline constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

}  // namespace gaflight::http
