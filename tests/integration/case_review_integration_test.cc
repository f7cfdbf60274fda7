// Starts the real fazhi-department (with the seed report's units) and fazhi-cases binaries on the
// backend FAZHI_TEST_BACKEND names, and drives the supervision, reconsideration and litigation
// services over gRPC as 司法局's and the departments' front ends would: a complaint about
// 生态环境局 answered by a supervision letter and followed to a confirmed rectification, who may
// report and confirm (refusals audited), names masked for clerks, reconsiderations through
// acceptance, extension and decision with their statutory due dates, a lawsuit whose hearing the
// agency head attended, and bad input refused naming the field. The decided enforcement cases that
// major-case filings and case-file reviews need are filed and decided through
// EnforcementCaseService, by officers with certificates in the department service.

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "fazhi/cases/v1/enforcement.grpc.pb.h"
#include "fazhi/cases/v1/review.grpc.pb.h"
#include "fazhi/cases/v1/supervision.grpc.pb.h"
#include "fazhi/common/v1/common.grpc.pb.h"
#include "fazhi/department/v1/department.grpc.pb.h"
#include "fazhi/department/v1/officer.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/support/auth.h"
#include "tests/support/cases_fixture.h"
#include "tests/support/cases_servers.h"
#include "tests/support/dates.h"
#include "tests/support/grpc_call.h"
#include "tests/support/server_process.h"

namespace fazhi::cases {
namespace {

namespace pb = ::fazhi::cases::v1;
namespace cpb = ::fazhi::common::v1;
using ::fazhi::testing::ServerProcess;

constexpr char kSthjj[] = "jiyuan-sthjj";    // 生态环境局
constexpr char kKejing[] = "jiyuan-kejing";  // 克井镇
constexpr char kCity[] = "jiyuan";           // 市政府, the reconsideration body

using ::fazhi::testing::D;
using ::fazhi::testing::SameDay;
using ::fazhi::testing::Show;

// The ids of records (complaints, reconsiderations, filings), in their order.
template <typename Records>
std::vector<std::string> Ids(const Records& records) {
  std::vector<std::string> ids;
  for (const auto& r : records) ids.push_back(r.id());
  return ids;
}

// The stubs of the three services, and of the enforcement cases they concern, for one caller.
struct Caller {
  std::unique_ptr<pb::SupervisionService::Stub> supervision;
  std::unique_ptr<pb::ReconsiderationService::Stub> reconsideration;
  std::unique_ptr<pb::LitigationService::Stub> litigation;
  std::unique_ptr<pb::EnforcementCaseService::Stub> enforcement;
};

class CaseReviewIntegrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // Two certified officers of 生态环境局 for its enforcement cases (Art. 42).
    absl::StatusOr<std::unique_ptr<testing::CasesServers>> servers =
        testing::CasesServers::Start(FAZHI_DEPARTMENT_BINARY, FAZHI_CASES_BINARY, "case-review-it",
                                     testing::CaseOfficers({"sthjj-wang", "sthjj-li"}));
    ASSERT_TRUE(servers.ok()) << servers.status();
    servers_ = servers->release();
    cases_ = &servers_->cases();

    supervisor_ = MakeCaller(testing::Token({"supervisor"}, "jiyuan-sfj", "sfj.supervisor"));
    sthjj_clerk_ = MakeCaller(testing::Token({"clerk"}, kSthjj, "sthjj.clerk"));
    kejing_clerk_ = MakeCaller(testing::Token({"clerk"}, kKejing, "kejing.clerk"));
    city_clerk_ = MakeCaller(testing::Token({"clerk"}, kCity, "city.clerk"));
  }

  static void TearDownTestSuite() {
    // Whatever order the tests ran in, none of them put a name in the log.
    if (cases_) ExpectNoPersonalNamesInTheLog();
    delete supervisor_;
    delete sthjj_clerk_;
    delete kejing_clerk_;
    delete city_clerk_;
    if (servers_) {
      EXPECT_EQ(servers_->cases().Stop(), 0) << "graceful shutdown should exit 0";
      EXPECT_EQ(servers_->department().Stop(), 0);
    }
    delete servers_;
  }

  // The names the tests use appear nowhere in the cases service's log.
  static void ExpectNoPersonalNamesInTheLog() {
    std::string log = cases_->Log();
    for (const char* name : {"刘德华", "张三丰", "赵六"}) {
      EXPECT_EQ(log.find(name), std::string::npos) << name << " appears in the server's log";
    }
  }

  static Caller* MakeCaller(const std::string& token) {
    auto channel = testing::AuthorizedChannel(cases_->grpc_address(), token);
    return new Caller{
        pb::SupervisionService::NewStub(channel), pb::ReconsiderationService::NewStub(channel),
        pb::LitigationService::NewStub(channel), pb::EnforcementCaseService::NewStub(channel)};
  }

  // Calls rpc on stub with a 10-second deadline.
  template <typename Stub, typename Request, typename Response>
  static grpc::Status Call(Stub* stub,
                           grpc::Status (Stub::*rpc)(grpc::ClientContext*, const Request&,
                                                     Response*),
                           const Request& request, Response* response) {
    return testing::Call(*stub, rpc, request, response, 10);
  }

  // Files a case of 生态环境局 (filed 2021-03-01) as its clerk and starts the investigation;
  // when decided is set, notifies the party, passes the legal review of a major case and
  // decides it on that day. *c is the case as the service last returned it.
  static void AddCase(const std::string& number, bool major, std::optional<cpb::Date> decided,
                      pb::EnforcementCase* c) {
    pb::FileCaseRequest file = testing::NewCase(kSthjj, number, D(2021, 3, 1),
                                                {"sthjj-wang", "sthjj-li"}, /*person=*/false);
    file.mutable_enforcement_case()->set_facts("超标排放大气污染物");
    file.mutable_enforcement_case()->set_major(major);
    pb::EnforcementCaseService::Stub& clerk = *sthjj_clerk_->enforcement;
    grpc::Status s = Call(&clerk, &pb::EnforcementCaseService::Stub::FileCase, file, c);
    ASSERT_TRUE(s.ok()) << number << ": " << s.error_message();
    std::vector<pb::AdvanceCaseRequest> steps = {testing::StartInvestigation()};
    if (decided.has_value()) {
      steps.push_back(testing::Notify(D(2021, 4, 1)));
      if (major) {
        steps.push_back(testing::SubmitLegalReview());
        steps.push_back(testing::RecordLegalReview(D(2021, 4, 15), pb::LEGAL_REVIEW_RESULT_PASSED));
      }
      steps.push_back(testing::Decide(*decided, 50000000, {"sthjj-wang", "sthjj-li"}));
    }
    for (const pb::AdvanceCaseRequest& step : steps) {
      s = testing::AdvanceCase(clerk, c, step);
      ASSERT_TRUE(s.ok()) << number << ": " << s.error_message();
    }
  }

