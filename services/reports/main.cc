// fazhi-reports: the annual 法治政府建设情况报告, written from live figures, checked, approved,
// submitted, published as immutable versions, and its deadlines watched.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/directory/department_flags.h"
#include "common/grpc/peer_flags.h"
#include "common/grpc/server.h"
#include "common/log/log.h"
#include "google/protobuf/util/json_util.h"
#include "services/reports/api/compliance_metrics.h"
#include "services/reports/api/report_convert.h"
#include "services/reports/api/report_service.h"
#include "services/reports/clients/department_registry.h"
#include "services/reports/clients/figure_client.h"
#include "services/reports/store/report_store.h"

ABSL_FLAG(std::string, templates_dir, "services/reports/templates",
          "Directory of shipped report templates (*.json, fazhi.reports.v1.Template), installed "
          "at start-up when missing");
ABSL_FLAG(std::string, compliance_units, "",
          "Comma-separated unit ids whose subtrees' report deadlines are exported as metrics");
ABSL_FLAG(int, compliance_refresh_seconds, 60, "How often the compliance metrics are refreshed");

namespace {

using namespace fazhi;

// Installs every template file of the directory that is not installed yet. A file that does not
// parse or breaks the template rules stops the start: a broken shipped template is a bug.
absl::Status InstallTemplates(reports::ReportsApp& app, const std::string& dir) {
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) {
    return absl::NotFoundError(absl::StrCat("--templates_dir: no directory ", dir));
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  app::Caller caller;
  caller.audit.actor = "fazhi-reports";
  caller.audit.rpc = "startup";
  caller.now = absl::Now();
  for (const auto& path : files) {
    std::ifstream in(path);
    std::stringstream content;
    content << in.rdbuf();
    reports::v1::Template proto;
    google::protobuf::util::JsonParseOptions options;
    auto parsed = google::protobuf::util::JsonStringToMessage(content.str(), &proto, options);
    if (!parsed.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path.string(), ": not a template: ", parsed.message().as_string()));
    }
    absl::StatusOr<reports::Template> t = reports::TemplateFromProto(proto);
    if (!t.ok())
      return absl::InvalidArgumentError(absl::StrCat(path.string(), ": ", t.status().message()));
    absl::StatusOr<bool> added = app.EnsureTemplate(caller, *t);
    if (!added.ok()) {
      return absl::Status(added.status().code(),
                          absl::StrCat(path.string(), ": ", added.status().message()));
    }
    if (*added) log::Info("report template installed", {{"template", t->id}});
  }
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  std::unique_ptr<reports::ReportStore> store;
  std::unique_ptr<reports::DepartmentRegistry> units;
  std::unique_ptr<reports::FigureClient> figures;
  std::unique_ptr<reports::ReportsApp> app;
  std::unique_ptr<reports::ComplianceMetrics> compliance;
  grpc_util::ServiceSpec spec{"reports",
                              50054,
                              9454,
                              &reports::Migrations(),
                              {reports::v1::ReportService::service_full_name()}};
  return grpc_util::RunService(argc, argv, spec, [&](grpc_util::ServiceRuntime& runtime) {
    store = std::make_unique<reports::ReportStore>(runtime.database);
    units = std::make_unique<reports::DepartmentRegistry>(
        directory::DepartmentDirectoryOptionsFromFlags());
    grpc_util::PeerOptions statistics_peer = grpc_util::StatisticsPeerFromFlags();
    reports::StatisticsClientOptions statistics;
    statistics.address = statistics_peer.address;
    statistics.token_file = statistics_peer.token_file;
    statistics.tls = statistics_peer.tls;
    grpc_util::PeerOptions cases_peer = grpc_util::CasesPeerFromFlags();
    reports::CasesClientOptions cases;
    cases.address = cases_peer.address;
    cases.token_file = cases_peer.token_file;
    cases.tls = cases_peer.tls;
    figures = std::make_unique<reports::FigureClient>(statistics, cases);
    app = std::make_unique<reports::ReportsApp>(
        reports::ReportsDeps{store.get(), units.get(), figures.get(), nullptr});
    if (absl::Status s = InstallTemplates(*app, absl::GetFlag(FLAGS_templates_dir)); !s.ok()) {
      log::Error("cannot install the shipped report templates", {{"error", s.message()}});
      std::exit(1);
    }
    if (runtime.metrics != nullptr) {
      std::vector<std::string> watched =
          absl::StrSplit(absl::GetFlag(FLAGS_compliance_units), ',', absl::SkipWhitespace());
      compliance = std::make_unique<reports::ComplianceMetrics>(
          *runtime.metrics->registry(), app.get(), watched,
          absl::Seconds(absl::GetFlag(FLAGS_compliance_refresh_seconds)));
    }
    // The compliance refresh reads the database and sets gauges in the registry, both gone
    // when RunService returns: stop it first (it crashed the process on SIGTERM).
    runtime.on_shutdown = [&] { compliance.reset(); };
    // Own-department rules that name a report are judged by the report's unit.
    runtime.record_resolver = [&](absl::string_view kind,
                                  absl::string_view id) -> absl::StatusOr<std::string> {
      if (kind != "report") {
        return absl::InternalError(absl::StrCat("no resolver for records of kind ", kind));
      }
      absl::StatusOr<std::optional<reports::Report>> r = store->GetReport(id);
      if (!r.ok()) return r.status();
      if (!r->has_value()) return absl::NotFoundError("no such report");
      return (*r)->department_id;
    };
    std::vector<std::unique_ptr<grpc::Service>> services;
    services.push_back(std::make_unique<reports::ReportServiceImpl>(runtime.calls, app.get(),
                                                                    runtime.page_tokens));
    return services;
  });
}
