#include "core/crypto.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace gaflight::crypto {
namespace {

std::string fromHex(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

// ---- SHA-256 (FIPS 180-2 examples) ----

TEST(Sha256, AbcVector) {
  EXPECT_EQ(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, EmptyInputVector) {
  EXPECT_EQ(sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256, TwoBlockVector) {
  EXPECT_EQ(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, RawDigestIs32BytesAndMatchesHex) {
  std::string raw = sha256("abc");
  ASSERT_EQ(raw.size(), 32u);
  EXPECT_EQ(toHex(raw), sha256Hex("abc"));
}

TEST(Sha256, HandlesEmbeddedNul) {
  std::string with_nul("a\0b", 3);
  EXPECT_NE(sha256Hex(with_nul), sha256Hex("a"));
  EXPECT_NE(sha256Hex(with_nul), sha256Hex("ab"));
}

// ---- HMAC-SHA256 (RFC 4231) ----

TEST(HmacSha256, Rfc4231Case1) {
  std::string key(20, '\x0b');
  EXPECT_EQ(toHex(hmacSha256(key, "Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

TEST(HmacSha256, Rfc4231Case2) {
  EXPECT_EQ(toHex(hmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(HmacSha256, Rfc4231Case3) {
  std::string key(20, '\xaa');
  std::string data(50, '\xdd');
  EXPECT_EQ(toHex(hmacSha256(key, data)), "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
}

TEST(HmacSha256, Rfc4231Case6KeyLongerThanBlock) {
  std::string key(131, '\xaa');
  EXPECT_EQ(toHex(hmacSha256(key, "Test Using Larger Than Block-Size Key - Hash Key First")),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(HmacSha256Key, KeyedOnceGivesTheRfc4231MacsAgainAndAgain) {
  const HmacSha256Key jefe("Jefe");
  for (int i = 0; i < 3; ++i) {  // each sign() starts from the keyed state, not from the last message
    EXPECT_EQ(toHex(jefe.sign("what do ya want for nothing?")),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }
  const HmacSha256Key long_key(std::string(131, '\xaa'));
  EXPECT_EQ(toHex(long_key.sign("Test Using Larger Than Block-Size Key - Hash Key First")),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  EXPECT_EQ(jefe.sign(""), hmacSha256("Jefe", ""));
}

TEST(HmacSha256Key, SharedBetweenThreadsEachGetsItsOwnMac) {
  const HmacSha256Key key("cursor-key");
  std::vector<std::string> seen(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < seen.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 500; ++i) seen[t] = key.sign("message " + std::to_string(t));
    });
  }
  for (auto& th : threads) th.join();
  for (size_t t = 0; t < seen.size(); ++t)
    EXPECT_EQ(seen[t], hmacSha256("cursor-key", "message " + std::to_string(t)));
}

TEST(HmacSha256, DifferentKeysGiveDifferentMacs) {
  EXPECT_NE(hmacSha256("k1", "data"), hmacSha256("k2", "data"));
  EXPECT_EQ(hmacSha256("k1", "data").size(), 32u);
}

// ---- constantTimeEqual ----

TEST(ConstantTimeEqual, EqualAndUnequal) {
  EXPECT_TRUE(constantTimeEqual("", ""));
  EXPECT_TRUE(constantTimeEqual("secret", "secret"));
  EXPECT_FALSE(constantTimeEqual("secret", "secreT"));
  EXPECT_FALSE(constantTimeEqual("secret", "secret "));
  EXPECT_FALSE(constantTimeEqual("secret", ""));
  EXPECT_FALSE(constantTimeEqual(std::string("a\0b", 3), std::string("a\0c", 3)));
  EXPECT_TRUE(constantTimeEqual(std::string("a\0b", 3), std::string("a\0b", 3)));
}

// ---- hex / randomBytes ----

TEST(ToHex, LowerCaseTwoDigitsPerByte) {
  EXPECT_EQ(toHex(std::string("\x00\x0f\xf0\xff", 4)), "000ff0ff");
  EXPECT_EQ(toHex(""), "");
}

TEST(RandomBytes, LengthAndVariety) {
  EXPECT_EQ(randomBytes(0).size(), 0u);
  std::string a = randomBytes(32), b = randomBytes(32);
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, b);  // 2^-256 chance of a false failure
}

// ---- base64 (RFC 4648 §10 vectors) ----

TEST(Base64, Rfc4648Vectors) {
  EXPECT_EQ(base64Encode(""), "");
  EXPECT_EQ(base64Encode("f"), "Zg==");
  EXPECT_EQ(base64Encode("fo"), "Zm8=");
  EXPECT_EQ(base64Encode("foo"), "Zm9v");
  EXPECT_EQ(base64Encode("foob"), "Zm9vYg==");
  EXPECT_EQ(base64Encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(base64Encode("foobar"), "Zm9vYmFy");
}

TEST(Base64, DecodesRfc4648Vectors) {
  EXPECT_EQ(base64Decode("").value(), "");
  EXPECT_EQ(base64Decode("Zg==").value(), "f");
  EXPECT_EQ(base64Decode("Zm8=").value(), "fo");
  EXPECT_EQ(base64Decode("Zm9v").value(), "foo");
  EXPECT_EQ(base64Decode("Zm9vYg==").value(), "foob");
  EXPECT_EQ(base64Decode("Zm9vYmE=").value(), "fooba");
  EXPECT_EQ(base64Decode("Zm9vYmFy").value(), "foobar");
}

TEST(Base64, RoundTripsEveryLengthAndAllByteValues) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  for (size_t n = 0; n <= all.size(); n += 1) {
    std::string raw = all.substr(0, n);
    auto back = base64Decode(base64Encode(raw));
    ASSERT_TRUE(back.has_value()) << "length " << n;
    ASSERT_EQ(*back, raw) << "length " << n;
  }
}

TEST(Base64, RejectsWrongLength) {
  EXPECT_FALSE(base64Decode("Zm9").has_value());
  EXPECT_FALSE(base64Decode("Zm9vY").has_value());
  EXPECT_FALSE(base64Decode("Z").has_value());
}

TEST(Base64, RejectsCharactersOutsideAlphabet) {
  EXPECT_FALSE(base64Decode("Zm9*").has_value());
  EXPECT_FALSE(base64Decode("Zm9-").has_value());  // url alphabet is not standard
  EXPECT_FALSE(base64Decode("Zm9_").has_value());
  EXPECT_FALSE(base64Decode("Zm\x01v").has_value());
  EXPECT_FALSE(base64Decode("Zm\xc3\xa9").has_value());
}

// Padding may only appear at the end, at most twice. A decoder that accepts "=" anywhere turns
// malformed configuration keys into silently wrong bytes.
TEST(Base64, RejectsMisplacedPadding) {
  EXPECT_FALSE(base64Decode("Zg==Zm9v").has_value()) << "padding in the middle";
  EXPECT_FALSE(base64Decode("=Zm9").has_value()) << "padding at the start";
  EXPECT_FALSE(base64Decode("Z===").has_value()) << "three padding characters";
  EXPECT_FALSE(base64Decode("====").has_value()) << "only padding";
  EXPECT_FALSE(base64Decode("Zg=A").has_value()) << "data after padding";
}

TEST(Base64Url, UsesUrlAlphabetWithoutPadding) {
  std::string raw("\xfb\xff\xbf", 3);  // standard: "+/+/"
  EXPECT_EQ(base64Encode(raw), "+/+/");
  EXPECT_EQ(base64UrlEncode(raw), "-_-_");
  EXPECT_EQ(base64UrlEncode("f"), "Zg");
  EXPECT_EQ(base64UrlEncode("fo"), "Zm8");
  EXPECT_EQ(base64UrlEncode(""), "");
}

TEST(Base64Url, RoundTripsEveryLength) {
  std::string all;
  for (int i = 255; i >= 0; --i) all.push_back(static_cast<char>(i));
  for (size_t n = 0; n <= all.size(); ++n) {
    std::string raw = all.substr(0, n);
    std::string enc = base64UrlEncode(raw);
    ASSERT_EQ(enc.find_first_of("+/="), std::string::npos) << enc;
    auto back = base64UrlDecode(enc);
    ASSERT_TRUE(back.has_value()) << "length " << n;
    ASSERT_EQ(*back, raw) << "length " << n;
  }
}

TEST(Base64Url, RejectsInvalidInput) {
  EXPECT_FALSE(base64UrlDecode("Zg==").has_value()) << "padding is not part of the url form";
  EXPECT_FALSE(base64UrlDecode("+/+/").has_value()) << "standard alphabet";
  EXPECT_FALSE(base64UrlDecode("Zm9v!").has_value());
  EXPECT_FALSE(base64UrlDecode("Zm9v Zm9v").has_value());
  EXPECT_FALSE(base64UrlDecode("Z").has_value()) << "a single trailing character cannot encode a byte";
  EXPECT_FALSE(base64UrlDecode("Zm9vY").has_value());
}

// ---- AES-256-GCM ----

class AesGcm : public ::testing::Test {
 protected:
  std::string key = fromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  std::string aad = "org:42|kind:webhook_secret";
};

TEST_F(AesGcm, RoundTrip) {
  std::string plaintext = "whsec_0123456789abcdef";
  std::string sealed = aesGcmEncrypt(key, plaintext, aad);
  EXPECT_EQ(sealed.size(), 12 + plaintext.size() + 16);
  EXPECT_EQ(sealed.find(plaintext), std::string::npos) << "plaintext visible in ciphertext";
  auto opened = aesGcmDecrypt(key, sealed, aad);
  ASSERT_TRUE(opened.has_value());
  EXPECT_EQ(*opened, plaintext);
}

TEST_F(AesGcm, EmptyPlaintextAndEmptyAad) {
  std::string sealed = aesGcmEncrypt(key, "", "");
  EXPECT_EQ(sealed.size(), 28u);
  auto opened = aesGcmDecrypt(key, sealed, "");
  ASSERT_TRUE(opened.has_value());
  EXPECT_EQ(*opened, "");
}

TEST_F(AesGcm, BinaryPlaintextRoundTrips) {
  std::string plaintext;
  for (int i = 0; i < 1000; ++i) plaintext.push_back(static_cast<char>(i * 7));
  auto opened = aesGcmDecrypt(key, aesGcmEncrypt(key, plaintext, aad), aad);
  ASSERT_TRUE(opened.has_value());
  EXPECT_EQ(*opened, plaintext);
}

TEST_F(AesGcm, FreshNonceEachTime) {
  std::string a = aesGcmEncrypt(key, "same", aad), b = aesGcmEncrypt(key, "same", aad);
  EXPECT_NE(a.substr(0, 12), b.substr(0, 12));
  EXPECT_NE(a, b);
}

TEST_F(AesGcm, FlippedCiphertextByteIsRejected) {
  std::string sealed = aesGcmEncrypt(key, "attack at dawn", aad);
  for (size_t i = 12; i < sealed.size() - 16; ++i) {
    std::string t = sealed;
    t[i] = static_cast<char>(t[i] ^ 0x01);
    EXPECT_FALSE(aesGcmDecrypt(key, t, aad).has_value()) << "byte " << i;
  }
}

TEST_F(AesGcm, FlippedTagByteIsRejected) {
  std::string sealed = aesGcmEncrypt(key, "attack at dawn", aad);
  for (size_t i = sealed.size() - 16; i < sealed.size(); ++i) {
    std::string t = sealed;
    t[i] = static_cast<char>(t[i] ^ 0x80);
    EXPECT_FALSE(aesGcmDecrypt(key, t, aad).has_value()) << "byte " << i;
  }
}

TEST_F(AesGcm, FlippedNonceByteIsRejected) {
  std::string sealed = aesGcmEncrypt(key, "attack at dawn", aad);
  for (size_t i = 0; i < 12; ++i) {
    std::string t = sealed;
    t[i] = static_cast<char>(t[i] ^ 0x01);
    EXPECT_FALSE(aesGcmDecrypt(key, t, aad).has_value()) << "byte " << i;
  }
}

TEST_F(AesGcm, WrongAadIsRejected) {
  std::string sealed = aesGcmEncrypt(key, "attack at dawn", aad);
  EXPECT_FALSE(aesGcmDecrypt(key, sealed, "org:43|kind:webhook_secret").has_value());
  EXPECT_FALSE(aesGcmDecrypt(key, sealed, "").has_value());
}

TEST_F(AesGcm, WrongKeyIsRejected) {
  std::string sealed = aesGcmEncrypt(key, "attack at dawn", aad);
  std::string other = key;
  other[31] = static_cast<char>(other[31] ^ 0x01);
  EXPECT_FALSE(aesGcmDecrypt(other, sealed, aad).has_value());
}

TEST_F(AesGcm, TruncatedOrExtendedInputIsRejected) {
  std::string sealed = aesGcmEncrypt(key, "attack at dawn", aad);
  EXPECT_FALSE(aesGcmDecrypt(key, sealed.substr(0, sealed.size() - 1), aad).has_value());
  EXPECT_FALSE(aesGcmDecrypt(key, sealed + "x", aad).has_value());
  EXPECT_FALSE(aesGcmDecrypt(key, sealed.substr(0, 27), aad).has_value());
  EXPECT_FALSE(aesGcmDecrypt(key, "", aad).has_value());
}

TEST_F(AesGcm, KeyMustBe32Bytes) {
  EXPECT_THROW((void)aesGcmEncrypt(key.substr(0, 16), "x", aad), std::invalid_argument);
  std::string sealed = aesGcmEncrypt(key, "x", aad);
  EXPECT_FALSE(aesGcmDecrypt(key.substr(0, 31), sealed, aad).has_value());
  EXPECT_FALSE(aesGcmDecrypt(key + "x", sealed, aad).has_value());
}

// ---- Argon2id ----

TEST(Argon2id, HashVerifiesAndRejectsWrongPassword) {
  std::string encoded = hashPassword("correct horse battery staple");
  EXPECT_EQ(encoded.rfind("$argon2id$", 0), 0u) << encoded;
  EXPECT_EQ(encoded.find('\0'), std::string::npos) << "encoded string must not carry the NUL terminator";
  EXPECT_NE(encoded.find("m=19456,t=2,p=1"), std::string::npos) << encoded;
  EXPECT_TRUE(verifyPassword(encoded, "correct horse battery staple"));
  EXPECT_FALSE(verifyPassword(encoded, "correct horse battery stapl"));
  EXPECT_FALSE(verifyPassword(encoded, "Correct horse battery staple"));
  EXPECT_FALSE(verifyPassword(encoded, ""));
}

TEST(Argon2id, SaltedSoSamePasswordHashesDifferently) {
  std::string a = hashPassword("pw"), b = hashPassword("pw");
  EXPECT_NE(a, b);
  EXPECT_TRUE(verifyPassword(b, "pw"));
}

TEST(Argon2id, MalformedEncodingDoesNotVerify) {
  EXPECT_FALSE(verifyPassword("", "pw"));
  EXPECT_FALSE(verifyPassword("$argon2id$garbage", "pw"));
  EXPECT_FALSE(verifyPassword("plaintext-pw", "plaintext-pw"));
}

}  // namespace
// RFC 8032 §7.1, test 1 (empty message).
TEST(Ed25519, Rfc8032Vector1) {
  auto seed = fromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  auto pub = ed25519PublicKey(seed);
  EXPECT_EQ(toHex(pub), "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  auto sig = ed25519Sign(seed, "");
  EXPECT_EQ(toHex(sig),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46b"
            "d25bf5f"
            "0595bbe24655141438e7a100b");
  EXPECT_TRUE(ed25519Verify(pub, "", sig));
}

TEST(Ed25519, AChangedMessageOrSignatureFails) {
  auto seed = randomBytes(32);
  auto pub = ed25519PublicKey(seed);
  auto sig = ed25519Sign(seed, "lesson PPL-07 satisfactory");
  EXPECT_TRUE(ed25519Verify(pub, "lesson PPL-07 satisfactory", sig));
  EXPECT_FALSE(ed25519Verify(pub, "lesson PPL-07 unsatisfactory", sig));
  sig[5] ^= 1;
  EXPECT_FALSE(ed25519Verify(pub, "lesson PPL-07 satisfactory", sig));
  EXPECT_FALSE(ed25519Verify("short", "x", sig));
}

TEST(Ed25519, PublicKeyPemIsSubjectPublicKeyInfo) {
  auto pem = ed25519PublicKeyPem(ed25519PublicKey(std::string(32, '\7')));
  EXPECT_EQ(pem.rfind("-----BEGIN PUBLIC KEY-----\n", 0), 0u);
  EXPECT_NE(pem.find("-----END PUBLIC KEY-----"), std::string::npos);
}

}  // namespace gaflight::crypto