  // Like Call, with an x-request-id to find the call's audit entry by.
  template <typename Stub, typename Request, typename Response>
  static grpc::Status CallWithRequestId(
      Stub* stub, grpc::Status (Stub::*rpc)(grpc::ClientContext*, const Request&, Response*),
      const Request& request, const std::string& request_id, Response* response) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    context.AddMetadata("x-request-id", request_id);
    return (stub->*rpc)(&context, request, response);
  }

  static void ExpectInvalid(const grpc::Status& s, const std::string& field) {
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
    EXPECT_NE(s.error_message().find(field), std::string::npos)
        << "'" << s.error_message() << "' should name " << field;
  }

  static pb::CreateComplaintRequest ComplaintRequest(const std::string& request_id) {
    pb::CreateComplaintRequest r;
    r.set_request_id(request_id);
    pb::Complaint* c = r.mutable_complaint();
    c->set_department_id(kSthjj);
    c->set_complainant("刘德华");
    c->set_content("执法人员检查时未出示执法证件");
    *c->mutable_received_date() = D(2021, 6, 1);
    return r;
  }

  static pb::SupervisionLetter Letter(const std::string& number) {
    pb::SupervisionLetter l;
    l.set_document_number(number);
    *l.mutable_issued_date() = D(2021, 6, 10);
    l.add_requirements("规范亮证执法");
    l.add_requirements("组织执法人员培训");
    *l.mutable_due_date() = D(2021, 7, 10);
    return l;
  }

  static pb::CreateReconsiderationRequest Application(const cpb::Date& day, bool simple) {
    pb::CreateReconsiderationRequest r;
    pb::Reconsideration* a = r.mutable_reconsideration();
    a->set_body_department_id(kCity);
    a->set_respondent_department_id(kSthjj);
    a->set_applicant("张三丰");
    a->set_request("撤销济环罚〔2021〕12号行政处罚决定");
    *a->mutable_application_date() = day;
    a->set_simple_procedure(simple);
    return r;
  }

  static inline testing::CasesServers* servers_ = nullptr;
  static inline ServerProcess* cases_ = nullptr;
  static inline Caller* supervisor_ = nullptr;
  static inline Caller* sthjj_clerk_ = nullptr;
  static inline Caller* kejing_clerk_ = nullptr;
  static inline Caller* city_clerk_ = nullptr;
};

using Sup = pb::SupervisionService::Stub;
using Rec = pb::ReconsiderationService::Stub;
using Lit = pb::LitigationService::Stub;

