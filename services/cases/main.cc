// fazhi-cases: law-enforcement cases with their legal life cycle and deadlines, the public
// disclosure feed, supervision, reconsideration and litigation records, and case figures.

#include <cstdlib>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "common/directory/department_directory.h"
#include "common/directory/department_flags.h"
#include "common/grpc/peer_flags.h"
#include "common/grpc/server.h"
#include "common/log/log.h"
#include "common/time/working_days.h"
#include "services/cases/api/enforcement_service.h"
#include "services/cases/api/figures_service.h"
#include "services/cases/api/litigation_service.h"
#include "services/cases/api/overdue_metrics.h"
#include "services/cases/api/reconsideration_service.h"
#include "services/cases/api/supervision_service.h"
#include "services/cases/app/case_queries.h"
#include "services/cases/app/reconsideration.h"
#include "services/cases/clients/officer_checker.h"
#include "services/cases/clients/statistics_client.h"
#include "services/cases/domain/hearing.h"
#include "services/cases/store/case_facts_store.h"
#include "services/cases/store/case_file_review_store.h"
#include "services/cases/store/cases_store.h"
#include "services/cases/store/complaint_store.h"
#include "services/cases/store/figures_store.h"
#include "services/cases/store/lawsuit_store.h"
#include "services/cases/store/major_case_filing_store.h"
#include "services/cases/store/reconsideration_store.h"

ABSL_FLAG(std::string, calendar_dir, "deploy/calendars",
          "Directory of the official working-day calendars (cn-YYYY.txt), for deadlines in "
          "working days and periods ending on a holiday; a due date in a year without a file is "
          "kept pending and counted at the next start that has it");

namespace {

// Due dates recorded while their year had no calendar are counted now, if this start brought the
// year's file (the State Council publishes it in December). A failure leaves them pending, to be
// tried again at the next start; the service runs either way.
void ResolvePendingDueDates(fazhi::cases::CasesStore& cases,
                            fazhi::cases::ReconsiderationStore& reconsiderations,
                            const fazhi::time_util::WorkingDayCalendar& calendar) {
  using namespace fazhi;
  audit::AuditContext audit;
  audit.actor = "system";
  audit.rpc = "startup/ResolvePendingDueDates";
  absl::StatusOr<int> case_dates = cases::ResolvePendingCaseDueDates(cases, calendar, audit);
  absl::StatusOr<int> reconsideration_dates =
      cases::ResolvePendingReconsiderationDueDates(reconsiderations, calendar, audit);
  if (!case_dates.ok() || !reconsideration_dates.ok()) {
    log::Error("pending due dates not resolved; they stay pending until the next start",
               {{"error", !case_dates.ok() ? case_dates.status().message()
                                           : reconsideration_dates.status().message()}});
    return;
  }
  if (*case_dates + *reconsideration_dates > 0) {
    log::Info("pending due dates resolved with the loaded calendar",
              {{"enforcement_cases", absl::StrCat(*case_dates)},
               {"reconsiderations", absl::StrCat(*reconsideration_dates)}});
  }
}

}  // namespace

// The 较大数额 of 行政处罚法 Art. 63 that gives the party a right to a hearing: set by provincial
// or departmental rules, so it varies by deployment (services/cases/domain/hearing.h). The defaults
// are 市场监督管理行政处罚听证办法 (2021) Art. 5: ¥10,000 for a person, ¥100,000 for an
// organisation.
ABSL_FLAG(int64_t, hearing_fine_threshold_person_fen,
          fazhi::cases::kDefaultHearingThresholdPersonFen,
          "A fine (or confiscation) of at least this many fen gives a person the right to a "
          "hearing (行政处罚法 Art. 63 较大数额; the province's or department's standard)");
ABSL_FLAG(int64_t, hearing_fine_threshold_organisation_fen,
          fazhi::cases::kDefaultHearingThresholdOrganisationFen,
          "A fine (or confiscation) of at least this many fen gives an organisation the right to a "
          "hearing (行政处罚法 Art. 63 较大数额; the province's or department's standard)");

