// SPDX-License-Identifier: GPL-2.0-or-later
// Logging: one line per message to a sink (standard error by default).
//
// Log an error once, where it is handled. Messages the operator must see also reach the UI.
#pragma once

#include <functional>
#include <string_view>

namespace baton {

enum class LogLevel { kDebug, kInfo, kWarning, kError };

using LogSink = std::function<void(LogLevel, std::string_view)>;

// Replaces the sink; returns the previous one. Not thread-safe against concurrent Logf.
LogSink SetLogSink(LogSink sink);
// Messages below this level are dropped (default kInfo).
void SetLogLevel(LogLevel level);

void Logf(LogLevel level, const char* format, ...) __attribute__((format(printf, 2, 3)));

}  // namespace baton
