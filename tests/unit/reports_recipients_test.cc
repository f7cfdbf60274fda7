#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "services/reports/domain/recipients.h"

namespace fazhi::reports {
namespace {

const UnitRef kCityPartyCommittee{"jiyuan-party", "中共济源市委员会", "市委"};
const UnitRef kCityCongress{"jiyuan-congress", "济源市人民代表大会常务委员会", "市人大常委会"};
const UnitRef kProvinceGovernment{"henan", "河南省人民政府", "省人民政府"};
const UnitRef kProvincePartyCommittee{"henan-party", "中共河南省委员会", "省委"};
const UnitRef kCityGovernment{"jiyuan", "济源市人民政府", "市政府"};
const UnitRef kProvinceJustice{"henan-justice", "河南省司法厅", "省司法厅"};

Recipient MakeRecipient(const char* id, const char* name, const char* short_name,
                        RecipientBasis basis) {
  Recipient r;
  r.department_id = id;
  r.name = name;
  r.short_name = short_name;
  r.basis = basis;
  return r;
}

ReportingUnit Jiyuan() { return {"jiyuan", "济源市人民政府", "市政府", UnitKind::kGovernment}; }

ReportingUnit JiyuanJustice() {
  return {"jiyuan-justice", "济源市司法局", "市司法局", UnitKind::kGovernmentDepartment};
}

RegistryFacts JiyuanFacts() {
  RegistryFacts f;
  f.party_committee = kCityPartyCommittee;
  f.congress_standing_committee = kCityCongress;
  f.superior_government = kProvinceGovernment;
  f.superior_party_committee = kProvincePartyCommittee;
  return f;
}

RegistryFacts JusticeFacts() {
  RegistryFacts f;
  f.government = kCityGovernment;
  f.government_party_committee = kCityPartyCommittee;
  f.superior_counterpart = kProvinceJustice;
  return f;
}

// "id name basis" per recipient, so a mismatch prints readably.
std::vector<std::string> Describe(const std::vector<Recipient>& recipients) {
  std::vector<std::string> out;
  for (const Recipient& r : recipients) {
    out.push_back(r.department_id + " " + r.name + " " + std::string(RecipientBasisName(r.basis)));
  }
  return out;
}

TEST(ReportRecipientsTest, ACityGovernmentReportsUpThenToItsOwnPartyCommitteeAndCongress) {
  absl::StatusOr<std::vector<Recipient>> r = RequiredRecipients(Jiyuan(), JiyuanFacts());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(Describe(*r), (std::vector<std::string>{
                              "henan-party 中共河南省委员会 party committee one level up",
                              "henan 河南省人民政府 government one level up",
                              "jiyuan-party 中共济源市委员会 own party committee",
                              "jiyuan-congress 济源市人民代表大会常务委员会 own people's congress "
                              "standing committee",
                          }));
  for (const Recipient& recipient : *r) EXPECT_TRUE(recipient.required());
  EXPECT_EQ(AddresseeLine(*r), "省委、省人民政府、市委、市人大常委会:");
}

TEST(ReportRecipientsTest,
     ADepartmentReportsToTheProvincialDepartmentThenItsPartyCommitteeAndGovernment) {
  absl::StatusOr<std::vector<Recipient>> r = RequiredRecipients(JiyuanJustice(), JusticeFacts());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(Describe(*r), (std::vector<std::string>{
                              "henan-justice 河南省司法厅 matching department one level up",
                              "jiyuan-party 中共济源市委员会 own party committee",
                              "jiyuan 济源市人民政府 own government",
                          }));
  EXPECT_EQ(AddresseeLine(*r), "省司法厅、市委、市政府:");
}

TEST(ReportRecipientsTest, TheSeedsAddresseeLineUsesShortNamesAndFallsBackToTheName) {
  Recipient province =
      MakeRecipient("henan", "河南省人民政府", "省人民政府", RecipientBasis::kSuperiorGovernment);
  Recipient party =
      MakeRecipient("jiyuan-party", "中共济源市委员会", "市委", RecipientBasis::kOwnPartyCommittee);
  Recipient congress = MakeRecipient("jiyuan-congress", "济源市人民代表大会常务委员会",
                                     "市人大常委会", RecipientBasis::kOwnCongressStandingCommittee);
  EXPECT_EQ(AddresseeLine({province, party, congress}), "省人民政府、市委、市人大常委会:");
  Recipient unnamed = MakeRecipient("x", "济源日报社", "", RecipientBasis::kAddedByClerk);
  EXPECT_EQ(AddresseeLine({unnamed}), "济源日报社:");
}

void ExpectRefused(const ReportingUnit& unit, const RegistryFacts& facts,
                   const std::string& message) {
  absl::StatusOr<std::vector<Recipient>> r = RequiredRecipients(unit, facts);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(r.status().message(), message);
}

TEST(ReportRecipientsTest, EachFactAGovernmentLacksIsNamed) {
  RegistryFacts f = JiyuanFacts();
  f.party_committee.reset();
  ExpectRefused(Jiyuan(), f,
                "济源市人民政府 has no party committee in the registry (relation "
                "PARTY_COMMITTEE); set it with DepartmentService.SetDepartmentRelation");
  f = JiyuanFacts();
  f.congress_standing_committee.reset();
  ExpectRefused(Jiyuan(), f,
                "济源市人民政府 has no people's congress standing committee in the registry "
                "(relation CONGRESS_STANDING_COMMITTEE); set it with "
                "DepartmentService.SetDepartmentRelation");
  f = JiyuanFacts();
  f.superior_government.reset();
  f.superior_party_committee.reset();
  ExpectRefused(Jiyuan(), f,
                "济源市人民政府 has no superior government in the registry (relation SUPERIOR); "
                "set it with DepartmentService.SetDepartmentRelation");
  f = JiyuanFacts();
  f.superior_party_committee.reset();
  ExpectRefused(Jiyuan(), f,
                "河南省人民政府 (the superior government of 济源市人民政府) has no party "
                "committee in the registry (relation PARTY_COMMITTEE); set it with "
                "DepartmentService.SetDepartmentRelation");
}

TEST(ReportRecipientsTest, EveryMissingFactIsNamedAtOnce) {
  ExpectRefused(Jiyuan(), RegistryFacts{},
                "济源市人民政府 has no superior government in the registry (relation SUPERIOR); "
                "set it with DepartmentService.SetDepartmentRelation. 济源市人民政府 has no "
                "party committee in the registry (relation PARTY_COMMITTEE); set it with "
                "DepartmentService.SetDepartmentRelation. 济源市人民政府 has no people's "
                "congress standing committee in the registry (relation "
                "CONGRESS_STANDING_COMMITTEE); set it with "
                "DepartmentService.SetDepartmentRelation");
}

TEST(ReportRecipientsTest, EachFactADepartmentLacksIsNamed) {
  RegistryFacts f = JusticeFacts();
  f.superior_counterpart.reset();
  ExpectRefused(JiyuanJustice(), f,
                "济源市司法局 has no superior counterpart in the registry (relation SUPERIOR); "
                "set it with DepartmentService.SetDepartmentRelation");
  f = JusticeFacts();
  f.government_party_committee.reset();
  ExpectRefused(JiyuanJustice(), f,
                "济源市人民政府 (the government of 济源市司法局) has no party committee in the "
                "registry (relation PARTY_COMMITTEE); set it with "
                "DepartmentService.SetDepartmentRelation");
  f = JusticeFacts();
  f.government.reset();
  f.government_party_committee.reset();
  ExpectRefused(JiyuanJustice(), f,
                "济源市司法局 has no government above it in the registry (its parent unit); set "
                "its parent with DepartmentService.UpdateDepartment");
}

TEST(ReportRecipientsTest, ARegistryNamingOneUnitForTwoRolesIsRefused) {
  RegistryFacts f = JiyuanFacts();
  f.superior_party_committee = kCityPartyCommittee;
  ExpectRefused(Jiyuan(), f,
                "the registry names 中共济源市委员会 both as the party committee one level up "
                "and as the own party committee; correct the registry's relations");
}

TEST(ReportRecipientsTest, OnlyGovernmentsAndLawEnforcementDepartmentsOweAReport) {
  EXPECT_TRUE(OwesReport(UnitKind::kGovernment, false));
  EXPECT_TRUE(OwesReport(UnitKind::kGovernmentDepartment, true));
  EXPECT_FALSE(OwesReport(UnitKind::kGovernmentDepartment, false));
  EXPECT_FALSE(OwesReport(UnitKind::kVerticalAgency, true));
  // A town (克井镇) is not a kind-government unit: the caller maps it to kOther.
  EXPECT_FALSE(OwesReport(UnitKind::kOther, true));
  EXPECT_FALSE(OwesReport(UnitKind::kOther, false));
}

TEST(ReportRecipientsTest, TheReportKindFollowsTheUnitKind) {
  EXPECT_EQ(*ReportKindFor(Jiyuan()), ReportKind::kGovernment);
  EXPECT_EQ(*ReportKindFor(JiyuanJustice()), ReportKind::kDepartment);
  ReportingUnit town{"kejing", "克井镇人民政府", "克井镇", UnitKind::kOther};
  absl::StatusOr<ReportKind> k = ReportKindFor(town);
  EXPECT_EQ(k.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(k.status().message(),
            "克井镇人民政府 is neither a government nor a government department; the regulation "
            "names no annual report for it (only governments and government departments report)");
  EXPECT_EQ(RequiredRecipients(town, JiyuanFacts()).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(ReportRecipientsTest, AClerkMayAddRecipientsButNotDropARequiredOne) {
  std::vector<Recipient> required = *RequiredRecipients(Jiyuan(), JiyuanFacts());
  std::vector<Recipient> added = required;
  added.push_back(
      MakeRecipient("jiyuan-cppcc", "政协济源市委员会", "市政协", RecipientBasis::kAddedByClerk));
  EXPECT_TRUE(CheckRecipientsKept(required, added).ok());
  // The clerk's own addition may go again.
  EXPECT_TRUE(CheckRecipientsKept(added, required).ok());

  std::vector<Recipient> dropped = added;
  dropped.erase(dropped.begin() + 1);
  absl::Status s = CheckRecipientsKept(added, dropped);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.message(),
            "河南省人民政府 is a required recipient (government one level up, "
            "法治政府建设与责任落实督察工作规定 Art. 24); it cannot be removed");

  std::vector<Recipient> relabelled = required;
  relabelled[0].basis = RecipientBasis::kAddedByClerk;
  EXPECT_EQ(CheckRecipientsKept(required, relabelled).code(),
            absl::StatusCode::kFailedPrecondition);

  std::vector<Recipient> twice = required;
  twice.push_back(required[2]);
  s = CheckRecipientsKept(required, twice);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "recipients: 中共济源市委员会 (jiyuan-party) is listed twice");
}

}  // namespace
}  // namespace fazhi::reports
