#ifndef FAZHI_SERVICES_REPORTS_DOMAIN_REPORT_H_
#define FAZHI_SERVICES_REPORTS_DOMAIN_REPORT_H_

// The annual 法治政府建设情况报告 (DESIGN.md, "Annual report"): what a report is made of, its life
// cycle, and what a published version freezes. Pure types and rules: no gRPC, no SQL.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace fazhi::reports {

// A government's report (市县政府) or a government department's (市县政府部门): the regulation
// sends them to different recipients.
enum class ReportKind { kGovernment = 1, kDepartment = 2 };

// draft → in review → approved → submitted → published. A correction after publication takes the
// report back to draft; it is then reviewed, approved and published again as a new version
// (it was submitted already, so a correction does not need submitting again).
enum class ReportState {
  kDraft = 1,
  kInReview = 2,
  kApproved = 3,
  kSubmitted = 4,
  kPublished = 5,
};

absl::string_view ReportStateName(ReportState state);

// One section of a report, in template order. The number (一、 (一) 1. (1)) is generated from the
// levels of the sections before it, never stored or typed.
struct Section {
  // Stable within the template, e.g. "work.leadership".
  std::string key;
  // 0: an unnumbered block without a heading (the opening paragraph); 1 to 4: 一、 (一) 1. (1).
  int level = 1;
  // Without its number; may hold {{year}} and the like.
  std::string heading;
  // The heading runs into the first paragraph ("(一)加强保障机制建设。完善工作推进机制…").
  bool run_in = false;
  // The prose with its placeholders ({{...}}): one paragraph per line.
  std::string text;
};

// Why a unit is a recipient: the regulation's rule, or a clerk's addition.
enum class RecipientBasis {
  kOwnPartyCommittee = 1,             // 同级党委 (a government's; a department's government's)
  kOwnCongressStandingCommittee = 2,  // 同级人大常委会 (governments)
  kSuperiorPartyCommittee = 3,        // 上一级党委 (governments)
  kSuperiorGovernment = 4,            // 上一级政府 (governments)
  kOwnGovernment = 5,                 // 本级政府 (departments)
  kSuperiorCounterpart = 6,           // 上一级政府有关部门 (departments)
  kAddedByClerk = 7,
};

absl::string_view RecipientBasisName(RecipientBasis basis);

struct Recipient {
  std::string department_id;
  // As the registry named the unit when the report was made: 河南省人民政府 / 省人民政府.
  std::string name;
  std::string short_name;
  RecipientBasis basis = RecipientBasis::kAddedByClerk;
  // Set by submission: the day it was sent and the document number (济政〔2022〕xx号).
  std::optional<absl::CivilDay> submitted_on;
  std::string document_number;

  bool required() const { return basis != RecipientBasis::kAddedByClerk; }
};

// Where a report was made public (Art. 24: portal, newspapers and the like).
enum class ChannelKind { kPortal = 1, kNewspaper = 2, kGazette = 3, kOther = 4 };

absl::string_view ChannelKindName(ChannelKind kind);

struct Channel {
  ChannelKind kind = ChannelKind::kPortal;
  // e.g. 济源市人民政府门户网站, 济源日报.
  std::string name;
  absl::CivilDay published_on;
  // Required for a portal; optional otherwise.
  std::string url;
};

// A validation violation a supervisor accepted for publication, with the reason. It is listed in
// the published version, never hidden.
struct Acknowledgement {
  std::string rule_id;
  std::string department_id;
  // The violation as RunValidation stated it when it was acknowledged.
  std::string message;
  std::string reason;
  std::string acknowledged_by;
  absl::Time acknowledge_time;
};

struct Report {
  std::string id;
  // The reporting unit; its subtree's figures fill the placeholders.
  std::string department_id;
  int year = 0;
  ReportKind kind = ReportKind::kGovernment;
  std::string template_id;
  // Derived from the unit and the year: 济源市人民政府关于2021年度法治政府建设情况的报告.
  std::string title;
  // The issuing unit as signed at the end (济源市人民政府).
  std::string issuer_name;
  ReportState state = ReportState::kDraft;
  std::vector<Section> sections;
  std::vector<Recipient> recipients;
  std::vector<Acknowledgement> acknowledgements;
  std::vector<Channel> channels;
  // The date printed at the end (落款日期): the submission date once submitted.
  std::optional<absl::CivilDay> issue_date;
  // The latest published version; 0 before the first publication.
  int64_t published_version = 0;
  // Set while a published report is being corrected: why (required to start the correction).
  std::string correction_reason;
  std::string created_by;
  absl::Time create_time;
  absl::Time update_time;
  // Backs the etag; bumped by every change.
  int64_t version = 0;
};

// The states a report may move to from `from` by the named action, or FAILED_PRECONDITION naming
// the state it is in.
absl::Status CheckTransition(ReportState from, ReportState to, bool corrected_before);

}  // namespace fazhi::reports

#endif  // FAZHI_SERVICES_REPORTS_DOMAIN_REPORT_H_
