// Due dates in a year whose working-day calendar is not loaded yet (the State Council publishes a
// year's holidays in the December before), over gRPC against the real binaries: the cases service
// starts with deploy/calendars but for 2026, records a case and a reconsideration whose due dates
// fall in 2026 as pending (not refused, not judged overdue, counted in ListOverdue and the
// figures), and counts them once it is restarted with the 2026 file, as an operator would bring
// the new file in.

#include <filesystem>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "fazhi/cases/v1/enforcement.grpc.pb.h"
#include "fazhi/cases/v1/figures.grpc.pb.h"
#include "fazhi/cases/v1/review.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/support/auth.h"
#include "tests/support/cases_fixture.h"
#include "tests/support/cases_servers.h"
#include "tests/support/dates.h"
#include "tests/support/grpc_call.h"

namespace fazhi {
namespace {

namespace pb = ::fazhi::cases::v1;
using ::fazhi::testing::D;

constexpr char kCity[] = "jiyuan";
constexpr char kSthjj[] = "jiyuan-sthjj";

using ::fazhi::testing::SameDay;
using ::fazhi::testing::Show;

// deploy/calendars without cn-2026.txt, in a directory of its own.
std::string CalendarsWithout2026() {
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / absl::StrCat("fazhi-calendars-no-2026-", ::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  for (const auto& entry :
       std::filesystem::directory_iterator(absl::StrCat(FAZHI_SOURCE_DIR, "/deploy/calendars"))) {
    if (entry.path().filename() == "cn-2026.txt") continue;
    std::filesystem::copy_file(entry.path(), dir / entry.path().filename());
  }
  return dir.string();
}

using ::fazhi::testing::Call;

class CaseCalendarIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    calendars_ = CalendarsWithout2026();
    absl::StatusOr<std::unique_ptr<testing::CasesServers>> servers = testing::CasesServers::Start(
        FAZHI_DEPARTMENT_BINARY, FAZHI_CASES_BINARY, "case-calendar-it",
        testing::CaseOfficers({"sthjj-wang", "sthjj-li"}), "", calendars_);
    ASSERT_TRUE(servers.ok()) << servers.status();
    servers_ = *std::move(servers);
  }
  void TearDown() override {
    if (servers_) EXPECT_EQ(servers_->cases().Stop(), 0);
    std::filesystem::remove_all(calendars_);
  }

  std::shared_ptr<grpc::Channel> As(const std::string& token) {
    return testing::AuthorizedChannel(servers_->cases().grpc_address(), token);
  }
  std::shared_ptr<grpc::Channel> AsSupervisor() {
    return As(testing::Token({"supervisor"}, "jiyuan-sfj", "sfj-supervisor"));
  }

