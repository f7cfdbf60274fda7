#include "services/cases/api/figures_service.h"

#include "absl/strings/str_cat.h"
#include "common/grpc/interceptor.h"
#include "common/grpc/status.h"
#include "services/cases/api/review_convert.h"
#include "services/cases/app/case_figures.h"

namespace fazhi::cases {
namespace {

using grpc_util::ToGrpcStatus;

void ToProto(const std::string& group, const CaseFigures& f, v1::CaseSummary* out) {
  out->set_group(group);
  out->set_cases_filed(f.cases_filed);
  out->set_decisions(f.decisions);
  out->set_penalty_decisions(f.penalty_decisions);
  out->set_fines_imposed_fen(f.fines_imposed_fen);
  out->set_fines_collected_fen(f.fines_collected_fen);
  out->set_seizures(f.seizures);
  out->set_transfers_police_detention(f.transfers_police_detention);
  out->set_transfers_police_criminal(f.transfers_police_criminal);
  out->set_transfers_judiciary(f.transfers_judiciary);
  out->set_transfers_other(f.transfers_other);
  out->set_major_filings_received(f.major_filings_received);
  out->set_major_filings_reviewed(f.major_filings_reviewed);
  out->set_case_files_reviewed(f.case_files_reviewed);
  out->set_complaints_handled(f.complaints_handled);
  out->set_supervision_letters(f.supervision_letters);
  out->set_reconsiderations_received(f.reconsiderations_received);
  out->set_reconsiderations_concluded(f.reconsiderations_concluded);
  out->set_reconsiderations_upheld(f.reconsiderations_upheld);
  out->set_reconsiderations_corrected(f.reconsiderations_corrected);
  out->set_reconsiderations_mediated(f.reconsiderations_mediated);
  out->set_reconsiderations_not_accepted(f.reconsiderations_not_accepted);
  out->set_reconsiderations_rejected(f.reconsiderations_rejected);
  out->set_reconsiderations_terminated(f.reconsiderations_terminated);
  out->set_lawsuits_government_defendant(f.lawsuits_government_defendant);
  out->set_lawsuits_department_defendant(f.lawsuits_department_defendant);
  out->set_court_appearances(f.court_appearances);
  out->set_pending_due_dates(f.pending_due_dates);
}

absl::StatusOr<FigureGroup> GroupOf(v1::SummaryGroupBy group_by) {
  switch (group_by) {
    case v1::SUMMARY_GROUP_BY_UNSPECIFIED:
      return FigureGroup::kTotal;
    case v1::SUMMARY_GROUP_BY_DEPARTMENT:
      return FigureGroup::kDepartment;
    case v1::SUMMARY_GROUP_BY_KIND:
      return FigureGroup::kKind;
    case v1::SUMMARY_GROUP_BY_OUTCOME:
      return FigureGroup::kOutcome;
    case v1::SUMMARY_GROUP_BY_MONTH:
      return FigureGroup::kMonth;
    default:
      break;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("group_by: ", static_cast<int>(group_by), " is not a grouping"));
}

}  // namespace

grpc::ServerUnaryReactor* CaseFiguresServiceImpl::SummarizeCases(
    grpc::CallbackServerContext* context, const v1::SummarizeCasesRequest* request,
    v1::SummarizeCasesResponse* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    // The year is judged before the grouping is read, as the API always answered.
    if (absl::Status s = CheckFiguresYear(request->year()); !s.ok()) return ToGrpcStatus(s);
    absl::StatusOr<FigureGroup> group = GroupOf(request->group_by());
    if (!group.ok()) return ToGrpcStatus(group.status());
    SummarizeCasesQuery query{request->department_id(), request->include_descendants(),
                              request->year(), *group};
    const app::Caller caller = grpc_util::CurrentCaller();
    absl::StatusOr<std::map<std::string, CaseFigures>> figures =
        cases::SummarizeCases(SummarySource(*store_, replica_, caller), *units_, query, caller);
    if (!figures.ok()) return ToGrpcStatus(figures.status());
    for (const auto& [name, f] : *figures) ToProto(name, f, response->add_summaries());
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* CaseFiguresServiceImpl::SyncToStatistics(
    grpc::CallbackServerContext* context, const v1::SyncToStatisticsRequest* request,
    v1::SyncToStatisticsResponse* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<SyncResult> result =
        cases::SyncToStatistics(*store_, *units_, *statistics_, request->year(),
                                request->department_id(), grpc_util::CurrentCaller());
    if (!result.ok()) return ToGrpcStatus(result.status());
    response->set_points(result->points);
    response->set_created(result->submitted.created);
    response->set_updated(result->submitted.updated);
    response->set_unchanged(result->submitted.unchanged);
    response->set_replayed(result->submitted.replayed);
    return grpc::Status::OK;
  });
}

}  // namespace fazhi::cases
