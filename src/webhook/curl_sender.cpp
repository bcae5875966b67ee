#include "webhook/curl_sender.hpp"

#include <curl/curl.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>

#include "webhook/target_guard.hpp"

namespace gaflight::webhook {

namespace {
constexpr size_t kExcerptBytes = 4096;

struct CurlGlobal {
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
};
void ensureCurl() { static CurlGlobal g; }

struct Transfer {
  uint64_t ticket = 0;
  std::string body;  // curl reads the POST body from here while the transfer runs
  curl_slist* headers = nullptr;
  std::string excerpt;
  std::chrono::steady_clock::time_point started;
  char errbuf[CURL_ERROR_SIZE] = {0};
  bool refused_address = false;
  bool allow_private = false;
  std::string refused_reason;
};

size_t onBody(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t len = size * n;
  if (t->excerpt.size() < kExcerptBytes)
    t->excerpt.append(data, std::min(len, kExcerptBytes - t->excerpt.size()));
  return len;  // keep reading (and discarding) so the connection can be reused
}

// Every connection is opened here, to the address curl resolved: the address that is checked is
// the address that is connected to, so DNS rebinding has no window.
curl_socket_t onOpenSocket(void* user, curlsocktype purpose, curl_sockaddr* addr) {
  auto* t = static_cast<Transfer*>(user);
  if (purpose != CURLSOCKTYPE_IPCXN) return CURL_SOCKET_BAD;
  if (!t->allow_private) {
    sockaddr_storage ss{};
    std::memcpy(&ss, &addr->addr, std::min<size_t>(addr->addrlen, sizeof ss));
    auto cls = classifyAddress(ss);
    if (!isAllowedTarget(cls)) {
      t->refused_address = true;
      t->refused_reason = "the target resolves to a non-public address";
      return CURL_SOCKET_BAD;
    }
  }
  return ::socket(addr->family, addr->socktype, addr->protocol);
}
}  // namespace

struct CurlSender::Impl {
  CurlSenderOptions opt;
  CURLM* multi = nullptr;
  std::map<CURL*, std::unique_ptr<Transfer>> transfers;

  explicit Impl(CurlSenderOptions o) : opt(o) {
    ensureCurl();
    multi = curl_multi_init();
    // No per-host cap in curl: two endpoints may share a host, and the engine already caps each
    // endpoint itself. A curl-level cap would let a stuck endpoint queue its neighbours.
  }
  ~Impl() {
    for (auto& [easy, t] : transfers) {
      curl_multi_remove_handle(multi, easy);
      curl_easy_cleanup(easy);
      curl_slist_free_all(t->headers);
    }
    curl_multi_cleanup(multi);
  }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
};

CurlSender::CurlSender(CurlSenderOptions options) : impl_(std::make_unique<Impl>(options)) {}

CurlSender::~CurlSender() = default;

std::optional<std::string> CurlSender::start(SendRequest request) {
  const auto& opt = impl_->opt;
  auto url = parseWebhookUrl(request.url);
  if (!url) return "invalid url: " + url.error().detail;
  if (url->scheme != "https" && !opt.allow_private_targets)
    return std::string("only https targets are allowed");
  auto t = std::make_unique<Transfer>();
  t->ticket = request.ticket;
  t->allow_private = opt.allow_private_targets;
  for (const auto& [k, v] : request.headers) {
    std::string line = k;
    line += ": ";
    line += v;
    t->headers = curl_slist_append(t->headers, line.c_str());
  }
  t->headers = curl_slist_append(t->headers, "Expect:");
  t->body = std::move(request.body);
  CURL* e = curl_easy_init();
  curl_easy_setopt(e, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(e, CURLOPT_POST, 1L);
  curl_easy_setopt(e, CURLOPT_POSTFIELDS, t->body.data());
  curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(t->body.size()));
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, opt.connect_timeout_ms);
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, opt.total_timeout_ms);
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_NOPROXY, "*");
  const char* protocols = opt.allow_private_targets ? "http,https" : "https";
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, protocols);
  // curl caches the parsed CA store on the multi handle only when it comes from a CA file alone; with
  // a default CA path too (Debian) every https attempt re-parses the whole bundle on this thread.
  char* ca_file = nullptr;
  if (curl_easy_getinfo(e, CURLINFO_CAINFO, &ca_file) == CURLE_OK && ca_file && *ca_file)
    curl_easy_setopt(e, CURLOPT_CAPATH, nullptr);
  curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, protocols);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &onBody);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, t.get());
  curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, &onOpenSocket);
  curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, t.get());
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->errbuf);
  curl_easy_setopt(e, CURLOPT_PRIVATE, t.get());
  t->started = std::chrono::steady_clock::now();
  curl_multi_add_handle(impl_->multi, e);
  impl_->transfers.emplace(e, std::move(t));
  return std::nullopt;
}

std::vector<SendCompletion> CurlSender::collect() {
  int running = 0;
  curl_multi_perform(impl_->multi, &running);
  std::vector<SendCompletion> done;
  int left = 0;
  while (CURLMsg* msg = curl_multi_info_read(impl_->multi, &left)) {
    if (msg->msg != CURLMSG_DONE) continue;
    CURL* e = msg->easy_handle;
    auto it = impl_->transfers.find(e);
    if (it == impl_->transfers.end()) continue;
    auto& t = *it->second;
    long code = 0;
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &code);
    SendCompletion c;
    c.ticket = t.ticket;
    c.latency_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t.started)
            .count();
    if (code > 0) c.status_code = code;
    c.excerpt = std::move(t.excerpt);
    CURLcode rc = msg->data.result;
    // A refused address only explains a failed exchange: curl may have connected to another
    // address of the same host, and then the receiver's answer stands.
    if (rc != CURLE_OK) {
      if (t.refused_address)
        c.transport_error = "refused: " + t.refused_reason;
      else
        c.transport_error = t.errbuf[0] ? std::string(t.errbuf) : std::string(curl_easy_strerror(rc));
    }
    done.push_back(std::move(c));
    curl_multi_remove_handle(impl_->multi, e);
    curl_easy_cleanup(e);
    curl_slist_free_all(t.headers);
    impl_->transfers.erase(it);
  }
  return done;
}

void CurlSender::wait(std::chrono::milliseconds timeout) {
  int numfds = 0;
  curl_multi_poll(impl_->multi, nullptr, 0, static_cast<int>(timeout.count()), &numfds);
}

void CurlSender::wakeup() { curl_multi_wakeup(impl_->multi); }

}  // namespace gaflight::webhook
