#include "core/zip.hpp"

#include <zip.h>

#include <ctime>
#include <memory>
#include <stdexcept>

namespace gaflight::zip {

namespace {
// 2000-01-01T00:00:00 local time as libzip converts it to a DOS date; any fixed value would do.
std::time_t fixedMtime() {
  std::tm t{};
  t.tm_year = 100;
  t.tm_mon = 0;
  t.tm_mday = 1;
  t.tm_isdst = 0;
  return std::mktime(&t);
}

[[noreturn]] void fail(const char* what, zip_error_t* err) {
  std::string msg = std::string("zip: ") + what + (err ? std::string(": ") + zip_error_strerror(err) : "");
  throw std::runtime_error(msg);
}

std::string readSource(zip_source_t* src) {
  zip_stat_t st;
  if (zip_source_open(src) < 0) fail("open result", zip_source_error(src));
  if (zip_source_stat(src, &st) < 0) {
    zip_source_close(src);
    fail("stat result", zip_source_error(src));
  }
  std::string out(static_cast<size_t>(st.size), '\0');
  zip_int64_t n = out.empty() ? 0 : zip_source_read(src, out.data(), out.size());
  zip_source_close(src);
  if (n < 0 || static_cast<size_t>(n) != out.size()) fail("read result", nullptr);
  return out;
}
}  // namespace

std::string write(const std::vector<Entry>& entries) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &err);
  if (!src) fail("buffer", &err);
  zip_t* za = zip_open_from_source(src, ZIP_TRUNCATE, &err);
  if (!za) {
    zip_source_free(src);
    fail("open", &err);
  }
  zip_source_keep(src);  // read back after zip_close
  const std::time_t mtime = fixedMtime();
  for (const auto& e : entries) {
    zip_source_t* data = zip_source_buffer(za, e.bytes.data(), e.bytes.size(), 0);
    if (!data) fail("entry source", zip_get_error(za));
    zip_int64_t idx = zip_file_add(za, e.path.c_str(), data, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
    if (idx < 0) {
      zip_source_free(data);
      fail("add", zip_get_error(za));
    }
    auto i = static_cast<zip_uint64_t>(idx);
    if (zip_set_file_compression(za, i, ZIP_CM_DEFLATE, 9) < 0 || zip_file_set_mtime(za, i, mtime, 0) < 0 ||
        zip_file_set_external_attributes(za, i, 0, ZIP_OPSYS_UNIX, 0100644u << 16) < 0)
      fail("entry attributes", zip_get_error(za));
  }
  if (zip_close(za) < 0) {
    std::string msg = zip_strerror(za);
    zip_discard(za);
    zip_source_free(src);
    throw std::runtime_error("zip: close: " + msg);
  }
  std::string out;
  try {
    out = readSource(src);
  } catch (...) {
    zip_source_free(src);
    throw;
  }
  zip_source_free(src);
  return out;
}

std::optional<std::vector<Entry>> read(const std::string& archive) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(archive.data(), archive.size(), 0, &err);
  if (!src) return std::nullopt;
  zip_t* za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err);
  if (!za) {
    zip_source_free(src);
    return std::nullopt;
  }
  std::unique_ptr<zip_t, decltype(&zip_discard)> guard(za, zip_discard);
  std::vector<Entry> out;
  zip_int64_t n = zip_get_num_entries(za, 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    zip_stat_t st;
    if (zip_stat_index(za, static_cast<zip_uint64_t>(i), 0, &st) < 0) return std::nullopt;
    Entry e{st.name ? st.name : "", std::string(static_cast<size_t>(st.size), '\0')};
    zip_file_t* f = zip_fopen_index(za, static_cast<zip_uint64_t>(i), 0);
    if (!f) return std::nullopt;
    zip_int64_t got = e.bytes.empty() ? 0 : zip_fread(f, e.bytes.data(), e.bytes.size());
    zip_fclose(f);
    if (got < 0 || static_cast<size_t>(got) != e.bytes.size()) return std::nullopt;
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace gaflight::zip