ABSL_FLAG(int, public_feed_cache_ms, 2000,
          "How long a page of the public disclosure feed (ListPublicDecisions) may be served "
          "again without reading the database: a write in this process refreshes it at once, a "
          "write on another replica shows within this long; 0 reads every time");

ABSL_FLAG(int, overdue_metrics_refresh_seconds, 60,
          "How often the gauge of cases past their statutory deadlines (fazhi_cases_overdue) is "
          "counted again from the database");

namespace {
// Pages kept at once: the first pages of every unit's and year's feed, a few MB.
constexpr size_t kPublicFeedCachePages = 1000;
}  // namespace

int main(int argc, char** argv) {
  using namespace fazhi;
  std::unique_ptr<cases::PublicFeedCache> public_feed;
  std::unique_ptr<cases::CasesStore> store;
  std::unique_ptr<cases::CaseFactsStore> case_facts;
  std::unique_ptr<cases::MajorCaseFilingStore> filings;
  std::unique_ptr<cases::CaseFileReviewStore> file_reviews;
  std::unique_ptr<cases::ComplaintStore> complaints;
  std::unique_ptr<cases::ReconsiderationStore> reconsiderations;
  std::unique_ptr<cases::LawsuitStore> lawsuits;
  std::unique_ptr<directory::DepartmentDirectory> units;
  std::unique_ptr<cases::DepartmentOfficerChecker> officers;
  std::unique_ptr<time_util::WorkingDayCalendar> calendar;
  std::unique_ptr<cases::FiguresStore> figures_store;
  // Over the read replica (--database_read_url), for summaries that may lag; none without one.
  std::unique_ptr<cases::FiguresStore> replica_figures;
  std::unique_ptr<cases::StatisticsClient> statistics;
  std::unique_ptr<cases::OverdueMetrics> overdue_metrics;
  grpc_util::ServiceSpec spec{"cases",
                              50053,
                              9453,
                              &cases::Migrations(),
                              {cases::v1::EnforcementCaseService::service_full_name(),
                               cases::v1::SupervisionService::service_full_name(),
                               cases::v1::ReconsiderationService::service_full_name(),
                               cases::v1::LitigationService::service_full_name(),
                               cases::v1::CaseFiguresService::service_full_name()}};
  return grpc_util::RunService(argc, argv, spec, [&](grpc_util::ServiceRuntime& runtime) {
    // Disclosure deadlines are counted in working days; a year without its calendar would make
    // every such deadline a guess, so the service does not start without them.
    absl::StatusOr<time_util::WorkingDayCalendar> loaded =
        time_util::WorkingDayCalendar::LoadDirectory(absl::GetFlag(FLAGS_calendar_dir));
    if (!loaded.ok()) {
      log::Error("cannot load the working-day calendars",
                 {{"calendar_dir", absl::GetFlag(FLAGS_calendar_dir)},
                  {"error", loaded.status().message()}});
      std::exit(1);
    }
    calendar = std::make_unique<time_util::WorkingDayCalendar>(*std::move(loaded));
    cases::HearingThresholds hearing_thresholds{
        absl::GetFlag(FLAGS_hearing_fine_threshold_person_fen),
        absl::GetFlag(FLAGS_hearing_fine_threshold_organisation_fen)};
    if (absl::Status s = cases::CheckHearingThresholds(hearing_thresholds); !s.ok()) {
      log::Error("invalid hearing thresholds", {{"error", s.message()}});
      std::exit(1);
    }
    if (absl::GetFlag(FLAGS_public_feed_cache_ms) < 0) {
      log::Error("--public_feed_cache_ms (FAZHI_PUBLIC_FEED_CACHE_MS) must not be negative");
      std::exit(1);
    }
    public_feed = std::make_unique<cases::PublicFeedCache>(
        absl::Milliseconds(absl::GetFlag(FLAGS_public_feed_cache_ms)), kPublicFeedCachePages);
    store = std::make_unique<cases::CasesStore>(
        runtime.database, [cache = public_feed.get()] { cache->Invalidate(); });
    directory::DepartmentDirectoryOptions department =
        directory::DepartmentDirectoryOptionsFromFlags();
    // One connection to the department service for the unit registry and the officer checks.
    std::shared_ptr<grpc::Channel> department_channel = directory::DepartmentChannel(department);
    units = std::make_unique<directory::DepartmentDirectory>(department, department_channel);
    officers = std::make_unique<cases::DepartmentOfficerChecker>(department, department_channel);
    std::vector<std::unique_ptr<grpc::Service>> services;
    services.push_back(std::make_unique<cases::EnforcementCaseServiceImpl>(
        runtime.calls, store.get(), units.get(), officers.get(), calendar.get(), hearing_thresholds,
        runtime.page_tokens, public_feed.get()));
    case_facts = std::make_unique<cases::CaseFactsStore>(runtime.database);
    filings = std::make_unique<cases::MajorCaseFilingStore>(runtime.database);
    file_reviews = std::make_unique<cases::CaseFileReviewStore>(runtime.database);
    complaints = std::make_unique<cases::ComplaintStore>(runtime.database);
    reconsiderations = std::make_unique<cases::ReconsiderationStore>(runtime.database);
    lawsuits = std::make_unique<cases::LawsuitStore>(runtime.database);
    services.push_back(std::make_unique<cases::SupervisionServiceImpl>(
        runtime.calls, case_facts.get(), filings.get(), file_reviews.get(), complaints.get(),
        units.get(), runtime.page_tokens));
    services.push_back(std::make_unique<cases::ReconsiderationServiceImpl>(
        runtime.calls, case_facts.get(), reconsiderations.get(), units.get(), calendar.get(),
        runtime.page_tokens));
    services.push_back(std::make_unique<cases::LitigationServiceImpl>(
        runtime.calls, case_facts.get(), reconsiderations.get(), lawsuits.get(), units.get(),
        runtime.page_tokens));
    ResolvePendingDueDates(*store, *reconsiderations, *calendar);
    if (absl::GetFlag(FLAGS_overdue_metrics_refresh_seconds) < 1) {
      log::Error(
          "--overdue_metrics_refresh_seconds (FAZHI_OVERDUE_METRICS_REFRESH_SECONDS) must "
          "be at least 1");
      std::exit(1);
    }
    if (runtime.metrics != nullptr) {
      overdue_metrics = std::make_unique<cases::OverdueMetrics>(
          *runtime.metrics->registry(), store.get(),
          absl::Seconds(absl::GetFlag(FLAGS_overdue_metrics_refresh_seconds)));
    }
    // The refresh reads the database and sets a gauge in the registry, both gone when
    // RunService returns: stop it first.
    runtime.on_shutdown = [&] { overdue_metrics.reset(); };
    figures_store = std::make_unique<cases::FiguresStore>(runtime.database);
    // SyncToStatistics writes the case figures into the statistics service (--statistics_*).
    grpc_util::PeerOptions peer = grpc_util::StatisticsPeerFromFlags();
    cases::StatisticsClientOptions statistics_options;
    statistics_options.address = peer.address;
    statistics_options.token_file = peer.token_file;
    statistics_options.tls = peer.tls;
    statistics = std::make_unique<cases::StatisticsClient>(statistics_options);
    auto figures_service = std::make_unique<cases::CaseFiguresServiceImpl>(
        runtime.calls, figures_store.get(), units.get(), statistics.get());
    if (runtime.reads != runtime.database) {
      replica_figures = std::make_unique<cases::FiguresStore>(runtime.reads);
      figures_service->set_replica(replica_figures.get());
    }
    services.push_back(std::move(figures_service));
    // Own-department rules that name a case are judged by the case's department.
    runtime.record_resolver = [&](absl::string_view kind,
                                  absl::string_view id) -> absl::StatusOr<std::string> {
      if (kind == "enforcement_case") {
        absl::StatusOr<std::optional<std::string>> department = store->CaseDepartment(id);
        if (!department.ok()) return department.status();
        if (!department->has_value()) return absl::NotFoundError("no such enforcement case");
        return **department;
      }
      return absl::InternalError(absl::StrCat("no resolver for records of kind ", kind));
    };
    return services;
  });
}
