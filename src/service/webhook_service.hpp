#pragma once
// Webhook endpoints (SPEC §5–6) and the event log (SPEC §4): secrets are generated here, shown
// once, and stored sealed with AES-256-GCM under a key derived from the master key.
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "domain/webhooks.hpp"
#include "service/actor.hpp"
#include "service/cursor.hpp"
#include "service/events.hpp"
#include "storage/sql.hpp"
#include "webhook/notifier.hpp"
#include "webhook/secret_box.hpp"

namespace gaflight::service {

struct EndpointInput {
  std::optional<std::string> url, description;
  std::optional<std::vector<std::string>> event_types;
  std::optional<bool> active;
};

struct CreatedEndpoint {
  domain::WebhookEndpoint endpoint;
  std::string secret;  // shown once
};

struct RotatedSecret {
  std::string secret, secondary_expires_at;
};

class WebhookService {
 public:
  WebhookService(storage::Database& db, const Clock& clock, const CursorCodec& cursors,
                 const webhook::SecretBox& box, webhook::DeliveryNotifier& notifier,
                 bool allow_private_targets)
      : db_(db),
        clock_(clock),
        cursors_(cursors),
        box_(box),
        notifier_(notifier),
        allow_private_(allow_private_targets) {}

  Result<CreatedEndpoint> createEndpoint(const std::string& org, const EndpointInput& in, const Actor& actor);
  Result<Page<domain::WebhookEndpoint>> listEndpoints(const std::string& org, const PageQuery& q);
  Result<domain::WebhookEndpoint> getEndpoint(const std::string& org, const std::string& id);
  Result<domain::WebhookEndpoint> updateEndpoint(const std::string& org, const std::string& id,
                                                 const EndpointInput& in, const Actor& actor);
  Status deleteEndpoint(const std::string& org, const std::string& id, const Actor& actor);
  Result<RotatedSecret> rotateSecret(const std::string& org, const std::string& id, const Actor& actor);
  Result<domain::WebhookDelivery> sendTest(const std::string& org, const std::string& id, const Actor& actor);
  Result<Page<domain::WebhookDelivery>> listDeliveries(const std::string& org, const std::string& endpoint,
                                                       const std::optional<std::string>& status,
                                                       const PageQuery& q);
  Result<domain::WebhookDelivery> retryDelivery(const std::string& org, const std::string& endpoint,
                                                const std::string& delivery);

  Result<Page<domain::EventRecord>> listEvents(const std::string& org, const std::optional<std::string>& type,
                                               const std::optional<std::string>& updated_since,
                                               const PageQuery& q);
  Result<domain::EventRecord> getEvent(const std::string& org, const std::string& id);
  // New deliveries of the event to every active endpoint subscribed to its type.
  Result<std::vector<domain::WebhookDelivery>> replayEvent(const std::string& org, const std::string& id);

 private:
  Status checkUrl(const std::string& url) const;
  storage::Database& db_;
  const Clock& clock_;
  const CursorCodec& cursors_;
  const webhook::SecretBox& box_;
  webhook::DeliveryNotifier& notifier_;
  bool allow_private_;
};

}  // namespace gaflight::service
