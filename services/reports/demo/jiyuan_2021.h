#ifndef FAZHI_SERVICES_REPORTS_DEMO_JIYUAN_2021_H_
#define FAZHI_SERVICES_REPORTS_DEMO_JIYUAN_2021_H_

// The seed report (济源市人民政府关于2021年度法治政府建设情况的报告) written through the public
// API: started from the henan-city-2021 template, its prose (jiyuan_2021_sections.tsv, figures
// as placeholders) saved section by section, then reviewed, its three slips acknowledged,
// approved, sent on 2022-03-28 and published on 2022-03-30 — as it really was.

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "fazhi/reports/v1/reports.grpc.pb.h"

namespace fazhi::reports::demo {

inline constexpr char kTemplateId[] = "henan-city-2021";
inline constexpr char kUnit[] = "jiyuan";
inline constexpr int kYear = 2021;

// The sections file: "key<TAB>text" per line, paragraphs separated by the two characters \n.
absl::StatusOr<std::vector<std::pair<std::string, std::string>>> ReadSections(
    const std::string& path);

// Creates the report (or finds it by its request id) and saves every section whose text differs.
absl::StatusOr<v1::Report> WriteReport(v1::ReportService::Stub& stub, const std::string& path);

// Takes a written report through review, acknowledgement of every violation the check finds
// (with the reason the demo gives), approval, submission on 2022-03-28 and publication on
// 2022-03-30. Steps already taken are skipped, so it runs again harmlessly.
absl::StatusOr<v1::Report> PublishReport(v1::ReportService::Stub& stub, v1::Report report);

}  // namespace fazhi::reports::demo

#endif  // FAZHI_SERVICES_REPORTS_DEMO_JIYUAN_2021_H_
