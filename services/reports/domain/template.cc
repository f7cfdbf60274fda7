#include "services/reports/domain/template.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/validation/text.h"

namespace fazhi::reports {

bool IsWellFormedKey(absl::string_view key, absl::string_view punctuation, size_t max_length) {
  if (key.empty() || key.size() > max_length) return false;
  for (char c : key) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              punctuation.find(c) != absl::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

absl::Status CheckTemplateId(absl::string_view id, absl::string_view field) {
  if (IsWellFormedKey(id, "-", 63)) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      field, " '", validation::IsValidUtf8(id) ? validation::Excerpt(id, 64) : "<not UTF-8>",
      "': use 1 to 63 lower-case letters, digits and '-'"));
}

absl::Status ValidateTemplateShape(const Template& t) {
  if (absl::Status s = CheckTemplateId(t.id, "template.id"); !s.ok()) return s;
  if (t.name.empty() || t.name.size() > 200 || !validation::IsValidUtf8(t.name)) {
    return absl::InvalidArgumentError("template.name: give a name of 1 to 200 bytes of UTF-8");
  }
  if (!validation::IsValidUtf8(t.description) || t.description.size() > 4000) {
    return absl::InvalidArgumentError("template.description: at most 4000 bytes of UTF-8");
  }
  if (t.sections.empty() || t.sections.size() > kMaxSections) {
    return absl::InvalidArgumentError(
        absl::StrCat("template.sections: give 1 to ", kMaxSections, " sections"));
  }
  std::set<std::string> keys;
  int previous_level = 0;
  for (size_t i = 0; i < t.sections.size(); ++i) {
    const TemplateSection& s = t.sections[i];
    std::string field = absl::StrCat("template.sections[", i, "]");
    if (!IsWellFormedKey(s.key, "._-", 63)) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, ".key '", s.key, "': use 1 to 63 lower-case letters, digits, '.', '_' and '-'"));
    }
    if (!keys.insert(s.key).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".key '", s.key, "' is used by an earlier section"));
    }
    if (s.level < 0 || s.level > 4) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".level ", s.level, ": use 0 (no heading) or 1 to 4"));
    }
    if (s.level > 1 && s.level > previous_level + 1) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".level ", s.level, " follows a section of level ", previous_level,
                       ": a section can only be one level below the one before it"));
    }
    if (s.level > 0) previous_level = s.level;
    if (s.level > 0 && s.heading.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".heading: a numbered section needs one"));
    }
    if (s.level == 0 && (!s.heading.empty() || s.run_in)) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": a level 0 section has no heading"));
    }
    if (s.heading.size() > kMaxHeadingBytes || !validation::IsValidUtf8(s.heading)) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".heading: at most ", kMaxHeadingBytes, " bytes of UTF-8"));
    }
    if (s.default_text.size() > kMaxSectionTextBytes || !validation::IsValidUtf8(s.default_text)) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".default_text: at most ", kMaxSectionTextBytes, " bytes of UTF-8"));
    }
    if (s.guidance.size() > kMaxSectionTextBytes || !validation::IsValidUtf8(s.guidance)) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".guidance: at most ", kMaxSectionTextBytes, " bytes of UTF-8"));
    }
  }
  std::set<std::string> names;
  for (size_t i = 0; i < t.definitions.size(); ++i) {
    const Definition& d = t.definitions[i];
    std::string field = absl::StrCat("template.definitions[", i, "]");
    if (!IsWellFormedKey(d.name, "_", 63)) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".name '", d.name, "': use lower-case letters, digits and '_'"));
    }
    if (!names.insert(d.name).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".name '", d.name, "' is defined twice"));
    }
    if (d.expression.empty() || d.expression.size() > 512 ||
        !validation::IsValidUtf8(d.expression)) {
      return absl::InvalidArgumentError(absl::StrCat(field, ".expression: give 1 to 512 bytes"));
    }
  }
  return absl::OkStatus();
}

}  // namespace fazhi::reports
