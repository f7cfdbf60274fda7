#include "services/cases/demo/jiyuan_2021.h"

#include <grpcpp/grpcpp.h>
#include <openssl/sha.h>

#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "common/api/proto_time.h"
#include "common/time/date.h"
#include "services/cases/demo/tsv_table.h"

namespace fazhi::cases::demo {
namespace {

namespace cpb = ::fazhi::common::v1;
using absl::CivilDay;

// ---- The records, as the tables give them. ----

// One call after FileCase: a step of AdvanceCase (id and etag filled when sent), or publishing
// the decision. Each makes one event, so a case's event count says how many are done.
struct Operation {
  bool publish = false;
  v1::AdvanceCaseRequest advance;
  // For publish: what the public feed shows of the facts (PublicSummary).
  std::string public_summary;
};

struct PlannedCase {
  std::string request_id;
  v1::FileCaseRequest file;
  std::vector<Operation> operations;
};

// A major case filed with the 司法局 and reviewed.
struct PlannedFiling {
  std::string request_id;
  CivilDay filed;
  CivilDay reviewed;
  std::vector<std::string> suggestions;
};

struct PlannedFileReview {
  std::string request_id;
  size_t case_index;
  std::string reviewer;
  CivilDay date;
  int score;
  std::vector<std::string> findings;
};

// A complaint, answered by a supervision letter and rectified.
struct PlannedComplaint {
  v1::CreateComplaintRequest create;
  v1::SupervisionLetter letter;
  std::string report;
};

struct PlannedReconsideration {
  v1::CreateReconsiderationRequest create;
  CivilDay examined;
  bool accept = false;
  std::string not_accepted_reason;
  // Empty: decided within the ordinary period.
  std::string extension_reason;
  // Set when accepted.
  v1::ReconsiderationOutcome outcome = v1::RECONSIDERATION_OUTCOME_UNSPECIFIED;
  CivilDay decided;
  std::string decision_summary;
};

struct PlannedLawsuit {
  v1::CreateLawsuitRequest create;
  // Set for the suits heard (and judged) in 2021.
  std::optional<v1::Hearing> hearing;
  v1::JudgmentOutcome outcome = v1::JUDGMENT_OUTCOME_UNSPECIFIED;
  CivilDay judged;
};

struct Records {
  std::vector<PlannedCase> cases;
  // By index into cases.
  std::map<size_t, PlannedFiling> filings;
  std::vector<PlannedFileReview> file_reviews;
  std::vector<PlannedComplaint> complaints;
  std::vector<PlannedReconsideration> reconsiderations;
  std::vector<PlannedLawsuit> lawsuits;
};

cpb::Date Date(CivilDay day) { return api::DateToProto(day); }

// The value of a protobuf enum named in column (CASE_KIND_PENALTY); its UNSPECIFIED value only
// when optional and the field is empty.
template <typename Enum>
Enum EnumField(TsvRow& row, absl::string_view column, bool optional = false) {
  std::string name = row.Text(column);
  if (optional && name.empty()) return Enum{};
  const google::protobuf::EnumDescriptor* type = google::protobuf::GetEnumDescriptor<Enum>();
  const google::protobuf::EnumValueDescriptor* value = type->FindValueByName(name);
  if (value == nullptr || value->number() == 0) {
    std::vector<std::string> names;
    for (int i = 0; i < type->value_count(); ++i) {
      if (type->value(i)->number() != 0) names.push_back(type->value(i)->name());
    }
    row.Fail(column, absl::StrCat("'", name, "' is not one of ", absl::StrJoin(names, ", ")));
    return Enum{};
  }
  return static_cast<Enum>(value->number());
}

v1::Evidence Photo(const std::string& reference, const std::string& description, CivilDay day) {
  // The demo has no archive: the hash is of the reference itself, so it is a real SHA-256.
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(reference.data()), reference.size(), digest);
  v1::Evidence e;
  e.set_kind(v1::EVIDENCE_KIND_PHOTO);
  e.set_reference(reference);
  e.set_sha256(absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), SHA256_DIGEST_LENGTH)));
  e.set_description(description);
  *e.mutable_capture_time() = api::TimeToProto(absl::FromCivil(day, time_util::ChinaTimeZone()));
  return e;
}

// Reads the table file of dir, with columns.
absl::StatusOr<TsvTable> ReadTable(const std::string& dir, absl::string_view file,
                                   const std::vector<std::string>& columns) {
  return TsvTable::Read(absl::StrCat(dir, "/", file), columns);
}

