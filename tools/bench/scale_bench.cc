// fazhi-scale-bench: times the read side of fazhi over gRPC with a valid token, on whatever the
// services hold (tools/bench/scale.sh loads N cases and N points first): SummarizeCases for a
// year over the whole tree, Aggregate of a year's monthly counts over the tree, PreviewReport of
// the demo annual report (rendered from live figures), each the median of repeated calls, and
// ListCases with filters (subtree + stage + year, pages of 50 followed by their tokens), p99; and
// the anonymous public feed over the same tree and year (ListPublicDecisions), p99, for the growth
// table of target 1's second call (its first page is cached by the service, the pages after it
// are not).
// Every call must succeed: a failed call ends the run with its status, it is never timed.
// Prints bench_row lines (tools/bench/lib.sh) for the table of scripts/bench.

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "common/config/config.h"
#include "common/grpc/client.h"
#include "fazhi/cases/v1/enforcement.grpc.pb.h"
#include "fazhi/cases/v1/figures.grpc.pb.h"
#include "fazhi/reports/v1/reports.grpc.pb.h"
#include "fazhi/statistics/v1/statistics.grpc.pb.h"
#include "services/statistics/domain/indicator.h"
#include "tools/load/load.h"

ABSL_FLAG(std::string, cases_address, "", "Cases service host:port");
ABSL_FLAG(std::string, statistics_address, "", "Statistics service host:port");
ABSL_FLAG(std::string, reports_address, "", "Reports service host:port");
ABSL_FLAG(std::string, token, "", "Bearer token of an admin (or set FAZHI_TOKEN)");
ABSL_FLAG(std::string, root, "jiyuan", "The unit whose whole tree is queried");
ABSL_FLAG(int, year, 2021, "The year summarised, aggregated and reported");
ABSL_FLAG(int, repeats, 7, "Timed calls per median figure (after one untimed warm-up)");
ABSL_FLAG(int, list_calls, 200,
          "Timed pages per listing (ListCases, ListPublicDecisions) for the p99");
ABSL_FLAG(std::string, label, "", "Appended to each figure's name, e.g. the row count");
ABSL_FLAG(std::string, goal_median, "-", "Goal of the median figures (e.g. ours<=1000)");
ABSL_FLAG(std::string, goal_p99, "-", "Goal of the ListCases p99 (e.g. ours<=20)");
ABSL_FLAG(std::string, check_case_id, "", "A generated case that must read back by GetCase");