  pb::ListOverdueResponse Overdue() {
    auto stub = pb::EnforcementCaseService::NewStub(AsSupervisor());
    pb::ListOverdueRequest request;
    request.set_department_id(kSthjj);
    pb::ListOverdueResponse response;
    grpc::Status s =
        Call(*stub, &pb::EnforcementCaseService::Stub::ListOverdue, request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return response;
  }

  int64_t PendingIn2025() {
    auto stub = pb::CaseFiguresService::NewStub(AsSupervisor());
    pb::SummarizeCasesRequest request;
    request.set_year(2025);
    request.set_department_id(kCity);
    request.set_include_descendants(true);
    pb::SummarizeCasesResponse response;
    grpc::Status s = Call(*stub, &pb::CaseFiguresService::Stub::SummarizeCases, request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return response.summaries_size() == 1 ? response.summaries(0).pending_due_dates() : -1;
  }

  std::string calendars_;
  std::unique_ptr<testing::CasesServers> servers_;
};

TEST_F(CaseCalendarIntegrationTest, DueDatesInAYearWithoutItsCalendarArePendingUntilItIsLoaded) {
  // Filed Monday 2025-11-03: the 90th day is Sunday 2026-02-01.
  auto cases = pb::EnforcementCaseService::NewStub(
      As(testing::Token({"clerk"}, kSthjj, "clerk-jiyuan-sthjj")));
  pb::EnforcementCase filed;
  grpc::Status s = Call(
      *cases, &pb::EnforcementCaseService::Stub::FileCase,
      testing::NewCase(kSthjj, "济环罚立〔2025〕77号", D(2025, 11, 3), {"sthjj-wang", "sthjj-li"}),
      &filed);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(filed.decision_due_date_pending());
  EXPECT_TRUE(SameDay(filed.decision_due_date(), D(2026, 2, 1))) << Show(filed.decision_due_date());

  // Applied Monday 2025-12-29 to the city: the 5 working days reach into 2026.
  auto reconsiderations = pb::ReconsiderationService::NewStub(AsSupervisor());
  pb::CreateReconsiderationRequest apply;
  pb::Reconsideration* a = apply.mutable_reconsideration();
  a->set_body_department_id(kCity);
  a->set_respondent_department_id(kSthjj);
  a->set_applicant("李四");
  a->set_request("撤销济环罚〔2025〕77号行政处罚决定");
  *a->mutable_application_date() = D(2025, 12, 29);
  pb::Reconsideration applied;
  s = Call(*reconsiderations, &pb::ReconsiderationService::Stub::CreateReconsideration, apply,
           &applied);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(applied.examination_due_date_pending());
  // Never deemed accepted while its examination date is unknown.
  EXPECT_EQ(applied.stage(), pb::RECONSIDERATION_STAGE_APPLIED);
  EXPECT_FALSE(applied.deemed_accepted());

  // Not judged overdue, counted as pending, here and in the figures.
  pb::ListOverdueResponse overdue = Overdue();
  EXPECT_EQ(overdue.cases_size(), 0);
  EXPECT_EQ(overdue.pending_decisions(), 1);
  EXPECT_EQ(overdue.pending_disclosures(), 0);
  EXPECT_EQ(PendingIn2025(), 2);

  // The operator adds cn-2026.txt and restarts the service.
  int exit_code = -1;
  ASSERT_TRUE(
      servers_->RestartCases(absl::StrCat(FAZHI_SOURCE_DIR, "/deploy/calendars"), &exit_code).ok());
  EXPECT_EQ(exit_code, 0);
  EXPECT_NE(servers_->cases().Log().find("pending due dates resolved"), std::string::npos)
      << servers_->cases().Log();

  // The case: Sunday 02-01 moves to Monday 02-02 (民法典 Art. 203), long past by now.
  cases = pb::EnforcementCaseService::NewStub(
      As(testing::Token({"clerk"}, kSthjj, "clerk-jiyuan-sthjj")));
  pb::GetCaseRequest get_case;
  get_case.set_id(filed.id());
  pb::EnforcementCase read;
  s = Call(*cases, &pb::EnforcementCaseService::Stub::GetCase, get_case, &read);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_FALSE(read.decision_due_date_pending());
  EXPECT_TRUE(SameDay(read.decision_due_date(), D(2026, 2, 2))) << Show(read.decision_due_date());
  EXPECT_EQ(read.etag(), filed.etag()) << "counting a due date is no change of the case";
  overdue = Overdue();
  ASSERT_EQ(overdue.cases_size(), 1);
  EXPECT_EQ(overdue.cases(0).case_id(), filed.id());
  EXPECT_TRUE(SameDay(overdue.cases(0).due_date(), D(2026, 2, 2)));
  EXPECT_EQ(overdue.pending_decisions(), 0);
  EXPECT_EQ(PendingIn2025(), 0);

  // The application: 12-30, 12-31, then 01-01..03 off, Sunday 01-04 worked (元旦调休), 01-05 and
  // 01-06 the 5th. Never examined, it was accepted by law on 01-06 (行政复议法 Art. 30); the 60
  // days end on Saturday 03-07, so Monday 03-09.
  reconsiderations = pb::ReconsiderationService::NewStub(AsSupervisor());
  pb::GetReconsiderationRequest get;
  get.set_id(applied.id());
  pb::Reconsideration r;
  s = Call(*reconsiderations, &pb::ReconsiderationService::Stub::GetReconsideration, get, &r);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_FALSE(r.examination_due_date_pending());
  EXPECT_TRUE(SameDay(r.examination_due_date(), D(2026, 1, 6))) << Show(r.examination_due_date());
  EXPECT_TRUE(r.deemed_accepted());
  EXPECT_EQ(r.stage(), pb::RECONSIDERATION_STAGE_ACCEPTED);
  EXPECT_TRUE(SameDay(r.acceptance_date(), D(2026, 1, 6))) << Show(r.acceptance_date());
  EXPECT_TRUE(SameDay(r.decision_due_date(), D(2026, 3, 9))) << Show(r.decision_due_date());
}

}  // namespace
}  // namespace fazhi
