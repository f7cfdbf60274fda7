// The enforcement case use cases (services/cases/app) over in-memory fakes of the case store, the
// unit registry and the department service's officer check: what they decide and what they write,
// with 济源市生态环境局's cases of the seed report's year.

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/time/date.h"
#include "gtest/gtest.h"
#include "services/cases/app/case_queries.h"
#include "services/cases/app/case_steps.h"
#include "services/cases/app/file_case.h"
#include "tests/support/calendar.h"

namespace fazhi::cases {
namespace {

constexpr char kSthjj[] = "jiyuan-sthjj";  // 济源市生态环境局
constexpr char kCity[] = "jiyuan";         // 济源市人民政府
constexpr char kPersonId[] = "410881198503031234";

::testing::AssertionResult Contains(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "'" << text << "' does not contain '" << part << "'";
}

// The case store in memory, with the store's contract: request ids, unique case numbers per
// department, versions checked and incremented, events numbered.
class FakeCaseRepository : public CaseRepository {
 public:
  absl::StatusOr<EnforcementCase> CreateCase(const EnforcementCase& c, const CaseEvent& event,
                                             absl::string_view request_id,
                                             const audit::AuditContext&) override {
    if (!request_id.empty()) {
      auto first = by_request_id.find(std::string(request_id));
      if (first != by_request_id.end()) return cases.at(first->second);
    }
    for (const auto& [id, stored] : cases) {
      if (stored.department_id == c.department_id && stored.case_number == c.case_number) {
        return absl::AlreadyExistsError("enforcement_case.case_number: taken");
      }
    }
    EnforcementCase stored = c;
    stored.events = {event};
    stored.events[0].sequence = 1;
    cases[c.id] = stored;
    if (!request_id.empty()) by_request_id[std::string(request_id)] = c.id;
    ++writes;
    return stored;
  }

  absl::StatusOr<std::optional<EnforcementCase>> GetCase(absl::string_view id,
                                                         bool with_events) override {
    auto it = cases.find(std::string(id));
    if (it == cases.end()) return std::nullopt;
    EnforcementCase c = it->second;
    if (!with_events) c.events.clear();
    return c;
  }

  absl::StatusOr<EnforcementCase> UpdateCase(const EnforcementCase& updated, const CaseEvent& event,
                                             const audit::AuditContext&) override {
    auto it = cases.find(updated.id);
    if (it == cases.end()) return absl::NotFoundError("gone");
    if (it->second.version != updated.version) return absl::AbortedError("changed meanwhile");
    std::vector<CaseEvent> events = std::move(it->second.events);
    it->second = updated;
    it->second.version = updated.version + 1;
    events.push_back(event);
    events.back().sequence = static_cast<int64_t>(events.size());
    it->second.events = std::move(events);
    ++writes;
    return it->second;
  }

  absl::StatusOr<std::vector<EnforcementCase>> ListCases(const CaseFilter& filter,
                                                         const std::optional<CaseCursor>& after,
                                                         int limit) override {
    std::vector<EnforcementCase> rows;
    for (const auto& [id, c] : cases) {
      if (std::count(filter.department_ids.begin(), filter.department_ids.end(), c.department_id) ==
          0) {
        continue;
      }
      if (after && std::make_pair(time_util::ToYmd(c.filed_date), c.id) <=
                       std::make_pair(after->filed_ymd, after->id)) {
        continue;
      }
      rows.push_back(c);
      rows.back().events.clear();
    }
    std::sort(rows.begin(), rows.end(), [](const EnforcementCase& a, const EnforcementCase& b) {
      return std::tie(a.filed_date, a.id) < std::tie(b.filed_date, b.id);
    });
    if (static_cast<int>(rows.size()) > limit) rows.resize(limit);
    return rows;
  }

  absl::StatusOr<std::vector<EnforcementCase>> ListPublished(const PublicFilter&,
                                                             const std::optional<PublicCursor>&,
                                                             int) override {
    return absl::UnimplementedError("not used by these tests");
  }

  absl::StatusOr<std::vector<OverdueRow>> UndecidedPastDue(
      const std::vector<std::string>& department_ids, int64_t as_of_ymd,
      const std::optional<OverdueCursor>& after, int limit) override {
    std::vector<OverdueRow> rows;
    for (const auto& [id, c] : cases) {
      if (std::count(department_ids.begin(), department_ids.end(), c.department_id) == 0) continue;
      if (c.decision || c.decision_due_pending ||
          time_util::ToYmd(c.decision_due_date) >= as_of_ymd) {
        continue;
      }
      rows.push_back(
          {c.id, c.department_id, c.case_number, c.kind, time_util::ToYmd(c.decision_due_date)});
    }
    return Page(std::move(rows), after, limit);
  }

