#include "common/auth/policy.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace fazhi::auth {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

RpcPolicy Public() { return {Access::kPublic, {}}; }
RpcPolicy Read() { return {Access::kRead, {}}; }
RpcPolicy Supervisor() { return {Access::kSupervisor, {}}; }
RpcPolicy Service() { return {Access::kService, {}}; }
RpcPolicy SupervisorOrService() { return {Access::kSupervisorOrService, {}}; }
RpcPolicy Publisher() { return {Access::kPublisher, {}}; }
RpcPolicy Admin() { return {Access::kAdmin, {}}; }
RpcPolicy OwnDepartment(std::string department_field) {
  return {Access::kOwnDepartment, {std::move(department_field), "", ""}};
}
RpcPolicy OwnDepartmentOf(std::string record_field, std::string record_kind) {
  return {Access::kOwnDepartment, {"", std::move(record_field), std::move(record_kind)}};
}

const std::map<std::string, RpcPolicy, std::less<>>& Table() {
  static const auto* table = new std::map<std::string, RpcPolicy, std::less<>>{
      // Operators' tools and load balancers.
      {"/grpc.health.v1.Health/Check", Public()},
      {"/grpc.health.v1.Health/Watch", Public()},
      {"/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", Public()},
      // Every service's audit log.
      {"/fazhi.common.v1.AuditService/ListAuditEntries", Supervisor()},
      // The unit registry is kept by the government's administrators.
      {"/fazhi.department.v1.DepartmentService/CreateDepartment", Admin()},
      {"/fazhi.department.v1.DepartmentService/GetDepartment", Read()},
      {"/fazhi.department.v1.DepartmentService/BatchGetDepartments", Read()},
      {"/fazhi.department.v1.DepartmentService/ListDepartments", Read()},
      {"/fazhi.department.v1.DepartmentService/UpdateDepartment", Admin()},
      {"/fazhi.department.v1.DepartmentService/DissolveDepartment", Admin()},
      {"/fazhi.department.v1.DepartmentService/ListDescendants", Read()},
      {"/fazhi.department.v1.DepartmentService/SetDepartmentRelation", Admin()},
      {"/fazhi.department.v1.DepartmentService/ListDepartmentRelations", Read()},
      // A unit's clerk keeps its own power list; delegations are the province's or city's acts.
      {"/fazhi.department.v1.PowerListService/CreatePowerItem",
       OwnDepartment("item.department_id")},
      {"/fazhi.department.v1.PowerListService/GetPowerItem", Read()},
      {"/fazhi.department.v1.PowerListService/ListPowerItems", Read()},
      {"/fazhi.department.v1.PowerListService/UpdatePowerItem",
       OwnDepartmentOf("item.id", "power_item")},
      {"/fazhi.department.v1.PowerListService/RemovePowerItem",
       OwnDepartmentOf("id", "power_item")},
      {"/fazhi.department.v1.PowerListService/CountPowerItems", Read()},
      {"/fazhi.department.v1.PowerListService/ListPowerAdjustments", Read()},
      {"/fazhi.department.v1.PowerListService/CreateDelegation", Admin()},
      {"/fazhi.department.v1.PowerListService/GetDelegation", Read()},
      {"/fazhi.department.v1.PowerListService/ListDelegations", Read()},
      {"/fazhi.department.v1.PowerListService/RevokeDelegation", Admin()},
      {"/fazhi.department.v1.PowerListService/ListHeldPowers", Read()},
      // A unit's clerk registers its officers; 司法局 issues and cancels their certificates.
      {"/fazhi.department.v1.OfficerService/CreateOfficer", OwnDepartment("officer.department_id")},
      {"/fazhi.department.v1.OfficerService/GetOfficer", Read()},
      {"/fazhi.department.v1.OfficerService/ListOfficers", Read()},
      {"/fazhi.department.v1.OfficerService/UpdateOfficer",
       OwnDepartmentOf("officer.id", "officer")},
      {"/fazhi.department.v1.OfficerService/IssueCertificate", Supervisor()},
      {"/fazhi.department.v1.OfficerService/RenewCertificate", Supervisor()},
      {"/fazhi.department.v1.OfficerService/SuspendCertificate", Supervisor()},
      {"/fazhi.department.v1.OfficerService/ReinstateCertificate", Supervisor()},
      {"/fazhi.department.v1.OfficerService/RevokeCertificate", Supervisor()},
      {"/fazhi.department.v1.OfficerService/GetCertificate", Read()},
      {"/fazhi.department.v1.OfficerService/ListCertificateEvents", Read()},
      {"/fazhi.department.v1.OfficerService/ValidateOfficers", Read()},
      // The catalogue is the government's; figures are reported by each unit's clerk (checked
      // row by row by MayReportFiguresFor: a submission may mix units, and admins and services
      // report for any unit).
      {"/fazhi.statistics.v1.StatisticsService/CreateIndicator", Admin()},
      {"/fazhi.statistics.v1.StatisticsService/GetIndicator", Read()},
      {"/fazhi.statistics.v1.StatisticsService/ListIndicators", Read()},
      {"/fazhi.statistics.v1.StatisticsService/UpdateIndicator", Admin()},
      {"/fazhi.statistics.v1.StatisticsService/SetReportingObligation", Admin()},
      {"/fazhi.statistics.v1.StatisticsService/ListReportingObligations", Read()},
      {"/fazhi.statistics.v1.StatisticsService/SubmitDataPoints", Read()},
      {"/fazhi.statistics.v1.StatisticsService/IngestDataPoints", Read()},
      {"/fazhi.statistics.v1.StatisticsService/ImportCsv", Read()},
      {"/fazhi.statistics.v1.StatisticsService/ImportCsvStream", Read()},
      {"/fazhi.statistics.v1.StatisticsService/GetDataPoint", Read()},
      {"/fazhi.statistics.v1.StatisticsService/ListRevisions", Read()},
      {"/fazhi.statistics.v1.StatisticsService/Aggregate", Read()},
      {"/fazhi.statistics.v1.StatisticsService/GetTimeSeries", Read()},
      {"/fazhi.statistics.v1.StatisticsService/GetCompleteness", Read()},
      {"/fazhi.statistics.v1.StatisticsService/ExportDataPoints", Read()},
      {"/fazhi.statistics.v1.StatisticsService/ExportCsv", Read()},
      {"/fazhi.statistics.v1.StatisticsService/CreateValidationRule", Supervisor()},
      {"/fazhi.statistics.v1.StatisticsService/ListValidationRules", Read()},
      {"/fazhi.statistics.v1.StatisticsService/UpdateValidationRule", Supervisor()},
      {"/fazhi.statistics.v1.StatisticsService/RunValidation", Read()},
      // 司法局 locks a year once its report is published; unlocking is audited with a reason.
      // The reports service locks a year's figures when it publishes the report built on them.
      {"/fazhi.statistics.v1.StatisticsService/LockPeriod", SupervisorOrService()},
      {"/fazhi.statistics.v1.StatisticsService/UnlockPeriod", Supervisor()},
      {"/fazhi.statistics.v1.StatisticsService/ListPeriodLocks", Read()},
      // A department's clerk keeps its own cases; the feed of published decisions is public.
      {"/fazhi.cases.v1.EnforcementCaseService/FileCase",
       OwnDepartment("enforcement_case.department_id")},
      {"/fazhi.cases.v1.EnforcementCaseService/GetCase", Read()},
      {"/fazhi.cases.v1.EnforcementCaseService/ListCases", Read()},
      {"/fazhi.cases.v1.EnforcementCaseService/AdvanceCase",
       OwnDepartmentOf("id", "enforcement_case")},
      {"/fazhi.cases.v1.EnforcementCaseService/AddEvidence",
       OwnDepartmentOf("id", "enforcement_case")},
      {"/fazhi.cases.v1.EnforcementCaseService/ExtendDecisionDeadline",
       OwnDepartmentOf("id", "enforcement_case")},
      {"/fazhi.cases.v1.EnforcementCaseService/PublishDecision",
       OwnDepartmentOf("id", "enforcement_case")},
      {"/fazhi.cases.v1.EnforcementCaseService/RevokeDecision",
       OwnDepartmentOf("id", "enforcement_case")},
      {"/fazhi.cases.v1.EnforcementCaseService/ListPublicDecisions", Public()},
      {"/fazhi.cases.v1.EnforcementCaseService/ListOverdue", Read()},
      // The department files its decided major cases; 司法局 reviews them, evaluates case files
      // and takes complaints. UpdateRectification is written by both sides (the department
      // REPORTS, the supervisor CONFIRMS), which no single table rule expresses: any principal
      // passes the table and the handler applies MayReportRectification or
      // MayConfirmRectification for the status asked.
      {"/fazhi.cases.v1.SupervisionService/FileMajorCase",
       OwnDepartmentOf("case_id", "enforcement_case")},
      {"/fazhi.cases.v1.SupervisionService/ReviewMajorCaseFiling", Supervisor()},
      {"/fazhi.cases.v1.SupervisionService/ListMajorCaseFilings", Read()},
      {"/fazhi.cases.v1.SupervisionService/CreateCaseFileReview", Supervisor()},
      {"/fazhi.cases.v1.SupervisionService/ListCaseFileReviews", Read()},
      {"/fazhi.cases.v1.SupervisionService/CreateComplaint", Supervisor()},
      {"/fazhi.cases.v1.SupervisionService/GetComplaint", Read()},
      {"/fazhi.cases.v1.SupervisionService/IssueSupervisionLetter", Supervisor()},
      {"/fazhi.cases.v1.SupervisionService/UpdateRectification", Read()},
      {"/fazhi.cases.v1.SupervisionService/ListComplaints", Read()},
      // Reconsideration and litigation records are kept by 司法局 (the 复议机构 and the
      // government's litigation office).
      {"/fazhi.cases.v1.ReconsiderationService/CreateReconsideration", Supervisor()},
      {"/fazhi.cases.v1.ReconsiderationService/GetReconsideration", Read()},
      {"/fazhi.cases.v1.ReconsiderationService/ExamineReconsideration", Supervisor()},
      {"/fazhi.cases.v1.ReconsiderationService/ExtendReconsideration", Supervisor()},
      {"/fazhi.cases.v1.ReconsiderationService/DecideReconsideration", Supervisor()},
      {"/fazhi.cases.v1.ReconsiderationService/ListReconsiderations", Read()},
      {"/fazhi.cases.v1.LitigationService/CreateLawsuit", Supervisor()},
      {"/fazhi.cases.v1.LitigationService/GetLawsuit", Read()},
      {"/fazhi.cases.v1.LitigationService/RecordHearing", Supervisor()},
      {"/fazhi.cases.v1.LitigationService/RecordJudgment", Supervisor()},
      {"/fazhi.cases.v1.LitigationService/ListLawsuits", Read()},
      // Figures are read by anyone; writing them into statistics is an operator's or a
      // scheduler's job.
      {"/fazhi.cases.v1.CaseFiguresService/SummarizeCases", Read()},
      {"/fazhi.cases.v1.CaseFiguresService/SyncToStatistics", Service()},
      // The annual report. 司法局 (the office of the 法治政府建设 leading group) keeps the
      // templates, reviews and approves; a unit's clerk writes and sends the unit's own report; a
      // publisher makes it public, and the public reads it without a token.
      {"/fazhi.reports.v1.ReportService/CreateTemplate", Supervisor()},
      {"/fazhi.reports.v1.ReportService/GetTemplate", Read()},
      {"/fazhi.reports.v1.ReportService/ListTemplates", Read()},
      {"/fazhi.reports.v1.ReportService/CreateReport", OwnDepartment("department_id")},
      {"/fazhi.reports.v1.ReportService/GetReport", Read()},
      {"/fazhi.reports.v1.ReportService/ListReports", Read()},
      {"/fazhi.reports.v1.ReportService/UpdateSection", OwnDepartmentOf("report_id", "report")},
      {"/fazhi.reports.v1.ReportService/AddRecipient", OwnDepartmentOf("report_id", "report")},
      {"/fazhi.reports.v1.ReportService/RemoveRecipient", OwnDepartmentOf("report_id", "report")},
      {"/fazhi.reports.v1.ReportService/PreviewReport", Read()},
      {"/fazhi.reports.v1.ReportService/CheckReport", Read()},
      {"/fazhi.reports.v1.ReportService/SubmitForReview", OwnDepartmentOf("report_id", "report")},
      {"/fazhi.reports.v1.ReportService/ReturnToDraft", Supervisor()},
      {"/fazhi.reports.v1.ReportService/AcknowledgeViolation", Supervisor()},
      {"/fazhi.reports.v1.ReportService/ApproveReport", Supervisor()},
      {"/fazhi.reports.v1.ReportService/SubmitReport", OwnDepartmentOf("report_id", "report")},
      {"/fazhi.reports.v1.ReportService/PublishReport", Publisher()},
      {"/fazhi.reports.v1.ReportService/StartCorrection", OwnDepartmentOf("report_id", "report")},
      {"/fazhi.reports.v1.ReportService/GetPublishedReport", Public()},
      {"/fazhi.reports.v1.ReportService/ListPublishedReports", Public()},
      {"/fazhi.reports.v1.ReportService/GetCompliance", Read()},
  };
  return *table;
}

