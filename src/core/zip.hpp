#pragma once
// A thin libzip wrapper working in memory: writes a reproducible archive (fixed entry order, fixed
// modification time, fixed attributes) and reads one back.
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace gaflight::zip {

struct Entry {
  std::string path;
  std::string bytes;
};

// Deflated entries in the given order, each stamped with the same DOS time (1 January 2000, 00:00)
// so the same entries always give the same bytes.
std::string write(const std::vector<Entry>& entries);

// Every file entry of an archive, in archive order; nullopt when the bytes are not a readable ZIP.
std::optional<std::vector<Entry>> read(const std::string& archive);

}  // namespace gaflight::zip
