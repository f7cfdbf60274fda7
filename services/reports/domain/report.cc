#include "services/reports/domain/report.h"

#include "absl/strings/str_cat.h"

namespace fazhi::reports {

absl::string_view ReportStateName(ReportState state) {
  switch (state) {
    case ReportState::kDraft:
      return "draft";
    case ReportState::kInReview:
      return "in review";
    case ReportState::kApproved:
      return "approved";
    case ReportState::kSubmitted:
      return "submitted";
    case ReportState::kPublished:
      return "published";
  }
  return "unknown";
}

absl::string_view RecipientBasisName(RecipientBasis basis) {
  switch (basis) {
    case RecipientBasis::kOwnPartyCommittee:
      return "own party committee";
    case RecipientBasis::kOwnCongressStandingCommittee:
      return "own people's congress standing committee";
    case RecipientBasis::kSuperiorPartyCommittee:
      return "party committee one level up";
    case RecipientBasis::kSuperiorGovernment:
      return "government one level up";
    case RecipientBasis::kOwnGovernment:
      return "own government";
    case RecipientBasis::kSuperiorCounterpart:
      return "matching department one level up";
    case RecipientBasis::kAddedByClerk:
      return "added by a clerk";
  }
  return "unknown";
}

absl::string_view ChannelKindName(ChannelKind kind) {
  switch (kind) {
    case ChannelKind::kPortal:
      return "portal";
    case ChannelKind::kNewspaper:
      return "newspaper";
    case ChannelKind::kGazette:
      return "gazette";
    case ChannelKind::kOther:
      return "other";
  }
  return "unknown";
}

absl::Status CheckTransition(ReportState from, ReportState to, bool corrected_before) {
  bool allowed = false;
  switch (to) {
    case ReportState::kDraft:
      // Sent back by the reviewer, or reopened after publication to be corrected.
      allowed = from == ReportState::kInReview || from == ReportState::kPublished;
      break;
    case ReportState::kInReview:
      allowed = from == ReportState::kDraft;
      break;
    case ReportState::kApproved:
      allowed = from == ReportState::kInReview;
      break;
    case ReportState::kSubmitted:
      allowed = from == ReportState::kApproved && !corrected_before;
      break;
    case ReportState::kPublished:
      // A first publication follows submission (the recipients come first); a correction was
      // submitted before, so it is published once approved.
      allowed =
          from == ReportState::kSubmitted || (from == ReportState::kApproved && corrected_before);
      break;
  }
  if (allowed) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat("the report is ", ReportStateName(from),
                                                    "; it cannot become ", ReportStateName(to)));
}

}  // namespace fazhi::reports