// What each service needs of the others, and nothing more (DESIGN.md's map): every service
// resolves units through the department service; fazhi-cases also checks officers' certificates
// and writes its figures into statistics; fazhi-reports reads relations, figures, completeness
// and validation, and locks a published year; the scheduler runs the yearly hand-over.
const std::map<std::string, std::vector<std::string>, std::less<>>& Grants() {
  static const auto* grants = [] {
    const std::vector<std::string> read_units = {
        "/fazhi.department.v1.DepartmentService/GetDepartment",
        "/fazhi.department.v1.DepartmentService/BatchGetDepartments",
        "/fazhi.department.v1.DepartmentService/ListDepartments",
        "/fazhi.department.v1.DepartmentService/ListDescendants",
    };
    auto with = [&](std::vector<std::string> more) {
      std::vector<std::string> all = read_units;
      all.insert(all.end(), more.begin(), more.end());
      return all;
    };
    return new std::map<std::string, std::vector<std::string>, std::less<>>{
        {"fazhi-statistics", read_units},
        {"fazhi-cases", with({"/fazhi.department.v1.OfficerService/ValidateOfficers",
                              "/fazhi.statistics.v1.StatisticsService/SubmitDataPoints"})},
        {"fazhi-reports", with({"/fazhi.department.v1.DepartmentService/ListDepartmentRelations",
                                "/fazhi.statistics.v1.StatisticsService/GetIndicator",
                                "/fazhi.statistics.v1.StatisticsService/Aggregate",
                                "/fazhi.statistics.v1.StatisticsService/GetCompleteness",
                                "/fazhi.statistics.v1.StatisticsService/RunValidation",
                                "/fazhi.statistics.v1.StatisticsService/ListPeriodLocks",
                                "/fazhi.statistics.v1.StatisticsService/LockPeriod",
                                "/fazhi.cases.v1.CaseFiguresService/SummarizeCases"})},
        {"fazhi-scheduler", {"/fazhi.cases.v1.CaseFiguresService/SyncToStatistics"}},
    };
  }();
  return *grants;
}

