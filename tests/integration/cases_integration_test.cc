// Starts the real fazhi-department binary (the seed's units, officers with certificates, one of
// them revoked) and the real fazhi-cases binary beside it, each on its own database of the
// backend FAZHI_TEST_BACKEND names, and drives EnforcementCaseService over gRPC as department
// clerks, a supervisor and the anonymous public would: Art. 42 officer checks at filing and
// decision, a penalty case from filing to closing, a major case and its legal review, the public
// feed with persons masked, revocation, overdue lists, other units' clerks, stale etags and
// duplicate case numbers.

#include <grpcpp/grpcpp.h>

#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "fazhi/cases/v1/enforcement.grpc.pb.h"
#include "fazhi/cases/v1/supervision.grpc.pb.h"
#include "fazhi/department/v1/department.grpc.pb.h"
#include "fazhi/department/v1/officer.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/support/auth.h"
#include "tests/support/cases_fixture.h"
#include "tests/support/cases_servers.h"
#include "tests/support/dates.h"
#include "tests/support/server_process.h"

namespace fazhi::cases {
namespace {

namespace pb = ::fazhi::cases::v1;
namespace dpb = ::fazhi::department::v1;
namespace cpb = ::fazhi::common::v1;
using ::fazhi::testing::NewCase;
using ::fazhi::testing::Notify;
using ::fazhi::testing::ServerProcess;
using ::fazhi::testing::StartInvestigation;

constexpr const char* kPersonId = testing::kCasePersonIdNumber;
constexpr char kMaskedPersonId[] = "410881********1234";
constexpr const char* kCreditCode = testing::kCaseCreditCode;
constexpr char kSthjj[] = "jiyuan-sthjj";
constexpr char kScjgj[] = "jiyuan-scjgj";
// What the public feed shows of a test case's facts (the internal facts name no one here either,
// but a real case's may).
constexpr char kPublicSummary[] =
    "当事人在禁燃区露天焚烧垃圾，依据《中华人民共和国大气污染防治法》第一百一十九条第二款，作出"
    "罚款的行政处罚";

using ::fazhi::testing::D;

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class CasesIntegrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<testing::CasesServers>> servers = testing::CasesServers::Start(
        FAZHI_DEPARTMENT_BINARY, FAZHI_CASES_BINARY, "cases-it",
        testing::CaseOfficers(
            {"sthjj-wang", "sthjj-li", "sthjj-zhao", "sthjj-chen", "scjgj-sun", "scjgj-qian"}));
    ASSERT_TRUE(servers.ok()) << servers.status();
    servers_ = servers->release();
    cases_ = &servers_->cases();
    auto officers = dpb::OfficerService::NewStub(
        testing::AuthorizedChannel(servers_->department().grpc_address(), testing::AdminToken()));
    grpc::ClientContext context;
    dpb::RevokeCertificateRequest revoke;
    revoke.set_number("豫济执法字第9004号");
    *revoke.mutable_effective_date() = D(2021, 5, 3);
    revoke.set_reason("调离执法岗位");
    dpb::Certificate revoked;
    grpc::Status s = officers->RevokeCertificate(&context, revoke, &revoked);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  static void TearDownTestSuite() {
    if (cases_) {
      EXPECT_EQ(cases_->Log().find(kPersonId), std::string::npos)
          << "an ID number reached the cases service's log";
      EXPECT_EQ(cases_->Stop(), 0) << "graceful shutdown should exit 0";
    }
    delete servers_;
  }

  // A client calling as a clerk of department, a supervisor, an admin or nobody.
  static std::unique_ptr<pb::EnforcementCaseService::Stub> Clerk(const std::string& department) {
    return pb::EnforcementCaseService::NewStub(testing::AuthorizedChannel(
        cases_->grpc_address(),
        testing::Token({"clerk"}, department, absl::StrCat("clerk-", department))));
  }
  static std::unique_ptr<pb::EnforcementCaseService::Stub> Supervisor() {
    return pb::EnforcementCaseService::NewStub(testing::AuthorizedChannel(
        cases_->grpc_address(), testing::Token({"supervisor"}, "jiyuan-sfj", "sfj-supervisor")));
  }
  static std::unique_ptr<pb::EnforcementCaseService::Stub> Anonymous() {
    return pb::EnforcementCaseService::NewStub(
        grpc::CreateChannel(cases_->grpc_address(), grpc::InsecureChannelCredentials()));
  }

  template <typename Request, typename Response>
  static grpc::Status Call(pb::EnforcementCaseService::Stub& stub,
                           grpc::Status (pb::EnforcementCaseService::Stub::*rpc)(
                               grpc::ClientContext*, const Request&, Response*),
                           const Request& request, Response* response) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    return (stub.*rpc)(&context, request, response);
  }

  static grpc::Status File(const pb::FileCaseRequest& request, pb::EnforcementCase* out) {
    return Call(*Clerk(kSthjj), &pb::EnforcementCaseService::Stub::FileCase, request, out);
  }

  // Advances *c by the step set in request as a clerk of its department and refreshes *c.
  static grpc::Status Advance(pb::EnforcementCase* c, pb::AdvanceCaseRequest request) {
    return testing::AdvanceCase(*Clerk(c->department_id()), c, std::move(request));
  }
  static pb::AdvanceCaseRequest Decide(const cpb::Date& day, int64_t fine_fen,
                                       std::vector<std::string> officers = {"sthjj-wang",
                                                                            "sthjj-li"}) {
    return testing::Decide(day, fine_fen, officers);
  }