  // Decided, unpublished and unrevoked decisions whose disclosure was due before as_of.
  absl::StatusOr<std::vector<OverdueRow>> UnpublishedPastDue(
      const std::vector<std::string>& department_ids, int64_t as_of_ymd,
      const std::optional<OverdueCursor>& after, int limit) override {
    std::vector<OverdueRow> rows;
    for (const auto& [id, c] : cases) {
      if (std::count(department_ids.begin(), department_ids.end(), c.department_id) == 0) continue;
      if (!c.decision || c.disclosure.published || c.revoked || c.disclosure.due_pending ||
          time_util::ToYmd(c.disclosure.due_date) >= as_of_ymd) {
        continue;
      }
      rows.push_back(
          {c.id, c.department_id, c.case_number, c.kind, time_util::ToYmd(c.disclosure.due_date)});
    }
    return Page(std::move(rows), after, limit);
  }

  absl::StatusOr<PastDueCounts> CountPastDue(const std::vector<std::string>& department_ids,
                                             int64_t as_of_ymd) override {
    PastDueCounts counts;
    absl::StatusOr<std::vector<OverdueRow>> decisions =
        UndecidedPastDue(department_ids, as_of_ymd, std::nullopt, 1 << 30);
    if (!decisions.ok()) return decisions.status();
    for (const OverdueRow& row : *decisions) ++counts.decisions[row.department_id];
    absl::StatusOr<std::vector<OverdueRow>> disclosures =
        UnpublishedPastDue(department_ids, as_of_ymd, std::nullopt, 1 << 30);
    if (!disclosures.ok()) return disclosures.status();
    for (const OverdueRow& row : *disclosures) ++counts.disclosures[row.department_id];
    return counts;
  }

  // By due date and id, after the cursor, up to limit: as the store pages them.
  static std::vector<OverdueRow> Page(std::vector<OverdueRow> rows,
                                      const std::optional<OverdueCursor>& after, int limit) {
    auto key = [](const OverdueRow& r) { return std::tie(r.due_ymd, r.id); };
    std::sort(rows.begin(), rows.end(),
              [&](const OverdueRow& a, const OverdueRow& b) { return key(a) < key(b); });
    if (after.has_value()) {
      rows.erase(rows.begin(), std::find_if(rows.begin(), rows.end(), [&](const OverdueRow& r) {
                   return std::tie(after->due_ymd, after->id) < key(r);
                 }));
    }
    if (static_cast<int>(rows.size()) > limit) rows.resize(limit);
    return rows;
  }

  absl::StatusOr<std::vector<std::string>> DepartmentsWithCases() override {
    std::set<std::string> ids;
    for (const auto& [id, c] : cases) ids.insert(c.department_id);
    return std::vector<std::string>(ids.begin(), ids.end());
  }

  absl::StatusOr<PendingDueDateCount> CountPendingDueDates(
      const std::vector<std::string>& department_ids) override {
    PendingDueDateCount count;
    for (const auto& [id, c] : cases) {
      if (std::count(department_ids.begin(), department_ids.end(), c.department_id) == 0) continue;
      if (!c.decision && c.decision_due_pending) ++count.decisions;
      if (c.decision && !c.disclosure.published && c.disclosure.due_pending) ++count.disclosures;
    }
    return count;
  }

  absl::StatusOr<std::vector<EnforcementCase>> CasesWithPendingDueDates(absl::string_view after_id,
                                                                        int limit) override {
    std::vector<EnforcementCase> out;
    for (const auto& [id, c] : cases) {
      if (id <= after_id || !(c.decision_due_pending || c.disclosure.due_pending)) continue;
      if (static_cast<int>(out.size()) == limit) break;
      out.push_back(c);
    }
    return out;
  }

  absl::Status SetDueDates(const EnforcementCase& c, absl::string_view,
                           const audit::AuditContext&) override {
    EnforcementCase& stored = cases.at(c.id);
    stored.decision_due_date = c.decision_due_date;
    stored.decision_due_pending = c.decision_due_pending;
    stored.disclosure.due_date = c.disclosure.due_date;
    stored.disclosure.due_pending = c.disclosure.due_pending;
    ++writes;
    return absl::OkStatus();
  }

