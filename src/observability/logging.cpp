#include "observability/logging.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "core/clock.hpp"

namespace gaflight::observability {

namespace {
std::shared_ptr<spdlog::logger> g_logger;
LogLevel g_level = LogLevel::kInfo;

std::shared_ptr<spdlog::logger> logger() {
  if (!g_logger) initLogging(g_level);
  return g_logger;
}

const char* levelName(LogLevel l) {
  switch (l) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarn:
      return "warn";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}
}  // namespace

void initLogging(LogLevel level) {
  g_level = level;
  if (!g_logger) {
    g_logger = spdlog::stderr_logger_mt("gaflight");
    g_logger->set_pattern("%v");
  }
  g_logger->set_level(level == LogLevel::kDebug  ? spdlog::level::debug
                      : level == LogLevel::kInfo ? spdlog::level::info
                      : level == LogLevel::kWarn ? spdlog::level::warn
                                                 : spdlog::level::err);
}

LogLevel parseLogLevel(std::string_view s) {
  if (s == "debug") return LogLevel::kDebug;
  if (s == "warn") return LogLevel::kWarn;
  if (s == "error") return LogLevel::kError;
  return LogLevel::kInfo;
}

void logEvent(LogLevel level, std::string_view subsystem, std::string_view message,
              const nlohmann::json& fields) {
  if (static_cast<int>(level) < static_cast<int>(g_level)) return;
  nlohmann::json line = fields.is_object() ? fields : nlohmann::json::object();
  auto now = std::chrono::system_clock::now();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::string ts = timefmt::formatInstant(now);
  char frac[8];
  std::snprintf(frac, sizeof frac, ".%03dZ", static_cast<int>(ms));
  ts.replace(ts.size() - 1, 1, frac);
  line["ts"] = ts;
  line["level"] = levelName(level);
  line["logger"] = subsystem;
  line["msg"] = redactSecrets(message);
  auto text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  auto lg = logger();
  switch (level) {
    case LogLevel::kDebug:
      lg->debug(text);
      break;
    case LogLevel::kInfo:
      lg->info(text);
      break;
    case LogLevel::kWarn:
      lg->warn(text);
      break;
    case LogLevel::kError:
      lg->error(text);
      break;
  }
}

void logEvent(LogLevel level, std::string_view subsystem, std::string_view message) {
  logEvent(level, subsystem, message, nlohmann::json::object());
}

std::string redactSecrets(std::string_view text) {
  std::string out(text);
  for (std::string_view marker : {"gaf_pk_", "whsec_"}) {
    size_t pos = 0;
    while ((pos = out.find(marker, pos)) != std::string::npos) {
      size_t end = pos + marker.size();
      while (end < out.size() && (isalnum(static_cast<unsigned char>(out[end])) || out[end] == '-' ||
                                  out[end] == '_' || out[end] == '+' || out[end] == '/' || out[end] == '='))
        ++end;
      out.replace(pos, end - pos, std::string(marker) + "[REDACTED]");
      pos += marker.size() + 10;
    }
  }
  return out;
}

}  // namespace gaflight::observability