// The rows of a table keyed by the case they belong to (case_request_id), at most one a case.
class RowsByCase {
 public:
  absl::Status Add(TsvRow& row, const std::map<std::string, size_t>& cases) {
    std::string id = row.RequiredText("case_request_id");
    if (!row.status().ok()) return row.status();
    if (cases.count(id) == 0) {
      row.Fail("case_request_id", absl::StrCat("no case '", id, "' in enforcement_cases.tsv"));
    } else if (!rows_.emplace(id, &row).second) {
      row.Fail("case_request_id", absl::StrCat("a second row for case '", id, "'"));
    }
    return row.status();
  }

  // The row of case id, or null; taken rows are no longer Unused.
  TsvRow* Take(const std::string& id) {
    auto it = rows_.find(id);
    if (it == rows_.end()) return nullptr;
    taken_.insert(id);
    return it->second;
  }

  // A row no step used, for a table whose rows are all meant to be.
  absl::Status Unused(absl::string_view step) const {
    for (const auto& [id, row] : rows_) {
      if (taken_.count(id) == 0) {
        return absl::InvalidArgumentError(absl::StrCat(row->Where(), ": case '", id, "' has no ",
                                                       step, " step in case_steps.tsv"));
      }
    }
    return absl::OkStatus();
  }

 private:
  std::map<std::string, TsvRow*> rows_;
  std::set<std::string> taken_;
};

// What the public feed shows of a demo decision: a generic sentence built from the case's legal
// basis and the decision, naming no one (the tables keep no public summary of their own, and the
// facts are the department's internal record).
std::string PublicSummary(const v1::FileCaseRequest& file, const v1::Decision& decision) {
  std::string basis;
  for (const v1::LegalBasis& b : file.enforcement_case().legal_basis()) {
    absl::StrAppend(&basis, "《", b.law(), "》", b.article());
  }
  std::string what;
  if (decision.outcome() == v1::DECISION_OUTCOME_NO_PENALTY) {
    what = "依法不予行政处罚";
  } else if (decision.sanctions_size() > 0 &&
             decision.sanctions(0).type() == v1::SANCTION_TYPE_SEIZURE) {
    what = absl::StrCat("依法采取", decision.sanctions(0).description(), "的行政强制措施");
  } else if (decision.sanctions_size() > 0) {
    what = absl::StrCat("作出", decision.sanctions(0).description(), "的行政处罚");
  } else {
    what = "依法作出处理决定";
  }
  return absl::StrCat("当事人存在违法行为，依据", basis, "，", what, "。");
}

