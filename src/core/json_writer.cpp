#include "core/json_writer.hpp"

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "core/utf8.hpp"

namespace gaflight {

namespace {
// Bytes that can be copied as they are: printable ASCII other than '"' and '\\'.
constexpr bool isPlain(unsigned char c) { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\'; }
constexpr uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;
constexpr uint64_t hasZeroByte(uint64_t x) { return (x - kOnes) & ~x & kHighs; }
// True when any of the eight bytes is a control character, '"', '\\' or non-ASCII.
constexpr bool wordNeedsEscape(uint64_t x) {
  return ((x - kOnes * 0x20) & ~x & kHighs) != 0 || hasZeroByte(x ^ (kOnes * '"')) != 0 ||
         hasZeroByte(x ^ (kOnes * '\\')) != 0 || (x & kHighs) != 0;
}

#if defined(__SSE2__)
// Bit k set when byte k of `x` is not plain: below 0x20 or from 0x80 (both below 0x20 as signed bytes),
// '"' or '\\'.
inline unsigned escapeMask(__m128i x) {
  __m128i bad = _mm_or_si128(
      _mm_cmplt_epi8(x, _mm_set1_epi8(0x20)),
      _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')), _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'))));
  return static_cast<unsigned>(_mm_movemask_epi8(bad));
}
#endif

// End of the plain run starting at `i`: sixteen bytes at a time (SSE2; a short tail through a padded
// copy), else eight (SWAR) and then one at a time. Profiled as the hottest function of a list page.
size_t plainRunEnd(std::string_view v, size_t i) {
#if defined(__SSE2__)
  for (; i + 16 <= v.size(); i += 16) {
    unsigned m = escapeMask(_mm_loadu_si128(reinterpret_cast<const __m128i*>(v.data() + i)));
    if (m != 0) return i + static_cast<size_t>(__builtin_ctz(m));
  }
  if (i < v.size()) {
    alignas(16) char tail[16];
    std::memset(tail, 'a', sizeof tail);
    std::memcpy(tail, v.data() + i, v.size() - i);
    unsigned m = escapeMask(_mm_load_si128(reinterpret_cast<const __m128i*>(tail)));
    return m != 0 ? i + static_cast<size_t>(__builtin_ctz(m)) : v.size();
  }
  return i;
#else
  while (i + 8 <= v.size()) {
    uint64_t x;
    std::memcpy(&x, v.data() + i, 8);
    if (wordNeedsEscape(x)) break;
    i += 8;
  }
  while (i < v.size() && isPlain(static_cast<unsigned char>(v[i]))) ++i;
  return i;
#endif
}

// Short plain strings (keys, ids, names, instants: nearly every value) go out in one append.
constexpr size_t kShortString = 64;
bool isShortPlain(std::string_view v) { return v.size() <= kShortString && plainRunEnd(v, 0) == v.size(); }
// Writes `"v"` (v plain) at buf + n; returns the new length.
size_t putQuoted(char* buf, size_t n, std::string_view v) {
  buf[n++] = '"';
  std::memcpy(buf + n, v.data(), v.size());
  n += v.size();
  buf[n++] = '"';
  return n;
}
}  // namespace

void appendJsonString(std::string& out, std::string_view v) {
  out.push_back('"');
  size_t i = 0;
  while (i < v.size()) {
    // Copy the longest plain run in one append: most field values are entirely plain.
    size_t run = plainRunEnd(v, i);
    if (run > i) {
      out.append(v.data() + i, run - i);
      i = run;
      if (i == v.size()) break;
    }
    unsigned char c = static_cast<unsigned char>(v[i]);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          // Copy a well-formed UTF-8 sequence (RFC 3629: no overlong forms, no surrogates, nothing
          // above U+10FFFF); replace anything else with U+FFFD so the output is always valid.
          size_t len = utf8::sequenceLength(v, i);
          if (len > 0) {
            out.append(v.substr(i, len));
            i += len - 1;
          } else {
            out += "\xEF\xBF\xBD";
          }
        }
    }
    ++i;
  }
  out.push_back('"');
}

std::string withStringMember(std::string object_json, std::string_view key, std::string_view value) {
  if (object_json.empty() || object_json.back() != '}') return object_json;
  object_json.pop_back();
  if (object_json.size() > 1) object_json.push_back(',');
  appendJsonString(object_json, key);
  object_json.push_back(':');
  appendJsonString(object_json, value);
  object_json.push_back('}');
  return object_json;
}

void JsonWriter::sep() {
  if (need_comma_) out_.push_back(',');
}

JsonWriter& JsonWriter::beginObject() {
  sep();
  out_.push_back('{');
  need_comma_ = false;
  return *this;
}
JsonWriter& JsonWriter::endObject() {
  out_.push_back('}');
  need_comma_ = true;
  return *this;
}
JsonWriter& JsonWriter::beginArray() {
  sep();
  out_.push_back('[');
  need_comma_ = false;
  return *this;
}
JsonWriter& JsonWriter::endArray() {
  out_.push_back(']');
  need_comma_ = true;
  return *this;
}
JsonWriter& JsonWriter::key(std::string_view k) {
  quoted(k, Quoted::kKey);
  need_comma_ = false;
  return *this;
}
JsonWriter& JsonWriter::str(std::string_view v) {
  quoted(v, Quoted::kValue);
  need_comma_ = true;
  return *this;
}
JsonWriter& JsonWriter::field(std::string_view k, std::string_view v) {
  if (isShortPlain(k) && isShortPlain(v)) {
    char buf[2 * kShortString + 6];
    size_t n = 0;
    if (need_comma_) buf[n++] = ',';
    n = putQuoted(buf, n, k);
    buf[n++] = ':';
    n = putQuoted(buf, n, v);
    out_.append(buf, n);
    need_comma_ = true;
    return *this;
  }
  return key(k).str(v);
}

void JsonWriter::quoted(std::string_view v, Quoted as) {
  if (isShortPlain(v)) {
    char buf[kShortString + 4];
    size_t n = 0;
    if (need_comma_) buf[n++] = ',';
    n = putQuoted(buf, n, v);
    if (as == Quoted::kKey) buf[n++] = ':';
    out_.append(buf, n);
    return;
  }
  sep();
  appendJsonString(out_, v);
  if (as == Quoted::kKey) out_.push_back(':');
}
JsonWriter& JsonWriter::num(int64_t v) {
  sep();
  char buf[24];
  auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;  // no temporary string
  out_.append(buf, static_cast<size_t>(end - buf));
  need_comma_ = true;
  return *this;
}
void appendTenths(std::string& out, int64_t v) {
  if (v < 0) {
    out.push_back('-');
    v = -v;
  }
  char buf[24];
  auto end = std::to_chars(buf, buf + sizeof buf - 2, v / 10).ptr;
  *end++ = '.';
  *end++ = static_cast<char>('0' + v % 10);
  out.append(buf, static_cast<size_t>(end - buf));
}
JsonWriter& JsonWriter::tenths(int64_t v) {
  sep();
  appendTenths(out_, v);
  need_comma_ = true;
  return *this;
}
JsonWriter& JsonWriter::boolean(bool v) {
  sep();
  out_ += v ? "true" : "false";
  need_comma_ = true;
  return *this;
}
JsonWriter& JsonWriter::null() {
  sep();
  out_ += "null";
  need_comma_ = true;
  return *this;
}
JsonWriter& JsonWriter::raw(std::string_view json) {
  sep();
  out_ += json;
  need_comma_ = true;
  return *this;
}

}  // namespace gaflight
