// The authorisation policy checked against a table written by hand: for every RPC of every
// service, what each kind of caller should get. The expectations come from what the RPC is for
// (the protos, DESIGN.md, the README), never from FindPolicy, so a wrong entry in
// common/auth/policy.cc fails here.

#include <algorithm>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "common/auth/policy.h"
#include "common/auth/principal.h"
#include "fazhi/cases/v1/enforcement.pb.h"
#include "fazhi/cases/v1/figures.pb.h"
#include "fazhi/cases/v1/review.pb.h"
#include "fazhi/cases/v1/supervision.pb.h"
#include "fazhi/common/v1/common.pb.h"
#include "fazhi/department/v1/department.pb.h"
#include "fazhi/department/v1/officer.pb.h"
#include "fazhi/department/v1/power.pb.h"
#include "fazhi/reports/v1/reports.pb.h"
#include "fazhi/statistics/v1/statistics.pb.h"
#include "google/protobuf/descriptor.h"
#include "grpc/health/v1/health.pb.h"
#include "grpc/reflection/v1alpha/reflection.pb.h"
#include "gtest/gtest.h"

namespace fazhi::auth {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::DescriptorPool;
using google::protobuf::FieldDescriptor;
using google::protobuf::FileDescriptor;
using google::protobuf::MethodDescriptor;
using google::protobuf::ServiceDescriptor;

constexpr char kUnitA[] = "jiyuan-sthjj";   // 生态环境局
constexpr char kUnitB[] = "jiyuan-kejing";  // 克井镇

// One RPC and what its callers get, in the order of Callers(): "ok", "unauth"
// (UNAUTHENTICATED) or "denied" (PERMISSION_DENIED).
struct Row {
  const char* method;
  const char* verdicts;
  // Own-department RPCs only: where the unit the call is for is found in the request. A field
  // holding the unit's id ("item.department_id"), or "<field> of <kind>": a field holding the id
  // of a stored record, whose unit the service looks up (an update must not trust a unit the
  // caller writes into the request).
  const char* target = "";
};

struct ServiceRows {
  const char* service;
  std::vector<Row> rows;
};

// Columns: no principal; signed in with no role; a clerk of unit A calling for unit A ("own") and
// for unit B ("other"); 司法局's supervisor; a publisher (a publication system's account, which
// reaches only the report RPCs publication needs); the fazhi-cases service account (which reaches
// only what it is granted: reading units, validating officers, writing figures); an admin.
// The pattern of each kind of rule, for reading the table:
//   public          ok     ok     ok     ok     ok     ok     ok     ok
//   any principal   unauth ok     ok     ok     ok     denied denied ok
//   own unit        unauth denied ok     denied denied denied denied ok
//   supervisor      unauth denied denied denied ok     denied denied ok
//   service         unauth denied denied denied denied denied denied ok
//   admin           unauth denied denied denied denied denied denied ok
// with "ok" for the publisher on the report RPCs it needs and for fazhi-cases on its grants.
// clang-format off
const std::vector<ServiceRows>& HandTable() {
  static const auto* table = new std::vector<ServiceRows>{
    // Load balancers and operators' tools call these without a token.
    {"grpc.health.v1.Health", {
    //                             anon   reader own    other  superv publ   svc    admin
      {"Check",                   "ok     ok     ok     ok     ok     ok     ok     ok"},
      {"Watch",                   "ok     ok     ok     ok     ok     ok     ok     ok"},
    }},
    {"grpc.reflection.v1alpha.ServerReflection", {
      {"ServerReflectionInfo",    "ok     ok     ok     ok     ok     ok     ok     ok"},
    }},
    // Who changed what, and every refused call: for 司法局's supervisors, not for the units
    // being supervised.
    {"fazhi.common.v1.AuditService", {
    //                             anon   reader own    other  superv publ   svc    admin
      {"ListAuditEntries",        "unauth denied denied denied ok     denied denied ok"},
    }},
    // The unit registry is the government's (编办), kept by its administrators; everyone who
    // signs in reads it.
    {"fazhi.department.v1.DepartmentService", {
    //                             anon   reader own    other  superv publ   svc    admin
      {"CreateDepartment",        "unauth denied denied denied denied denied denied ok"},
      {"GetDepartment",           "unauth ok     ok     ok     ok     denied ok     ok"},
      {"BatchGetDepartments",     "unauth ok     ok     ok     ok     denied ok     ok"},
      {"ListDepartments",         "unauth ok     ok     ok     ok     denied ok     ok"},
      {"UpdateDepartment",        "unauth denied denied denied denied denied denied ok"},
      {"DissolveDepartment",      "unauth denied denied denied denied denied denied ok"},
      {"ListDescendants",         "unauth ok     ok     ok     ok     denied ok     ok"},
      {"SetDepartmentRelation",   "unauth denied denied denied denied denied denied ok"},
      {"ListDepartmentRelations", "unauth ok     ok     ok     ok     denied denied ok"},
    }},
    // A unit's clerk keeps the unit's own 权责清单; a delegation (赋权) to towns is an act of
    // the city government, not of the unit that holds the power.
    {"fazhi.department.v1.PowerListService", {
    //                             anon   reader own    other  superv publ   svc    admin
      {"CreatePowerItem",         "unauth denied ok     denied denied denied denied ok",
                                  "item.department_id"},
      {"GetPowerItem",            "unauth ok     ok     ok     ok     denied denied ok"},
      {"ListPowerItems",          "unauth ok     ok     ok     ok     denied denied ok"},
      {"UpdatePowerItem",         "unauth denied ok     denied denied denied denied ok",
                                  "item.id of power_item"},
      {"RemovePowerItem",         "unauth denied ok     denied denied denied denied ok",
                                  "id of power_item"},
      {"CountPowerItems",         "unauth ok     ok     ok     ok     denied denied ok"},
      {"ListPowerAdjustments",    "unauth ok     ok     ok     ok     denied denied ok"},
      {"CreateDelegation",        "unauth denied denied denied denied denied denied ok"},
      {"GetDelegation",           "unauth ok     ok     ok     ok     denied denied ok"},
      {"ListDelegations",         "unauth ok     ok     ok     ok     denied denied ok"},
      {"RevokeDelegation",        "unauth denied denied denied denied denied denied ok"},
      {"ListHeldPowers",          "unauth ok     ok     ok     ok     denied denied ok"},
    }},
    // A unit registers its own officers; 司法局 issues, renews, suspends and cancels the
    // enforcement certificates (执法证), which is the point of having them. The cases service
    // asks ValidateOfficers as a service.
    {"fazhi.department.v1.OfficerService", {
    //                             anon   reader own    other  superv publ   svc    admin
      {"CreateOfficer",           "unauth denied ok     denied denied denied denied ok",
                                  "officer.department_id"},
      {"GetOfficer",              "unauth ok     ok     ok     ok     denied denied ok"},
      {"ListOfficers",            "unauth ok     ok     ok     ok     denied denied ok"},
      {"UpdateOfficer",           "unauth denied ok     denied denied denied denied ok",
                                  "officer.id of officer"},
      {"IssueCertificate",        "unauth denied denied denied ok     denied denied ok"},
      {"GetCertificate",          "unauth ok     ok     ok     ok     denied denied ok"},
      {"RenewCertificate",        "unauth denied denied denied ok     denied denied ok"},
      {"SuspendCertificate",      "unauth denied denied denied ok     denied denied ok"},
      {"ReinstateCertificate",    "unauth denied denied denied ok     denied denied ok"},
      {"RevokeCertificate",       "unauth denied denied denied ok     denied denied ok"},
      {"ListCertificateEvents",   "unauth ok     ok     ok     ok     denied denied ok"},
      {"ValidateOfficers",        "unauth ok     ok     ok     ok     denied ok     ok"},
    }},
    // The indicator catalogue and who must report what are the government's; validation rules
    // and period locks are 司法局's, as the office that compiles the annual report. Figures come
    // in mixed batches (a clerk's own unit, any unit for admins and services), so the three
    // ingestion RPCs let any principal through and the handler refuses row by row.
    {"fazhi.statistics.v1.StatisticsService", {
    //                             anon   reader own    other  superv publ   svc    admin
      {"CreateIndicator",         "unauth denied denied denied denied denied denied ok"},
      {"GetIndicator",            "unauth ok     ok     ok     ok     denied denied ok"},
      {"ListIndicators",          "unauth ok     ok     ok     ok     denied denied ok"},
      {"UpdateIndicator",         "unauth denied denied denied denied denied denied ok"},
      {"SetReportingObligation",  "unauth denied denied denied denied denied denied ok"},
      {"ListReportingObligations","unauth ok     ok     ok     ok     denied denied ok"},
      {"SubmitDataPoints",        "unauth ok     ok     ok     ok     denied ok     ok"},
      {"IngestDataPoints",        "unauth ok     ok     ok     ok     denied denied ok"},
      {"ImportCsv",               "unauth ok     ok     ok     ok     denied denied ok"},
      {"ImportCsvStream",         "unauth ok     ok     ok     ok     denied denied ok"},
      {"GetDataPoint",            "unauth ok     ok     ok     ok     denied denied ok"},
      {"ListRevisions",           "unauth ok     ok     ok     ok     denied denied ok"},
      {"Aggregate",               "unauth ok     ok     ok     ok     denied denied ok"},
      {"GetTimeSeries",           "unauth ok     ok     ok     ok     denied denied ok"},
      {"GetCompleteness",         "unauth ok     ok     ok     ok     denied denied ok"},
      {"ExportDataPoints",        "unauth ok     ok     ok     ok     denied denied ok"},
      {"ExportCsv",               "unauth ok     ok     ok     ok     denied denied ok"},
      {"CreateValidationRule",    "unauth denied denied denied ok     denied denied ok"},
      {"ListValidationRules",     "unauth ok     ok     ok     ok     denied denied ok"},
      {"UpdateValidationRule",    "unauth denied denied denied ok     denied denied ok"},
      {"RunValidation",           "unauth ok     ok     ok     ok     denied denied ok"},
      {"LockPeriod",              "unauth denied denied denied ok     denied denied ok"},
      {"UnlockPeriod",            "unauth denied denied denied ok     denied denied ok"},
      {"ListPeriodLocks",         "unauth ok     ok     ok     ok     denied denied ok"},
    }},
    // 谁执法谁公示: the unit that handles a case files it, moves it along, publishes its
    // decision and withdraws it (行政处罚法 Arts. 48, 60). The public feed needs no token.
    {"fazhi.cases.v1.EnforcementCaseService", {
    //                             anon   reader own    other  superv publ   svc    admin
      {"FileCase",                "unauth denied ok     denied denied denied denied ok",
                                  "enforcement_case.department_id"},
      {"GetCase",                 "unauth ok     ok     ok     ok     denied denied ok"},
      {"ListCases",               "unauth ok     ok     ok     ok     denied denied ok"},
      {"AdvanceCase",             "unauth denied ok     denied denied denied denied ok",
                                  "id of enforcement_case"},
      {"AddEvidence",             "unauth denied ok     denied denied denied denied ok",
                                  "id of enforcement_case"},
      {"ExtendDecisionDeadline",  "unauth denied ok     denied denied denied denied ok",
                                  "id of enforcement_case"},
      {"PublishDecision",         "unauth denied ok     denied denied denied denied ok",
                                  "id of enforcement_case"},
      {"RevokeDecision",          "unauth denied ok     denied denied denied denied ok",
                                  "id of enforcement_case"},
      {"ListPublicDecisions",     "ok     ok     ok     ok     ok     ok     ok     ok"},
      {"ListOverdue",             "unauth ok     ok     ok     ok     denied denied ok"},
    }},
    // The unit files its major case (备案); 司法局 reviews filings and case files and handles
    // complaints. UpdateRectification is written by both sides (the unit reports, 司法局
    // confirms), so it passes any principal and its handler checks the role for the status.
    {"fazhi.cases.v1.SupervisionService", {
    //                             anon   reader own    other  superv publ   svc    admin
      {"FileMajorCase",           "unauth denied ok     denied denied denied denied ok",
                                  "case_id of enforcement_case"},
      {"ReviewMajorCaseFiling",   "unauth denied denied denied ok     denied denied ok"},
      {"ListMajorCaseFilings",    "unauth ok     ok     ok     ok     denied denied ok"},
      {"CreateCaseFileReview",    "unauth denied denied denied ok     denied denied ok"},
      {"ListCaseFileReviews",     "unauth ok     ok     ok     ok     denied denied ok"},
      {"CreateComplaint",         "unauth denied denied denied ok     denied denied ok"},
      {"GetComplaint",            "unauth ok     ok     ok     ok     denied denied ok"},
      {"IssueSupervisionLetter",  "unauth denied denied denied ok     denied denied ok"},
      {"UpdateRectification",     "unauth ok     ok     ok     ok     denied denied ok"},
      {"ListComplaints",          "unauth ok     ok     ok     ok     denied denied ok"},
    }},
    // 行政复议 is decided by the government's 复议机构 (司法局 since the 2020 reform); the
    // respondent unit must not examine or decide an application against itself.
    {"fazhi.cases.v1.ReconsiderationService", {
    //                             anon   reader own    other  superv publ   svc    admin
      {"CreateReconsideration",   "unauth denied denied denied ok     denied denied ok"},
      {"GetReconsideration",      "unauth ok     ok     ok     ok     denied denied ok"},
      {"ExamineReconsideration",  "unauth denied denied denied ok     denied denied ok"},
      {"ExtendReconsideration",   "unauth denied denied denied ok     denied denied ok"},
      {"DecideReconsideration",   "unauth denied denied denied ok     denied denied ok"},
      {"ListReconsiderations",    "unauth ok     ok     ok     ok     denied denied ok"},
    }},
    // Lawsuits are recorded by the government's litigation office at 司法局.
    {"fazhi.cases.v1.LitigationService", {
    //                             anon   reader own    other  superv publ   svc    admin
      {"CreateLawsuit",           "unauth denied denied denied ok     denied denied ok"},
      {"GetLawsuit",              "unauth ok     ok     ok     ok     denied denied ok"},
      {"RecordHearing",           "unauth denied denied denied ok     denied denied ok"},
      {"RecordJudgment",          "unauth denied denied denied ok     denied denied ok"},
      {"ListLawsuits",            "unauth ok     ok     ok     ok     denied denied ok"},
    }},
    // Writing case figures into statistics is an operator's or a scheduler's job.
    {"fazhi.cases.v1.CaseFiguresService", {
    //                             anon   reader own    other  superv publ   svc    admin
      {"SummarizeCases",          "unauth ok     ok     ok     ok     denied denied ok"},
      {"SyncToStatistics",        "unauth denied denied denied denied denied denied ok"},
    }},
    // The annual report: 司法局 keeps templates, reviews and approves; a unit writes, sends and
    // corrects its own report; a publisher makes it public; the public reads it without a token.
    {"fazhi.reports.v1.ReportService", {
    //                             anon   reader own    other  superv publ   svc    admin
      {"CreateTemplate",          "unauth denied denied denied ok     denied denied ok"},
      {"GetTemplate",             "unauth ok     ok     ok     ok     ok     denied ok"},
      {"ListTemplates",           "unauth ok     ok     ok     ok     ok     denied ok"},
      {"CreateReport",            "unauth denied ok     denied denied denied denied ok",
                                  "department_id"},
      {"GetReport",               "unauth ok     ok     ok     ok     ok     denied ok"},
      {"ListReports",             "unauth ok     ok     ok     ok     ok     denied ok"},
      {"UpdateSection",           "unauth denied ok     denied denied denied denied ok",
                                  "report_id of report"},
      {"AddRecipient",            "unauth denied ok     denied denied denied denied ok",
                                  "report_id of report"},
      {"RemoveRecipient",         "unauth denied ok     denied denied denied denied ok",
                                  "report_id of report"},
      {"PreviewReport",           "unauth ok     ok     ok     ok     ok     denied ok"},
      {"CheckReport",             "unauth ok     ok     ok     ok     ok     denied ok"},
      {"SubmitForReview",         "unauth denied ok     denied denied denied denied ok",
                                  "report_id of report"},
      {"ReturnToDraft",           "unauth denied denied denied ok     denied denied ok"},
      {"AcknowledgeViolation",    "unauth denied denied denied ok     denied denied ok"},
      {"ApproveReport",           "unauth denied denied denied ok     denied denied ok"},
      {"SubmitReport",            "unauth denied ok     denied denied denied denied ok",
                                  "report_id of report"},
      {"PublishReport",           "unauth denied denied denied denied ok     denied ok"},
      {"StartCorrection",         "unauth denied ok     denied denied denied denied ok",
                                  "report_id of report"},
      {"GetPublishedReport",      "ok     ok     ok     ok     ok     ok     ok     ok"},
      {"ListPublishedReports",    "ok     ok     ok     ok     ok     ok     ok     ok"},
      {"GetCompliance",           "unauth ok     ok     ok     ok     ok     denied ok"},
    }},
  };
  return *table;
}
// clang-format on

struct Caller {
  const char* name;
  std::optional<Principal> principal;
  // Aims own-department calls at another unit than its own.
  bool other_unit = false;
};

Principal Person(std::string subject, std::set<Role> roles, std::string department) {
  Principal p;
  p.subject = std::move(subject);
  p.roles = std::move(roles);
  p.department_id = std::move(department);
  return p;
}

// The columns of the hand table, in order.
const std::vector<Caller>& Callers() {
  static const auto* callers = new std::vector<Caller>{
      {"anon", std::nullopt},
      // Signed in, with a unit but no role: a refusal is for the missing role.
      {"reader", Person("zhao.liu", {}, kUnitA)},
      {"clerkOwn", Person("zhang.san", {Role::kClerk}, kUnitA)},
      {"clerkOther", Person("zhang.san", {Role::kClerk}, kUnitA), true},
      {"supervisor", Person("li.si", {Role::kSupervisor}, "jiyuan-sfj")},
      {"publisher", Person("wang.wu", {Role::kPublisher}, "jiyuan-zfb")},
      {"service", ServiceAccount("fazhi-cases")},
      {"admin", Person("root", {Role::kAdmin}, "")},
  };
  return *callers;
}

std::string FullMethod(absl::string_view service, absl::string_view method) {
  return absl::StrCat("/", service, "/", method);
}

std::optional<absl::StatusCode> ParseCode(absl::string_view code) {
  if (code == "ok") return absl::StatusCode::kOk;
  if (code == "unauth") return absl::StatusCode::kUnauthenticated;
  if (code == "denied") return absl::StatusCode::kPermissionDenied;
  return std::nullopt;
}

// The hand table's methods; a method listed twice fails the calling test.
std::set<std::string> HandMethods() {
  std::set<std::string> methods;
  for (const ServiceRows& service : HandTable()) {
    for (const Row& row : service.rows) {
      std::string method = FullMethod(service.service, row.method);
      EXPECT_TRUE(methods.insert(method).second) << method << " has two rows";
    }
  }
  return methods;
}

// Reports every method of one set missing from the other, both ways.
void ExpectSameMethods(const std::set<std::string>& hand, const std::set<std::string>& other,
                       absl::string_view other_name) {
  for (const std::string& method : other) {
    EXPECT_TRUE(hand.count(method))
        << method << " is in " << other_name
        << " but has no row in the hand table: add one with the verdicts it should give";
  }
  for (const std::string& method : hand) {
    EXPECT_TRUE(other.count(method))
        << method << " has a row in the hand table but is not in " << other_name;
  }
}

TEST(PolicyTableTest, HandTableNamesExactlyThePolicysMethods) {
  std::vector<std::string> listed = PolicyMethods();
  ExpectSameMethods(HandMethods(), std::set<std::string>(listed.begin(), listed.end()),
                    "auth::PolicyMethods()");
}

// Static libraries and --as-needed drop generated code nobody names, and with it the files'
// descriptors: name one message of each file to keep them.
void LinkServedProtos() {
  for (const Descriptor* d : {
           common::v1::AuditEntry::descriptor(),
           department::v1::Department::descriptor(),
           department::v1::PowerItem::descriptor(),
           department::v1::Officer::descriptor(),
           statistics::v1::Indicator::descriptor(),
           cases::v1::EnforcementCase::descriptor(),
           cases::v1::MajorCaseFiling::descriptor(),
           cases::v1::Reconsideration::descriptor(),
           cases::v1::SummarizeCasesRequest::descriptor(),
           reports::v1::Report::descriptor(),
           ::grpc::health::v1::HealthCheckRequest::descriptor(),
           ::grpc::reflection::v1alpha::ServerReflectionRequest::descriptor(),
       }) {
    ASSERT_NE(d, nullptr);
  }
}

void AddMethods(const ServiceDescriptor& service, std::set<std::string>* methods) {
  for (int i = 0; i < service.method_count(); ++i) {
    methods->insert(FullMethod(service.full_name(), service.method(i)->name()));
  }
}

TEST(PolicyTableTest, HandTableNamesEveryRpcOfEveryService) {
  LinkServedProtos();
  const DescriptorPool* pool = DescriptorPool::generated_pool();
  std::set<std::string> served;
  // Every proto file in the source tree, so that a new file is not missed; its descriptors must
  // then be linked in above.
  std::filesystem::path root = std::filesystem::path(FAZHI_SOURCE_DIR) / "proto";
  std::error_code error;
  int files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root / "fazhi", error)) {
    if (entry.path().extension() != ".proto") continue;
    std::string name = entry.path().lexically_relative(root).generic_string();
    ++files;
    const FileDescriptor* file = pool->FindFileByName(name);
    if (file == nullptr) {
      ADD_FAILURE() << name << " is not linked into this test: name one of its messages in "
                    << "LinkServedProtos() and link its proto library";
      continue;
    }
    for (int i = 0; i < file->service_count(); ++i) AddMethods(*file->service(i), &served);
  }
  ASSERT_FALSE(error) << root << ": " << error.message();
  ASSERT_GT(files, 0) << "no .proto files under " << root;
  // Every server also serves gRPC's own health checking and reflection.
  for (const char* name : {"grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection"}) {
    const ServiceDescriptor* service = pool->FindServiceByName(name);
    ASSERT_NE(service, nullptr) << name << " is not in the generated pool";
    AddMethods(*service, &served);
  }
  ExpectSameMethods(HandMethods(), served, "the services' descriptors");
}