namespace fazhi::bench {
namespace {

namespace cpb = ::fazhi::cases::v1;
namespace spb = ::fazhi::statistics::v1;
namespace rpb = ::fazhi::reports::v1;

double Ms(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

[[noreturn]] void Fail(absl::string_view what, const grpc::Status& s) {
  std::fprintf(stderr, "%s failed: %d %s\n", std::string(what).c_str(),
               static_cast<int>(s.error_code()), s.error_message().c_str());
  std::exit(1);
}

// One call's time in ms; exits on a non-OK status.
double Time(absl::string_view what, const std::function<grpc::Status(grpc::ClientContext*)>& call) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
  auto start = std::chrono::steady_clock::now();
  grpc::Status s = call(&context);
  double ms = Ms(start);
  if (!s.ok()) Fail(what, s);
  return ms;
}

// The nearest-rank quantile fazhi-load reports (load::Percentile), so both mean the same by p99.
double Quantile(const std::vector<double>& ms, double q) {
  std::vector<int64_t> ns;
  for (double m : ms) ns.push_back(std::llround(m * 1e6));
  std::sort(ns.begin(), ns.end());
  return static_cast<double>(load::Percentile(ns, q)) / 1e6;
}

double Median(absl::string_view what,
              const std::function<grpc::Status(grpc::ClientContext*)>& call) {
  Time(what, call);  // warm-up: caches and connections, not timed
  std::vector<double> times;
  for (int i = 0; i < std::max(1, absl::GetFlag(FLAGS_repeats)); ++i) {
    times.push_back(Time(what, call));
  }
  return Quantile(times, 0.5);
}

void Row(absl::string_view what, double ms, absl::string_view goal,
         absl::string_view target = "4") {
  std::string label = absl::GetFlag(FLAGS_label);
  std::printf("ROW\t%s\t%s%s\t%.2f\t-\tms\t%s\n", std::string(target).c_str(),
              std::string(what).c_str(), label.empty() ? "" : absl::StrCat(", ", label).c_str(), ms,
              std::string(goal).c_str());
  std::fflush(stdout);
}

int RowsOf(const cpb::ListCasesResponse& page) { return page.cases_size(); }
int RowsOf(const cpb::ListPublicDecisionsResponse& page) { return page.decisions_size(); }

// --list_calls pages of 50 of request, each page's token followed, back to the first page when
// the listing ends, after one untimed first page: each call's ms; adds the rows listed.
template <typename Response, typename Request, typename Call>
std::vector<double> FollowPages(absl::string_view what, Request request, const Call& call,
                                int64_t* listed) {
  request.mutable_page()->set_page_size(50);
  Time(what, [&](grpc::ClientContext* context) {
    Response response;
    return call(context, request, &response);
  });
  std::vector<double> ms;
  for (int i = 0; i < std::max(1, absl::GetFlag(FLAGS_list_calls)); ++i) {
    Response response;
    ms.push_back(Time(
        what, [&](grpc::ClientContext* context) { return call(context, request, &response); }));
    *listed += RowsOf(response);
    request.mutable_page()->set_page_token(response.page().next_page_token());
  }
  return ms;
}

std::shared_ptr<grpc::Channel> Channel(const std::string& address, bool anonymous = false) {
  auto channel = grpc_util::MakeChannel(address, {}, anonymous ? "" : absl::GetFlag(FLAGS_token));
  if (!channel->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(30))) {
    std::fprintf(stderr, "%s did not answer\n", address.c_str());
    std::exit(1);
  }
  return channel;
}

int Main() {
  const std::string root = absl::GetFlag(FLAGS_root);
  const int year = absl::GetFlag(FLAGS_year);
  auto enforcement =
      cpb::EnforcementCaseService::NewStub(Channel(absl::GetFlag(FLAGS_cases_address)));
  auto figures = cpb::CaseFiguresService::NewStub(Channel(absl::GetFlag(FLAGS_cases_address)));
  auto statistics =
      spb::StatisticsService::NewStub(Channel(absl::GetFlag(FLAGS_statistics_address)));
  auto reports = rpb::ReportService::NewStub(Channel(absl::GetFlag(FLAGS_reports_address)));

  // The generated rows read back through the API.
  if (std::string id = absl::GetFlag(FLAGS_check_case_id); !id.empty()) {
    cpb::GetCaseRequest request;
    request.set_id(id);
    cpb::EnforcementCase c;
    Time("GetCase of a generated case",
         [&](grpc::ClientContext* context) { return enforcement->GetCase(context, request, &c); });
    if (c.id() != id) {
      std::fprintf(stderr, "GetCase returned %s for %s\n", c.id().c_str(), id.c_str());
      return 1;
    }
  }

  // Each figure is printed as soon as it is measured, so a later failure keeps it.
  const std::string goal = absl::GetFlag(FLAGS_goal_median);
  cpb::SummarizeCasesRequest summarize;
  summarize.set_year(year);
  summarize.set_department_id(root);
  summarize.set_include_descendants(true);
  cpb::SummarizeCasesResponse summary;
  double summarize_ms = Median("SummarizeCases", [&](grpc::ClientContext* context) {
    return figures->SummarizeCases(context, summarize, &summary);
  });
  if (summary.summaries_size() != 1) {
    std::fprintf(stderr, "SummarizeCases: %d summaries, expected the one total\n",
                 summary.summaries_size());
    return 1;
  }
  std::fprintf(stderr, "SummarizeCases %d: %lld cases filed, %lld decisions\n", year,
               static_cast<long long>(summary.summaries(0).cases_filed()),
               static_cast<long long>(summary.summaries(0).decisions()));
  Row(absl::StrCat("SummarizeCases ", year, ", whole tree, median"), summarize_ms, goal);

  spb::AggregateRequest aggregate;
  for (const std::string& code : statistics::ShippedIndicatorCodes(statistics::ValueType::kCount,
                                                                   time_util::PeriodType::kMonth)) {
    if (aggregate.indicator_codes_size() == 100) break;  // AggregateRequest's limit
    aggregate.add_indicator_codes(code);
  }
  aggregate.set_department_id(root);
  aggregate.set_include_descendants(true);
  aggregate.mutable_start()->set_type(common::v1::PERIOD_TYPE_MONTH);
  aggregate.mutable_start()->set_year(year);
  aggregate.mutable_start()->set_index(1);
  aggregate.mutable_end()->set_type(common::v1::PERIOD_TYPE_MONTH);
  aggregate.mutable_end()->set_year(year);
  aggregate.mutable_end()->set_index(12);
  spb::AggregateResponse aggregated;
  double aggregate_ms = Median("Aggregate", [&](grpc::ClientContext* context) {
    return statistics->Aggregate(context, aggregate, &aggregated);
  });
  int64_t points = 0;
  for (const auto& v : aggregated.values()) points += v.point_count();
  std::fprintf(stderr, "Aggregate %d: %d values of %lld points\n", year, aggregated.values_size(),
               static_cast<long long>(points));
  Row(absl::StrCat("Aggregate ", year, " months, whole tree, median"), aggregate_ms, goal);

  rpb::ListReportsRequest list_reports;
  list_reports.set_year(year);
  list_reports.set_department_id(root);
  rpb::ListReportsResponse found;
  Time("ListReports", [&](grpc::ClientContext* context) {
    return reports->ListReports(context, list_reports, &found);
  });
  if (found.reports_size() == 0) {
    std::fprintf(stderr, "no %d report of %s to render\n", year, root.c_str());
    return 1;
  }
  rpb::PreviewReportRequest preview;
  preview.set_report_id(found.reports(0).id());
  preview.set_format(rpb::RENDER_FORMAT_TEXT);
  rpb::RenderedReport rendered;
  double preview_ms = Median("PreviewReport", [&](grpc::ClientContext* context) {
    return reports->PreviewReport(context, preview, &rendered);
  });
  std::fprintf(stderr, "PreviewReport: %zu bytes, %d figures\n", rendered.content().size(),
               rendered.figures_size());
  Row(absl::StrCat("PreviewReport ", year, " annual report, median"), preview_ms, goal);

  // Pages of decided cases filed in the year after, over the tree.
  cpb::ListCasesRequest list;
  list.set_department_id(root);
  list.set_include_descendants(true);
  list.set_stage(cpb::CASE_STAGE_DECIDED);
  list.set_year(year + 1);
  int64_t listed = 0;
  std::vector<double> list_ms = FollowPages<cpb::ListCasesResponse>(
      "ListCases", list,
      [&](grpc::ClientContext* context, const cpb::ListCasesRequest& request,
          cpb::ListCasesResponse* response) {
        return enforcement->ListCases(context, request, response);
      },
      &listed);
  std::fprintf(stderr, "ListCases: %lld cases in %zu pages\n", static_cast<long long>(listed),
               list_ms.size());
  Row("ListCases subtree+stage+year, page 50, p99", Quantile(list_ms, 0.99),
      absl::GetFlag(FLAGS_goal_p99));

  // The public feed of the same tree and year, without a token, as the public reads it.
  auto feed = cpb::EnforcementCaseService::NewStub(
      Channel(absl::GetFlag(FLAGS_cases_address), /*anonymous=*/true));
  cpb::ListPublicDecisionsRequest decisions;
  decisions.set_department_id(root);
  decisions.set_year(year + 1);
  int64_t published = 0;
  std::vector<double> feed_ms = FollowPages<cpb::ListPublicDecisionsResponse>(
      "ListPublicDecisions", decisions,
      [&](grpc::ClientContext* context, const cpb::ListPublicDecisionsRequest& request,
          cpb::ListPublicDecisionsResponse* response) {
        return feed->ListPublicDecisions(context, request, response);
      },
      &published);
  std::fprintf(stderr, "ListPublicDecisions: %lld decisions in %zu pages\n",
               static_cast<long long>(published), feed_ms.size());
  Row("ListPublicDecisions subtree+year, page 50, anonymous, p99", Quantile(feed_ms, 0.99), "-",
      /*target=*/"6");

  return 0;
}

}  // namespace
}  // namespace fazhi::bench

int main(int argc, char** argv) {
  fazhi::config::Init(argc, argv, "Times fazhi's large-table reads over gRPC.");
  return fazhi::bench::Main();
}