absl::Status ReadCases(const std::string& dir, Records& records) {
  absl::StatusOr<TsvTable> cases =
      ReadTable(dir, "enforcement_cases.tsv",
                {"request_id", "department_id", "kind", "case_number", "party_type", "party_name",
                 "party_credit_code", "party_id_number", "facts", "law", "article", "major",
                 "officer_ids", "filed_date", "evidence_reference", "evidence_description"});
  if (!cases.ok()) return cases.status();
  std::map<std::string, size_t> index;
  for (TsvRow& row : cases->rows()) {
    PlannedCase& c = records.cases.emplace_back();
    c.request_id = row.RequiredText("request_id");
    if (!index.emplace(c.request_id, records.cases.size() - 1).second) {
      row.Fail("request_id", absl::StrCat("'", c.request_id, "' is on an earlier line too"));
    }
    v1::EnforcementCase* e = c.file.mutable_enforcement_case();
    e->set_department_id(row.RequiredText("department_id"));
    e->set_kind(EnumField<v1::CaseKind>(row, "kind"));
    e->set_case_number(row.RequiredText("case_number"));
    e->mutable_party()->set_type(EnumField<v1::PartyType>(row, "party_type"));
    e->mutable_party()->set_name(row.RequiredText("party_name"));
    e->mutable_party()->set_credit_code(row.Text("party_credit_code"));
    e->mutable_party()->set_id_number(row.Text("party_id_number"));
    e->set_facts(row.RequiredText("facts"));
    v1::LegalBasis* basis = e->add_legal_basis();
    basis->set_law(row.RequiredText("law"));
    basis->set_article(row.RequiredText("article"));
    e->set_major(row.Bool("major"));
    for (const std::string& officer : row.List("officer_ids")) e->add_officer_ids(officer);
    CivilDay filed = row.Date("filed_date");
    *e->mutable_filed_date() = Date(filed);
    *c.file.add_evidence() = Photo(row.RequiredText("evidence_reference"),
                                   row.RequiredText("evidence_description"), filed);
    c.file.set_request_id(c.request_id);
    if (!row.status().ok()) return row.status();
  }

  // The details of the steps that carry more than a date.
  absl::StatusOr<TsvTable> reviews = ReadTable(
      dir, "legal_reviews.tsv", {"case_request_id", "reviewer", "result", "opinion", "date"});
  if (!reviews.ok()) return reviews.status();
  RowsByCase review_rows;
  for (TsvRow& row : reviews->rows()) {
    if (absl::Status s = review_rows.Add(row, index); !s.ok()) return s;
  }
  absl::StatusOr<TsvTable> decisions = ReadTable(
      dir, "decisions.tsv",
      {"case_request_id", "document_number", "date", "outcome", "no_penalty_item", "sanction_type",
       "sanction_amount_fen", "sanction_description", "officer_ids", "summary"});
  if (!decisions.ok()) return decisions.status();
  RowsByCase decision_rows;
  for (TsvRow& row : decisions->rows()) {
    if (absl::Status s = decision_rows.Add(row, index); !s.ok()) return s;
  }
  absl::StatusOr<TsvTable> transfers = ReadTable(
      dir, "transfers.tsv", {"case_request_id", "destination", "recipient", "reason", "date"});
  if (!transfers.ok()) return transfers.status();
  RowsByCase transfer_rows;
  for (TsvRow& row : transfers->rows()) {
    if (absl::Status s = transfer_rows.Add(row, index); !s.ok()) return s;
  }

  absl::StatusOr<TsvTable> hearings =
      ReadTable(dir, "hearings.tsv",
                {"case_request_id", "notice_date", "hearing_date", "party_appeared",
                 "presiding_officer_id", "transcript_reference"});
  if (!hearings.ok()) return hearings.status();
  RowsByCase hearing_rows;
  for (TsvRow& row : hearings->rows()) {
    if (absl::Status s = hearing_rows.Add(row, index); !s.ok()) return s;
  }

  absl::StatusOr<TsvTable> steps =
      ReadTable(dir, "case_steps.tsv",
                {"case_request_id", "step", "date", "hearing_requested", "collected_fen"});
  if (!steps.ok()) return steps.status();
  for (TsvRow& row : steps->rows()) {
    std::string id = row.RequiredText("case_request_id");
    auto found = index.find(id);
    if (found == index.end()) {
      row.Fail("case_request_id", absl::StrCat("no case '", id, "' in enforcement_cases.tsv"));
      return row.status();
    }
    std::vector<Operation>& operations = records.cases[found->second].operations;
    std::string step = row.RequiredText("step");
    v1::AdvanceCaseRequest r;
    // A step whose details are in another table, which must have them.
    auto details = [&](RowsByCase& rows, absl::string_view table) -> TsvRow* {
      TsvRow* detail = rows.Take(id);
      if (detail == nullptr)
        row.Fail("step", absl::StrCat("case '", id, "' has no row in ", table));
      return detail;
    };
    if (step == "publish") {
      const v1::Decision* decision = nullptr;
      for (const Operation& op : operations) {
        if (op.advance.has_decide()) decision = &op.advance.decide().decision();
      }
      if (decision == nullptr) {
        row.Fail("step", "publish comes before the case's decide step");
        return row.status();
      }
      operations.push_back(
          Operation{true, {}, PublicSummary(records.cases[found->second].file, *decision)});
      continue;
    } else if (step == "start_investigation") {
      r.mutable_start_investigation();
    } else if (step == "submit_legal_review") {
      r.mutable_submit_legal_review();
    } else if (step == "record_legal_review") {
      if (TsvRow* d = details(review_rows, "legal_reviews.tsv")) {
        v1::LegalReview* review = r.mutable_record_legal_review()->mutable_review();
        review->set_reviewer(d->RequiredText("reviewer"));
        review->set_result(EnumField<v1::LegalReviewResult>(*d, "result"));
        review->set_opinion(d->Text("opinion"));
        *review->mutable_date() = Date(d->Date("date"));
        if (!d->status().ok()) return d->status();
      }
    } else if (step == "notify") {
      *r.mutable_notify()->mutable_date() = Date(row.Date("date"));
      r.mutable_notify()->set_hearing_requested(row.Bool("hearing_requested"));
    } else if (step == "hold_hearing") {
      if (TsvRow* d = details(hearing_rows, "hearings.tsv")) {
        v1::PenaltyHearing* hearing = r.mutable_hold_hearing()->mutable_hearing();
        *hearing->mutable_notice_date() = Date(d->Date("notice_date"));
        *hearing->mutable_hearing_date() = Date(d->Date("hearing_date"));
        hearing->set_party_appeared(d->Bool("party_appeared"));
        hearing->set_presiding_officer_id(d->RequiredText("presiding_officer_id"));
        hearing->set_transcript_reference(d->Text("transcript_reference"));
        if (!d->status().ok()) return d->status();
      }
    } else if (step == "decide") {
      if (TsvRow* d = details(decision_rows, "decisions.tsv")) {
        v1::Decision* decision = r.mutable_decide()->mutable_decision();
        decision->set_document_number(d->RequiredText("document_number"));
        *decision->mutable_date() = Date(d->Date("date"));
        // A coercive measure has no outcome.
        decision->set_outcome(EnumField<v1::DecisionOutcome>(*d, "outcome", true));
        decision->set_no_penalty_item(d->Text("no_penalty_item"));
        v1::SanctionType type = EnumField<v1::SanctionType>(*d, "sanction_type", true);
        if (type != v1::SANCTION_TYPE_UNSPECIFIED) {
          v1::Sanction* sanction = decision->add_sanctions();
          sanction->set_type(type);
          sanction->set_amount_fen(d->OptionalInt("sanction_amount_fen").value_or(0));
          sanction->set_description(d->Text("sanction_description"));
        }
        for (const std::string& officer : d->List("officer_ids")) {
          decision->add_officer_ids(officer);
        }
        decision->set_summary(d->Text("summary"));
        if (!d->status().ok()) return d->status();
      }
    } else if (step == "serve") {
      *r.mutable_serve()->mutable_date() = Date(row.Date("date"));
    } else if (step == "record_execution") {
      r.mutable_record_execution()->set_collected_fen(row.Int("collected_fen"));
      *r.mutable_record_execution()->mutable_date() = Date(row.Date("date"));
    } else if (step == "close") {
      r.mutable_close();
    } else if (step == "transfer") {
      if (TsvRow* d = details(transfer_rows, "transfers.tsv")) {
        v1::Transfer* transfer = r.mutable_transfer()->mutable_transfer();
        transfer->set_destination(EnumField<v1::TransferDestination>(*d, "destination"));
        transfer->set_recipient(d->RequiredText("recipient"));
        transfer->set_reason(d->RequiredText("reason"));
        *transfer->mutable_date() = Date(d->Date("date"));
        if (!d->status().ok()) return d->status();
      }
    } else {
      row.Fail("step",
               absl::StrCat("'", step,
                            "' is not a step (start_investigation, submit_legal_review, "
                            "record_legal_review, notify, hold_hearing, decide, publish, serve, "
                            "record_execution, close, transfer)"));
    }
    if (!row.status().ok()) return row.status();
    operations.push_back(Operation{false, std::move(r)});
  }
  if (absl::Status s = review_rows.Unused("record_legal_review"); !s.ok()) return s;
  if (absl::Status s = decision_rows.Unused("decide"); !s.ok()) return s;
  if (absl::Status s = transfer_rows.Unused("transfer"); !s.ok()) return s;
  if (absl::Status s = hearing_rows.Unused("hold_hearing"); !s.ok()) return s;

  absl::StatusOr<TsvTable> filings = ReadTable(
      dir, "major_case_filings.tsv",
      {"request_id", "case_request_id", "filed_date", "review_date", "rectification_suggestions"});
  if (!filings.ok()) return filings.status();
  for (TsvRow& row : filings->rows()) {
    PlannedFiling f;
    f.request_id = row.RequiredText("request_id");
    std::string id = row.RequiredText("case_request_id");
    f.filed = row.Date("filed_date");
    f.reviewed = row.Date("review_date");
    f.suggestions = row.List("rectification_suggestions");
    auto found = index.find(id);
    if (found == index.end()) {
      row.Fail("case_request_id", absl::StrCat("no case '", id, "' in enforcement_cases.tsv"));
    } else if (!records.filings.emplace(found->second, std::move(f)).second) {
      row.Fail("case_request_id", absl::StrCat("case '", id, "' is filed on an earlier line"));
    }
    if (!row.status().ok()) return row.status();
  }

  absl::StatusOr<TsvTable> file_reviews =
      ReadTable(dir, "case_file_reviews.tsv",
                {"request_id", "case_request_id", "reviewer", "review_date", "score", "findings"});
  if (!file_reviews.ok()) return file_reviews.status();
  for (TsvRow& row : file_reviews->rows()) {
    PlannedFileReview& r = records.file_reviews.emplace_back();
    r.request_id = row.RequiredText("request_id");
    std::string id = row.RequiredText("case_request_id");
    r.reviewer = row.RequiredText("reviewer");
    r.date = row.Date("review_date");
    r.score = static_cast<int>(row.Int("score"));
    r.findings = row.List("findings");
    auto found = index.find(id);
    if (found == index.end()) {
      row.Fail("case_request_id", absl::StrCat("no case '", id, "' in enforcement_cases.tsv"));
    } else {
      r.case_index = found->second;
    }
    if (!row.status().ok()) return row.status();
  }
  return absl::OkStatus();
}

