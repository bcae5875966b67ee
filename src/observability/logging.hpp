#pragma once
// Structured JSON logs on stderr, one named logger per subsystem. Callers pass fields, never
// secrets: tokens, passwords, cookies and webhook secrets are not logged anywhere; redactSecrets()
// is a second line of defence for free text.
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace spdlog {
class logger;
}

namespace gaflight::observability {

enum class LogLevel { kDebug, kInfo, kWarn, kError };

void initLogging(LogLevel level);
void logEvent(LogLevel level, std::string_view subsystem, std::string_view message,
              const nlohmann::json& fields);
void logEvent(LogLevel level, std::string_view subsystem, std::string_view message);
// Replaces anything that looks like a gaflight token or secret with a marker.
std::string redactSecrets(std::string_view text);
LogLevel parseLogLevel(std::string_view s);

}  // namespace gaflight::observability
