#pragma once
// Opaque, tamper-evident keyset cursors: base64url(JSON payload) "." base64url(truncated HMAC).
// The payload binds resource kind, organisation and a signature of the filters, so a forged,
// foreign-org or cross-resource cursor is rejected with 400 invalid_parameter.
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace gaflight::service {

class CursorCodec {
 public:
  explicit CursorCodec(std::string key) : key_(std::move(key)) {}
  std::string encode(std::string_view kind, std::string_view org, std::string_view filter_sig,
                     const std::vector<std::string>& keys) const;
  Result<std::vector<std::string>> decode(std::string_view token, std::string_view kind, std::string_view org,
                                          std::string_view filter_sig, size_t key_count) const;

 private:
  std::string key_;
};

struct PageQuery {
  int limit = 50;
  std::string cursor;  // empty = first page
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::string next_cursor;  // empty = last page
};

}  // namespace gaflight::service
