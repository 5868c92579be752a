// SPDX-License-Identifier: GPL-2.0-or-later
// Logging to a replaceable sink.
#include "bootloader/core/log.h"

#include <cstdarg>
#include <cstdio>
#include <utility>

namespace baton {
namespace {

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kError:
      return "error";
  }
  return "?";
}

void StandardErrorSink(LogLevel level, std::string_view line) {
  std::fprintf(stderr, "baton: %s: %.*s\n", LevelName(level), static_cast<int>(line.size()),
               line.data());
}

LogSink& Sink() {
  static LogSink sink = StandardErrorSink;
  return sink;
}
LogLevel& Threshold() {
  static LogLevel level = LogLevel::kInfo;
  return level;
}

}  // namespace

LogSink SetLogSink(LogSink sink) { return std::exchange(Sink(), std::move(sink)); }
void SetLogLevel(LogLevel level) { Threshold() = level; }

void Logf(LogLevel level, const char* format, ...) {
  if (level < Threshold()) return;
  char line[1024];
  va_list args;
  va_start(args, format);
  int length = std::vsnprintf(line, sizeof line, format, args);
  va_end(args);
  if (length < 0) return;
  std::size_t size = static_cast<std::size_t>(length) < sizeof line
                         ? static_cast<std::size_t>(length)
                         : sizeof line - 1;
  Sink()(level, std::string_view(line, size));
}

}  // namespace baton