bool Contains(const std::vector<std::string>& methods, absl::string_view method) {
  for (const std::string& m : methods) {
    if (m == method) return true;
  }
  return false;
}

absl::Status NoPrincipal() {
  return absl::UnauthenticatedError(
      "this call needs a bearer token (authorization: Bearer ...) or a service certificate");
}

// Says who was refused and what would be allowed, so the clerk knows whom to ask.
absl::Status Deny(const Principal& p, absl::string_view why) {
  return absl::PermissionDeniedError(
      absl::StrCat("'", p.subject, "' (", FormatRoles(p.roles), ") may not make this call: ", why));
}

// A clerk acting for unit. A token naming no unit is nobody's clerk, even for a record whose unit
// is unknown (empty).
bool IsClerkOf(const Principal& p, absl::string_view unit) {
  return p.HasRole(Role::kClerk) && !p.department_id.empty() && p.department_id == unit;
}

}  // namespace

absl::string_view AccessName(Access access) {
  switch (access) {
    case Access::kPublic:
      return "public";
    case Access::kRead:
      return "read";
    case Access::kOwnDepartment:
      return "own-department";
    case Access::kSupervisor:
      return "supervisor";
    case Access::kPublisher:
      return "publisher";
    case Access::kService:
      return "service";
    case Access::kSupervisorOrService:
      return "supervisor-or-service";
    case Access::kAdmin:
      return "admin";
  }
  return "admin";
}

