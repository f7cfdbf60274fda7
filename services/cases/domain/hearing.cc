#include "services/cases/domain/hearing.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/time/date.h"
#include "common/validation/text.h"
#include "services/cases/domain/deadlines.h"

namespace fazhi::cases {
namespace {

absl::Status Refused(absl::string_view why) { return absl::FailedPreconditionError(why); }

absl::Status Invalid(absl::string_view field, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", why));
}

// Hearing steps belong between the notification and the decision.
absl::Status CheckHearingStage(const EnforcementCase& c, absl::string_view what) {
  if (c.decision) {
    return Refused(absl::StrCat(what,
                                " comes before the decision (行政处罚法 Art. 65); the case is "
                                "already decided"));
  }
  if (!c.notified_date) {
    return Refused(absl::StrCat(
        "notify the party of the intended penalty and of their right to a hearing (告知, "
        "行政处罚法 Arts 44 and 63) before ",
        what));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckHearingThresholds(const HearingThresholds& thresholds) {
  if (thresholds.person_fen <= 0) {
    return Invalid("hearing_fine_threshold_person_fen", "must be a positive amount in fen");
  }
  if (thresholds.organisation_fen <= 0) {
    return Invalid("hearing_fine_threshold_organisation_fen", "must be a positive amount in fen");
  }
  return absl::OkStatus();
}

int64_t HearingThresholdFen(PartyType party, const HearingThresholds& thresholds) {
  switch (party) {
    case PartyType::kOrganisation:
      return thresholds.organisation_fen;
    case PartyType::kPerson:
      return thresholds.person_fen;
    case PartyType::kUnspecified:
      break;
  }
  return std::min(thresholds.person_fen, thresholds.organisation_fen);
}

bool HasHearingRights(PartyType party, const std::vector<Sanction>& sanctions,
                      const HearingThresholds& thresholds) {
  int64_t fines = 0;
  int64_t confiscated = 0;
  for (const Sanction& s : sanctions) {
    switch (s.type) {
      case SanctionType::kLicenceSuspension:  // 暂扣许可证件, 降低资质等级: Art. 63(3)
      case SanctionType::kLicenceRevocation:  // 吊销许可证件: Art. 63(3)
      case SanctionType::kClosure:  // 责令停产停业, 责令关闭, 限制从业: Art. 63(4)
        return true;
      case SanctionType::kFine:
        fines += s.amount_fen;
        break;
      case SanctionType::kConfiscation:
        confiscated += s.amount_fen;
        break;
      case SanctionType::kUnspecified:
      case SanctionType::kWarning:
      case SanctionType::kDetention:
      case SanctionType::kSeizure:
        break;
    }
  }
  int64_t threshold = HearingThresholdFen(party, thresholds);
  return fines >= threshold || confiscated >= threshold;  // Art. 63(1) and (2)
}

absl::Status CheckHearingRequest(const EnforcementCase& c, absl::CivilDay date,
                                 const time_util::WorkingDayCalendar& calendar,
                                 absl::CivilDay today) {
  if (c.kind != CaseKind::kPenalty) {
    return Refused("only a penalty case (行政处罚) has a hearing under 行政处罚法 Art. 63");
  }
  if (absl::Status s = CheckHearingStage(c, "a hearing request"); !s.ok()) return s;
  if (c.hearing_requested) {
    return Refused(absl::StrCat(
        "the party already requested a hearing",
        c.hearing_request_date ? absl::StrCat(" on ", time_util::FormatDay(*c.hearing_request_date))
                               : ""));
  }
  constexpr absl::string_view kField = "request_hearing.date";
  if (absl::Status s = time_util::CheckNotAfterToday(date, today, kField); !s.ok()) return s;
  if (date < *c.notified_date) {
    return Invalid(kField, absl::StrCat(time_util::FormatDay(date), " is before the notification (",
                                        time_util::FormatDay(*c.notified_date), ")"));
  }
  absl::CivilDay due = HearingRequestDueDate(*c.notified_date, calendar);
  if (date > due) {
    return Invalid(kField,
                   absl::StrCat("a hearing is requested within ", kHearingRequestWorkingDays,
                                " working days of the notification of ",
                                time_util::FormatDay(*c.notified_date), ", by ",
                                time_util::FormatDay(due), ", not on ", time_util::FormatDay(date),
                                " (行政处罚法 Art. 64(1), in working days per Art. 85)"));
  }
  return absl::OkStatus();
}

absl::Status CheckHearing(const EnforcementCase& c, const PenaltyHearing& hearing,
                          const time_util::WorkingDayCalendar& calendar, absl::CivilDay today) {
  if (c.kind != CaseKind::kPenalty) {
    return Refused("only a penalty case (行政处罚) has a hearing under 行政处罚法 Art. 63");
  }
  if (absl::Status s = CheckHearingStage(c, "a hearing"); !s.ok()) return s;
  if (!c.hearing_requested) {
    return Refused(
        "the party has not requested a hearing: record the request first (notify with "
        "hearing_requested, or request_hearing within 5 working days of the notification, "
        "行政处罚法 Art. 64(1))");
  }
  if (c.hearing) {
    return Refused(absl::StrCat("the hearing was already recorded, held on ",
                                time_util::FormatDay(c.hearing->hearing_date)));
  }
  if (absl::Status s =
          validation::CheckText(hearing.presiding_officer_id,
                                "hold_hearing.hearing.presiding_officer_id", 1, kMaxNameChars);
      !s.ok()) {
    return s;
  }
  if (std::find(c.officer_ids.begin(), c.officer_ids.end(), hearing.presiding_officer_id) !=
      c.officer_ids.end()) {
    return Invalid("hold_hearing.hearing.presiding_officer_id",
                   absl::StrCat(hearing.presiding_officer_id,
                                " investigated the case; the hearing is presided over by an "
                                "officer who did not (行政处罚法 Art. 64(4))"));
  }
  if (absl::Status s =
          validation::CheckText(hearing.transcript_reference,
                                "hold_hearing.hearing.transcript_reference", 0, kMaxReferenceChars);
      !s.ok()) {
    return s;
  }
  constexpr absl::string_view kNotice = "hold_hearing.hearing.notice_date";
  if (absl::Status s = time_util::CheckNotAfterToday(hearing.notice_date, today, kNotice);
      !s.ok()) {
    return s;
  }
  absl::CivilDay requested = c.hearing_request_date.value_or(*c.notified_date);
  if (hearing.notice_date < requested) {
    return Invalid(kNotice, absl::StrCat(time_util::FormatDay(hearing.notice_date),
                                         " is before the party requested the hearing (",
                                         time_util::FormatDay(requested), ")"));
  }
  constexpr absl::string_view kDate = "hold_hearing.hearing.hearing_date";
  if (absl::Status s = time_util::CheckNotAfterToday(hearing.hearing_date, today, kDate); !s.ok()) {
    return s;
  }
  absl::CivilDay earliest = EarliestHearingDate(hearing.notice_date, calendar);
  if (hearing.hearing_date < earliest) {
    return Invalid(
        kDate, absl::StrCat("a hearing is announced at least ", kHearingNoticeWorkingDays,
                            " working days before it is held (行政处罚法 Art. 64(2), in working "
                            "days per Art. 85): announced on ",
                            time_util::FormatDay(hearing.notice_date), ", it is held on or after ",
                            time_util::FormatDay(earliest), ", not on ",
                            time_util::FormatDay(hearing.hearing_date)));
  }
  return absl::OkStatus();
}

}  // namespace fazhi::cases
