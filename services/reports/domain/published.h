#ifndef FAZHI_SERVICES_REPORTS_DOMAIN_PUBLISHED_H_
#define FAZHI_SERVICES_REPORTS_DOMAIN_PUBLISHED_H_

// A published version: frozen at publication and never changed. A later change to a figure or a
// correction makes a new version; every earlier one stays readable byte for byte.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/reports/domain/report.h"

namespace fazhi::reports {

// A placeholder as printed, with the exact value behind it and the figures it was made of.
struct PublishedFigure {
  std::string section_key;
  std::string placeholder;
  std::string rendered;
  int64_t numerator = 0;
  int64_t denominator = 1;
  std::string format;
  // "reconsideration.received@jiyuan" → 159.
  std::vector<std::pair<std::string, int64_t>> inputs;
};

// A section as published: the prose the clerk wrote (placeholders included) and what it printed.
struct PublishedSection {
  std::string key;
  std::string source;
  std::string rendered;
};

// What a correction changed against the version before: a section's prose or one figure.
struct Change {
  std::string section_key;
  // Empty when the prose changed.
  std::string placeholder;
  std::string before;
  std::string after;
};

struct PublishedVersion {
  std::string report_id;
  int64_t version = 0;
  std::string department_id;
  int year = 0;
  std::string title;
  ReportKind kind = ReportKind::kGovernment;
  absl::CivilDay publication_date;
  std::vector<Channel> channels;
  std::vector<Recipient> recipients;
  std::string correction_reason;
  std::string html;
  std::string markdown;
  std::string text;
  std::string html_sha256;
  std::string markdown_sha256;
  std::string text_sha256;
  std::vector<PublishedFigure> figures;
  std::vector<PublishedSection> sections;
  std::vector<Acknowledgement> acknowledgements;
  std::vector<Change> changes;
  std::string published_by;
  absl::Time publish_time;
};

}  // namespace fazhi::reports

#endif  // FAZHI_SERVICES_REPORTS_DOMAIN_PUBLISHED_H_