const RpcPolicy* FindPolicy(absl::string_view full_method) {
  auto it = Table().find(full_method);
  return it == Table().end() ? nullptr : &it->second;
}

std::vector<std::string> PolicyMethods() {
  std::vector<std::string> methods;
  for (const auto& [method, policy] : Table()) methods.push_back(method);
  return methods;
}

std::string ReadField(const Message& message, absl::string_view path) {
  const Message* current = &message;
  std::vector<absl::string_view> parts = absl::StrSplit(path, '.');
  for (size_t i = 0; i < parts.size(); ++i) {
    const FieldDescriptor* field = current->GetDescriptor()->FindFieldByName(std::string(parts[i]));
    if (field == nullptr || field->is_repeated()) return "";
    const auto* reflection = current->GetReflection();
    if (i + 1 == parts.size()) {
      return field->type() == FieldDescriptor::TYPE_STRING ? reflection->GetString(*current, field)
                                                           : "";
    }
    if (field->type() != FieldDescriptor::TYPE_MESSAGE || !reflection->HasField(*current, field)) {
      return "";
    }
    current = &reflection->GetMessage(*current, field);
  }
  return "";
}

const std::vector<std::string>& ServiceGrants(absl::string_view account) {
  static const auto* none = new std::vector<std::string>();
  auto it = Grants().find(account);
  return it == Grants().end() ? *none : it->second;
}