TEST_F(CaseReviewIntegrationTest, ComplaintAnsweredByALetterAndRectified) {
  // The city's 2021 complaints before this one (ComplaintBadInputNamesTheField files one too).
  pb::ListComplaintsRequest list;
  list.set_department_id(kCity);
  list.set_include_descendants(true);
  list.set_year(2021);
  pb::ListComplaintsResponse before;
  ASSERT_TRUE(Call(kejing_clerk_->supervision.get(), &Sup::ListComplaints, list, &before).ok());

  pb::Complaint complaint;
  grpc::Status s = Call(supervisor_->supervision.get(), &Sup::CreateComplaint,
                        ComplaintRequest("complaint-1"), &complaint);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(complaint.complainant(), "刘德华");
  EXPECT_EQ(complaint.rectification(), pb::RECTIFICATION_STATUS_UNSPECIFIED);
  // The same request again creates nothing new.
  pb::Complaint replay;
  ASSERT_TRUE(Call(supervisor_->supervision.get(), &Sup::CreateComplaint,
                   ComplaintRequest("complaint-1"), &replay)
                  .ok());
  EXPECT_EQ(replay.id(), complaint.id());
  // Only the supervisor takes complaints in.
  pb::Complaint ignored;
  s = Call(sthjj_clerk_->supervision.get(), &Sup::CreateComplaint, ComplaintRequest("c-clerk"),
           &ignored);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();

  // The complainant is personal data: a clerk sees 刘**, the supervisor the full name.
  pb::GetComplaintRequest get;
  get.set_id(complaint.id());
  pb::Complaint seen;
  ASSERT_TRUE(Call(sthjj_clerk_->supervision.get(), &Sup::GetComplaint, get, &seen).ok());
  EXPECT_EQ(seen.complainant(), "刘**");
  ASSERT_TRUE(Call(supervisor_->supervision.get(), &Sup::GetComplaint, get, &seen).ok());
  EXPECT_EQ(seen.complainant(), "刘德华");

  pb::IssueSupervisionLetterRequest issue;
  issue.set_id(complaint.id());
  issue.set_etag(complaint.etag());
  *issue.mutable_letter() = Letter("济司监〔2021〕1号");
  pb::Complaint answered;
  s = Call(supervisor_->supervision.get(), &Sup::IssueSupervisionLetter, issue, &answered);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(answered.rectification(), pb::RECTIFICATION_STATUS_REQUIRED);
  EXPECT_EQ(answered.letter().document_number(), "济司监〔2021〕1号");
  EXPECT_EQ(answered.letter().requirements_size(), 2);

  // A second letter is refused: a complaint has one answer.
  issue.set_etag(answered.etag());
  *issue.mutable_letter() = Letter("济司监〔2021〕2号");
  pb::Complaint refused;
  s = Call(supervisor_->supervision.get(), &Sup::IssueSupervisionLetter, issue, &refused);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();

  pb::UpdateRectificationRequest confirm;
  confirm.set_id(complaint.id());
  confirm.set_etag(answered.etag());
  confirm.set_rectification(pb::RECTIFICATION_STATUS_CONFIRMED);
  s = Call(supervisor_->supervision.get(), &Sup::UpdateRectification, confirm, &refused);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION)
      << "nothing to confirm before a report: " << s.error_message();

  pb::UpdateRectificationRequest report;
  report.set_id(complaint.id());
  report.set_etag(answered.etag());
  report.set_rectification(pb::RECTIFICATION_STATUS_REPORTED);
  report.set_report("已组织全体执法人员开展亮证执法培训");
  // Another department's clerk may not report for 生态环境局, nor the supervisor.
  s = CallWithRequestId(kejing_clerk_->supervision.get(), &Sup::UpdateRectification, report,
                        "review-it-refused-report", &refused);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
  EXPECT_NE(s.error_message().find(kSthjj), std::string::npos) << s.error_message();
  s = Call(supervisor_->supervision.get(), &Sup::UpdateRectification, report, &refused);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
  pb::UpdateRectificationRequest no_report = report;
  no_report.clear_report();
  ExpectInvalid(
      Call(sthjj_clerk_->supervision.get(), &Sup::UpdateRectification, no_report, &refused),
      "report");
  pb::Complaint reported;
  s = Call(sthjj_clerk_->supervision.get(), &Sup::UpdateRectification, report, &reported);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(reported.rectification(), pb::RECTIFICATION_STATUS_REPORTED);
  EXPECT_EQ(reported.complainant(), "刘**");

  // The department may not confirm its own rectification; a stale etag loses.
  confirm.set_etag(reported.etag());
  s = CallWithRequestId(sthjj_clerk_->supervision.get(), &Sup::UpdateRectification, confirm,
                        "review-it-refused-confirm", &refused);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
  confirm.set_etag(answered.etag());
  s = Call(supervisor_->supervision.get(), &Sup::UpdateRectification, confirm, &refused);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ABORTED) << s.error_message();
  confirm.set_etag(reported.etag());
  pb::Complaint confirmed;
  s = Call(supervisor_->supervision.get(), &Sup::UpdateRectification, confirm, &confirmed);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(confirmed.rectification(), pb::RECTIFICATION_STATUS_CONFIRMED);
  EXPECT_EQ(confirmed.rectification_report(), "已组织全体执法人员开展亮证执法培训");

  // Listed under the city's subtree for 2021, masked for a clerk: one more than before.
  pb::ListComplaintsResponse listed;
  ASSERT_TRUE(Call(kejing_clerk_->supervision.get(), &Sup::ListComplaints, list, &listed).ok());
  ASSERT_EQ(listed.complaints_size(), before.complaints_size() + 1);
  std::vector<std::string> others = Ids(listed.complaints());
  auto mine = std::find(others.begin(), others.end(), complaint.id());
  ASSERT_NE(mine, others.end());
  const pb::Complaint& found = listed.complaints(static_cast<int>(mine - others.begin()));
  others.erase(mine);
  EXPECT_EQ(others, Ids(before.complaints()));
  EXPECT_EQ(found.complainant(), "刘**");
  EXPECT_EQ(found.rectification(), pb::RECTIFICATION_STATUS_CONFIRMED);
  list.set_department_id(kKejing);
  ASSERT_TRUE(Call(kejing_clerk_->supervision.get(), &Sup::ListComplaints, list, &listed).ok());
  EXPECT_EQ(listed.complaints_size(), 0);

  // Every step is in the audit log with its actor, the complainant masked there too.
  auto audit = cpb::AuditService::NewStub(testing::AuthorizedChannel(
      cases_->grpc_address(), testing::Token({"supervisor"}, "jiyuan-sfj", "sfj.supervisor")));
  cpb::ListAuditEntriesRequest entries_request;
  entries_request.set_target_type("complaint");
  entries_request.set_target_id(complaint.id());
  cpb::ListAuditEntriesResponse entries;
  ASSERT_TRUE(
      Call(audit.get(), &cpb::AuditService::Stub::ListAuditEntries, entries_request, &entries)
          .ok());
  std::vector<std::string> actions;
  for (const cpb::AuditEntry& e : entries.entries()) {
    actions.push_back(e.action());
    EXPECT_EQ(e.changes().find("刘德华"), std::string::npos) << e.changes();
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"create", "issue_letter", "report_rectification",
                                               "confirm_rectification"}));
  ASSERT_EQ(entries.entries_size(), 4);
  EXPECT_NE(entries.entries(0).changes().find("刘**"), std::string::npos);
  EXPECT_EQ(entries.entries(2).actor(), "sthjj.clerk");

  // The refused report and confirmation were refused by the handler's rules, not by the policy
  // table, and are audited as the table's refusals are: under the department complained about.
  cpb::ListAuditEntriesRequest denials_request;
  denials_request.set_target_type("department");
  denials_request.set_target_id(kSthjj);
  denials_request.mutable_page()->set_page_size(1000);
  cpb::ListAuditEntriesResponse denials;
  ASSERT_TRUE(
      Call(audit.get(), &cpb::AuditService::Stub::ListAuditEntries, denials_request, &denials)
          .ok());
  for (const auto& [request_id, actor, unit] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"review-it-refused-report", "kejing.clerk", kKejing},
           {"review-it-refused-confirm", "sthjj.clerk", kSthjj}}) {
    const cpb::AuditEntry* denial = nullptr;
    for (const cpb::AuditEntry& e : denials.entries()) {
      if (e.request_id() == request_id) denial = &e;
    }
    ASSERT_NE(denial, nullptr) << request_id << " was not audited";
    EXPECT_EQ(denial->action(), "denied");
    EXPECT_EQ(denial->actor(), actor);
    EXPECT_EQ(denial->rpc(), "/fazhi.cases.v1.SupervisionService/UpdateRectification");
    EXPECT_NE(denial->changes().find("PERMISSION_DENIED"), std::string::npos) << denial->changes();
    EXPECT_NE(denial->changes().find(absl::StrCat("\"principal_department\":\"", unit, "\"")),
              std::string::npos)
        << denial->changes();
  }
}