  std::map<std::string, EnforcementCase> cases;
  std::map<std::string, std::string> by_request_id;
  int writes = 0;
};

class FakeUnits : public directory::UnitDirectory {
 public:
  FakeUnits() {
    units[kCity] = {kCity, "", 1, true, "济源市人民政府"};
    units[kSthjj] = {kSthjj, kCity, 2, true, "济源市生态环境局"};
    units["jiyuan-hbj"] = {"jiyuan-hbj", kCity, 2, false, "济源市环境保护局"};
  }
  absl::StatusOr<std::optional<directory::Unit>> Find(absl::string_view id) override {
    auto it = units.find(std::string(id));
    if (it == units.end()) return std::nullopt;
    return it->second;
  }
  absl::StatusOr<std::vector<std::string>> Subtree(absl::string_view id) override {
    std::vector<std::string> ids = {std::string(id)};
    for (size_t i = 0; i < ids.size(); ++i) {
      for (const auto& [child, unit] : units) {
        if (unit.parent_id == ids[i]) ids.push_back(child);
      }
    }
    return ids;
  }
  absl::StatusOr<std::vector<std::string>> SelfAndAncestors(absl::string_view id) override {
    std::vector<std::string> ids;
    for (std::string at(id); !at.empty(); at = units.at(at).parent_id) ids.push_back(at);
    return ids;
  }
  std::map<std::string, directory::Unit> units;
};

// The department service's verdicts: officers it knows are valid unless refused.
class FakeOfficers : public OfficerChecker {
 public:
  absl::StatusOr<std::vector<OfficerVerdict>> Check(absl::string_view,
                                                    const std::vector<std::string>& officer_ids,
                                                    absl::CivilDay) override {
    ++calls;
    if (unavailable) return absl::UnavailableError("department service: connection refused");
    std::vector<OfficerVerdict> verdicts;
    for (const std::string& id : officer_ids) {
      auto refusal = refused.find(id);
      if (refusal == refused.end()) {
        verdicts.push_back({id, true, ""});
      } else {
        verdicts.push_back({id, false, refusal->second});
      }
    }
    return verdicts;
  }
  std::map<std::string, std::string> refused;
  bool unavailable = false;
  int calls = 0;
};

absl::Time At(int y, int m, int d) {
  return absl::FromCivil(absl::CivilHour(y, m, d, 10), absl::FixedTimeZone(8 * 3600));
}

Caller ClerkOf(const std::string& department, absl::Time now) {
  auth::Principal p;
  p.subject = absl::StrCat(department, ".clerk");
  p.roles = {auth::Role::kClerk};
  p.department_id = department;
  Caller caller;
  caller.audit.actor = p.subject;
  caller.audit.rpc = "/fazhi.cases.v1.EnforcementCaseService/FileCase";
  caller.principal = p;
  caller.now = now;
  return caller;
}

// The penalty case of tests/support/cases_fixture: 张三's open burning, filed on 1 June 2021.
FileCaseCommand OpenBurning(const std::string& number = "济环罚立〔2021〕31号") {
  FileCaseCommand command;
  EnforcementCase& c = command.enforcement_case;
  c.department_id = kSthjj;
  c.kind = CaseKind::kPenalty;
  c.case_number = number;
  c.party = Party{PartyType::kPerson, "张三", kPersonId, ""};
  c.facts = "在禁燃区露天焚烧垃圾";
  c.legal_basis = {{"中华人民共和国大气污染防治法", "第一百一十九条第二款"}};
  c.officer_ids = {"sthjj-wang", "sthjj-li"};
  c.filed_date = absl::CivilDay(2021, 6, 1);
  command.evidence = {{EvidenceKind::kPhoto, "oss://sthjj/2021/31/scene.jpg", std::string(64, 'a'),
                       "现场照片", std::nullopt}};
  command.request_id = "req-31";
  return command;
}

Step Notify(absl::CivilDay day) {
  Step s;
  s.action = Action::kNotify;
  s.date = day;
  return s;
}

Step DecideFine(absl::CivilDay day, int64_t fen) {
  Step s;
  s.action = Action::kDecide;
  s.decision.document_number = "济环罚〔2021〕31号";
  s.decision.date = day;
  s.decision.outcome = DecisionOutcome::kPenalty;
  s.decision.sanctions = {{SanctionType::kFine, fen, "罚款"}};
  s.decision.officer_ids = {"sthjj-wang", "sthjj-li"};
  return s;
}

class CasesAppTest : public ::testing::Test {
 protected:
  absl::StatusOr<CaseView> File(FileCaseCommand command, absl::Time now = At(2021, 6, 2)) {
    return FileCase(store_, units_, officers_, ::fazhi::testing::ShippedCalendar(),
                    std::move(command), ClerkOf(kSthjj, now));
  }
  absl::StatusOr<CaseView> Advance(const EnforcementCase& c, Step step, absl::Time now,
                                   std::string etag = "") {
    AdvanceCaseCommand command;
    command.id = c.id;
    command.etag = etag.empty() ? absl::StrCat("\"", c.version, "\"") : etag;
    command.step = std::move(step);
    return AdvanceCase(store_, officers_, ::fazhi::testing::ShippedCalendar(), HearingThresholds{},
                       std::move(command), ClerkOf(kSthjj, now));
  }

