#include "http/response_head.hpp"

#include <boost/beast/http/status.hpp>
#include <charconv>

#include "http/tls_context.hpp"

namespace gaflight::http {

namespace {
// A header value never ends the line early: CR, LF and NUL become spaces (no response splitting).
void appendField(std::string& out, std::string_view name, std::string_view value) {
  out.append(name).append(": ");
  const size_t start = out.size();
  out.append(value);
  for (size_t i = start; i < out.size(); ++i) {
    if (out[i] == '\r' || out[i] == '\n' || out[i] == '\0') out[i] = ' ';
  }
  out.append("\r\n");
}
}  // namespace

bool statusHasNoBody(int status) { return (status >= 100 && status < 200) || status == 204 || status == 304; }

std::string responseHead(const Response& res, size_t body_size, const HeadOptions& opt) {
  std::string out;
  out.reserve(256);
  out.append(opt.version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  char num[24];
  auto end = std::to_chars(num, num + sizeof num, res.status).ptr;
  out.append(num, static_cast<size_t>(end - num)).push_back(' ');
  out.append(boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(res.status)));
  out.append("\r\n");
  appendField(out, "Server", "gaflight");
  appendField(out, "Content-Type", res.content_type);
  for (const auto& h : res.headers) {
    if (iequals(h.name, "connection")) continue;
    appendField(out, h.name, h.value);
  }
  if (opt.transport == Transport::kTls) appendField(out, "Strict-Transport-Security", kHstsValue);
  if (opt.version == 10 && opt.connection == ConnectionReuse::kKeepAlive)
    appendField(out, "Connection", "keep-alive");
  if (opt.version != 10 && opt.connection == ConnectionReuse::kClose) appendField(out, "Connection", "close");
  if (!statusHasNoBody(res.status)) {
    end = std::to_chars(num, num + sizeof num, body_size).ptr;
    appendField(out, "Content-Length", std::string_view(num, static_cast<size_t>(end - num)));
  }
  out.append("\r\n");
  return out;
}

}  // namespace gaflight::http