absl::Status ReadComplaints(const std::string& dir, Records& records) {
  absl::StatusOr<TsvTable> table =
      ReadTable(dir, "complaints.tsv",
                {"request_id", "department_id", "complainant", "content", "received_date",
                 "letter_document_number", "letter_issued_date", "letter_requirements",
                 "letter_due_date", "rectification_report"});
  if (!table.ok()) return table.status();
  for (TsvRow& row : table->rows()) {
    PlannedComplaint& p = records.complaints.emplace_back();
    p.create.set_request_id(row.RequiredText("request_id"));
    v1::Complaint* c = p.create.mutable_complaint();
    c->set_department_id(row.RequiredText("department_id"));
    c->set_complainant(row.RequiredText("complainant"));
    c->set_content(row.RequiredText("content"));
    *c->mutable_received_date() = Date(row.Date("received_date"));
    p.letter.set_document_number(row.RequiredText("letter_document_number"));
    *p.letter.mutable_issued_date() = Date(row.Date("letter_issued_date"));
    for (const std::string& r : row.List("letter_requirements")) p.letter.add_requirements(r);
    *p.letter.mutable_due_date() = Date(row.Date("letter_due_date"));
    p.report = row.RequiredText("rectification_report");
    if (!row.status().ok()) return row.status();
  }
  return absl::OkStatus();
}

