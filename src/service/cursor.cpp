#include "service/cursor.hpp"

#include <nlohmann/json.hpp>

#include "core/crypto.hpp"

namespace gaflight::service {

namespace {
constexpr size_t kMacBytes = 16;
constexpr size_t kMaxCursorChars = 2048;
}  // namespace

std::string CursorCodec::encode(std::string_view kind, std::string_view org, std::string_view filter_sig,
                                const std::vector<std::string>& keys) const {
  nlohmann::json payload = {kind, org, filter_sig, keys};
  std::string body = crypto::base64UrlEncode(payload.dump());
  std::string mac = mac_->sign(body).substr(0, kMacBytes);
  return body + "." + crypto::base64UrlEncode(mac);
}

Result<std::vector<std::string>> CursorCodec::decode(std::string_view token, std::string_view kind,
                                                     std::string_view org, std::string_view filter_sig,
                                                     size_t key_count) const {
  auto bad = [] {
    return makeError(ErrorCode::kInvalidParameter, "The cursor is invalid or does not belong to this list.",
                     "cursor");
  };
  if (token.size() > kMaxCursorChars) return bad();
  size_t dot = token.find('.');
  if (dot == std::string_view::npos) return bad();
  auto body = token.substr(0, dot);
  auto mac = crypto::base64UrlDecode(token.substr(dot + 1));
  if (!mac || !crypto::constantTimeEqual(*mac, mac_->sign(body).substr(0, kMacBytes))) return bad();
  auto raw = crypto::base64UrlDecode(body);
  if (!raw) return bad();
  auto j = nlohmann::json::parse(*raw, nullptr, false);
  if (!j.is_array() || j.size() != 4 || j[0] != kind || j[1] != org || j[2] != filter_sig ||
      !j[3].is_array() || j[3].size() != key_count) {
    return bad();
  }
  std::vector<std::string> keys;
  for (const auto& k : j[3]) {
    if (!k.is_string()) return bad();
    keys.push_back(k.get<std::string>());
  }
  return keys;
}

}  // namespace gaflight::service
