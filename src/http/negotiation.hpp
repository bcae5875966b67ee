#pragma once
// Content negotiation (RFC 9110 §12.5.1) for the few media types the API speaks: JSON everywhere, and
// CSV / NDJSON exports on the lists that offer them (SPEC §10.7). One pure rule, unit-tested.
#include <string_view>

namespace gaflight::http {

enum class MediaType { kJson, kNdjson, kCsv, kNotAcceptable };
enum class Offers { kJsonOnly, kJsonAndExports };

inline constexpr std::string_view kCsvMediaType = "text/csv; charset=utf-8";
inline constexpr std::string_view kNdjsonMediaType = "application/x-ndjson";

// The representation to send for an Accept header value ("" = no header: JSON). Each offered type gets
// the q of the most specific range that matches it (type/subtype over type/* over */*); the highest q
// wins, ties going to the more specific match and then to JSON, NDJSON, CSV in that order. q=0 or no
// match for anything offered → kNotAcceptable. Parameters other than q are ignored; a range with a
// malformed q counts as q=0; a header without a single type/subtype range is ignored (JSON).
MediaType negotiate(std::string_view accept, Offers offers);

}  // namespace gaflight::http
