#include "common/audit/changes.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "common/log/log.h"

namespace fazhi::audit {
namespace {

std::string Quote(absl::string_view s) { return absl::StrCat("\"", log::JsonEscape(s), "\""); }

}  // namespace

std::string CreationJson(const Fields& fields) {
  std::string out = "{";
  for (const auto& [name, value] : fields) {
    if (out.size() > 1) out += ",";
    absl::StrAppend(&out, Quote(name), ":", Quote(value));
  }
  return out + "}";
}

std::string ChangeJson(const Fields& before, const Fields& after) {
  std::map<std::string, std::string> old_values(before.begin(), before.end());
  std::string out = "{";
  for (const auto& [name, value] : after) {
    auto it = old_values.find(name);
    std::string old_value = it == old_values.end() ? "" : it->second;
    if (old_value == value) continue;
    if (out.size() > 1) out += ",";
    absl::StrAppend(&out, Quote(name), ":{\"from\":", Quote(old_value), ",\"to\":", Quote(value),
                    "}");
  }
  return out + "}";
}

}  // namespace fazhi::audit