TEST(PolicyTableTest, EveryCallerGetsTheHandTablesVerdict) {
  const std::vector<Caller>& callers = Callers();
  int checked = 0;
  for (const ServiceRows& service : HandTable()) {
    for (const Row& row : service.rows) {
      std::string method = FullMethod(service.service, row.method);
      const RpcPolicy* policy = FindPolicy(method);
      if (policy == nullptr) {
        ADD_FAILURE() << method << " has no policy";
        continue;
      }
      std::vector<std::string> codes = absl::StrSplit(row.verdicts, ' ', absl::SkipEmpty());
      if (codes.size() != callers.size()) {
        ADD_FAILURE() << method << ": " << codes.size() << " verdicts for " << callers.size()
                      << " callers";
        continue;
      }
      bool own_department = row.target[0] != '\0';
      for (size_t i = 0; i < callers.size(); ++i) {
        const Caller& caller = callers[i];
        std::optional<absl::StatusCode> want = ParseCode(codes[i]);
        if (!want) {
          ADD_FAILURE() << method << ": '" << codes[i] << "' is not ok, unauth or denied";
          continue;
        }
        // An own-department call is aimed at the caller's own unit (unit A when it has none),
        // so a refusal there is for the role; clerkOther aims at another unit.
        std::string target;
        if (own_department) {
          target = caller.other_unit ? kUnitB
                   : caller.principal && !caller.principal->department_id.empty()
                       ? caller.principal->department_id
                       : kUnitA;
        }
        absl::Status got = Authorize(method, *policy, caller.principal, target);
        EXPECT_EQ(got.code(), *want)
            << method << " as " << caller.name << " (target '" << target << "', policy "
            << AccessName(policy->access) << "): expected " << codes[i] << ", got " << got;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 0);
}

// Each service account reaches what its service calls and nothing else (issue 13: statistics reads
// units; cases reads units, validates officers and writes figures; reports reads relations,
// figures, completeness and validation, and locks the year it publishes; the scheduler runs the
// hand-over of case figures). Written from what each service's clients call, not from Grants().
TEST(PolicyTableTest, EachServiceAccountMakesOnlyTheCallsItsServiceMakes) {
  const std::vector<std::string> read_units = {
      "fazhi.department.v1.DepartmentService/GetDepartment",
      "fazhi.department.v1.DepartmentService/BatchGetDepartments",
      "fazhi.department.v1.DepartmentService/ListDepartments",
      "fazhi.department.v1.DepartmentService/ListDescendants"};
  auto plus = [&](std::vector<std::string> more) {
    more.insert(more.end(), read_units.begin(), read_units.end());
    return more;
  };
  const std::vector<std::pair<std::string, std::vector<std::string>>> accounts = {
      {"fazhi-statistics", read_units},
      {"fazhi-cases", plus({"fazhi.department.v1.OfficerService/ValidateOfficers",
                            "fazhi.statistics.v1.StatisticsService/SubmitDataPoints"})},
      {"fazhi-reports", plus({"fazhi.department.v1.DepartmentService/ListDepartmentRelations",
                              "fazhi.statistics.v1.StatisticsService/GetIndicator",
                              "fazhi.statistics.v1.StatisticsService/Aggregate",
                              "fazhi.statistics.v1.StatisticsService/GetCompleteness",
                              "fazhi.statistics.v1.StatisticsService/RunValidation",
                              "fazhi.statistics.v1.StatisticsService/ListPeriodLocks",
                              "fazhi.statistics.v1.StatisticsService/LockPeriod",
                              "fazhi.cases.v1.CaseFiguresService/SummarizeCases"})},
      {"fazhi-scheduler", {"fazhi.cases.v1.CaseFiguresService/SyncToStatistics"}},
      // An account nobody granted anything: public calls only.
      {"fazhi-unknown", {}},
  };
  int allowed = 0;
  for (const auto& [account, granted] : accounts) {
    std::optional<Principal> principal = ServiceAccount(account);
    for (const ServiceRows& service : HandTable()) {
      for (const Row& row : service.rows) {
        std::string method = FullMethod(service.service, row.method);
        const RpcPolicy* policy = FindPolicy(method);
        ASSERT_NE(policy, nullptr) << method;
        bool is_public = absl::StartsWith(row.verdicts, "ok");
        bool is_granted = std::count(granted.begin(), granted.end(),
                                     absl::StrCat(service.service, "/", row.method)) > 0;
        absl::Status got = Authorize(method, *policy, principal, "jiyuan-sthjj");
        EXPECT_EQ(got.ok(), is_public || is_granted)
            << account << " calling " << method << ": " << got;
        if (!got.ok()) EXPECT_EQ(got.code(), absl::StatusCode::kPermissionDenied) << got;
        allowed += is_granted && got.ok();
      }
    }
  }
  EXPECT_EQ(allowed, 4 + 6 + 12 + 1);
}

// A grant can only narrow what a service may do: every granted RPC exists, and is one the table
// opens to services (any principal, services, or supervisors and services), never an admin's,
// a supervisor's or a unit's own.
TEST(PolicyTableTest, ServiceGrantsNameOnlyRpcsOpenToServices) {
  for (const std::string& account : ServiceAccounts()) {
    for (const std::string& method : ServiceGrants(account)) {
      const RpcPolicy* policy = FindPolicy(method);
      ASSERT_NE(policy, nullptr) << account << " is granted " << method << ", which has no policy";
      EXPECT_TRUE(policy->access == Access::kRead || policy->access == Access::kService ||
                  policy->access == Access::kSupervisorOrService)
          << account << " is granted " << method << " (" << AccessName(policy->access) << ")";
    }
  }
  for (const std::string& method : PublisherRpcs()) {
    EXPECT_NE(FindPolicy(method), nullptr) << method;
  }
}

// A service account's token that also claims admin gets no more than its grants.
TEST(PolicyTableTest, AServiceAccountClaimingAdminIsStillHeldToItsGrants) {
  Principal p = ServiceAccount("fazhi-statistics");
  p.roles.insert(Role::kAdmin);
  const char* method = "/fazhi.department.v1.DepartmentService/CreateDepartment";
  EXPECT_EQ(Authorize(method, *FindPolicy(method), p, "").code(),
            absl::StatusCode::kPermissionDenied);
}

// The field path's last part is a singular string field of type, and every part before it a
// singular message field; "" when it is, else what is wrong.
std::string CheckStringPath(const Descriptor& type, absl::string_view path) {
  const Descriptor* current = &type;
  std::vector<std::string> parts = absl::StrSplit(path, '.');
  for (size_t i = 0; i < parts.size(); ++i) {
    const FieldDescriptor* field = current->FindFieldByName(parts[i]);
    if (field == nullptr) return absl::StrCat(current->full_name(), " has no field ", parts[i]);
    if (field->is_repeated()) return absl::StrCat(field->full_name(), " is repeated");
    bool last = i + 1 == parts.size();
    if (last && field->type() != FieldDescriptor::TYPE_STRING) {
      return absl::StrCat(field->full_name(), " is not a string");
    }
    if (!last) {
      if (field->type() != FieldDescriptor::TYPE_MESSAGE) {
        return absl::StrCat(field->full_name(), " is not a message");
      }
      current = field->message_type();
    }
  }
  return "";
}

// Own-department rules find their unit in the request. A misspelt department field denies
// every clerk; a misspelt record field is worse: the interceptor then treats the record as
// unknown and lets the clerk through for the handler to answer NOT_FOUND, while the handler
// reads the real field. So the hand table pins each target and its path must exist.
TEST(PolicyTableTest, OwnDepartmentRulesFindTheirUnitWhereTheHandTableSays) {
  LinkServedProtos();
  const DescriptorPool* pool = DescriptorPool::generated_pool();
  for (const ServiceRows& service : HandTable()) {
    for (const Row& row : service.rows) {
      std::string method = FullMethod(service.service, row.method);
      const RpcPolicy* policy = FindPolicy(method);
      if (policy == nullptr) continue;  // reported by the tests above
      absl::string_view target = row.target;
      if (target.empty()) {
        EXPECT_NE(AccessName(policy->access), AccessName(Access::kOwnDepartment))
            << method << " is own-department in the policy but not in the hand table";
        EXPECT_EQ(policy->target.department_field, "") << method;
        EXPECT_EQ(policy->target.record_field, "") << method;
        continue;
      }
      EXPECT_EQ(AccessName(policy->access), AccessName(Access::kOwnDepartment))
          << method << " is own-department in the hand table";
      std::vector<std::string> parts = absl::StrSplit(target, " of ");
      ASSERT_LE(parts.size(), 2u) << method << ": bad target '" << target << "'";
      std::string department_field = parts.size() == 1 ? parts[0] : "";
      std::string record_field = parts.size() == 2 ? parts[0] : "";
      std::string record_kind = parts.size() == 2 ? parts[1] : "";
      EXPECT_EQ(policy->target.department_field, department_field) << method;
      EXPECT_EQ(policy->target.record_field, record_field) << method;
      EXPECT_EQ(policy->target.record_kind, record_kind) << method;
      const MethodDescriptor* rpc =
          pool->FindMethodByName(absl::StrCat(service.service, ".", row.method));
      ASSERT_NE(rpc, nullptr) << method;
      EXPECT_EQ(CheckStringPath(*rpc->input_type(), parts[0]), "") << method;
    }
  }
}

}  // namespace
}  // namespace fazhi::auth
