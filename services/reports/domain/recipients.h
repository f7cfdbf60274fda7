#ifndef FAZHI_SERVICES_REPORTS_DOMAIN_RECIPIENTS_H_
#define FAZHI_SERVICES_REPORTS_DOMAIN_RECIPIENTS_H_

// Who owes an annual report and to whom it goes (法治政府建设与责任落实督察工作规定 Art. 24;
// 示范指标 97): a city or county government reports to 同级党委 and 人大常委会 and to the Party
// committee and government one level up; a government department to 本级党委和政府 and to the
// matching department one level up. Pure rules: the caller looks the registry facts up.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/reports/domain/report.h"

namespace fazhi::reports {

// The registry kinds the rule tells apart; the caller maps fazhi.department.v1.DepartmentKind
// (towns, subdistricts, party committees and the rest are kOther).
enum class UnitKind { kGovernment = 1, kGovernmentDepartment = 2, kVerticalAgency = 3, kOther = 4 };

// A unit as the registry named it on the report's date.
struct UnitRef {
  std::string id;
  std::string name;
  // 省委, 市人大常委会; the name is used when empty.
  std::string short_name;
};

struct ReportingUnit {
  std::string id;
  std::string name;
  std::string short_name;
  UnitKind kind = UnitKind::kOther;
};

// The registry facts as of the report's date; each is absent when the registry has none.
struct RegistryFacts {
  // A government's: its relations PARTY_COMMITTEE and CONGRESS_STANDING_COMMITTEE, its relation
  // SUPERIOR and that superior government's PARTY_COMMITTEE.
  std::optional<UnitRef> party_committee;
  std::optional<UnitRef> congress_standing_committee;
  std::optional<UnitRef> superior_government;
  std::optional<UnitRef> superior_party_committee;
  // A department's: the government it belongs to (its parent), that government's relation
  // PARTY_COMMITTEE, and the department's relation SUPERIOR.
  std::optional<UnitRef> government;
  std::optional<UnitRef> government_party_committee;
  std::optional<UnitRef> superior_counterpart;
};

// Whether a unit owes an annual report: every government (kind government is city or county
// level or above; towns are a kind of their own) and every government department that is a
// law-enforcement body.
bool OwesReport(UnitKind kind, bool law_enforcement_body);

// The report kind of a unit, or FAILED_PRECONDITION for a kind the regulation names no
// recipients for.
absl::StatusOr<ReportKind> ReportKindFor(const ReportingUnit& unit);

// The recipients the regulation requires, in the order the report addresses them: higher level
// first, then own level. A government: 上一级党委, 上一级政府, 同级党委, 同级人大常委会; a
// department: 上一级有关部门, 本级党委, 本级政府. FAILED_PRECONDITION naming every fact the
// registry lacks and how to set it, e.g. "济源市司法局 has no superior counterpart in the registry
// (relation SUPERIOR); set it with DepartmentService.SetDepartmentRelation".
absl::StatusOr<std::vector<Recipient>> RequiredRecipients(const ReportingUnit& unit,
                                                          const RegistryFacts& facts);

// A clerk may add recipients but never drop one the regulation requires: FAILED_PRECONDITION
// naming the first required recipient of `before` that `after` lacks (matched by unit id), and
// INVALID_ARGUMENT naming a unit listed twice in `after`.
absl::Status CheckRecipientsKept(const std::vector<Recipient>& before,
                                 const std::vector<Recipient>& after);

// The addressee line (主送机关): short names joined by 、 and closed by a colon, e.g.
// "省委、省人民政府、市委、市人大常委会:". The colon is ASCII because the seed report prints it so.
std::string AddresseeLine(const std::vector<Recipient>& recipients);

}  // namespace fazhi::reports

#endif  // FAZHI_SERVICES_REPORTS_DOMAIN_RECIPIENTS_H_
