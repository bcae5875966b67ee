#pragma once
// Opaque, tamper-evident keyset cursors: base64url(JSON payload) "." base64url(truncated HMAC).
// The payload binds resource kind, organisation and a signature of the filters, so a forged,
// foreign-org or cross-resource cursor is rejected with 400 invalid_parameter.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto.hpp"
#include "core/error.hpp"

namespace gaflight::service {

class CursorCodec {
 public:
  explicit CursorCodec(const std::string& key) : mac_(std::make_shared<crypto::HmacSha256Key>(key)) {}
  std::string encode(std::string_view kind, std::string_view org, std::string_view filter_sig,
                     const std::vector<std::string>& keys) const;
  Result<std::vector<std::string>> decode(std::string_view token, std::string_view kind, std::string_view org,
                                          std::string_view filter_sig, size_t key_count) const;

 private:
  std::shared_ptr<const crypto::HmacSha256Key> mac_;  // shared: codecs are copied into services
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
