// The named rules of common/auth/policy.h that handlers apply themselves, checked against answers
// written by hand for every kind of caller. The answers come from what each rule is for (who
// handles the record, who reports and who confirms a rectification, whose figures a caller
// reports), never from the rules' code.

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_split.h"
#include "common/auth/policy.h"
#include "common/auth/principal.h"
#include "gtest/gtest.h"

namespace fazhi::auth {
namespace {

constexpr char kUnitA[] = "jiyuan-sthjj";   // 生态环境局, the unit each record belongs to
constexpr char kUnitB[] = "jiyuan-kejing";  // 克井镇

Principal Person(std::string subject, std::set<Role> roles, std::string department) {
  Principal p;
  p.subject = std::move(subject);
  p.roles = std::move(roles);
  p.department_id = std::move(department);
  return p;
}

struct Caller {
  const char* name;
  std::optional<Principal> principal;
};

// The columns of every table below, in this order.
const std::vector<Caller>& Callers() {
  static const auto* callers = new std::vector<Caller>{
      {"anonymous", std::nullopt},
      {"admin", Person("root", {Role::kAdmin}, "")},
      {"supervisor", Person("sfj.supervisor", {Role::kSupervisor}, "jiyuan-sfj")},
      {"clerk of own unit", Person("sthjj.clerk", {Role::kClerk}, kUnitA)},
      {"clerk of other unit", Person("kejing.clerk", {Role::kClerk}, kUnitB)},
      // A publisher of the record's own unit: the unit alone grants nothing without the clerk role.
      {"publisher", Person("sthjj.publisher", {Role::kPublisher}, kUnitA)},
      {"service", ServiceAccount("fazhi-cases")},
  };
  return *callers;
}

std::vector<std::string> Expected(absl::string_view verdicts) {
  std::vector<std::string> out = absl::StrSplit(verdicts, ' ', absl::SkipEmpty());
  EXPECT_EQ(out.size(), Callers().size()) << verdicts;
  return out;
}

std::string Verdict(const absl::Status& s) {
  switch (s.code()) {
    case absl::StatusCode::kOk:
      return "ok";
    case absl::StatusCode::kUnauthenticated:
      return "unauth";
    case absl::StatusCode::kPermissionDenied:
      return "denied";
    default:
      return s.ToString();
  }
}

// A masking or row rule over every caller, for a record of kUnitA.
void ExpectBools(absl::string_view verdicts,
                 bool (*rule)(const std::optional<Principal>&, absl::string_view)) {
  std::vector<std::string> expected = Expected(verdicts);
  for (size_t i = 0; i < Callers().size() && i < expected.size(); ++i) {
    const Caller& c = Callers()[i];
    EXPECT_EQ(rule(c.principal, kUnitA) ? "yes" : "no", expected[i]) << c.name;
  }
}

//                                         anon   admin  superv own    other  publ   svc
TEST(PolicyRulesTest, PersonalDataOfARecordIsSeenByItsUnitAndSupervisors) {
  ExpectBools("no     yes    yes    yes    no     no     no", &MaySeePersonalData);
}

TEST(PolicyRulesTest, ComplainantsAndPlaintiffsAreSeenBySupervisorsOnly) {
  std::vector<std::string> expected = Expected("no     yes    yes    no     no     no     no");
  for (size_t i = 0; i < Callers().size() && i < expected.size(); ++i) {
    const Caller& c = Callers()[i];
    EXPECT_EQ(MaySeeComplainantAndPlaintiffNames(c.principal) ? "yes" : "no", expected[i])
        << c.name;
  }
}

TEST(PolicyRulesTest, FiguresAreReportedByTheUnitsClerkAdminsAndServices) {
  ExpectBools("no     yes    no     yes    no     no     yes", &MayReportFiguresFor);
}

TEST(PolicyRulesTest, TheComplainedAboutDepartmentReportsItsRectification) {
  std::vector<std::string> expected = Expected("unauth ok     denied ok     denied denied denied");
  for (size_t i = 0; i < Callers().size() && i < expected.size(); ++i) {
    const Caller& c = Callers()[i];
    absl::Status s = MayReportRectification(c.principal, kUnitA);
    EXPECT_EQ(Verdict(s), expected[i]) << c.name << ": " << s;
    if (s.code() == absl::StatusCode::kPermissionDenied) {
      // The clerk learns who was refused and whose clerk may report.
      EXPECT_NE(s.message().find(c.principal->subject), absl::string_view::npos) << s;
      EXPECT_NE(s.message().find(std::string("only a clerk of '") + kUnitA),
                absl::string_view::npos)
          << s;
    }
  }
}

TEST(PolicyRulesTest, OnlyASupervisorConfirmsARectification) {
  std::vector<std::string> expected = Expected("unauth ok     ok     denied denied denied denied");
  for (size_t i = 0; i < Callers().size() && i < expected.size(); ++i) {
    const Caller& c = Callers()[i];
    absl::Status s = MayConfirmRectification(c.principal);
    EXPECT_EQ(Verdict(s), expected[i]) << c.name << ": " << s;
    if (s.code() == absl::StatusCode::kPermissionDenied) {
      EXPECT_NE(s.message().find(c.principal->subject), absl::string_view::npos) << s;
      EXPECT_NE(s.message().find("only a supervisor"), absl::string_view::npos) << s;
    }
  }
}

// A token that names no unit makes nobody a unit's clerk, not even of a record whose unit is
// missing.
TEST(PolicyRulesTest, AClerkWithoutAUnitIsNobodysClerk) {
  std::optional<Principal> unitless = Person("no.unit", {Role::kClerk}, "");
  EXPECT_FALSE(MaySeePersonalData(unitless, ""));
  EXPECT_FALSE(MaySeePersonalData(unitless, kUnitA));
  EXPECT_FALSE(MayReportFiguresFor(unitless, ""));
  EXPECT_EQ(MayReportRectification(unitless, "").code(), absl::StatusCode::kPermissionDenied);
}

// Roles add up: a clerk who is also 司法局's supervisor confirms, and a clerk of unit B who also
// publishes still reports only for unit B.
TEST(PolicyRulesTest, RolesAddUpWithoutWideningTheUnit) {
  std::optional<Principal> clerk_supervisor =
      Person("both", {Role::kClerk, Role::kSupervisor}, kUnitB);
  EXPECT_TRUE(MayConfirmRectification(clerk_supervisor).ok());
  EXPECT_TRUE(MaySeePersonalData(clerk_supervisor, kUnitA));
  EXPECT_FALSE(MayReportFiguresFor(clerk_supervisor, kUnitA));
  std::optional<Principal> clerk_publisher =
      Person("pub", {Role::kClerk, Role::kPublisher}, kUnitB);
  EXPECT_TRUE(MayReportFiguresFor(clerk_publisher, kUnitB));
  EXPECT_FALSE(MayReportFiguresFor(clerk_publisher, kUnitA));
  EXPECT_EQ(MayReportRectification(clerk_publisher, kUnitA).code(),
            absl::StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace fazhi::auth