absl::Status ReadReconsiderations(const std::string& dir, Records& records) {
  absl::StatusOr<TsvTable> table = ReadTable(
      dir, "reconsiderations.tsv",
      {"request_id", "body_department_id", "respondent_department_id", "applicant",
       "applicant_organisation", "request", "application_date", "examination_date", "accepted",
       "not_accepted_reason", "extension_reason", "outcome", "decision_date", "decision_summary"});
  if (!table.ok()) return table.status();
  for (TsvRow& row : table->rows()) {
    PlannedReconsideration& p = records.reconsiderations.emplace_back();
    p.create.set_request_id(row.RequiredText("request_id"));
    v1::Reconsideration* a = p.create.mutable_reconsideration();
    a->set_body_department_id(row.RequiredText("body_department_id"));
    a->set_respondent_department_id(row.RequiredText("respondent_department_id"));
    a->set_applicant(row.RequiredText("applicant"));
    a->set_applicant_organisation(row.Bool("applicant_organisation"));
    a->set_request(row.RequiredText("request"));
    *a->mutable_application_date() = Date(row.Date("application_date"));
    p.examined = row.Date("examination_date");
    p.accept = row.Bool("accepted");
    p.not_accepted_reason = row.Text("not_accepted_reason");
    p.extension_reason = row.Text("extension_reason");
    if (p.accept) {
      p.outcome = EnumField<v1::ReconsiderationOutcome>(row, "outcome");
      p.decided = row.Date("decision_date");
      p.decision_summary = row.RequiredText("decision_summary");
    } else if (p.not_accepted_reason.empty()) {
      row.Fail("not_accepted_reason", "is empty; an application not accepted states why");
    }
    if (!row.status().ok()) return row.status();
  }
  return absl::OkStatus();
}