TEST_F(CaseReviewIntegrationTest, ComplaintBadInputNamesTheField) {
  pb::Complaint out;
  pb::CreateComplaintRequest r = ComplaintRequest("");
  r.mutable_complaint()->clear_complainant();
  ExpectInvalid(Call(supervisor_->supervision.get(), &Sup::CreateComplaint, r, &out),
                "complaint.complainant");
  r = ComplaintRequest("");
  r.mutable_complaint()->clear_received_date();
  ExpectInvalid(Call(supervisor_->supervision.get(), &Sup::CreateComplaint, r, &out),
                "complaint.received_date");
  r = ComplaintRequest("");
  *r.mutable_complaint()->mutable_received_date() = D(2201, 6, 1);
  ExpectInvalid(Call(supervisor_->supervision.get(), &Sup::CreateComplaint, r, &out),
                "complaint.received_date");
  r = ComplaintRequest("");
  r.mutable_complaint()->set_department_id("jiyuan-nowhere");
  grpc::Status s = Call(supervisor_->supervision.get(), &Sup::CreateComplaint, r, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
  EXPECT_NE(s.error_message().find("complaint.department_id"), std::string::npos);

  pb::Complaint complaint;
  ASSERT_TRUE(Call(supervisor_->supervision.get(), &Sup::CreateComplaint,
                   ComplaintRequest("complaint-bad-letter"), &complaint)
                  .ok());
  pb::IssueSupervisionLetterRequest issue;
  issue.set_id(complaint.id());
  issue.set_etag(complaint.etag());
  *issue.mutable_letter() = Letter("济司监〔2021〕3号");
  *issue.mutable_letter()->mutable_due_date() = D(2021, 6, 9);
  ExpectInvalid(Call(supervisor_->supervision.get(), &Sup::IssueSupervisionLetter, issue, &out),
                "letter.due_date");
  *issue.mutable_letter() = Letter("");
  ExpectInvalid(Call(supervisor_->supervision.get(), &Sup::IssueSupervisionLetter, issue, &out),
                "letter.document_number");
  // Nothing was written: the complaint is still unanswered at its first version.
  pb::GetComplaintRequest get;
  get.set_id(complaint.id());
  ASSERT_TRUE(Call(supervisor_->supervision.get(), &Sup::GetComplaint, get, &out).ok());
  EXPECT_FALSE(out.has_letter());
  EXPECT_EQ(out.etag(), complaint.etag());
  get.set_id("complaint-unknown");
  s = Call(supervisor_->supervision.get(), &Sup::GetComplaint, get, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
}

// 行政复议法 Art. 30: applied Wednesday 2021-09-29 and never examined. The 5 working days are
// 09-30, 10-08, Saturday 10-09 (调休), 10-11 and 10-12, so it is accepted by law on 10-12 and
// the 60 days run to Saturday 12-11, i.e. Monday 12-13. A refusal dated after 10-12 is refused;
// the decision stores the deemed acceptance.
TEST_F(CaseReviewIntegrationTest, ReconsiderationNeverExaminedIsDeemedAccepted) {
  pb::Reconsideration r;
  grpc::Status s = Call(supervisor_->reconsideration.get(), &Rec::CreateReconsideration,
                        Application(D(2021, 9, 29), false), &r);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(r.stage(), pb::RECONSIDERATION_STAGE_ACCEPTED);
  EXPECT_TRUE(r.deemed_accepted());
  EXPECT_TRUE(SameDay(r.examination_due_date(), D(2021, 10, 12))) << Show(r.examination_due_date());
  EXPECT_TRUE(SameDay(r.acceptance_date(), D(2021, 10, 12))) << Show(r.acceptance_date());
  EXPECT_TRUE(SameDay(r.decision_due_date(), D(2021, 12, 13))) << Show(r.decision_due_date());

  pb::GetReconsiderationRequest get;
  get.set_id(r.id());
  pb::Reconsideration read;
  s = Call(supervisor_->reconsideration.get(), &Rec::GetReconsideration, get, &read);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(read.deemed_accepted());
  EXPECT_EQ(read.stage(), pb::RECONSIDERATION_STAGE_ACCEPTED);

  pb::ExamineReconsiderationRequest examine;
  examine.set_id(r.id());
  examine.set_etag(r.etag());
  examine.set_accept(false);
  examine.set_reason("不属于行政复议范围");
  *examine.mutable_date() = D(2021, 10, 13);
  pb::Reconsideration refused;
  ExpectInvalid(
      Call(supervisor_->reconsideration.get(), &Rec::ExamineReconsideration, examine, &refused),
      "date");

  pb::ListReconsiderationsRequest list;
  list.set_department_id(r.body_department_id());
  list.set_stage(pb::RECONSIDERATION_STAGE_APPLIED);
  pb::ListReconsiderationsResponse listed;
  s = Call(supervisor_->reconsideration.get(), &Rec::ListReconsiderations, list, &listed);
  ASSERT_TRUE(s.ok()) << s.error_message();
  for (const pb::Reconsideration& other : listed.reconsiderations()) EXPECT_NE(other.id(), r.id());
  list.set_stage(pb::RECONSIDERATION_STAGE_ACCEPTED);
  listed.Clear();
  s = Call(supervisor_->reconsideration.get(), &Rec::ListReconsiderations, list, &listed);
  ASSERT_TRUE(s.ok()) << s.error_message();
  int found = 0;
  for (const pb::Reconsideration& other : listed.reconsiderations()) {
    if (other.id() == r.id()) ++found;
  }
  EXPECT_EQ(found, 1);

  pb::DecideReconsiderationRequest decide;
  decide.set_id(r.id());
  decide.set_etag(r.etag());
  decide.set_outcome(pb::RECONSIDERATION_OUTCOME_UPHELD);
  *decide.mutable_date() = D(2021, 12, 13);
  s = Call(supervisor_->reconsideration.get(), &Rec::DecideReconsideration, decide, &r);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(r.stage(), pb::RECONSIDERATION_STAGE_DECIDED);
  EXPECT_TRUE(r.deemed_accepted());
  EXPECT_TRUE(SameDay(r.acceptance_date(), D(2021, 10, 12))) << Show(r.acceptance_date());
}

TEST_F(CaseReviewIntegrationTest, ReconsiderationAcceptedExtendedAndDecided) {
  pb::Reconsideration r;
  grpc::Status s = Call(supervisor_->reconsideration.get(), &Rec::CreateReconsideration,
                        Application(D(2021, 3, 1), false), &r);
  ASSERT_TRUE(s.ok()) << s.error_message();
  // Entered years later, it reads as deemed accepted (Art. 30) until its examination, dated
  // within the period, is recorded.
  EXPECT_EQ(r.stage(), pb::RECONSIDERATION_STAGE_ACCEPTED);
  EXPECT_TRUE(r.deemed_accepted());
  // 5 working days after Monday 2021-03-01 (行政复议法 Arts 30 and 88); was Saturday 03-06.
  EXPECT_TRUE(SameDay(r.examination_due_date(), D(2021, 3, 8))) << Show(r.examination_due_date());

  pb::ExamineReconsiderationRequest examine;
  examine.set_id(r.id());
  examine.set_etag(r.etag());
  examine.set_accept(true);
  *examine.mutable_date() = D(2021, 3, 5);
  s = Call(supervisor_->reconsideration.get(), &Rec::ExamineReconsideration, examine, &r);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(r.stage(), pb::RECONSIDERATION_STAGE_ACCEPTED);
  // The 60th day, 05-04, falls in 劳动节 (05-01..05 off): Thursday 05-06 (民法典 Art. 203).
  EXPECT_TRUE(SameDay(r.decision_due_date(), D(2021, 5, 6))) << Show(r.decision_due_date());
  EXPECT_FALSE(r.deemed_accepted());

  pb::ExtendReconsiderationRequest extend;
  extend.set_id(r.id());
  extend.set_etag(r.etag());
  extend.set_reason("案情重大、复杂");
  // At most 30 days: 31 is refused naming the field, and nothing changes.
  extend.set_days(31);
  pb::Reconsideration too_long;
  s = Call(supervisor_->reconsideration.get(), &Rec::ExtendReconsideration, extend, &too_long);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_EQ(s.error_message().substr(0, 6), "days: ") << s.error_message();
  extend.set_days(0);  // the full 30
  s = Call(supervisor_->reconsideration.get(), &Rec::ExtendReconsideration, extend, &r);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(r.extension_days(), 30);
  EXPECT_TRUE(SameDay(r.decision_due_date(), D(2021, 6, 3))) << Show(r.decision_due_date());
  extend.set_etag(r.etag());
  pb::Reconsideration refused;
  s = Call(supervisor_->reconsideration.get(), &Rec::ExtendReconsideration, extend, &refused);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();

  pb::DecideReconsiderationRequest decide;
  decide.set_id(r.id());
  decide.set_etag(r.etag());
  *decide.mutable_date() = D(2021, 5, 20);
  ExpectInvalid(
      Call(supervisor_->reconsideration.get(), &Rec::DecideReconsideration, decide, &refused),
      "outcome");
  decide.set_outcome(pb::RECONSIDERATION_OUTCOME_REVOKED);
  *decide.mutable_date() = D(2021, 3, 4);
  ExpectInvalid(
      Call(supervisor_->reconsideration.get(), &Rec::DecideReconsideration, decide, &refused),
      "date");
  *decide.mutable_date() = D(2021, 5, 20);
  decide.set_summary("撤销原行政处罚决定");
  // A clerk does not decide reconsiderations.
  s = Call(city_clerk_->reconsideration.get(), &Rec::DecideReconsideration, decide, &refused);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
  s = Call(supervisor_->reconsideration.get(), &Rec::DecideReconsideration, decide, &r);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(r.stage(), pb::RECONSIDERATION_STAGE_DECIDED);
  EXPECT_EQ(r.outcome(), pb::RECONSIDERATION_OUTCOME_REVOKED);
  EXPECT_TRUE(SameDay(r.decision_date(), D(2021, 5, 20)));

  // The applicant in full for the body and the supervisor, masked for another unit's clerk.
  pb::GetReconsiderationRequest get;
  get.set_id(r.id());
  pb::Reconsideration seen;
  ASSERT_TRUE(Call(city_clerk_->reconsideration.get(), &Rec::GetReconsideration, get, &seen).ok());
  EXPECT_EQ(seen.applicant(), "张三丰");
  ASSERT_TRUE(
      Call(kejing_clerk_->reconsideration.get(), &Rec::GetReconsideration, get, &seen).ok());
  EXPECT_EQ(seen.applicant(), "张**");
  ASSERT_TRUE(Call(supervisor_->reconsideration.get(), &Rec::GetReconsideration, get, &seen).ok());
  EXPECT_EQ(seen.applicant(), "张三丰");
}

TEST_F(CaseReviewIntegrationTest, AnOrganisationApplicantIsShownInFullToEveryReader) {
  pb::CreateReconsiderationRequest application = Application(D(2021, 9, 6), false);
  application.mutable_reconsideration()->set_applicant("济源市某化工有限公司");
  application.mutable_reconsideration()->set_applicant_organisation(true);
  pb::Reconsideration r;
  grpc::Status s =
      Call(supervisor_->reconsideration.get(), &Rec::CreateReconsideration, application, &r);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(r.applicant_organisation());
  pb::GetReconsiderationRequest get;
  get.set_id(r.id());
  for (Caller* reader : {city_clerk_, kejing_clerk_, sthjj_clerk_, supervisor_}) {
    pb::Reconsideration seen;
    s = Call(reader->reconsideration.get(), &Rec::GetReconsideration, get, &seen);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(seen.applicant(), "济源市某化工有限公司");
    EXPECT_TRUE(seen.applicant_organisation());
  }
}

TEST_F(CaseReviewIntegrationTest, ReconsiderationNotAcceptedAndSimpleProcedure) {
  // What the lists below held before this test's applications (other tests make their own).
  pb::ListReconsiderationsRequest list;
  list.set_department_id(kSthjj);
  list.set_year(2021);
  pb::ListReconsiderationsResponse before_2021;
  ASSERT_TRUE(
      Call(supervisor_->reconsideration.get(), &Rec::ListReconsiderations, list, &before_2021)
          .ok());
  list.set_stage(pb::RECONSIDERATION_STAGE_NOT_ACCEPTED);
  pb::ListReconsiderationsResponse before_not_accepted;
  ASSERT_TRUE(Call(supervisor_->reconsideration.get(), &Rec::ListReconsiderations, list,
                   &before_not_accepted)
                  .ok());
  // Paging one at a time over the city's subtree, every year: the ids of every page.
  auto page_through_city = [&](std::vector<std::string>* ids) {
    pb::ListReconsiderationsRequest paged;
    paged.set_department_id(kCity);
    paged.set_include_descendants(true);
    paged.mutable_page()->set_page_size(1);
    pb::ListReconsiderationsResponse page;
    do {
      ASSERT_TRUE(
          Call(supervisor_->reconsideration.get(), &Rec::ListReconsiderations, paged, &page).ok());
      for (const std::string& id : Ids(page.reconsiderations())) ids->push_back(id);
      paged.mutable_page()->set_page_token(page.page().next_page_token());
    } while (!page.page().next_page_token().empty() && ids->size() < 100);
  };
  std::vector<std::string> city_before;
  ASSERT_NO_FATAL_FAILURE(page_through_city(&city_before));

  pb::Reconsideration r;
  ASSERT_TRUE(Call(supervisor_->reconsideration.get(), &Rec::CreateReconsideration,
                   Application(D(2021, 8, 2), false), &r)
                  .ok());
  pb::ExamineReconsiderationRequest examine;
  examine.set_id(r.id());
  examine.set_etag(r.etag());
  examine.set_accept(false);
  *examine.mutable_date() = D(2021, 8, 5);
  pb::Reconsideration refused;
  ExpectInvalid(
      Call(supervisor_->reconsideration.get(), &Rec::ExamineReconsideration, examine, &refused),
      "reason");
  examine.set_reason("超过法定申请期限");
  grpc::Status s =
      Call(supervisor_->reconsideration.get(), &Rec::ExamineReconsideration, examine, &r);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(r.stage(), pb::RECONSIDERATION_STAGE_NOT_ACCEPTED);
  EXPECT_EQ(r.not_accepted_reason(), "超过法定申请期限");
  EXPECT_FALSE(r.has_decision_due_date());
  examine.set_etag(r.etag());
  examine.set_accept(true);
  examine.clear_reason();
  s = Call(supervisor_->reconsideration.get(), &Rec::ExamineReconsideration, examine, &refused);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();

  // No simple procedure before the 2023 revision came into force.
  ExpectInvalid(Call(supervisor_->reconsideration.get(), &Rec::CreateReconsideration,
                     Application(D(2021, 8, 2), true), &refused),
                "reconsideration.simple_procedure");
  pb::Reconsideration simple;
  ASSERT_TRUE(Call(supervisor_->reconsideration.get(), &Rec::CreateReconsideration,
                   Application(D(2024, 3, 1), true), &simple)
                  .ok());
  examine.set_id(simple.id());
  examine.set_etag(simple.etag());
  *examine.mutable_date() = D(2024, 3, 4);
  s = Call(supervisor_->reconsideration.get(), &Rec::ExamineReconsideration, examine, &simple);
  ASSERT_TRUE(s.ok()) << s.error_message();
  // 30 days from 2024-03-04 is Wednesday 04-03, a working day (清明节 is 04-04..06).
  EXPECT_TRUE(SameDay(simple.decision_due_date(), D(2024, 4, 3)))
      << Show(simple.decision_due_date());
  pb::ExtendReconsiderationRequest extend;
  extend.set_id(simple.id());
  extend.set_etag(simple.etag());
  extend.set_reason("案情复杂");
  s = Call(supervisor_->reconsideration.get(), &Rec::ExtendReconsideration, extend, &refused);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();

  // 生态环境局 is the respondent of every application; the one not accepted is listed by stage.
  list.clear_stage();
  pb::ListReconsiderationsResponse listed;
  ASSERT_TRUE(
      Call(supervisor_->reconsideration.get(), &Rec::ListReconsiderations, list, &listed).ok());
  std::vector<std::string> expected = Ids(before_2021.reconsiderations());
  expected.push_back(r.id());
  std::vector<std::string> got = Ids(listed.reconsiderations());
  std::sort(expected.begin(), expected.end());
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, expected) << "one more of 2021: the refused simple application wrote nothing";
  list.set_stage(pb::RECONSIDERATION_STAGE_NOT_ACCEPTED);
  ASSERT_TRUE(
      Call(supervisor_->reconsideration.get(), &Rec::ListReconsiderations, list, &listed).ok());
  ASSERT_EQ(listed.reconsiderations_size(), before_not_accepted.reconsiderations_size() + 1);
  std::vector<std::string> not_accepted = Ids(listed.reconsiderations());
  EXPECT_NE(std::find(not_accepted.begin(), not_accepted.end(), r.id()), not_accepted.end());
  // Paging one at a time over the city's subtree, every year: this test's two more, each once.
  std::vector<std::string> city_after;
  ASSERT_NO_FATAL_FAILURE(page_through_city(&city_after));
  std::vector<std::string> city_expected = city_before;
  city_expected.push_back(r.id());
  city_expected.push_back(simple.id());
  std::sort(city_expected.begin(), city_expected.end());
  std::sort(city_after.begin(), city_after.end());
  EXPECT_EQ(city_after, city_expected);
}

TEST_F(CaseReviewIntegrationTest, LawsuitWithTheHeadInCourt) {
  pb::CreateLawsuitRequest create;
  create.set_request_id("lawsuit-1");
  pb::Lawsuit* in = create.mutable_lawsuit();
  in->set_court_case_number("(2021)豫9001行初12号");
  in->set_court("济源市人民法院");
  in->set_plaintiff("赵六");
  in->set_defendant_department_id(kSthjj);
  *in->mutable_filed_date() = D(2021, 4, 1);
  pb::Lawsuit suit;
  grpc::Status s = Call(supervisor_->litigation.get(), &Lit::CreateLawsuit, create, &suit);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_FALSE(suit.government_defendant());

  pb::RecordHearingRequest hearing;
  hearing.set_id(suit.id());
  hearing.set_etag(suit.etag());
  *hearing.mutable_hearing()->mutable_date() = D(2021, 5, 20);
  hearing.mutable_hearing()->set_head_appeared(true);
  pb::Lawsuit refused;
  ExpectInvalid(Call(supervisor_->litigation.get(), &Lit::RecordHearing, hearing, &refused),
                "hearing.head_title");
  hearing.mutable_hearing()->set_head_title("局长");
  s = Call(supervisor_->litigation.get(), &Lit::RecordHearing, hearing, &suit);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(suit.hearings_size(), 1);
  EXPECT_TRUE(suit.hearings(0).head_appeared());
  EXPECT_EQ(suit.hearings(0).head_title(), "局长");

  pb::RecordJudgmentRequest judgment;
  judgment.set_id(suit.id());
  judgment.set_etag(suit.etag());
  judgment.set_outcome(pb::JUDGMENT_OUTCOME_UPHELD);
  *judgment.mutable_date() = D(2021, 6, 30);
  s = Call(supervisor_->litigation.get(), &Lit::RecordJudgment, judgment, &suit);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(suit.outcome(), pb::JUDGMENT_OUTCOME_UPHELD);

  // A person plaintiff is masked for a clerk; an organisation is shown in full.
  pb::GetLawsuitRequest get;
  get.set_id(suit.id());
  pb::Lawsuit seen;
  ASSERT_TRUE(Call(sthjj_clerk_->litigation.get(), &Lit::GetLawsuit, get, &seen).ok());
  EXPECT_EQ(seen.plaintiff(), "赵*");
  EXPECT_EQ(seen.hearings_size(), 1);

  pb::CreateLawsuitRequest against_city;
  pb::Lawsuit* city = against_city.mutable_lawsuit();
  city->set_court_case_number("(2021)豫9001行初30号");
  city->set_court("济源市人民法院");
  city->set_plaintiff("济源市某建材有限公司");
  city->set_plaintiff_organisation(true);
  city->set_defendant_department_id(kCity);
  *city->mutable_filed_date() = D(2021, 9, 1);
  ExpectInvalid(Call(supervisor_->litigation.get(), &Lit::CreateLawsuit, against_city, &refused),
                "lawsuit.government_defendant");
  city->set_government_defendant(true);
  pb::Lawsuit city_suit;
  s = Call(supervisor_->litigation.get(), &Lit::CreateLawsuit, against_city, &city_suit);
  ASSERT_TRUE(s.ok()) << s.error_message();
  get.set_id(city_suit.id());
  ASSERT_TRUE(Call(kejing_clerk_->litigation.get(), &Lit::GetLawsuit, get, &seen).ok());
  EXPECT_EQ(seen.plaintiff(), "济源市某建材有限公司");

  // The same court's case number twice, an unknown defendant, a missing court.
  s = Call(supervisor_->litigation.get(), &Lit::CreateLawsuit, against_city, &refused);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ALREADY_EXISTS) << s.error_message();
  city->set_court_case_number("(2021)豫9001行初31号");
  city->set_defendant_department_id("jiyuan-nowhere");
  s = Call(supervisor_->litigation.get(), &Lit::CreateLawsuit, against_city, &refused);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
  city->set_defendant_department_id(kCity);
  city->clear_court();
  ExpectInvalid(Call(supervisor_->litigation.get(), &Lit::CreateLawsuit, against_city, &refused),
                "lawsuit.court");

  pb::ListLawsuitsRequest list;
  list.set_department_id(kCity);
  list.set_include_descendants(true);
  list.set_year(2021);
  pb::ListLawsuitsResponse listed;
  ASSERT_TRUE(Call(sthjj_clerk_->litigation.get(), &Lit::ListLawsuits, list, &listed).ok());
  ASSERT_EQ(listed.lawsuits_size(), 2);
  EXPECT_EQ(listed.lawsuits(0).plaintiff(), "赵*");
}

