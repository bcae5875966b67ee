#pragma once
// A small libcurl-based HTTP client for integration tests (a real client, not a fake), plus a raw
// socket helper for requests no well-behaved client would send.
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace gaflight::testing {

struct HttpResult {
  long status = 0;
  std::multimap<std::string, std::string> headers;  // lower-case names
  std::string body;
  nlohmann::json json() const { return nlohmann::json::parse(body, nullptr, false); }
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

class HttpClient {
 public:
  explicit HttpClient(std::string base_url) : base_(std::move(base_url)) {}
  HttpResult request(const std::string& method, const std::string& path,
                     const std::vector<std::string>& headers = {}, const std::string& body = {});
  HttpResult get(const std::string& path, const std::vector<std::string>& headers = {}) {
    return request("GET", path, headers);
  }
  const std::string& base() const { return base_; }

 private:
  std::string base_;
};

// Sends raw bytes and reads until the peer closes or `timeout_ms` passes.
std::string rawExchange(int port, const std::string& bytes, int timeout_ms = 3000);

}  // namespace gaflight::testing