absl::Status ReadLawsuits(const std::string& dir, Records& records) {
  absl::StatusOr<TsvTable> table =
      ReadTable(dir, "lawsuits.tsv",
                {"request_id", "court", "court_case_number", "plaintiff", "plaintiff_organisation",
                 "defendant_department_id", "government_defendant", "filed_date", "hearing_date",
                 "head_appeared", "head_title", "judgment_outcome", "judgment_date"});
  if (!table.ok()) return table.status();
  int head_appearances = 0;
  for (TsvRow& row : table->rows()) {
    PlannedLawsuit& p = records.lawsuits.emplace_back();
    p.create.set_request_id(row.RequiredText("request_id"));
    v1::Lawsuit* l = p.create.mutable_lawsuit();
    l->set_court(row.RequiredText("court"));
    l->set_court_case_number(row.RequiredText("court_case_number"));
    l->set_plaintiff(row.RequiredText("plaintiff"));
    l->set_plaintiff_organisation(row.Bool("plaintiff_organisation"));
    l->set_defendant_department_id(row.RequiredText("defendant_department_id"));
    l->set_government_defendant(row.Bool("government_defendant"));
    *l->mutable_filed_date() = Date(row.Date("filed_date"));
    if (std::optional<CivilDay> heard = row.OptionalDate("hearing_date")) {
      v1::Hearing& h = p.hearing.emplace();
      *h.mutable_date() = Date(*heard);
      h.set_head_appeared(row.Bool("head_appeared"));
      h.set_head_title(row.Text("head_title"));
      if (h.head_appeared()) ++head_appearances;
      p.outcome = EnumField<v1::JudgmentOutcome>(row, "judgment_outcome");
      p.judged = row.Date("judgment_date");
    }
    if (!row.status().ok()) return row.status();
  }
  if (head_appearances != kHeadAppearances) {
    // Each row is one lawsuit with at most one hearing, so this counts lawsuits in which the
    // head appeared, as the figure does (figures.h).
    return absl::InvalidArgumentError(absl::StrCat(dir, "/lawsuits.tsv: the head appeared in ",
                                                   head_appearances, " lawsuits, not the report's ",
                                                   kHeadAppearances));
  }
  return absl::OkStatus();
}

absl::StatusOr<Records> ReadRecords(const std::string& dir) {
  Records records;
  if (absl::Status s = ReadCases(dir, records); !s.ok()) return s;
  if (absl::Status s = ReadComplaints(dir, records); !s.ok()) return s;
  if (absl::Status s = ReadReconsiderations(dir, records); !s.ok()) return s;
  if (absl::Status s = ReadLawsuits(dir, records); !s.ok()) return s;
  return records;
}

// ---- Calls. ----

template <typename Stub, typename Request, typename Response>
absl::Status Call(grpc::Status (Stub::*rpc)(grpc::ClientContext*, const Request&, Response*),
                  Stub& stub, const Request& request, Response* response, absl::string_view what) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  grpc::Status status = (stub.*rpc)(&context, request, response);
  if (!status.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                        absl::StrCat(what, ": ", status.error_message()));
  }
  return absl::OkStatus();
}

// A call that changes a record, counted in summary.writes when it does.
template <typename Stub, typename Request, typename Response>
absl::Status Write(grpc::Status (Stub::*rpc)(grpc::ClientContext*, const Request&, Response*),
                   Stub& stub, const Request& request, Response* response, absl::string_view what,
                   LoadSummary& summary) {
  absl::Status s = Call(rpc, stub, request, response, what);
  if (s.ok()) ++summary.writes;
  return s;
}

using CasesStub = v1::EnforcementCaseService::StubInterface;
using SupervisionStub = v1::SupervisionService::StubInterface;
using ReconsiderationStub = v1::ReconsiderationService::StubInterface;
using LitigationStub = v1::LitigationService::StubInterface;

// Files the case (or finds it filed) and applies the operations its record lacks.
absl::StatusOr<v1::EnforcementCase> LoadCase(CasesStub& stub, const PlannedCase& plan,
                                             LoadSummary& summary) {
  v1::EnforcementCase c;
  if (absl::Status s = Call(&CasesStub::FileCase, stub, plan.file, &c, plan.request_id); !s.ok()) {
    return s;
  }
  v1::GetCaseRequest get;
  get.set_id(c.id());
  if (absl::Status s = Call(&CasesStub::GetCase, stub, get, &c, plan.request_id); !s.ok()) {
    return s;
  }
  // The filing is the first event; each operation made one more.
  size_t done = c.events_size() > 0 ? static_cast<size_t>(c.events_size()) - 1 : 0;
  for (size_t i = done; i < plan.operations.size(); ++i) {
    const Operation& op = plan.operations[i];
    std::string what = absl::StrCat(plan.request_id, " step ", i + 1);
    absl::Status s;
    if (op.publish) {
      v1::PublishDecisionRequest publish;
      publish.set_id(c.id());
      publish.set_etag(c.etag());
      publish.set_public_summary(op.public_summary);
      s = Write(&CasesStub::PublishDecision, stub, publish, &c, what, summary);
    } else {
      v1::AdvanceCaseRequest advance = op.advance;
      advance.set_id(c.id());
      advance.set_etag(c.etag());
      s = Write(&CasesStub::AdvanceCase, stub, advance, &c, what, summary);
    }
    if (!s.ok()) return s;
  }
  return c;
}