TEST_F(CaseReviewIntegrationTest, MajorCaseFilingAndCaseFileReviewRefusals) {
  // The filings before the refusals (MajorCaseFiledReviewedAndItsFileEvaluated files one).
  pb::ListMajorCaseFilingsRequest list;
  list.set_department_id(kCity);
  list.set_include_descendants(true);
  pb::ListMajorCaseFilingsResponse before;
  ASSERT_TRUE(Call(supervisor_->supervision.get(), &Sup::ListMajorCaseFilings, list, &before).ok());

  // Refusals that need no enforcement case at all.
  pb::FileMajorCaseRequest file;
  file.set_case_id("case-unknown");
  *file.mutable_filed_date() = D(2021, 5, 1);
  pb::MajorCaseFiling filing;
  grpc::Status s = Call(sthjj_clerk_->supervision.get(), &Sup::FileMajorCase, file, &filing);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
  EXPECT_NE(s.error_message().find("case_id"), std::string::npos);
  file.set_case_id("Not An Id");
  ExpectInvalid(Call(sthjj_clerk_->supervision.get(), &Sup::FileMajorCase, file, &filing),
                "case_id");

  pb::ReviewMajorCaseFilingRequest review;
  review.set_id("filing-unknown");
  review.set_etag("\"1\"");
  s = Call(sthjj_clerk_->supervision.get(), &Sup::ReviewMajorCaseFiling, review, &filing);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
  s = Call(supervisor_->supervision.get(), &Sup::ReviewMajorCaseFiling, review, &filing);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();

  pb::ListMajorCaseFilingsResponse listed;
  ASSERT_TRUE(Call(supervisor_->supervision.get(), &Sup::ListMajorCaseFilings, list, &listed).ok());
  EXPECT_EQ(Ids(listed.filings()), Ids(before.filings())) << "a refused filing wrote nothing";
  for (const pb::MajorCaseFiling& f : listed.filings()) {
    EXPECT_NE(f.case_id(), "case-unknown");
    EXPECT_NE(f.case_id(), "Not An Id");
  }
  list.set_year(-3);
  ExpectInvalid(Call(supervisor_->supervision.get(), &Sup::ListMajorCaseFilings, list, &listed),
                "year");

  pb::CreateCaseFileReviewRequest create;
  create.mutable_review()->set_case_id("case-unknown");
  create.mutable_review()->set_reviewer("王评查");
  create.mutable_review()->set_score(88);
  *create.mutable_review()->mutable_review_date() = D(2021, 11, 20);
  pb::CaseFileReview out;
  s = Call(supervisor_->supervision.get(), &Sup::CreateCaseFileReview, create, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
  create.mutable_review()->set_score(101);
  ExpectInvalid(Call(supervisor_->supervision.get(), &Sup::CreateCaseFileReview, create, &out),
                "review.score");
  s = Call(sthjj_clerk_->supervision.get(), &Sup::CreateCaseFileReview, create, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
}

TEST_F(CaseReviewIntegrationTest, MajorCaseFiledReviewedAndItsFileEvaluated) {
  pb::EnforcementCase major;  // decided on 2021-04-20
  pb::EnforcementCase minor;  // decided, not major
  pb::EnforcementCase open;   // major, still investigating
  ASSERT_NO_FATAL_FAILURE(AddCase("济环罚立〔2021〕1号", true, D(2021, 4, 20), &major));
  ASSERT_NO_FATAL_FAILURE(AddCase("济环罚立〔2021〕2号", false, D(2021, 4, 21), &minor));
  ASSERT_NO_FATAL_FAILURE(AddCase("济环罚立〔2021〕3号", true, std::nullopt, &open));
  ASSERT_EQ(major.stage(), pb::CASE_STAGE_DECIDED);
  ASSERT_EQ(minor.stage(), pb::CASE_STAGE_DECIDED);
  ASSERT_EQ(open.stage(), pb::CASE_STAGE_INVESTIGATING);

  pb::FileMajorCaseRequest file;
  file.set_case_id(major.id());
  file.set_request_id("filing-major-1");
  *file.mutable_filed_date() = D(2021, 4, 25);
  pb::MajorCaseFiling filing;
  // Only the case's own department files it.
  grpc::Status s = Call(kejing_clerk_->supervision.get(), &Sup::FileMajorCase, file, &filing);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
  pb::FileMajorCaseRequest wrong = file;
  wrong.clear_request_id();
  wrong.set_case_id(minor.id());
  s = Call(sthjj_clerk_->supervision.get(), &Sup::FileMajorCase, wrong, &filing);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
  wrong.set_case_id(open.id());
  s = Call(sthjj_clerk_->supervision.get(), &Sup::FileMajorCase, wrong, &filing);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
  wrong.set_case_id(major.id());
  *wrong.mutable_filed_date() = D(2021, 4, 19);
  ExpectInvalid(Call(sthjj_clerk_->supervision.get(), &Sup::FileMajorCase, wrong, &filing),
                "filed_date");

  s = Call(sthjj_clerk_->supervision.get(), &Sup::FileMajorCase, file, &filing);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(filing.department_id(), kSthjj);
  EXPECT_EQ(filing.status(), pb::FILING_STATUS_FILED);
  pb::MajorCaseFiling replay;
  ASSERT_TRUE(Call(sthjj_clerk_->supervision.get(), &Sup::FileMajorCase, file, &replay).ok());
  EXPECT_EQ(replay.id(), filing.id());
  file.set_request_id("filing-major-1-again");
  s = Call(sthjj_clerk_->supervision.get(), &Sup::FileMajorCase, file, &replay);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ALREADY_EXISTS) << s.error_message();

  pb::ReviewMajorCaseFilingRequest review;
  review.set_id(filing.id());
  review.set_etag(filing.etag());
  *review.mutable_review_date() = D(2021, 5, 6);
  review.add_rectification_suggestions("自由裁量基准适用说明不充分");
  s = Call(supervisor_->supervision.get(), &Sup::ReviewMajorCaseFiling, review, &filing);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(filing.status(), pb::FILING_STATUS_REVIEWED);
  EXPECT_EQ(filing.rectification(), pb::RECTIFICATION_STATUS_REQUIRED);
  EXPECT_EQ(filing.reviewer(), "sfj.supervisor");
  review.set_etag(filing.etag());
  s = Call(supervisor_->supervision.get(), &Sup::ReviewMajorCaseFiling, review, &replay);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();

  pb::ListMajorCaseFilingsRequest list;
  list.set_department_id(kCity);
  list.set_include_descendants(true);
  list.set_year(2021);
  list.set_status(pb::FILING_STATUS_REVIEWED);
  pb::ListMajorCaseFilingsResponse listed;
  ASSERT_TRUE(
      Call(sthjj_clerk_->supervision.get(), &Sup::ListMajorCaseFilings, list, &listed).ok());
  ASSERT_EQ(listed.filings_size(), 1);
  EXPECT_EQ(listed.filings(0).rectification_suggestions(0), "自由裁量基准适用说明不充分");

  pb::CreateCaseFileReviewRequest evaluate;
  evaluate.set_request_id("evaluation-1");
  evaluate.mutable_review()->set_case_id(major.id());
  evaluate.mutable_review()->set_reviewer("王评查");
  evaluate.mutable_review()->set_score(92);
  evaluate.mutable_review()->add_findings("证据目录不完整");
  *evaluate.mutable_review()->mutable_review_date() = D(2021, 11, 20);
  pb::CaseFileReview evaluated;
  s = Call(supervisor_->supervision.get(), &Sup::CreateCaseFileReview, evaluate, &evaluated);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(evaluated.department_id(), kSthjj);
  EXPECT_EQ(evaluated.score(), 92);
  pb::ListCaseFileReviewsRequest reviews;
  reviews.set_department_id(kKejing);
  pb::ListCaseFileReviewsResponse found;
  ASSERT_TRUE(
      Call(supervisor_->supervision.get(), &Sup::ListCaseFileReviews, reviews, &found).ok());
  EXPECT_EQ(found.reviews_size(), 0);
  reviews.set_department_id(kSthjj);
  ASSERT_TRUE(
      Call(supervisor_->supervision.get(), &Sup::ListCaseFileReviews, reviews, &found).ok());
  ASSERT_EQ(found.reviews_size(), 1);
  EXPECT_EQ(found.reviews(0).findings(0), "证据目录不完整");
}

// The names every test here handles. This test handles each itself (created, read masked,
// refused), of 2022, which no other test lists, so it checks something whenever it runs;
// TearDownTestSuite checks the log again after every test has run.
TEST_F(CaseReviewIntegrationTest, PersonalNamesStayOutOfTheLog) {
  pb::CreateComplaintRequest complain = ComplaintRequest("names-complaint");
  *complain.mutable_complaint()->mutable_received_date() = D(2022, 6, 1);
  pb::Complaint complaint;
  grpc::Status s =
      Call(supervisor_->supervision.get(), &Sup::CreateComplaint, complain, &complaint);
  ASSERT_TRUE(s.ok()) << s.error_message();
  pb::Complaint refused_complaint;
  s = Call(sthjj_clerk_->supervision.get(), &Sup::CreateComplaint, complain, &refused_complaint);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
  pb::GetComplaintRequest get_complaint;
  get_complaint.set_id(complaint.id());
  pb::Complaint seen_complaint;
  ASSERT_TRUE(
      Call(sthjj_clerk_->supervision.get(), &Sup::GetComplaint, get_complaint, &seen_complaint)
          .ok());
  EXPECT_EQ(seen_complaint.complainant(), "刘**");

  pb::Reconsideration application;
  s = Call(supervisor_->reconsideration.get(), &Rec::CreateReconsideration,
           Application(D(2022, 3, 1), false), &application);
  ASSERT_TRUE(s.ok()) << s.error_message();
  pb::Reconsideration refused_application;
  ExpectInvalid(Call(supervisor_->reconsideration.get(), &Rec::CreateReconsideration,
                     Application(D(2022, 3, 1), true), &refused_application),
                "reconsideration.simple_procedure");
  pb::GetReconsiderationRequest get_application;
  get_application.set_id(application.id());
  pb::Reconsideration seen_application;
  ASSERT_TRUE(Call(kejing_clerk_->reconsideration.get(), &Rec::GetReconsideration, get_application,
                   &seen_application)
                  .ok());
  EXPECT_EQ(seen_application.applicant(), "张**");

  pb::CreateLawsuitRequest sue;
  pb::Lawsuit* in = sue.mutable_lawsuit();
  in->set_court_case_number("(2022)豫9001行初5号");
  in->set_court("济源市人民法院");
  in->set_plaintiff("赵六");
  in->set_defendant_department_id(kSthjj);
  *in->mutable_filed_date() = D(2022, 4, 1);
  pb::Lawsuit suit;
  s = Call(supervisor_->litigation.get(), &Lit::CreateLawsuit, sue, &suit);
  ASSERT_TRUE(s.ok()) << s.error_message();
  pb::Lawsuit refused_suit;
  s = Call(supervisor_->litigation.get(), &Lit::CreateLawsuit, sue, &refused_suit);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ALREADY_EXISTS) << s.error_message();
  pb::GetLawsuitRequest get_suit;
  get_suit.set_id(suit.id());
  pb::Lawsuit seen_suit;
  ASSERT_TRUE(Call(sthjj_clerk_->litigation.get(), &Lit::GetLawsuit, get_suit, &seen_suit).ok());
  EXPECT_EQ(seen_suit.plaintiff(), "赵*");

  ExpectNoPersonalNamesInTheLog();
}

}  // namespace
}  // namespace fazhi::cases