  FakeCaseRepository store_;
  FakeUnits units_;
  FakeOfficers officers_;
};

TEST_F(CasesAppTest, FilingStoresTheCaseWithItsFilingEvent) {
  absl::StatusOr<CaseView> filed = File(OpenBurning());
  ASSERT_TRUE(filed.ok()) << filed.status();
  const EnforcementCase& c = filed->enforcement_case;
  EXPECT_EQ(c.stage, CaseStage::kFiled);
  EXPECT_EQ(c.version, 1);
  // 行政处罚法 Art. 60: 90 days from 1 June 2021: 29 more in June, 31 in July, 30 in August.
  EXPECT_EQ(c.decision_due_date, absl::CivilDay(2021, 8, 30));
  EXPECT_EQ(c.created_by, "jiyuan-sthjj.clerk");
  ASSERT_EQ(c.events.size(), 1u);
  EXPECT_EQ(c.events[0].action, "file");
  EXPECT_EQ(c.events[0].from_stage, CaseStage::kUnspecified);
  EXPECT_EQ(c.events[0].to_stage, CaseStage::kFiled);
  EXPECT_EQ(c.events[0].actor, "jiyuan-sthjj.clerk");
  EXPECT_EQ(c.events[0].time, At(2021, 6, 2));
  ASSERT_EQ(c.events[0].evidence.size(), 1u);
  EXPECT_EQ(c.events[0].evidence[0].reference, "oss://sthjj/2021/31/scene.jpg");
  // The department's own clerk serves the decision on 张三 and sees the ID number.
  EXPECT_TRUE(filed->reveal_personal_data);
  EXPECT_EQ(store_.writes, 1);
  EXPECT_EQ(store_.cases.count(c.id), 1u);
  EXPECT_EQ(officers_.calls, 1);
}

TEST_F(CasesAppTest, AnOfficerWithoutAValidCertificateRefusesTheFilingAndWritesNothing) {
  officers_.refused["sthjj-li"] = "执法证 豫A0123 was revoked on 2021-05-03";
  absl::StatusOr<CaseView> filed = File(OpenBurning());
  EXPECT_EQ(filed.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(Contains(std::string(filed.status().message()), "enforcement_case.officer_ids"));
  EXPECT_TRUE(Contains(std::string(filed.status().message()), "officer sthjj-li"));
  EXPECT_TRUE(Contains(std::string(filed.status().message()), "Art. 42"));
  EXPECT_EQ(store_.writes, 0);
  EXPECT_TRUE(store_.cases.empty());
}

TEST_F(CasesAppTest, TheDepartmentServiceDownIsUnavailableAndWritesNothing) {
  officers_.unavailable = true;
  absl::StatusOr<CaseView> filed = File(OpenBurning());
  EXPECT_EQ(filed.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(store_.writes, 0);
}

TEST_F(CasesAppTest, AnUnknownOrDissolvedDepartmentIsRefusedBeforeTheOfficersAreAsked) {
  FileCaseCommand unknown = OpenBurning();
  unknown.enforcement_case.department_id = "jiyuan-nobody";
  EXPECT_EQ(File(unknown).status().code(), absl::StatusCode::kNotFound);
  FileCaseCommand dissolved = OpenBurning();
  dissolved.enforcement_case.department_id = "jiyuan-hbj";
  absl::Status s = File(dissolved).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(Contains(std::string(s.message()), "enforcement_case.department_id"));
  EXPECT_EQ(officers_.calls, 0);
  EXPECT_EQ(store_.writes, 0);
}

TEST_F(CasesAppTest, AFilingDatedAfterTodayIsRefusedNamingTheField) {
  FileCaseCommand command = OpenBurning();
  command.enforcement_case.filed_date = absl::CivilDay(2021, 6, 3);
  absl::Status s = File(command, At(2021, 6, 2)).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(Contains(std::string(s.message()), "enforcement_case.filed_date"));
  EXPECT_EQ(store_.writes, 0);
}

TEST_F(CasesAppTest, ARetriedRequestIdReturnsTheFirstCase) {
  absl::StatusOr<CaseView> first = File(OpenBurning());
  ASSERT_TRUE(first.ok()) << first.status();
  absl::StatusOr<CaseView> retry = File(OpenBurning(), At(2021, 6, 2) + absl::Seconds(30));
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_EQ(retry->enforcement_case.id, first->enforcement_case.id);
  EXPECT_EQ(retry->enforcement_case.create_time, At(2021, 6, 2));
  EXPECT_EQ(store_.cases.size(), 1u);
  EXPECT_EQ(store_.writes, 1);
}

TEST_F(CasesAppTest, AdvancingWithAStaleEtagIsAborted) {
  absl::StatusOr<CaseView> filed = File(OpenBurning());
  ASSERT_TRUE(filed.ok()) << filed.status();
  Step investigate;
  investigate.action = Action::kStartInvestigation;
  absl::StatusOr<CaseView> investigating =
      Advance(filed->enforcement_case, investigate, At(2021, 6, 3));
  ASSERT_TRUE(investigating.ok()) << investigating.status();
  EXPECT_EQ(investigating->enforcement_case.stage, CaseStage::kInvestigating);
  EXPECT_EQ(investigating->enforcement_case.version, 2);
  ASSERT_EQ(investigating->enforcement_case.events.size(), 2u);
  EXPECT_EQ(investigating->enforcement_case.events[1].action, "start_investigation");

  // A second clerk still holding version 1.
  absl::Status stale = Advance(filed->enforcement_case, Notify(absl::CivilDay(2021, 6, 10)),
                               At(2021, 6, 10), "\"1\"")
                           .status();
  EXPECT_EQ(stale.code(), absl::StatusCode::kAborted);
  EXPECT_EQ(store_.cases.at(filed->enforcement_case.id).stage, CaseStage::kInvestigating);
  EXPECT_EQ(store_.writes, 2);
}

class DecisionTest : public CasesAppTest {
 protected:
  // 张三's case, investigated and notified on Friday 4 June 2021 without asking for a hearing: the
  // 5 working days to ask for one (行政处罚法 Arts 64 and 85) are 7 to 11 June, so a decision that
  // gives hearing rights (Art. 63: for a person, a fine of ¥10,000 or more under the default
  // thresholds) may be made from Tuesday 15 June, the first working day after 端午 (12..14 June).
  void SetUp() override {
    absl::StatusOr<CaseView> filed = File(OpenBurning());
    ASSERT_TRUE(filed.ok()) << filed.status();
    Step investigate;
    investigate.action = Action::kStartInvestigation;
    absl::StatusOr<CaseView> c = Advance(filed->enforcement_case, investigate, At(2021, 6, 3));
    ASSERT_TRUE(c.ok()) << c.status();
    c = Advance(c->enforcement_case, Notify(absl::CivilDay(2021, 6, 4)), At(2021, 6, 4));
    ASSERT_TRUE(c.ok()) << c.status();
    notified_ = c->enforcement_case;
    officers_.calls = 0;
  }
  EnforcementCase notified_;
};

TEST_F(DecisionTest, ADecisionInsideTheHearingRequestPeriodIsRefusedCitingArticle64) {
  // Friday 11 June is the 5th working day, the party's last day to ask for a hearing.
  absl::Status s =
      Advance(notified_, DecideFine(absl::CivilDay(2021, 6, 11), 1000000), At(2021, 6, 11))
          .status();
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(Contains(std::string(s.message()), "Art. 64(1)"));
  EXPECT_TRUE(Contains(std::string(s.message()), "2021-06-04"));
  EXPECT_TRUE(Contains(std::string(s.message()), "decide on or after 2021-06-15"));
  // Refused on the case itself: the department service is not asked, nothing is written.
  EXPECT_EQ(officers_.calls, 0);
  EXPECT_EQ(store_.cases.at(notified_.id).stage, CaseStage::kNotified);
}

TEST_F(DecisionTest, ASmallFineDoesNotWaitForTheHearingRequestPeriod) {  // Art. 63
  // ¥500 for a person gives no hearing right: decided inside the 5 working days.
  absl::StatusOr<CaseView> decided =
      Advance(notified_, DecideFine(absl::CivilDay(2021, 6, 7), 50000), At(2021, 6, 7));
  ASSERT_TRUE(decided.ok()) << decided.status();
  EXPECT_EQ(decided->enforcement_case.stage, CaseStage::kDecided);
  EXPECT_FALSE(decided->enforcement_case.hearing_rights);
}

TEST_F(DecisionTest, TheHearingThresholdsAreTheServersConfiguration) {
  // With a ¥300 threshold for persons (a stricter provincial standard), the ¥500 fine waits.
  AdvanceCaseCommand command;
  command.id = notified_.id;
  command.etag = absl::StrCat("\"", notified_.version, "\"");
  command.step.action = Action::kDecide;
  command.step.decision = DecideFine(absl::CivilDay(2021, 6, 7), 50000).decision;
  absl::Status s = AdvanceCase(store_, officers_, ::fazhi::testing::ShippedCalendar(),
                               HearingThresholds{30000, 3000000}, std::move(command),
                               ClerkOf(kSthjj, At(2021, 6, 7)))
                       .status();
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
  EXPECT_TRUE(Contains(std::string(s.message()), "Art. 63"));
}

TEST_F(DecisionTest, ADecisionByAnOfficerWithoutACertificateIsRefused) {
  officers_.refused["sthjj-wang"] = "执法证 豫A0456 expired on 2021-06-30";
  absl::Status s =
      Advance(notified_, DecideFine(absl::CivilDay(2021, 7, 5), 50000), At(2021, 7, 5)).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(Contains(std::string(s.message()), "decide.decision.officer_ids"));
  EXPECT_TRUE(Contains(std::string(s.message()), "officer sthjj-wang"));
  EXPECT_EQ(store_.cases.at(notified_.id).stage, CaseStage::kNotified);
}

TEST_F(DecisionTest, ADecisionAfterThePeriodIsRecordedWithItsDisclosureDeadline) {
  // Wednesday 16 June; 7 working days on (国办发〔2018〕118号): 17, 18, 21, 22, 23, 24, 25 June.
  absl::StatusOr<CaseView> decided =
      Advance(notified_, DecideFine(absl::CivilDay(2021, 6, 16), 50000), At(2021, 6, 16));
  ASSERT_TRUE(decided.ok()) << decided.status();
  const EnforcementCase& c = decided->enforcement_case;
  EXPECT_EQ(c.stage, CaseStage::kDecided);
  ASSERT_TRUE(c.decision.has_value());
  EXPECT_EQ(c.decision->document_number, "济环罚〔2021〕31号");
  EXPECT_EQ(c.disclosure.due_date, absl::CivilDay(2021, 6, 25));
  EXPECT_EQ(c.events.back().action, "decide");
  EXPECT_EQ(c.events.back().from_stage, CaseStage::kNotified);
  EXPECT_EQ(officers_.calls, 1);
}

TEST_F(DecisionTest, APublicationAfterTheDeadlineIsNotedOnItsEvent) {
  absl::StatusOr<CaseView> decided =
      Advance(notified_, DecideFine(absl::CivilDay(2021, 6, 16), 50000), At(2021, 6, 16));
  ASSERT_TRUE(decided.ok()) << decided.status();
  absl::StatusOr<CaseView> published = PublishDecision(
      store_, notified_.id, "\"4\"", "当事人存在违法行为，作出罚款人民币500元的行政处罚",
      ClerkOf(kSthjj, At(2021, 6, 28)));
  ASSERT_TRUE(published.ok()) << published.status();
  EXPECT_TRUE(published->enforcement_case.disclosure.published);
  EXPECT_EQ(published->enforcement_case.events.back().action, "publish");
  EXPECT_EQ(published->enforcement_case.events.back().note,
            "published after the disclosure deadline of 2021-06-25 (国办发〔2018〕118号)");
}

TEST_F(CasesAppTest, AnotherUnitsClerkSeesTheCaseWithThePartyMasked) {
  absl::StatusOr<CaseView> filed = File(OpenBurning());
  ASSERT_TRUE(filed.ok()) << filed.status();
  absl::StatusOr<CaseView> read =
      GetCase(store_, filed->enforcement_case.id, ClerkOf("jiyuan-kejing", At(2021, 6, 5)));
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_FALSE(read->reveal_personal_data);
  EXPECT_EQ(read->enforcement_case.events.size(), 1u);
  EXPECT_EQ(GetCase(store_, "case-none", ClerkOf(kSthjj, At(2021, 6, 5))).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(CasesAppTest, EvidenceNeedsAtLeastOneItem) {
  absl::StatusOr<CaseView> filed = File(OpenBurning());
  ASSERT_TRUE(filed.ok()) << filed.status();
  AddEvidenceCommand none{filed->enforcement_case.id, {}, "补充询问笔录"};
  absl::Status s = AddEvidence(store_, none, ClerkOf(kSthjj, At(2021, 6, 5))).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "evidence: at least one item");
  EXPECT_EQ(store_.writes, 1);
}

TEST_F(CasesAppTest, ListingPagesByFilingDateAcrossTheSubtree) {
  ASSERT_TRUE(File(OpenBurning()).ok());
  FileCaseCommand earlier = OpenBurning("济环罚立〔2021〕12号");
  earlier.enforcement_case.filed_date = absl::CivilDay(2021, 3, 15);
  earlier.request_id = "req-12";
  ASSERT_TRUE(File(earlier).ok());
  ListCasesQuery query;
  query.department_id = kCity;
  query.include_descendants = true;
  query.page_size = 1;
  absl::StatusOr<CasePage> page = ListCases(store_, units_, query, ClerkOf(kSthjj, At(2021, 6, 5)));
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->cases.size(), 1u);
  EXPECT_EQ(page->cases[0].enforcement_case.case_number, "济环罚立〔2021〕12号");
  ASSERT_TRUE(page->next.has_value());
  EXPECT_EQ(page->next->filed_ymd, 20210315);
  query.after = page->next;
  page = ListCases(store_, units_, query, ClerkOf(kSthjj, At(2021, 6, 5)));
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->cases.size(), 1u);
  EXPECT_EQ(page->cases[0].enforcement_case.case_number, "济环罚立〔2021〕31号");
  EXPECT_FALSE(page->next.has_value());
}

TEST_F(CasesAppTest, OverdueDecisionsAreCountedPerDepartment) {
  FileCaseCommand january = OpenBurning("济环罚立〔2021〕2号");
  january.enforcement_case.filed_date = absl::CivilDay(2021, 1, 4);
  ASSERT_TRUE(File(january, At(2021, 1, 4)).ok());
  // The 90th day is Sunday 4 April 2021, in 清明节 (04-03..05 off): due Tuesday 6 April (Art. 60,
  // 民法典 Art. 203); on 1 June it is 24 + 31 + 1 = 56 days late.
  absl::StatusOr<OverdueReport> report =
      ListOverdue(store_, units_, ::fazhi::testing::ShippedCalendar(), kCity, true,
                  absl::CivilDay(2021, 6, 1), std::nullopt, 50);
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_EQ(report->cases.size(), 1u);
  EXPECT_EQ(report->cases[0].kind, OverdueKind::kDecision);
  EXPECT_EQ(report->cases[0].row.due_ymd, 20210406);
  EXPECT_EQ(report->cases[0].days_overdue, 56);
  ASSERT_EQ(report->departments.size(), 1u);
  EXPECT_EQ(report->departments[0].department_id, kSthjj);
  EXPECT_EQ(report->departments[0].decisions, 1);
  EXPECT_EQ(report->departments[0].disclosures, 0);
  // The city's own cases alone: none.
  report = ListOverdue(store_, units_, ::fazhi::testing::ShippedCalendar(), kCity, false,
                       absl::CivilDay(2021, 6, 1), std::nullopt, 50);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_TRUE(report->cases.empty());
}

// The list comes a page at a time: decisions first, by due date and then case id, then
// disclosures; each page carries the counts of the whole list.
TEST_F(CasesAppTest, OverdueCasesComeAPageAtATimeWithTheWholeListsCounts) {
  // Three cases filed 4 January 2021, decisions due 6 April (as above); the third decided on 6 May
  // and never published, its disclosure due 14 May: 12 working days late on 1 June (Labour Day
  // and Dragon Boat Festival aside, with 8 May worked).
  std::vector<std::string> ids;
  for (const char* number : {"济环罚立〔2021〕2号", "济环罚立〔2021〕3号", "济环罚立〔2021〕4号"}) {
    FileCaseCommand command = OpenBurning(number);
    command.enforcement_case.filed_date = absl::CivilDay(2021, 1, 4);
    command.request_id = number;
    absl::StatusOr<CaseView> filed = File(command, At(2021, 1, 4));
    ASSERT_TRUE(filed.ok()) << filed.status();
    ids.push_back(filed->enforcement_case.id);
  }
  EnforcementCase& decided = store_.cases.at(ids[2]);
  decided.decision = Decision{"济环罚〔2021〕4号", absl::CivilDay(2021, 5, 6)};
  decided.disclosure.due_date = absl::CivilDay(2021, 5, 14);
  std::vector<std::string> undecided = {ids[0], ids[1]};
  std::sort(undecided.begin(), undecided.end());

  auto page = [&](const std::optional<OverdueListCursor>& after) {
    return ListOverdue(store_, units_, ::fazhi::testing::ShippedCalendar(), kCity, true,
                       absl::CivilDay(2021, 6, 1), after, 1);
  };
  absl::StatusOr<OverdueReport> first = page(std::nullopt);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->cases.size(), 1u);
  EXPECT_EQ(first->cases[0].row.id, undecided[0]);
  EXPECT_EQ(first->cases[0].kind, OverdueKind::kDecision);
  EXPECT_EQ(first->total, 3);
  ASSERT_EQ(first->departments.size(), 1u);
  EXPECT_EQ(first->departments[0].department_id, kSthjj);
  EXPECT_EQ(first->departments[0].decisions, 2);
  EXPECT_EQ(first->departments[0].disclosures, 1);
  ASSERT_TRUE(first->next.has_value());

  absl::StatusOr<OverdueReport> second = page(first->next);
  ASSERT_TRUE(second.ok()) << second.status();
  ASSERT_EQ(second->cases.size(), 1u);
  EXPECT_EQ(second->cases[0].row.id, undecided[1]);
  EXPECT_EQ(second->cases[0].days_overdue, 56);
  EXPECT_EQ(second->total, 3);
  ASSERT_TRUE(second->next.has_value());
  EXPECT_EQ(second->next->kind, OverdueKind::kDecision);

  absl::StatusOr<OverdueReport> third = page(second->next);
  ASSERT_TRUE(third.ok()) << third.status();
  ASSERT_EQ(third->cases.size(), 1u);
  EXPECT_EQ(third->cases[0].row.id, ids[2]);
  EXPECT_EQ(third->cases[0].kind, OverdueKind::kDisclosure);
  EXPECT_EQ(third->cases[0].days_overdue, 12);
  EXPECT_FALSE(third->next.has_value());
  EXPECT_EQ(third->total, 3);
}

// Filed 1 November 2026: the 90th day, 30 January 2027, lies in a year whose calendar is not out
// yet. The case is filed all the same, its due date pending; the overdue list counts it as
// pending, not as overdue; a calendar with 2027 counts it (Saturday 01-30: Monday 02-01).
TEST_F(CasesAppTest, ADueDateInAYearWithoutACalendarIsPendingThenCounted) {
  FileCaseCommand november = OpenBurning("济环罚立〔2026〕9号");
  november.enforcement_case.filed_date = absl::CivilDay(2026, 11, 1);
  absl::StatusOr<CaseView> filed = File(november, At(2026, 11, 2));
  ASSERT_TRUE(filed.ok()) << filed.status();
  EXPECT_TRUE(filed->enforcement_case.decision_due_pending);
  EXPECT_EQ(filed->enforcement_case.decision_due_date, absl::CivilDay(2027, 1, 30));
  absl::StatusOr<OverdueReport> report =
      ListOverdue(store_, units_, ::fazhi::testing::ShippedCalendar(), kSthjj, false,
                  absl::CivilDay(2027, 3, 1), std::nullopt, 50);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_TRUE(report->cases.empty());
  EXPECT_EQ(report->pending.decisions, 1);
  EXPECT_EQ(report->pending.disclosures, 0);

  time_util::WorkingDayCalendar with_2027 = ::fazhi::testing::ShippedCalendar();
  ASSERT_TRUE(
      with_2027.AddYear("year 2027\n2027-01-01..2027-01-03 off 元旦\n", "cn-2027.txt").ok());
  absl::StatusOr<int> resolved = ResolvePendingCaseDueDates(store_, with_2027, {});
  ASSERT_TRUE(resolved.ok()) << resolved.status();
  EXPECT_EQ(*resolved, 1);
  const EnforcementCase& stored = store_.cases.at(filed->enforcement_case.id);
  EXPECT_FALSE(stored.decision_due_pending);
  EXPECT_EQ(stored.decision_due_date, absl::CivilDay(2027, 2, 1));
  report = ListOverdue(store_, units_, with_2027, kSthjj, false, absl::CivilDay(2027, 3, 1),
                       std::nullopt, 50);
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_EQ(report->cases.size(), 1u);
  EXPECT_EQ(report->cases[0].days_overdue, 28);
  EXPECT_EQ(report->pending.decisions, 0);
}

}  // namespace
}  // namespace fazhi::cases