std::vector<std::string> ServiceAccounts() {
  std::vector<std::string> accounts;
  for (const auto& [account, methods] : Grants()) accounts.push_back(account);
  return accounts;
}

const std::vector<std::string>& PublisherRpcs() {
  // Reading what is to be published, publishing it, and watching the deadlines.
  static const auto* rpcs = new std::vector<std::string>{
      "/fazhi.reports.v1.ReportService/GetTemplate",
      "/fazhi.reports.v1.ReportService/ListTemplates",
      "/fazhi.reports.v1.ReportService/GetReport",
      "/fazhi.reports.v1.ReportService/ListReports",
      "/fazhi.reports.v1.ReportService/PreviewReport",
      "/fazhi.reports.v1.ReportService/CheckReport",
      "/fazhi.reports.v1.ReportService/PublishReport",
      "/fazhi.reports.v1.ReportService/GetCompliance",
  };
  return *rpcs;
}

absl::Status MayMoveRecordInto(const std::optional<Principal>& principal, absl::string_view unit) {
  if (!principal) return NoPrincipal();
  if (principal->HasRole(Role::kAdmin) || IsClerkOf(*principal, unit)) return absl::OkStatus();
  return Deny(*principal,
              absl::StrCat("a clerk moves records only into the unit they write for, not into '",
                           unit, "'"));
}

