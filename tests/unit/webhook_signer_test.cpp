// Delivery signatures, the retry schedule and secret sealing (SPEC §5).
#include <gtest/gtest.h>

#include <map>

#include "core/crypto.hpp"
#include "domain/webhooks.hpp"
#include "webhook/secret_box.hpp"
#include "webhook/signer.hpp"

namespace gaflight {
namespace {

// A vector computed independently (Python hmac) for the API reference's verification example.
constexpr const char* kSecret = "whsec_GKWSYmo8OKjCmVFHwuQI9TDL6CS6k37RJDrCpVi4S6Q=";
constexpr const char* kBody =
    R"({"id":"evt_01JZ3KH1M2N3P4Q5R6S7T8V9W0","type":"webhook.test","created_at":"2026-04-02T10:12:30Z","org_id":"5f0c6d1e-8a3b-4c2d-9e7f-1a2b3c4d5e6f","api_version":"v1","data":{"object":{"object":"webhook_test","endpoint_id":"wh_01JZ3KF7G8H9J0K1M2N3P4Q5R6","message":"This is a test event sent from the gaflight console.","requested_by":"usr_01JZ3K7F0D2E4G6H8J0K2M4N6P"}}})";

TEST(WebhookSigner, MatchesIndependentVectors) {
  EXPECT_EQ(webhook::gaSignature(kSecret, kBody),
            "sha256=4575dc3d08ac0f5df384af312381ba5ac63a19412e31624b52a46d70ad6008f3");
  EXPECT_EQ(webhook::standardSignature(kSecret, "e7f8a9b0-c1d2-4e3f-9a4b-5c6d7e8f9a0b", 1775124750, kBody),
            "v1,e2I5befje5FQOZdNoXtYAIPWdpjgq4xei33qtraDDKA=");
  EXPECT_FALSE(webhook::standardSignature("not-a-whsec", "id", 1, kBody));
}

TEST(WebhookSigner, HeadersOutsideAndInsideARotation) {
  auto plain = webhook::signDelivery(kSecret, std::nullopt, "d-1", "flight.approved", 3, 1775124750, kBody);
  std::map<std::string, std::string> h(plain.headers.begin(), plain.headers.end());
  EXPECT_EQ(h["X-GA-Webhook-Delivery"], "d-1");
  EXPECT_EQ(h["X-GA-Webhook-Attempt"], "3");
  EXPECT_EQ(h["X-GA-Webhook-Event"], "flight.approved");
  EXPECT_EQ(h["X-GA-Webhook-Timestamp"], "2026-04-02T10:12:30Z");
  EXPECT_EQ(h["webhook-timestamp"], "1775124750");
  EXPECT_EQ(h["User-Agent"], "gaflight-webhooks/1");
  EXPECT_EQ(h.count("X-GA-Webhook-Signature-Secondary"), 0u);

  std::string fresh = webhook::newSecret();
  auto rotated =
      webhook::signDelivery(fresh, std::string(kSecret), "d-1", "flight.approved", 1, 1775124750, kBody);
  std::map<std::string, std::string> r(rotated.headers.begin(), rotated.headers.end());
  EXPECT_EQ(r["X-GA-Webhook-Signature"], webhook::gaSignature(fresh, kBody));
  EXPECT_EQ(r["X-GA-Webhook-Signature-Primary"], webhook::gaSignature(fresh, kBody));
  EXPECT_EQ(r["X-GA-Webhook-Signature-Secondary"], webhook::gaSignature(kSecret, kBody));
  EXPECT_EQ(r["webhook-signature"], *webhook::standardSignature(fresh, "d-1", 1775124750, kBody) + " " +
                                        *webhook::standardSignature(kSecret, "d-1", 1775124750, kBody));
}

TEST(WebhookSigner, NewSecretsAreWhsecBase64Of32RandomBytes) {
  std::string a = webhook::newSecret(), b = webhook::newSecret();
  ASSERT_EQ(a.rfind("whsec_", 0), 0u);
  auto raw = crypto::base64Decode(a.substr(6));
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw->size(), 32u);
  EXPECT_NE(a, b);
}

TEST(RetrySchedule, OneFiveTwentyFiveOneTwentyFiveSecondsWithTenPercentJitter) {
  const int64_t base[] = {1000, 5000, 25000, 125000};
  for (int attempt = 2; attempt <= 5; ++attempt) {
    int64_t b = base[attempt - 2];
    EXPECT_EQ(domain::retryDelayMs(attempt, 0.5), b);
    EXPECT_EQ(domain::retryDelayMs(attempt, 0.0), b * 9 / 10);
    EXPECT_EQ(domain::retryDelayMs(attempt, 1.0), b * 11 / 10);
  }
  EXPECT_EQ(domain::kMaxDeliveryAttempts, 5);
  EXPECT_EQ(domain::kSecondaryGraceSeconds, 72 * 3600);
}

TEST(EventCatalog, IsSmallAndHonest) {
  for (const char* t :
       {"flight.submitted", "flight.approved", "flight.rejected", "maintenance.alert", "webhook.test"}) {
    EXPECT_TRUE(domain::isKnownEventType(t)) << t;
  }
  EXPECT_FALSE(domain::isKnownEventType("flight.updated"));
  EXPECT_EQ(domain::eventTypeCatalog().size(), 5u);
}

TEST(SecretBox, SealsPerEndpointAndDetectsTampering) {
  webhook::SecretBox box(crypto::randomBytes(32));
  std::string sealed = box.seal("wh_A", kSecret);
  EXPECT_EQ(sealed.find("whsec_"), std::string::npos) << "no plaintext in the sealed form";
  EXPECT_EQ(box.open("wh_A", sealed), std::string(kSecret));
  EXPECT_FALSE(box.open("wh_B", sealed)) << "bound to its endpoint";
  webhook::SecretBox other(crypto::randomBytes(32));
  EXPECT_FALSE(other.open("wh_A", sealed)) << "another master key cannot open it";
  std::string tampered = sealed;
  tampered[10] = tampered[10] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(box.open("wh_A", tampered));
}

}  // namespace
}  // namespace gaflight
