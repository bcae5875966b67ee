#include "http/static_files.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/ids.hpp"

namespace gaflight::http {
namespace {

namespace fs = std::filesystem;

// <tmp>/gaflight-static-<ulid>/{secret.json, root/...}; the root is what StaticFiles serves.
class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() / ("gaflight-static-" + ids::newUlid());
    root_ = base_ / "root";
    fs::create_directories(root_ / "assets" / "img");
    write(base_ / "secret.json", R"({"secret":true})");
    write(root_ / "index.html", "<!doctype html><title>gaflight</title>");
    write(root_ / "assets" / "app.js", "console.log('hi');");
    write(root_ / "assets" / "app.mjs", "export {};");
    write(root_ / "assets" / "style.css", "body{}");
    write(root_ / "assets" / "data.json", "{}");
    write(root_ / "assets" / "img" / "logo.svg", "<svg/>");
    write(root_ / "assets" / "img" / "plane.png", std::string("\x89PNG\r\n\x1a\n\0\0", 10));
    write(root_ / "favicon.ico", "ico");
    write(root_ / "assets" / "font.woff2", "wOF2");
    write(root_ / "notes.txt", "plain text");
    write(root_ / "config.yaml", "k: v");
    write(root_ / ".env.json", R"({"token":"x"})");
    write(root_ / "assets" / ".hidden.js", "hidden");
    fs::create_directories(root_ / ".git");
    write(root_ / ".git" / "config.json", "{}");
    files_ = std::make_unique<StaticFiles>(root_.string());
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(base_, ec);
  }
  static void write(const fs::path& p, const std::string& content) {
    std::ofstream(p, std::ios::binary) << content;
  }

  fs::path base_, root_;
  std::unique_ptr<StaticFiles> files_;
};

TEST_F(StaticFilesTest, ServesHtmlWithSecurityHeaders) {
  auto r = files_->serve("index.html");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->content_type, "text/html; charset=utf-8");
  EXPECT_EQ(r->body, "<!doctype html><title>gaflight</title>");
  ASSERT_NE(r->header("Content-Security-Policy"), nullptr);
  EXPECT_EQ(*r->header("Content-Security-Policy"), kContentSecurityPolicy);
  EXPECT_NE(r->header("Content-Security-Policy")->find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_NE(r->header("Content-Security-Policy")->find("object-src 'none'"), std::string::npos);
  ASSERT_NE(r->header("X-Frame-Options"), nullptr);
  EXPECT_EQ(*r->header("X-Frame-Options"), "DENY");
  ASSERT_NE(r->header("Cache-Control"), nullptr);
  EXPECT_EQ(*r->header("Cache-Control"), "no-cache");
}

TEST_F(StaticFilesTest, ServesAssetsWithContentTypes) {
  struct Case {
    const char* path;
    const char* type;
  };
  for (const auto& c :
       {Case{"assets/app.js", "text/javascript; charset=utf-8"},
        Case{"assets/app.mjs", "text/javascript; charset=utf-8"},
        Case{"assets/style.css", "text/css; charset=utf-8"}, Case{"assets/data.json", "application/json"},
        Case{"assets/img/logo.svg", "image/svg+xml"}, Case{"assets/img/plane.png", "image/png"},
        Case{"favicon.ico", "image/x-icon"}, Case{"assets/font.woff2", "font/woff2"}}) {
    auto r = files_->serve(c.path);
    ASSERT_TRUE(r.has_value()) << c.path;
    EXPECT_EQ(r->content_type, c.type) << c.path;
    EXPECT_EQ(r->header("Content-Security-Policy"), nullptr) << "CSP is only set on HTML: " << c.path;
    ASSERT_NE(r->header("Cache-Control"), nullptr) << c.path;
    EXPECT_EQ(*r->header("Cache-Control"), "no-cache") << "revalidated after upgrades: " << c.path;
  }
}

TEST_F(StaticFilesTest, BinaryContentIntact) {
  auto r = files_->serve("assets/img/plane.png");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->body, std::string("\x89PNG\r\n\x1a\n\0\0", 10));
}

TEST_F(StaticFilesTest, MissingFileIsNotServed) {
  EXPECT_FALSE(files_->serve("missing.html").has_value());
  EXPECT_FALSE(files_->serve("assets/missing.js").has_value());
}

TEST_F(StaticFilesTest, RefusesTraversal) {
  ASSERT_TRUE(fs::exists(root_ / ".." / "secret.json"));
  for (const char* p :
       {"../secret.json", "assets/../../secret.json", "a/../../etc/passwd", "..", "../", "assets/..",
        "./index.html", "assets/./app.js", "..\\secret.json", "assets\\..\\..\\secret.json"}) {
    EXPECT_FALSE(files_->serve(p).has_value()) << p;
  }
}

TEST_F(StaticFilesTest, RefusesHiddenFiles) {
  ASSERT_TRUE(fs::exists(root_ / ".env.json"));
  for (const char* p : {".hidden", ".env.json", "assets/.hidden.js", ".git/config.json"}) {
    EXPECT_FALSE(files_->serve(p).has_value()) << p;
  }
}

TEST_F(StaticFilesTest, RefusesEmptySegmentsAndAbsolutePaths) {
  for (const char* p :
       {"", "a//b", "assets//app.js", "assets/", "/index.html", "/etc/passwd", "//index.html"}) {
    EXPECT_FALSE(files_->serve(p).has_value()) << "'" << p << "'";
  }
  EXPECT_FALSE(files_->serve((root_ / "index.html").string()).has_value()) << "absolute path into the root";
}

TEST_F(StaticFilesTest, RefusesUnknownExtensions) {
  ASSERT_TRUE(fs::exists(root_ / "notes.txt"));
  for (const char* p :
       {"notes.txt", "config.yaml", "index.HTML", "index", "index.html.bak", "assets/app.js.map"}) {
    EXPECT_FALSE(files_->serve(p).has_value()) << p;
  }
}

TEST_F(StaticFilesTest, RefusesOddCharacters) {
  for (std::string p :
       {std::string("index.html%00"), std::string("assets/app.js\0", 14), std::string("in dex.html"),
        std::string("index.html?x=1"), std::string("assets:app.js"), std::string("~/index.html")}) {
    EXPECT_FALSE(files_->serve(p).has_value()) << p;
  }
}

TEST_F(StaticFilesTest, RefusesOverlongPaths) {
  std::string deep;
  while (deep.size() <= 200) deep += "aaaaaaaaa/";
  deep += "index.html";
  EXPECT_FALSE(files_->serve(deep).has_value());
}

TEST_F(StaticFilesTest, DirectoryWithServableNameIsNotServed) {
  fs::create_directories(root_ / "bundle.js");
  auto r = files_->serve("bundle.js");
  EXPECT_FALSE(r.has_value()) << "a directory was served as an empty 200 response";
}

}  // namespace
}  // namespace gaflight::http