  // The public feed of the city's decisions of year.
  static std::vector<pb::PublicDecision> Feed(int year) {
    pb::ListPublicDecisionsRequest request;
    request.set_department_id("jiyuan");
    request.set_year(year);
    pb::ListPublicDecisionsResponse response;
    grpc::Status s = Call(*Anonymous(), &pb::EnforcementCaseService::Stub::ListPublicDecisions,
                          request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return {response.decisions().begin(), response.decisions().end()};
  }

  // Files request as a clerk of 生态环境局 and takes the case to a decision on decided: the
  // investigation, the notice on notified, for a major case a legal review passed that day, and
  // a fine of fine_fen (plus any sanctions in extra) by sthjj-wang and sthjj-li. *c is the
  // decided case.
  static void FileAndDecide(const pb::FileCaseRequest& request, const cpb::Date& notified,
                            const cpb::Date& decided, int64_t fine_fen, pb::EnforcementCase* c,
                            const std::vector<pb::Sanction>& extra = {}) {
    const std::string& number = request.enforcement_case().case_number();
    grpc::Status s = File(request, c);
    ASSERT_TRUE(s.ok()) << number << ": " << s.error_message();
    std::vector<pb::AdvanceCaseRequest> steps = {StartInvestigation(), Notify(notified)};
    if (request.enforcement_case().major()) {
      steps.push_back(testing::SubmitLegalReview());
      steps.push_back(testing::RecordLegalReview(notified, pb::LEGAL_REVIEW_RESULT_PASSED));
    }
    pb::AdvanceCaseRequest decide = Decide(decided, fine_fen);
    for (const pb::Sanction& sanction : extra) {
      *decide.mutable_decide()->mutable_decision()->add_sanctions() = sanction;
    }
    steps.push_back(decide);
    for (const pb::AdvanceCaseRequest& step : steps) {
      s = Advance(c, step);
      ASSERT_TRUE(s.ok()) << number << ": " << s.error_message();
    }
    ASSERT_EQ(c->stage(), pb::CASE_STAGE_DECIDED) << number;
  }

  // Publishes the decision of *c as its department's clerk with public_summary; *c is the
  // published case.
  static void Publish(pb::EnforcementCase* c, const std::string& public_summary = kPublicSummary) {
    pb::PublishDecisionRequest publish;
    publish.set_id(c->id());
    publish.set_etag(c->etag());
    publish.set_public_summary(public_summary);
    grpc::Status s = Call(*Clerk(c->department_id()),
                          &pb::EnforcementCaseService::Stub::PublishDecision, publish, c);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_TRUE(c->disclosure().published());
  }

  // Every test files cases of its own, under case numbers no other test uses; a test that counts
  // what a list or the public feed holds counts a year no other test files or decides in (the
  // feed 2024, revocation 2025, paging 2023), and the overdue list's day (2021-06-01) is before
  // every other test's cases fall due.
  static testing::CasesServers* servers_;
  static ServerProcess* cases_;
};

testing::CasesServers* CasesIntegrationTest::servers_ = nullptr;
ServerProcess* CasesIntegrationTest::cases_ = nullptr;

TEST_F(CasesIntegrationTest, FilingWithOneOfficerIsRefusedNamingTheOfficers) {
  pb::EnforcementCase out;
  grpc::Status s =
      File(NewCase(kSthjj, "济环罚立〔2021〕1号", D(2021, 6, 1), {"sthjj-wang"}), &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(Contains(s.error_message(), "enforcement_case.officer_ids")) << s.error_message();
  EXPECT_TRUE(Contains(s.error_message(), "Art. 42")) << s.error_message();
  // An officer of another department does not count for this one.
  s = File(NewCase(kSthjj, "济环罚立〔2021〕1号", D(2021, 6, 1), {"sthjj-wang", "scjgj-sun"}),
           &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(Contains(s.error_message(), "officer scjgj-sun")) << s.error_message();
}

TEST_F(CasesIntegrationTest, FilingWithARevokedCertificateIsRefusedWithTheReason) {
  pb::EnforcementCase out;
  grpc::Status s = File(
      NewCase(kSthjj, "济环罚立〔2021〕1号", D(2021, 6, 1), {"sthjj-wang", "sthjj-chen"}), &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(Contains(s.error_message(), "enforcement_case.officer_ids")) << s.error_message();
  EXPECT_TRUE(Contains(s.error_message(), "officer sthjj-chen")) << s.error_message();
  EXPECT_TRUE(Contains(s.error_message(), "revoked")) << s.error_message();
  EXPECT_TRUE(Contains(s.error_message(), "2021-05-03")) << s.error_message();
  // The certificate was valid before its revocation: a case filed then stands.
  s = File(NewCase(kSthjj, "济环罚立〔2021〕0号", D(2021, 4, 1), {"sthjj-wang", "sthjj-chen"}),
           &out);
  EXPECT_TRUE(s.ok()) << s.error_message();
}

TEST_F(CasesIntegrationTest, BadInputNamesTheFieldAndWritesNothing) {
  pb::FileCaseRequest bad =
      NewCase(kSthjj, "济环罚立〔2021〕99号", D(2021, 6, 1), {"sthjj-wang", "sthjj-li"});
  bad.mutable_enforcement_case()->mutable_party()->set_id_number("410881198503031235");
  pb::EnforcementCase out;
  grpc::Status s = File(bad, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(Contains(s.error_message(), "enforcement_case.party.id_number")) << s.error_message();
  EXPECT_FALSE(Contains(s.error_message(), "41088119850303123")) << "the number is not echoed";
  pb::FileCaseRequest org = NewCase(kSthjj, "济环罚立〔2021〕99号", D(2021, 6, 1),
                                    {"sthjj-wang", "sthjj-li"}, /*person=*/false);
  org.mutable_enforcement_case()->mutable_party()->set_credit_code("91350100M000100Y44");
  s = File(org, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(Contains(s.error_message(), "enforcement_case.party.credit_code"));
  pb::FileCaseRequest unknown =
      NewCase(kSthjj, "济环罚立〔2021〕99号", D(2021, 6, 1), {"sthjj-wang", "sthjj-li"});
  unknown.mutable_enforcement_case()->set_department_id("jiyuan-nosuch");
  s = Call(*pb::EnforcementCaseService::NewStub(
               testing::AuthorizedChannel(cases_->grpc_address(), testing::AdminToken())),
           &pb::EnforcementCaseService::Stub::FileCase, unknown, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
  pb::ListCasesRequest list;
  list.set_department_id(kSthjj);
  pb::ListCasesResponse listed;
  s = Call(*Clerk(kSthjj), &pb::EnforcementCaseService::Stub::ListCases, list, &listed);
  ASSERT_TRUE(s.ok()) << s.error_message();
  for (const pb::EnforcementCase& c : listed.cases()) {
    EXPECT_NE(c.case_number(), "济环罚立〔2021〕99号");
  }
}

TEST_F(CasesIntegrationTest, APenaltyCaseRunsFromFilingToClosing) {
  pb::FileCaseRequest request =
      NewCase(kSthjj, "济环罚立〔2021〕12号", D(2021, 6, 1), {"sthjj-wang", "sthjj-li"});
  request.set_request_id("sthjj-2021-12");
  pb::Evidence* video = request.add_evidence();
  video->set_kind(pb::EVIDENCE_KIND_VIDEO);
  video->set_reference("bodycam/2021/06/01/0001.mp4");
  video->set_sha256(std::string(64, 'e'));
  pb::EnforcementCase penalty;
  ASSERT_TRUE(File(request, &penalty).ok());
  EXPECT_EQ(penalty.stage(), pb::CASE_STAGE_FILED);
  EXPECT_EQ(penalty.party().id_number(), kPersonId) << "the department sees its party in full";
  EXPECT_EQ(penalty.decision_due_date().month(), 8);
  EXPECT_EQ(penalty.decision_due_date().day(), 30);
  // A retry with the same request id is the same case.
  pb::EnforcementCase again;
  ASSERT_TRUE(File(request, &again).ok());
  EXPECT_EQ(again.id(), penalty.id());

  ASSERT_TRUE(Advance(&penalty, StartInvestigation()).ok());
  ASSERT_TRUE(Advance(&penalty, Notify(D(2021, 6, 20))).ok());
  // Decided on the Thursday before National Day; two fines and a confiscation.
  pb::AdvanceCaseRequest decide = Decide(D(2021, 9, 30), 1000000);
  pb::Sanction* confiscation = decide.mutable_decide()->mutable_decision()->add_sanctions();
  confiscation->set_type(pb::SANCTION_TYPE_CONFISCATION);
  confiscation->set_amount_fen(500000);
  grpc::Status s = Advance(&penalty, decide);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(penalty.stage(), pb::CASE_STAGE_DECIDED);
  EXPECT_EQ(penalty.disclosure().due_date().month(), 10);
  EXPECT_EQ(penalty.disclosure().due_date().day(), 15);
  EXPECT_TRUE(Contains(penalty.events().rbegin()->note(), "Art. 60"))
      << "decided after the 90 days: the record says so";

  pb::AdvanceCaseRequest serve;
  *serve.mutable_serve()->mutable_date() = D(2021, 10, 8);
  ASSERT_TRUE(Advance(&penalty, serve).ok());
  pb::AdvanceCaseRequest pay;
  pay.mutable_record_execution()->set_collected_fen(500000);
  *pay.mutable_record_execution()->mutable_date() = D(2021, 10, 20);
  ASSERT_TRUE(Advance(&penalty, pay).ok());
  pay.mutable_record_execution()->set_collected_fen(1000001);
  s = Advance(&penalty, pay);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(Contains(s.error_message(), "record_execution.collected_fen"));
  pay.mutable_record_execution()->set_collected_fen(1000000);
  ASSERT_TRUE(Advance(&penalty, pay).ok());
  EXPECT_EQ(penalty.collected_fen(), 1500000);
  pb::AdvanceCaseRequest close;
  close.mutable_close();
  ASSERT_TRUE(Advance(&penalty, close).ok());
  EXPECT_EQ(penalty.stage(), pb::CASE_STAGE_CLOSED);

  pb::GetCaseRequest get;
  get.set_id(penalty.id());
  pb::EnforcementCase full;
  ASSERT_TRUE(Call(*Clerk(kSthjj), &pb::EnforcementCaseService::Stub::GetCase, get, &full).ok());
  std::vector<std::string> actions;
  for (const pb::CaseEvent& e : full.events()) actions.push_back(e.action());
  EXPECT_EQ(actions, (std::vector<std::string>{"file", "start_investigation", "notify", "decide",
                                               "serve", "execute", "execute", "close"}));
  ASSERT_EQ(full.events(0).evidence_size(), 1);
  EXPECT_EQ(full.events(0).evidence(0).sha256(), std::string(64, 'e'));
  EXPECT_EQ(full.events(0).actor(), "clerk-jiyuan-sthjj");
  s = Advance(&penalty, StartInvestigation());
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
}

// 行政处罚法 Arts 63-65 over gRPC, with the server's default thresholds (¥10,000 for a person).
// 张三 is notified on Friday 2021-09-24 and asks for a hearing on Monday 09-27, within the 5
// working days (09-26, a Sunday, is a working day before National Day). A fine of ¥10,000 gives
// hearing rights, so the decision waits for the hearing: announced on 09-27, it may be held from
// the 7th working day after, 09-28, 09-29, 09-30, 10-08, 10-09 (Saturday, 调休), 10-11, 10-12.
TEST_F(CasesIntegrationTest, ARequiredHearingIsRecordedBeforeTheDecision) {
  pb::EnforcementCase c;
  ASSERT_TRUE(
      File(NewCase(kSthjj, "济环罚立〔2021〕63号", D(2021, 9, 1), {"sthjj-wang", "sthjj-li"}), &c)
          .ok());
  ASSERT_TRUE(Advance(&c, StartInvestigation()).ok());
  ASSERT_TRUE(Advance(&c, Notify(D(2021, 9, 24))).ok());
  EXPECT_FALSE(c.hearing_requested());
  pb::AdvanceCaseRequest request;
  *request.mutable_request_hearing()->mutable_date() = D(2021, 9, 27);
  grpc::Status s = Advance(&c, request);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(c.hearing_requested());
  EXPECT_EQ(c.hearing_request_date().day(), 27);
  EXPECT_EQ(c.stage(), pb::CASE_STAGE_NOTIFIED);

  // No decision before the hearing, however late.
  s = Advance(&c, Decide(D(2021, 10, 20), 1000000));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(Contains(s.error_message(), "hold_hearing")) << s.error_message();
  EXPECT_TRUE(Contains(s.error_message(), "Art. 65")) << s.error_message();

  auto hold = [](const cpb::Date& notice, const cpb::Date& held, const std::string& presiding) {
    pb::AdvanceCaseRequest r;
    pb::PenaltyHearing* h = r.mutable_hold_hearing()->mutable_hearing();
    *h->mutable_notice_date() = notice;
    *h->mutable_hearing_date() = held;
    h->set_party_appeared(true);
    h->set_presiding_officer_id(presiding);
    h->set_transcript_reference("听证笔录/济环〔2021〕听5号");
    return r;
  };
  s = Advance(&c, hold(D(2021, 9, 27), D(2021, 10, 11), "sthjj-zhao"));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(Contains(s.error_message(), "hold_hearing.hearing.hearing_date"))
      << s.error_message();
  EXPECT_TRUE(Contains(s.error_message(), "on or after 2021-10-12")) << s.error_message();
  EXPECT_TRUE(Contains(s.error_message(), "Art. 64(2)")) << s.error_message();
  s = Advance(&c, hold(D(2021, 9, 24), D(2021, 10, 12), "sthjj-zhao"));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(Contains(s.error_message(), "hold_hearing.hearing.notice_date")) << s.error_message();
  s = Advance(&c, hold(D(2021, 9, 27), D(2021, 10, 12), "sthjj-wang"));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(Contains(s.error_message(), "hold_hearing.hearing.presiding_officer_id"));
  EXPECT_TRUE(Contains(s.error_message(), "Art. 64(4)")) << s.error_message();
  pb::AdvanceCaseRequest unnamed = hold(D(2021, 9, 27), D(2021, 10, 12), "sthjj-zhao");
  unnamed.mutable_hold_hearing()->mutable_hearing()->clear_hearing_date();
  s = Advance(&c, unnamed);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(Contains(s.error_message(), "hold_hearing.hearing.hearing_date: required"))
      << s.error_message();

  s = Advance(&c, hold(D(2021, 9, 27), D(2021, 10, 12), "sthjj-zhao"));
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(c.stage(), pb::CASE_STAGE_NOTIFIED);
  EXPECT_EQ(c.hearing().hearing_date().day(), 12);
  EXPECT_EQ(c.hearing().presiding_officer_id(), "sthjj-zhao");
  s = Advance(&c, hold(D(2021, 9, 27), D(2021, 10, 13), "sthjj-zhao"));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);

  // The decision follows the hearing (Art. 65).
  s = Advance(&c, Decide(D(2021, 10, 11), 1000000));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(Contains(s.error_message(), "Art. 65")) << s.error_message();
  s = Advance(&c, Decide(D(2021, 10, 12), 1000000));
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(c.stage(), pb::CASE_STAGE_DECIDED);
  EXPECT_TRUE(c.hearing_rights());

  // The record, as GetCase and ListCases show it to a supervisor.
  pb::GetCaseRequest get;
  get.set_id(c.id());
  pb::EnforcementCase full;
  ASSERT_TRUE(Call(*Supervisor(), &pb::EnforcementCaseService::Stub::GetCase, get, &full).ok());
  EXPECT_EQ(full.party().id_number(), kPersonId);
  EXPECT_TRUE(full.hearing_requested());
  EXPECT_EQ(full.hearing().notice_date().day(), 27);
  EXPECT_EQ(full.hearing().hearing_date().month(), 10);
  EXPECT_TRUE(full.hearing().party_appeared());
  EXPECT_EQ(full.hearing().transcript_reference(), "听证笔录/济环〔2021〕听5号");
  EXPECT_TRUE(full.hearing_rights());
  std::vector<std::string> actions;
  for (const pb::CaseEvent& e : full.events()) actions.push_back(e.action());
  EXPECT_EQ(actions, (std::vector<std::string>{"file", "start_investigation", "notify",
                                               "request_hearing", "hold_hearing", "decide"}));
}

// Notified on Friday 2021-09-24 without a request: the 5 working days run to Thursday 09-30 and
// National Day follows, so a decision that gives hearing rights comes on Friday 10-08 at the
// earliest; a ¥500 fine gives none and is decided the day of the notification (Art. 63).
TEST_F(CasesIntegrationTest, AHearingIsNotRequiredForASmallFine) {
  pb::EnforcementCase small;
  ASSERT_TRUE(
      File(NewCase(kSthjj, "济环罚立〔2021〕64号", D(2021, 9, 1), {"sthjj-wang", "sthjj-li"}),
           &small)
          .ok());
  ASSERT_TRUE(Advance(&small, StartInvestigation()).ok());
  ASSERT_TRUE(Advance(&small, Notify(D(2021, 9, 24))).ok());
  grpc::Status s = Advance(&small, Decide(D(2021, 9, 24), 50000));
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(small.stage(), pb::CASE_STAGE_DECIDED);
  EXPECT_FALSE(small.hearing_rights());
  EXPECT_FALSE(small.has_hearing());

  pb::EnforcementCase large;
  ASSERT_TRUE(
      File(NewCase(kSthjj, "济环罚立〔2021〕65号", D(2021, 9, 1), {"sthjj-wang", "sthjj-li"}),
           &large)
          .ok());
  ASSERT_TRUE(Advance(&large, StartInvestigation()).ok());
  ASSERT_TRUE(Advance(&large, Notify(D(2021, 9, 24))).ok());
  s = Advance(&large, Decide(D(2021, 10, 1), 1000000));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(Contains(s.error_message(), "Art. 64(1)")) << s.error_message();
  EXPECT_TRUE(Contains(s.error_message(), "decide on or after 2021-10-08")) << s.error_message();
  // A request after the window is too late.
  pb::AdvanceCaseRequest late;
  *late.mutable_request_hearing()->mutable_date() = D(2021, 10, 8);
  s = Advance(&large, late);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(Contains(s.error_message(), "request_hearing.date")) << s.error_message();
  EXPECT_TRUE(Contains(s.error_message(), "by 2021-09-30")) << s.error_message();
  s = Advance(&large, Decide(D(2021, 10, 8), 1000000));
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(large.hearing_rights());
  EXPECT_FALSE(large.hearing_requested());
}

TEST_F(CasesIntegrationTest, AMajorCaseIsDecidedOnlyAfterAPassedLegalReview) {
  pb::FileCaseRequest request = NewCase(kSthjj, "济环罚立〔2021〕13号", D(2021, 6, 1),
                                        {"sthjj-wang", "sthjj-zhao"}, /*person=*/false);
  request.mutable_enforcement_case()->set_major(true);
  pb::EnforcementCase major;
  ASSERT_TRUE(File(request, &major).ok());
  ASSERT_TRUE(Advance(&major, StartInvestigation()).ok());
  ASSERT_TRUE(Advance(&major, Notify(D(2021, 6, 20))).ok());
  grpc::Status s = Advance(&major, Decide(D(2021, 7, 1), 20000000));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(Contains(s.error_message(),
                       "a major case needs a passed legal review (法制审核, "
                       "行政处罚法 Art. 58) before a decision"))
      << s.error_message();
  EXPECT_EQ(major.stage(), pb::CASE_STAGE_NOTIFIED);

  ASSERT_TRUE(Advance(&major, testing::SubmitLegalReview()).ok());
  ASSERT_TRUE(
      Advance(&major, testing::RecordLegalReview(D(2021, 6, 28), pb::LEGAL_REVIEW_RESULT_PASSED))
          .ok());
  // The decision's officers are checked on the decision date too.
  s = Advance(&major, Decide(D(2021, 7, 1), 20000000, {"sthjj-wang", "sthjj-chen"}));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(Contains(s.error_message(), "decide.decision.officer_ids")) << s.error_message();
  EXPECT_TRUE(Contains(s.error_message(), "officer sthjj-chen")) << s.error_message();
  s = Advance(&major, Decide(D(2021, 7, 1), 20000000));
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(major.stage(), pb::CASE_STAGE_DECIDED);
  EXPECT_EQ(major.legal_review().result(), pb::LEGAL_REVIEW_RESULT_PASSED);
}

TEST_F(CasesIntegrationTest, TheDecidedMajorCaseIsFiledWithTheSupervisorAndReviewed) {
  // A decided major case, filed for review (重大行政处罚备案审查) by its own department.
  pb::FileCaseRequest request = NewCase(kSthjj, "济环罚立〔2021〕14号", D(2021, 6, 1),
                                        {"sthjj-wang", "sthjj-zhao"}, /*person=*/false);
  request.mutable_enforcement_case()->set_major(true);
  pb::EnforcementCase major;
  ASSERT_NO_FATAL_FAILURE(FileAndDecide(request, D(2021, 6, 20), D(2021, 7, 1), 20000000, &major));
  EXPECT_EQ(major.legal_review().result(), pb::LEGAL_REVIEW_RESULT_PASSED);
  auto supervision = [](const std::string& token) {
    return pb::SupervisionService::NewStub(
        testing::AuthorizedChannel(cases_->grpc_address(), token));
  };
  auto bureau = supervision(testing::Token({"clerk"}, kSthjj, "clerk-sthjj"));
  auto other = supervision(testing::Token({"clerk"}, kScjgj, "clerk-scjgj"));
  auto supervisor = supervision(testing::Token({"supervisor"}, "jiyuan-sfj", "sfj-supervisor"));
  pb::FileMajorCaseRequest file;
  file.set_case_id(major.id());
  file.set_request_id("sthjj-major-14-filing");
  *file.mutable_filed_date() = D(2021, 7, 5);
  pb::MajorCaseFiling filing;
  grpc::ClientContext c1;
  EXPECT_EQ(other->FileMajorCase(&c1, file, &filing).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  grpc::ClientContext c2;
  grpc::Status s = bureau->FileMajorCase(&c2, file, &filing);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(filing.department_id(), kSthjj);
  EXPECT_EQ(filing.status(), pb::FILING_STATUS_FILED);
  // Filed once: another request for the same case is refused.
  file.set_request_id("sthjj-major-14-filing-again");
  grpc::ClientContext c3;
  EXPECT_EQ(bureau->FileMajorCase(&c3, file, &filing).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);

  pb::ReviewMajorCaseFilingRequest review;
  review.set_id(filing.id());
  review.set_etag(filing.etag());
  *review.mutable_review_date() = D(2021, 7, 20);
  review.add_rectification_suggestions("罚款数额的裁量理由应在决定书中写明");
  grpc::ClientContext c4;
  EXPECT_EQ(bureau->ReviewMajorCaseFiling(&c4, review, &filing).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  grpc::ClientContext c5;
  s = supervisor->ReviewMajorCaseFiling(&c5, review, &filing);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(filing.status(), pb::FILING_STATUS_REVIEWED);
  EXPECT_EQ(filing.rectification(), pb::RECTIFICATION_STATUS_REQUIRED);
  EXPECT_EQ(filing.case_id(), major.id());
}

TEST_F(CasesIntegrationTest, ThePublicFeedMasksPersonsAndShowsOrganisationsInFull) {
  // A person's case run to its closing (a fine and a confiscation, paid in full), and an
  // organisation's decided before it, both in 2024.
  // The person's internal facts name them, as real case files do.
  pb::EnforcementCase penalty;
  pb::Sanction confiscation;
  confiscation.set_type(pb::SANCTION_TYPE_CONFISCATION);
  confiscation.set_amount_fen(500000);
  pb::FileCaseRequest person_case =
      NewCase(kSthjj, "济环罚立〔2024〕1号", D(2024, 7, 1), {"sthjj-wang", "sthjj-li"});
  person_case.mutable_enforcement_case()->set_facts(
      "张三（住济源市某村）于2024年6月在禁燃区露天焚烧垃圾");
  ASSERT_NO_FATAL_FAILURE(FileAndDecide(person_case, D(2024, 7, 15), D(2024, 9, 27), 1000000,
                                        &penalty, {confiscation}));
  pb::AdvanceCaseRequest serve;
  *serve.mutable_serve()->mutable_date() = D(2024, 10, 8);
  ASSERT_TRUE(Advance(&penalty, serve).ok());
  pb::AdvanceCaseRequest pay;
  pay.mutable_record_execution()->set_collected_fen(1500000);
  *pay.mutable_record_execution()->mutable_date() = D(2024, 10, 20);
  ASSERT_TRUE(Advance(&penalty, pay).ok());
  pb::AdvanceCaseRequest close;
  close.mutable_close();
  ASSERT_TRUE(Advance(&penalty, close).ok());
  ASSERT_EQ(penalty.stage(), pb::CASE_STAGE_CLOSED);
  pb::EnforcementCase organisation_case;
  ASSERT_NO_FATAL_FAILURE(FileAndDecide(NewCase(kSthjj, "济环罚立〔2024〕2号", D(2024, 6, 3),
                                                {"sthjj-wang", "sthjj-zhao"}, /*person=*/false),
                                        D(2024, 6, 20), D(2024, 7, 1), 20000000,
                                        &organisation_case));

  EXPECT_TRUE(Feed(2024).empty()) << "nothing is public before it is published";
  ASSERT_NO_FATAL_FAILURE(Publish(&penalty));
  ASSERT_NO_FATAL_FAILURE(Publish(&organisation_case));
  std::vector<pb::PublicDecision> feed = Feed(2024);
  ASSERT_EQ(feed.size(), 2u);
  // Newest decision first.
  const pb::PublicDecision& person = feed[0];
  EXPECT_EQ(person.case_id(), penalty.id());
  EXPECT_EQ(person.party_name(), "张*");
  EXPECT_EQ(person.party_id(), kMaskedPersonId);
  EXPECT_EQ(person.department_name(), "济源市生态环境局");
  EXPECT_EQ(person.sanctions_size(), 2);
  // The public summary, not the internal facts; nothing in the entry names the person.
  EXPECT_EQ(person.public_summary(), kPublicSummary);
  const std::string everything = person.SerializeAsString();
  EXPECT_EQ(everything.find("张三"), std::string::npos);
  EXPECT_EQ(everything.find(kPersonId), std::string::npos);
  EXPECT_EQ(everything.find("住济源市"), std::string::npos)
      << "the internal facts reached the feed";
  const pb::PublicDecision& organisation = feed[1];
  EXPECT_EQ(organisation.case_id(), organisation_case.id());
  EXPECT_EQ(organisation.party_name(), "济源市某化工有限公司");
  EXPECT_EQ(organisation.party_id(), kCreditCode);

  // Read by another unit's clerk, the case shows the ID number masked; by its own clerk and a
  // supervisor, in full.
  pb::GetCaseRequest get;
  get.set_id(penalty.id());
  pb::EnforcementCase seen;
  ASSERT_TRUE(Call(*Clerk(kScjgj), &pb::EnforcementCaseService::Stub::GetCase, get, &seen).ok());
  EXPECT_EQ(seen.party().id_number(), kMaskedPersonId);
  ASSERT_TRUE(Call(*Supervisor(), &pb::EnforcementCaseService::Stub::GetCase, get, &seen).ok());
  EXPECT_EQ(seen.party().id_number(), kPersonId);
  // Without a token only the feed is open.
  grpc::Status s = Call(*Anonymous(), &pb::EnforcementCaseService::Stub::GetCase, get, &seen);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(CasesIntegrationTest, CaseReadsShowAPersonOnlyToItsUnitSupervisorsAndAdmins) {
  // A person's case and an organisation's, filed by 生态环境局 (case numbers no other test uses).
  // The internal facts name the person and quote their numbers.
  pb::FileCaseRequest person_case =
      NewCase(kSthjj, "济环罚立〔2022〕50号", D(2022, 4, 6), {"sthjj-wang", "sthjj-li"});
  person_case.mutable_enforcement_case()->set_facts(
      absl::StrCat("张三（身份证号", kPersonId, "，电话13812345678）在禁燃区露天焚烧垃圾"));
  const std::string masked_facts =
      "张*（身份证号410881********1234，电话138****5678）在禁燃区露天焚烧垃圾";
  pb::EnforcementCase person;
  ASSERT_TRUE(File(person_case, &person).ok());
  pb::EnforcementCase organisation;
  ASSERT_TRUE(
      File(NewCase(kSthjj, "济环罚立〔2022〕51号", D(2022, 4, 6), {"sthjj-wang", "sthjj-li"},
                   /*person=*/false),
           &organisation)
          .ok());
  auto admin = pb::EnforcementCaseService::NewStub(
      testing::AuthorizedChannel(cases_->grpc_address(), testing::AdminToken()));
  struct Reader {
    const char* who;
    std::unique_ptr<pb::EnforcementCaseService::Stub> stub;
    bool full;
  };
  std::vector<Reader> readers;
  readers.push_back({"the case's own clerk", Clerk(kSthjj), true});
  readers.push_back({"another unit's clerk", Clerk(kScjgj), false});
  readers.push_back({"a supervisor", Supervisor(), true});
  readers.push_back({"an admin", std::move(admin), true});
  for (const Reader& reader : readers) {
    // GetCase.
    pb::GetCaseRequest get;
    get.set_id(person.id());
    pb::EnforcementCase seen;
    grpc::Status s = Call(*reader.stub, &pb::EnforcementCaseService::Stub::GetCase, get, &seen);
    ASSERT_TRUE(s.ok()) << reader.who << ": " << s.error_message();
    EXPECT_EQ(seen.party().name(), reader.full ? "张三" : "张*") << reader.who;
    EXPECT_EQ(seen.party().id_number(), reader.full ? kPersonId : kMaskedPersonId) << reader.who;
    EXPECT_EQ(seen.facts(), reader.full ? person_case.enforcement_case().facts() : masked_facts)
        << reader.who;
    get.set_id(organisation.id());
    s = Call(*reader.stub, &pb::EnforcementCaseService::Stub::GetCase, get, &seen);
    ASSERT_TRUE(s.ok()) << reader.who << ": " << s.error_message();
    EXPECT_EQ(seen.party().name(), "济源市某化工有限公司") << reader.who;
    EXPECT_EQ(seen.party().credit_code(), kCreditCode) << reader.who;

    // ListCases shows each case as GetCase does.
    pb::ListCasesRequest list;
    list.set_department_id(kSthjj);
    list.set_year(2022);
    list.mutable_page()->set_page_size(100);
    pb::ListCasesResponse listed;
    s = Call(*reader.stub, &pb::EnforcementCaseService::Stub::ListCases, list, &listed);
    ASSERT_TRUE(s.ok()) << reader.who << ": " << s.error_message();
    int found = 0;
    for (const pb::EnforcementCase& c : listed.cases()) {
      if (c.id() == person.id()) {
        ++found;
        EXPECT_EQ(c.party().name(), reader.full ? "张三" : "张*") << reader.who;
        EXPECT_EQ(c.party().id_number(), reader.full ? kPersonId : kMaskedPersonId) << reader.who;
        EXPECT_EQ(c.facts(), reader.full ? person_case.enforcement_case().facts() : masked_facts)
            << reader.who;
      } else if (c.id() == organisation.id()) {
        ++found;
        EXPECT_EQ(c.party().name(), "济源市某化工有限公司") << reader.who;
        EXPECT_EQ(c.party().credit_code(), kCreditCode) << reader.who;
      }
    }
    EXPECT_EQ(found, 2) << reader.who;
  }
}

TEST_F(CasesIntegrationTest, APublicSummaryWithPersonalDataIsRefusedNamingTheField) {
  // A person's case decided in 2022 (a case number no other test uses).
  pb::EnforcementCase c;
  ASSERT_NO_FATAL_FAILURE(FileAndDecide(
      NewCase(kSthjj, "济环罚立〔2022〕52号", D(2022, 5, 9), {"sthjj-wang", "sthjj-li"}),
      D(2022, 5, 23), D(2022, 6, 6), 200000, &c));
  for (const std::string& summary :
       {std::string("张三在禁燃区露天焚烧垃圾，罚款人民币2000元"),
        absl::StrCat("当事人（公民身份号码", kPersonId, "）在禁燃区露天焚烧垃圾"),
        std::string("当事人（11010519491231002X）在禁燃区露天焚烧垃圾"),
        std::string("当事人在禁燃区露天焚烧垃圾，联系电话13912345678"), std::string()}) {
    pb::PublishDecisionRequest publish;
    publish.set_id(c.id());
    publish.set_etag(c.etag());
    publish.set_public_summary(summary);
    pb::EnforcementCase out;
    grpc::Status s =
        Call(*Clerk(kSthjj), &pb::EnforcementCaseService::Stub::PublishDecision, publish, &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << summary;
    EXPECT_TRUE(Contains(s.error_message(), "public_summary")) << s.error_message();
    EXPECT_FALSE(Contains(s.error_message(), kPersonId)) << "the error echoes the ID number";
  }
  // Nothing was published; a clean summary is, and the case shows it to its readers.
  pb::GetCaseRequest get;
  get.set_id(c.id());
  pb::EnforcementCase seen;
  ASSERT_TRUE(Call(*Clerk(kSthjj), &pb::EnforcementCaseService::Stub::GetCase, get, &seen).ok());
  EXPECT_FALSE(seen.disclosure().published());
  ASSERT_NO_FATAL_FAILURE(Publish(&c));
  EXPECT_EQ(c.disclosure().public_summary(), kPublicSummary);
}

TEST_F(CasesIntegrationTest, ARevokedDecisionLeavesTheFeed) {
  // Two published decisions of 2025: a person's, and a major case's that is then revoked.
  pb::EnforcementCase kept;
  ASSERT_NO_FATAL_FAILURE(FileAndDecide(
      NewCase(kSthjj, "济环罚立〔2025〕1号", D(2025, 6, 3), {"sthjj-wang", "sthjj-li"}),
      D(2025, 6, 20), D(2025, 7, 10), 1000000, &kept));
  pb::FileCaseRequest request = NewCase(kSthjj, "济环罚立〔2025〕2号", D(2025, 6, 3),
                                        {"sthjj-wang", "sthjj-zhao"}, /*person=*/false);
  request.mutable_enforcement_case()->set_major(true);
  pb::EnforcementCase major;
  ASSERT_NO_FATAL_FAILURE(FileAndDecide(request, D(2025, 6, 20), D(2025, 7, 1), 20000000, &major));
  ASSERT_NO_FATAL_FAILURE(Publish(&kept));
  ASSERT_NO_FATAL_FAILURE(Publish(&major));
  ASSERT_EQ(Feed(2025).size(), 2u);

  pb::RevokeDecisionRequest revoke;
  revoke.set_id(major.id());
  revoke.set_etag(major.etag());
  revoke.set_reason("行政复议决定撤销（济政复决〔2025〕8号）");
  grpc::Status s =
      Call(*Clerk(kSthjj), &pb::EnforcementCaseService::Stub::RevokeDecision, revoke, &major);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(major.disclosure().withdrawn());
  std::vector<pb::PublicDecision> feed = Feed(2025);
  ASSERT_EQ(feed.size(), 1u);
  EXPECT_EQ(feed[0].case_id(), kept.id());
}

TEST_F(CasesIntegrationTest, OverdueDecisionsAndDisclosuresOverTheUnitTree) {
  // Filed 2021-01-04 and never decided: the 90th day is Sunday 2021-04-04, in 清明节 (04-03..05
  // off), so due Tuesday 04-06 (民法典 Art. 203).
  pb::EnforcementCase late;
  ASSERT_TRUE(
      File(NewCase(kSthjj, "济环罚立〔2021〕2号", D(2021, 1, 4), {"sthjj-wang", "sthjj-li"}), &late)
          .ok());
  // Decided on Thursday 2021-05-06 and never published: due 2021-05-14 (Saturday 05-08 was a
  // working day after Labour Day).
  pb::EnforcementCase unpublished;
  ASSERT_TRUE(
      File(NewCase(kSthjj, "济环罚立〔2021〕3号", D(2021, 4, 6), {"sthjj-wang", "sthjj-li"}),
           &unpublished)
          .ok());
  ASSERT_TRUE(Advance(&unpublished, StartInvestigation()).ok());
  ASSERT_TRUE(Advance(&unpublished, Notify(D(2021, 4, 20))).ok());
  ASSERT_TRUE(Advance(&unpublished, Decide(D(2021, 5, 6), 300000)).ok());
  EXPECT_EQ(unpublished.disclosure().due_date().day(), 14);

  pb::ListOverdueRequest request;
  request.set_department_id("jiyuan");
  request.set_include_descendants(true);
  *request.mutable_as_of() = D(2021, 6, 1);
  pb::ListOverdueResponse response;
  grpc::Status s =
      Call(*Supervisor(), &pb::EnforcementCaseService::Stub::ListOverdue, request, &response);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(response.cases_size(), 2);
  EXPECT_EQ(response.cases(0).case_id(), late.id());
  EXPECT_EQ(response.cases(0).kind(), pb::OVERDUE_KIND_DECISION);
  EXPECT_EQ(response.cases(0).due_date().day(), 6);
  EXPECT_EQ(response.cases(0).days_overdue(), 56);
  EXPECT_EQ(response.pending_decisions(), 0);
  EXPECT_EQ(response.cases(1).case_id(), unpublished.id());
  EXPECT_EQ(response.cases(1).kind(), pb::OVERDUE_KIND_DISCLOSURE);
  EXPECT_EQ(response.cases(1).due_date().day(), 14);
  EXPECT_EQ(response.cases(1).days_overdue(), 12);
  ASSERT_EQ(response.departments_size(), 1);
  EXPECT_EQ(response.departments(0).department_id(), kSthjj);
  EXPECT_EQ(response.departments(0).decisions(), 1);
  EXPECT_EQ(response.departments(0).disclosures(), 1);
  EXPECT_EQ(response.case_count(), 2);

  // A page at a time: the decision, then (from the token) the disclosure; both count the two.
  request.mutable_page()->set_page_size(1);
  response.Clear();
  s = Call(*Supervisor(), &pb::EnforcementCaseService::Stub::ListOverdue, request, &response);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(response.cases_size(), 1);
  EXPECT_EQ(response.cases(0).case_id(), late.id());
  EXPECT_EQ(response.case_count(), 2);
  ASSERT_FALSE(response.page().next_page_token().empty());
  request.mutable_page()->set_page_token(response.page().next_page_token());
  response.Clear();
  s = Call(*Supervisor(), &pb::EnforcementCaseService::Stub::ListOverdue, request, &response);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(response.cases_size(), 1);
  EXPECT_EQ(response.cases(0).case_id(), unpublished.id());
  EXPECT_EQ(response.cases(0).days_overdue(), 12);
  EXPECT_EQ(response.case_count(), 2);
  EXPECT_TRUE(response.page().next_page_token().empty());
  request.clear_page();

  // The city alone, without its subtree, has no cases of its own.
  request.set_include_descendants(false);
  response.Clear();
  s = Call(*Supervisor(), &pb::EnforcementCaseService::Stub::ListOverdue, request, &response);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(response.cases_size(), 0);

  // An extension names the rule that grants it (行政处罚法 Art. 60 grants none itself).
  pb::ExtendDecisionDeadlineRequest extend;
  extend.set_id(late.id());
  extend.set_etag(late.etag());
  extend.set_days(60);
  extend.set_approved_by("局长 王某");
  extend.set_reason("案情复杂，需要鉴定");
  pb::EnforcementCase unchanged;
  s = Call(*Clerk(kSthjj), &pb::EnforcementCaseService::Stub::ExtendDecisionDeadline, extend,
           &unchanged);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("basis: ", 0), 0u) << s.error_message();
  // An approved extension takes the late case off the list for the extended days.
  extend.set_basis("《生态环境行政处罚办法》第五十七条");
  s = Call(*Clerk(kSthjj), &pb::EnforcementCaseService::Stub::ExtendDecisionDeadline, extend,
           &late);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(late.decision_due_date().month(), 6);
  EXPECT_EQ(late.decision_due_date().day(), 3);
  EXPECT_EQ(late.extension_count(), 1);
  // A second one takes the heads' collective discussion.
  extend.set_etag(late.etag());
  extend.set_days(10);
  s = Call(*Clerk(kSthjj), &pb::EnforcementCaseService::Stub::ExtendDecisionDeadline, extend,
           &unchanged);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("collective_decision: ", 0), 0u) << s.error_message();
  request.set_include_descendants(true);
  response.Clear();
  s = Call(*Supervisor(), &pb::EnforcementCaseService::Stub::ListOverdue, request, &response);
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(response.cases_size(), 1);
  EXPECT_EQ(response.cases(0).kind(), pb::OVERDUE_KIND_DISCLOSURE);
}

TEST_F(CasesIntegrationTest, AClerkOfAnotherDepartmentIsRefused) {
  pb::AdvanceCaseRequest request = StartInvestigation();
  pb::EnforcementCase target;
  ASSERT_TRUE(
      File(NewCase(kSthjj, "济环罚立〔2021〕20号", D(2021, 6, 1), {"sthjj-wang", "sthjj-li"}),
           &target)
          .ok());
  request.set_id(target.id());
  request.set_etag(target.etag());
  pb::EnforcementCase out;
  grpc::Status s =
      Call(*Clerk(kScjgj), &pb::EnforcementCaseService::Stub::AdvanceCase, request, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
  s = Call(*Clerk(kScjgj), &pb::EnforcementCaseService::Stub::FileCase,
           NewCase(kSthjj, "济环罚立〔2021〕21号", D(2021, 6, 1), {"sthjj-wang", "sthjj-li"}),
           &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
  pb::PublishDecisionRequest publish;
  publish.set_id(target.id());
  publish.set_etag(target.etag());
  s = Call(*Clerk(kScjgj), &pb::EnforcementCaseService::Stub::PublishDecision, publish, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
}

TEST_F(CasesIntegrationTest, AStaleEtagIsAborted) {
  pb::EnforcementCase c;
  ASSERT_TRUE(
      File(NewCase(kSthjj, "济环罚立〔2021〕30号", D(2021, 6, 1), {"sthjj-wang", "sthjj-li"}), &c)
          .ok());
  pb::EnforcementCase stale = c;
  ASSERT_TRUE(Advance(&c, StartInvestigation()).ok());
  grpc::Status s = Advance(&stale, Notify(D(2021, 6, 20)));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ABORTED) << s.error_message();
  EXPECT_EQ(stale.stage(), pb::CASE_STAGE_FILED);
}

TEST_F(CasesIntegrationTest, ADuplicateCaseNumberAlreadyExists) {
  pb::EnforcementCase out;
  ASSERT_TRUE(
      File(NewCase(kSthjj, "济环罚立〔2021〕40号", D(2021, 6, 1), {"sthjj-wang", "sthjj-li"}), &out)
          .ok());
  // Another case (another day, no request id to replay) under the same number.
  grpc::Status s = File(
      NewCase(kSthjj, "济环罚立〔2021〕40号", D(2021, 6, 2), {"sthjj-wang", "sthjj-li"}), &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ALREADY_EXISTS) << s.error_message();
  EXPECT_TRUE(Contains(s.error_message(), "enforcement_case.case_number")) << s.error_message();
}

TEST_F(CasesIntegrationTest, ListingPagesThroughADepartmentsCases) {
  // Seven cases of 2023, the only ones of that year.
  std::set<std::string> filed;
  for (int n = 1; n <= 7; ++n) {
    pb::EnforcementCase c;
    grpc::Status s = File(NewCase(kSthjj, absl::StrCat("济环罚立〔2023〕", n, "号"), D(2023, 3, n),
                                  {"sthjj-wang", "sthjj-li"}),
                          &c);
    ASSERT_TRUE(s.ok()) << s.error_message();
    filed.insert(c.id());
  }
  std::set<std::string> seen;
  pb::ListCasesRequest request;
  request.set_department_id("jiyuan");
  request.set_include_descendants(true);
  request.set_year(2023);
  request.mutable_page()->set_page_size(3);
  for (int page = 0; page < 10; ++page) {
    pb::ListCasesResponse response;
    grpc::Status s =
        Call(*Supervisor(), &pb::EnforcementCaseService::Stub::ListCases, request, &response);
    ASSERT_TRUE(s.ok()) << s.error_message();
    for (const pb::EnforcementCase& c : response.cases()) {
      EXPECT_TRUE(seen.insert(c.id()).second) << "listed twice: " << c.id();
      EXPECT_EQ(c.events_size(), 0);
    }
    if (response.page().next_page_token().empty()) break;
    request.mutable_page()->set_page_token(response.page().next_page_token());
  }
  EXPECT_EQ(seen, filed);
}

TEST_F(CasesIntegrationTest, EvidenceWithdrawalAndTransferAreRecorded) {
  pb::EnforcementCase c;
  ASSERT_TRUE(
      File(NewCase(kSthjj, "济环罚立〔2022〕1号", D(2022, 3, 1), {"sthjj-wang", "sthjj-li"}), &c)
          .ok());
  pb::AddEvidenceRequest add;
  add.set_id(c.id());
  add.set_note("补充现场照片");
  pb::Evidence* photo = add.add_evidence();
  photo->set_kind(pb::EVIDENCE_KIND_PHOTO);
  photo->set_reference("oss://evidence/2022/03/p1.jpg");
  photo->set_sha256(std::string(64, 'c'));
  pb::EnforcementCase out;
  grpc::Status s = Call(*Clerk(kSthjj), &pb::EnforcementCaseService::Stub::AddEvidence, add, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(out.stage(), pb::CASE_STAGE_FILED);
  EXPECT_NE(out.etag(), c.etag());
  ASSERT_EQ(out.events_size(), 2);
  EXPECT_EQ(out.events(1).action(), "evidence");
  ASSERT_EQ(out.events(1).evidence_size(), 1);
  EXPECT_EQ(out.events(1).evidence(0).reference(), "oss://evidence/2022/03/p1.jpg");
  photo->set_sha256("not-a-hash");
  s = Call(*Clerk(kSthjj), &pb::EnforcementCaseService::Stub::AddEvidence, add, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(Contains(s.error_message(), "evidence[0].sha256")) << s.error_message();

  // Transferred to the police with its reason; nothing more happens to it here.
  c = out;
  ASSERT_TRUE(Advance(&c, StartInvestigation()).ok());
  pb::AdvanceCaseRequest transfer;
  pb::Transfer* t = transfer.mutable_transfer()->mutable_transfer();
  t->set_destination(pb::TRANSFER_DESTINATION_POLICE_CRIMINAL);
  t->set_recipient("济源市公安局");
  t->set_reason("涉嫌污染环境罪");
  *t->mutable_date() = D(2022, 3, 10);
  s = Advance(&c, transfer);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(c.stage(), pb::CASE_STAGE_TRANSFERRED);
  EXPECT_EQ(c.transfer().recipient(), "济源市公安局");
  add.mutable_evidence(0)->set_sha256(std::string(64, 'd'));
  s = Call(*Clerk(kSthjj), &pb::EnforcementCaseService::Stub::AddEvidence, add, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();

  // Withdrawn before a decision; a decided case is not.
  pb::EnforcementCase w;
  ASSERT_TRUE(
      File(NewCase(kSthjj, "济环罚立〔2022〕2号", D(2022, 3, 1), {"sthjj-wang", "sthjj-li"}), &w)
          .ok());
  pb::AdvanceCaseRequest withdraw;
  withdraw.mutable_withdraw()->set_reason("违法事实不能成立");
  ASSERT_TRUE(Advance(&w, withdraw).ok());
  EXPECT_EQ(w.stage(), pb::CASE_STAGE_WITHDRAWN);
  pb::EnforcementCase decided;
  ASSERT_NO_FATAL_FAILURE(FileAndDecide(
      NewCase(kSthjj, "济环罚立〔2022〕3号", D(2022, 3, 1), {"sthjj-wang", "sthjj-li"}),
      D(2022, 3, 15), D(2022, 4, 1), 300000, &decided));
  s = Advance(&decided, withdraw);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();

  // No step named, or an unknown case.
  pb::AdvanceCaseRequest none;
  s = Advance(&w, none);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(Contains(s.error_message(), "step")) << s.error_message();
  pb::EnforcementCase ghost;
  ghost.set_id("case-000000000000");
  ghost.set_department_id(kSthjj);
  ghost.set_etag(w.etag());
  s = Advance(&ghost, StartInvestigation());
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
}

}  // namespace
}  // namespace fazhi::cases