absl::Status LoadMajorFiling(SupervisionStub& stub, const PlannedFiling& plan,
                             const std::string& case_id, LoadSummary& summary) {
  v1::FileMajorCaseRequest file;
  file.set_case_id(case_id);
  *file.mutable_filed_date() = Date(plan.filed);
  file.set_request_id(plan.request_id);
  v1::MajorCaseFiling filing;
  if (absl::Status s =
          Call(&SupervisionStub::FileMajorCase, stub, file, &filing, file.request_id());
      !s.ok()) {
    return s;
  }
  ++summary.major_filings;
  if (filing.status() == v1::FILING_STATUS_REVIEWED) return absl::OkStatus();
  v1::ReviewMajorCaseFilingRequest review;
  review.set_id(filing.id());
  review.set_etag(filing.etag());
  *review.mutable_review_date() = Date(plan.reviewed);
  for (const std::string& s : plan.suggestions) review.add_rectification_suggestions(s);
  return Write(&SupervisionStub::ReviewMajorCaseFiling, stub, review, &filing, file.request_id(),
               summary);
}

absl::Status LoadFileReview(SupervisionStub& stub, const PlannedFileReview& plan,
                            const v1::EnforcementCase& c, LoadSummary& summary) {
  v1::CreateCaseFileReviewRequest create;
  create.set_request_id(plan.request_id);
  v1::CaseFileReview* r = create.mutable_review();
  r->set_case_id(c.id());
  r->set_department_id(c.department_id());
  r->set_reviewer(plan.reviewer);
  *r->mutable_review_date() = Date(plan.date);
  r->set_score(plan.score);
  for (const std::string& f : plan.findings) r->add_findings(f);
  v1::CaseFileReview out;
  ++summary.case_file_reviews;
  return Call(&SupervisionStub::CreateCaseFileReview, stub, create, &out, create.request_id());
}