absl::Status Authorize(absl::string_view full_method, const RpcPolicy& policy,
                       const std::optional<Principal>& principal,
                       absl::string_view target_department) {
  if (policy.access == Access::kPublic) return absl::OkStatus();
  if (!principal) return NoPrincipal();
  const Principal& p = *principal;
  auto deny = [&](absl::string_view why) { return Deny(p, why); };
  // A service account is judged by its grants alone, even one whose token also claims admin.
  if (p.service_account) {
    if (Contains(ServiceGrants(p.subject), full_method)) return absl::OkStatus();
    return deny(absl::StrCat("the service account '", p.subject,
                             "' is granted only the calls its service makes, and not this one"));
  }
  if (p.HasRole(Role::kAdmin)) return absl::OkStatus();
  if (p.HasRole(Role::kPublisher) && !p.HasRole(Role::kClerk) && !p.HasRole(Role::kSupervisor) &&
      !Contains(PublisherRpcs(), full_method)) {
    return deny("a publisher's account reaches only the report RPCs publication needs");
  }
  switch (policy.access) {
    case Access::kPublic:
    case Access::kRead:
      return absl::OkStatus();
    case Access::kSupervisor:
      return p.HasRole(Role::kSupervisor) ? absl::OkStatus() : deny("it needs the supervisor role");
    case Access::kPublisher:
      return p.HasRole(Role::kPublisher) ? absl::OkStatus() : deny("it needs the publisher role");
    case Access::kService:
      return p.HasRole(Role::kService) ? absl::OkStatus() : deny("it is for fazhi services only");
    case Access::kSupervisorOrService:
      return p.HasRole(Role::kSupervisor) || p.HasRole(Role::kService)
                 ? absl::OkStatus()
                 : deny("it needs the supervisor role or a fazhi service's identity");
    case Access::kAdmin:
      return deny("it needs the admin role");
    case Access::kOwnDepartment:
      if (!p.HasRole(Role::kClerk)) return deny("it needs the clerk role of the unit concerned");
      if (p.department_id.empty() || target_department.empty() ||
          p.department_id != target_department) {
        return deny(absl::StrCat("a clerk of '", p.department_id,
                                 "' writes only for that unit, and this call is for '",
                                 target_department, "'"));
      }
      return absl::OkStatus();
  }
  return deny("no rule allows it");
}

bool MaySeePersonalData(const std::optional<Principal>& principal,
                        absl::string_view handling_department) {
  if (!principal) return false;
  if (principal->HasRole(Role::kAdmin) || principal->HasRole(Role::kSupervisor)) return true;
  return IsClerkOf(*principal, handling_department);
}

bool MaySeeComplainantAndPlaintiffNames(const std::optional<Principal>& principal) {
  return principal && (principal->HasRole(Role::kAdmin) || principal->HasRole(Role::kSupervisor));
}

absl::Status MayReportRectification(const std::optional<Principal>& principal,
                                    absl::string_view complained_department) {
  if (!principal) return NoPrincipal();
  if (principal->HasRole(Role::kAdmin) || IsClerkOf(*principal, complained_department)) {
    return absl::OkStatus();
  }
  return Deny(*principal, absl::StrCat("only a clerk of '", complained_department,
                                       "', the department complained about, reports its "
                                       "rectification"));
}

absl::Status MayConfirmRectification(const std::optional<Principal>& principal) {
  if (!principal) return NoPrincipal();
  if (principal->HasRole(Role::kAdmin) || principal->HasRole(Role::kSupervisor)) {
    return absl::OkStatus();
  }
  return Deny(*principal,
              "only a supervisor (司法局) confirms a rectification; the department reports it");
}

bool MayReportFiguresFor(const std::optional<Principal>& principal, absl::string_view unit) {
  if (!principal) return false;
  if (principal->HasRole(Role::kAdmin) || principal->HasRole(Role::kService)) return true;
  return IsClerkOf(*principal, unit);
}

}  // namespace fazhi::auth
