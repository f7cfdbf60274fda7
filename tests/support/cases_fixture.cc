#include "tests/support/cases_fixture.h"

#include <chrono>
#include <utility>

#include "absl/strings/str_cat.h"
#include "tests/support/dates.h"

namespace fazhi::testing {

namespace pb = ::fazhi::cases::v1;
namespace dpb = ::fazhi::department::v1;
namespace cpb = ::fazhi::common::v1;

namespace {

absl::Status Failed(const std::string& what, const grpc::Status& s) {
  return absl::Status(static_cast<absl::StatusCode>(s.error_code()),
                      absl::StrCat(what, ": ", s.error_message()));
}

}  // namespace

absl::Status AddOfficer(dpb::OfficerService::Stub& stub, const std::string& id,
                        const std::string& department, const std::string& name,
                        const std::string& certificate) {
  grpc::ClientContext create_context;
  dpb::CreateOfficerRequest create;
  create.set_officer_id(id);
  create.mutable_officer()->set_department_id(department);
  create.mutable_officer()->set_name(name);
  dpb::Officer officer;
  grpc::Status s = stub.CreateOfficer(&create_context, create, &officer);
  if (!s.ok()) return Failed(absl::StrCat("creating officer ", id), s);
  grpc::ClientContext issue_context;
  dpb::IssueCertificateRequest issue;
  issue.mutable_certificate()->set_number(certificate);
  issue.mutable_certificate()->set_officer_id(id);
  *issue.mutable_certificate()->mutable_issue_date() = D(2020, 1, 2);
  *issue.mutable_certificate()->mutable_expiry_date() = D(2030, 12, 31);
  issue.set_reason("法律知识考试合格");
  dpb::Certificate issued;
  s = stub.IssueCertificate(&issue_context, issue, &issued);
  if (!s.ok()) return Failed(absl::StrCat("certifying officer ", id), s);
  return absl::OkStatus();
}

pb::FileCaseRequest NewCase(const std::string& department, const std::string& number,
                            const cpb::Date& filed, const std::vector<std::string>& officers,
                            bool person) {
  pb::FileCaseRequest r;
  pb::EnforcementCase* c = r.mutable_enforcement_case();
  c->set_department_id(department);
  c->set_kind(pb::CASE_KIND_PENALTY);
  c->set_case_number(number);
  if (person) {
    c->mutable_party()->set_type(pb::PARTY_TYPE_PERSON);
    c->mutable_party()->set_name("张三");
    c->mutable_party()->set_id_number(kCasePersonIdNumber);
  } else {
    c->mutable_party()->set_type(pb::PARTY_TYPE_ORGANISATION);
    c->mutable_party()->set_name("济源市某化工有限公司");
    c->mutable_party()->set_credit_code(kCaseCreditCode);
  }
  c->set_facts("在禁燃区露天焚烧垃圾");
  pb::LegalBasis* basis = c->add_legal_basis();
  basis->set_law("中华人民共和国大气污染防治法");
  basis->set_article("第一百一十九条第二款");
  for (const std::string& o : officers) c->add_officer_ids(o);
  *c->mutable_filed_date() = filed;
  return r;
}

grpc::Status AdvanceCase(pb::EnforcementCaseService::Stub& stub, pb::EnforcementCase* c,
                         pb::AdvanceCaseRequest request) {
  request.set_id(c->id());
  request.set_etag(c->etag());
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  pb::EnforcementCase out;
  grpc::Status s = stub.AdvanceCase(&context, request, &out);
  if (s.ok()) *c = std::move(out);
  return s;
}

pb::AdvanceCaseRequest StartInvestigation() {
  pb::AdvanceCaseRequest r;
  r.mutable_start_investigation();
  return r;
}

pb::AdvanceCaseRequest Notify(const cpb::Date& day) {
  pb::AdvanceCaseRequest r;
  *r.mutable_notify()->mutable_date() = day;
  return r;
}

pb::AdvanceCaseRequest SubmitLegalReview() {
  pb::AdvanceCaseRequest r;
  r.mutable_submit_legal_review();
  return r;
}

pb::AdvanceCaseRequest RecordLegalReview(const cpb::Date& day, pb::LegalReviewResult result) {
  pb::AdvanceCaseRequest r;
  pb::LegalReview* review = r.mutable_record_legal_review()->mutable_review();
  review->set_reviewer("法制审核科 周敏");
  review->set_result(result);
  *review->mutable_date() = day;
  return r;
}

pb::AdvanceCaseRequest Decide(const cpb::Date& day, int64_t fine_fen,
                              const std::vector<std::string>& officers) {
  pb::AdvanceCaseRequest r;
  pb::Decision* d = r.mutable_decide()->mutable_decision();
  d->set_document_number(absl::StrCat("济环罚〔", day.year(), "〕", day.month(), day.day(), "号"));
  *d->mutable_date() = day;
  d->set_outcome(pb::DECISION_OUTCOME_PENALTY);
  pb::Sanction* fine = d->add_sanctions();
  fine->set_type(pb::SANCTION_TYPE_FINE);
  fine->set_amount_fen(fine_fen);
  for (const std::string& o : officers) d->add_officer_ids(o);
  return r;
}

}  // namespace fazhi::testing
