#include "common/log/log.h"

#include <array>
#include <atomic>
#include <cstdio>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace fazhi::log {
namespace {

std::mutex& OutputMutex() {
  static auto* mu = new std::mutex;
  return *mu;
}
std::string& ServiceName() {
  static auto* name = new std::string("fazhi");
  return *name;
}
std::atomic<Level> g_min_level{Level::kInfo};
thread_local std::string t_request_id;

absl::string_view LevelName(Level level) {
  switch (level) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarning:
      return "warning";
    case Level::kError:
      return "error";
  }
  return "info";
}

// Length of the valid UTF-8 sequence starting at s[i], or 0 if it is not valid.
size_t Utf8SequenceLength(absl::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xc0) != 0x80) return 0;
  }
  return n;
}

}  // namespace

void Init(absl::string_view service, Level min_level) {
  std::lock_guard<std::mutex> lock(OutputMutex());
  ServiceName() = std::string(service);
  g_min_level = min_level;
}

bool ParseLevel(absl::string_view text, Level* level) {
  for (Level l : {Level::kDebug, Level::kInfo, Level::kWarning, Level::kError}) {
    if (text == LevelName(l)) {
      *level = l;
      return true;
    }
  }
  return false;
}

namespace {

// True when text can go into a JSON string as it is: printable ASCII without quote or backslash,
// which every field of an access log line is.
// One table lookup a character: this runs over every byte of every access-log line.
bool PlainJson(absl::string_view text) {
  static constexpr auto kPlain = [] {
    std::array<bool, 256> plain{};
    for (int c = 0x20; c < 0x7f; ++c) plain[c] = c != '"' && c != '\\';
    return plain;
  }();
  for (char ch : text) {
    if (!kPlain[static_cast<unsigned char>(ch)]) return false;
  }
  return true;
}

void AppendJsonEscaped(std::string* out, absl::string_view text) {
  if (PlainJson(text)) {
    out->append(text.data(), text.size());
    return;
  }
  out->reserve(out->size() + text.size() + 8);
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      size_t n = Utf8SequenceLength(text, i);
      if (n == 0) {
        *out += "\\ufffd";
        ++i;
      } else {
        out->append(text.data() + i, n);
        i += n;
      }
      continue;
    }
    switch (c) {
      case '"':
        *out += "\\\"";
        break;
      case '\\':
        *out += "\\\\";
        break;
      case '\n':
        *out += "\\n";
        break;
      case '\r':
        *out += "\\r";
        break;
      case '\t':
        *out += "\\t";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof(buf), "\\u%04x", c);
          *out += buf;
        } else {
          *out += static_cast<char>(c);
        }
    }
    ++i;
  }
}

// "2026-12-03T16:07:26.143Z". The part up to the second is formatted once a second per thread:
// a log line per call made time formatting a tenth of a small call's cost.
void AppendTimestamp(std::string* out, absl::Time now) {
  thread_local int64_t formatted_second = -1;
  thread_local std::string second_text;
  int64_t micros = absl::ToUnixMicros(now);
  int64_t second = micros >= 0 ? micros / 1000000 : (micros - 999999) / 1000000;
  if (second != formatted_second) {
    second_text =
        absl::FormatTime("%Y-%m-%dT%H:%M:%S", absl::FromUnixSeconds(second), absl::UTCTimeZone());
    formatted_second = second;
  }
  int millis = static_cast<int>((micros - second * 1000000) / 1000);
  char fraction[] = {'.', static_cast<char>('0' + millis / 100),
                     static_cast<char>('0' + millis / 10 % 10),
                     static_cast<char>('0' + millis % 10), 'Z'};
  out->append(second_text);
  out->append(fraction, sizeof(fraction));
}

}  // namespace

std::string JsonEscape(absl::string_view text) {
  std::string out;
  AppendJsonEscaped(&out, text);
  return out;
}

void Write(Level level, absl::string_view message, Fields fields) {
  if (level < g_min_level) return;
  std::string line;
  line.reserve(256);
  line += "{\"time\":\"";
  AppendTimestamp(&line, absl::Now());
  absl::StrAppend(&line, "\",\"level\":\"", LevelName(level), "\",\"service\":\"");
  AppendJsonEscaped(&line, ServiceName());
  line += "\"";
  if (!t_request_id.empty()) {
    line += ",\"request_id\":\"";
    AppendJsonEscaped(&line, t_request_id);
    line += "\"";
  }
  line += ",\"message\":\"";
  AppendJsonEscaped(&line, message);
  line += "\"";
  for (const auto& [key, value] : fields) {
    line += ",\"";
    AppendJsonEscaped(&line, key);
    line += "\":\"";
    AppendJsonEscaped(&line, value);
    line += "\"";
  }
  line += "}\n";
  std::lock_guard<std::mutex> lock(OutputMutex());
  std::fwrite(line.data(), 1, line.size(), stdout);
  std::fflush(stdout);
}

const std::string& CurrentRequestId() { return t_request_id; }
void SetCurrentRequestId(std::string id) { t_request_id = std::move(id); }

ScopedRequestId::ScopedRequestId(std::string id) : previous_(std::move(t_request_id)) {
  t_request_id = std::move(id);
}
ScopedRequestId::~ScopedRequestId() { t_request_id = std::move(previous_); }

}  // namespace fazhi::log