// A complaint, then its letter and the rectification reported and confirmed, as far as the
// stored complaint lacks them.
absl::Status LoadComplaint(SupervisionStub& stub, const PlannedComplaint& p, LoadSummary& summary) {
  const std::string& request_id = p.create.request_id();
  v1::Complaint c;
  if (absl::Status s = Call(&SupervisionStub::CreateComplaint, stub, p.create, &c, request_id);
      !s.ok()) {
    return s;
  }
  ++summary.complaints;
  if (!c.has_letter()) {
    v1::IssueSupervisionLetterRequest issue;
    issue.set_id(c.id());
    issue.set_etag(c.etag());
    *issue.mutable_letter() = p.letter;
    if (absl::Status s =
            Write(&SupervisionStub::IssueSupervisionLetter, stub, issue, &c, request_id, summary);
        !s.ok()) {
      return s;
    }
  }
  for (v1::RectificationStatus next :
       {v1::RECTIFICATION_STATUS_REPORTED, v1::RECTIFICATION_STATUS_CONFIRMED}) {
    if (c.rectification() >= next) continue;
    v1::UpdateRectificationRequest update;
    update.set_id(c.id());
    update.set_etag(c.etag());
    update.set_rectification(next);
    if (next == v1::RECTIFICATION_STATUS_REPORTED) update.set_report(p.report);
    if (absl::Status s =
            Write(&SupervisionStub::UpdateRectification, stub, update, &c, request_id, summary);
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

// An application, then its examination, extension and decision, as far as the stored
// application lacks them.
absl::Status LoadReconsideration(ReconsiderationStub& stub, const PlannedReconsideration& p,
                                 LoadSummary& summary) {
  const std::string& request_id = p.create.request_id();
  v1::Reconsideration r;
  if (absl::Status s =
          Call(&ReconsiderationStub::CreateReconsideration, stub, p.create, &r, request_id);
      !s.ok()) {
    return s;
  }
  ++summary.reconsiderations;
  // Loaded years later, an application never examined reads as deemed accepted (行政复议法
  // Art. 30); its examination, dated within the period, is still recorded.
  if (r.stage() == v1::RECONSIDERATION_STAGE_APPLIED ||
      (r.deemed_accepted() && !r.has_decision_date() && r.extension_days() == 0)) {
    v1::ExamineReconsiderationRequest examine;
    examine.set_id(r.id());
    examine.set_etag(r.etag());
    examine.set_accept(p.accept);
    *examine.mutable_date() = Date(p.examined);
    if (!p.accept) examine.set_reason(p.not_accepted_reason);
    if (absl::Status s = Write(&ReconsiderationStub::ExamineReconsideration, stub, examine, &r,
                               request_id, summary);
        !s.ok()) {
      return s;
    }
  }
  if (r.stage() != v1::RECONSIDERATION_STAGE_ACCEPTED) return absl::OkStatus();
  if (!p.extension_reason.empty() && r.extension_days() == 0) {
    v1::ExtendReconsiderationRequest extend;
    extend.set_id(r.id());
    extend.set_etag(r.etag());
    extend.set_reason(p.extension_reason);
    if (absl::Status s = Write(&ReconsiderationStub::ExtendReconsideration, stub, extend, &r,
                               request_id, summary);
        !s.ok()) {
      return s;
    }
  }
  v1::DecideReconsiderationRequest decide;
  decide.set_id(r.id());
  decide.set_etag(r.etag());
  decide.set_outcome(p.outcome);
  *decide.mutable_date() = Date(p.decided);
  decide.set_summary(p.decision_summary);
  return Write(&ReconsiderationStub::DecideReconsideration, stub, decide, &r, request_id, summary);
}

// A suit, then its hearing and judgment, as far as the stored suit lacks them.
absl::Status LoadLawsuit(LitigationStub& stub, const PlannedLawsuit& p, LoadSummary& summary) {
  const std::string& request_id = p.create.request_id();
  v1::Lawsuit suit;
  if (absl::Status s = Call(&LitigationStub::CreateLawsuit, stub, p.create, &suit, request_id);
      !s.ok()) {
    return s;
  }
  ++summary.lawsuits;
  if (!p.hearing) return absl::OkStatus();
  if (suit.hearings_size() == 0) {
    v1::RecordHearingRequest record;
    record.set_id(suit.id());
    record.set_etag(suit.etag());
    *record.mutable_hearing() = *p.hearing;
    if (absl::Status s =
            Write(&LitigationStub::RecordHearing, stub, record, &suit, request_id, summary);
        !s.ok()) {
      return s;
    }
  }
  if (suit.outcome() == v1::JUDGMENT_OUTCOME_UNSPECIFIED) {
    v1::RecordJudgmentRequest judgment;
    judgment.set_id(suit.id());
    judgment.set_etag(suit.etag());
    judgment.set_outcome(p.outcome);
    *judgment.mutable_date() = Date(p.judged);
    if (absl::Status s =
            Write(&LitigationStub::RecordJudgment, stub, judgment, &suit, request_id, summary);
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<LoadSummary> LoadJiyuanCases(const Stubs& stubs, const std::string& data_dir) {
  // Every table is read and checked before the first call, so a bad line loads nothing.
  absl::StatusOr<Records> records = ReadRecords(data_dir);
  if (!records.ok()) return records.status();
  LoadSummary summary;
  std::vector<v1::EnforcementCase> loaded;
  for (size_t i = 0; i < records->cases.size(); ++i) {
    absl::StatusOr<v1::EnforcementCase> c = LoadCase(stubs.cases, records->cases[i], summary);
    if (!c.ok()) return c.status();
    ++summary.cases;
    if (auto filing = records->filings.find(i); filing != records->filings.end()) {
      if (absl::Status s = LoadMajorFiling(stubs.supervision, filing->second, c->id(), summary);
          !s.ok()) {
        return s;
      }
    }
    loaded.push_back(*std::move(c));
  }
  for (const PlannedFileReview& r : records->file_reviews) {
    if (absl::Status s = LoadFileReview(stubs.supervision, r, loaded[r.case_index], summary);
        !s.ok()) {
      return s;
    }
  }
  for (const PlannedComplaint& p : records->complaints) {
    if (absl::Status s = LoadComplaint(stubs.supervision, p, summary); !s.ok()) return s;
  }
  for (const PlannedReconsideration& p : records->reconsiderations) {
    if (absl::Status s = LoadReconsideration(stubs.reconsideration, p, summary); !s.ok()) {
      return s;
    }
  }
  for (const PlannedLawsuit& p : records->lawsuits) {
    if (absl::Status s = LoadLawsuit(stubs.litigation, p, summary); !s.ok()) return s;
  }
  return summary;
}

}  // namespace fazhi::cases::demo
