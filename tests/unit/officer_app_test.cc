// The officer and certificate use cases against an in-memory repository: the certificate state
// machine, the date rules and the verdicts ValidateOfficers gives.

#include <map>

#include "common/time/date.h"
#include "gtest/gtest.h"
#include "services/department/app/officers.h"
#include "tests/support/department_app_support.h"

namespace fazhi::department {
namespace {

using absl::CivilDay;

class MemoryRepository : public OfficerRepository {
 public:
  absl::StatusOr<std::optional<DepartmentRef>> FindDepartment(absl::string_view id) override {
    auto it = departments.find(std::string(id));
    if (it == departments.end()) return std::optional<DepartmentRef>();
    return std::optional<DepartmentRef>(it->second);
  }
  absl::StatusOr<std::optional<Officer>> FindOfficer(absl::string_view id) override {
    auto it = officers_.find(std::string(id));
    if (it == officers_.end()) return std::optional<Officer>();
    return std::optional<Officer>(it->second);
  }
  absl::StatusOr<std::optional<Officer>> FindOfficerByRequestId(absl::string_view rid) override {
    auto it = officer_requests_.find(std::string(rid));
    if (it == officer_requests_.end()) return std::optional<Officer>();
    return FindOfficer(it->second);
  }
  absl::StatusOr<std::optional<std::string>> OfficerIdWithIdNumber(
      absl::string_view id_number, absl::string_view exclude_id) override {
    for (const auto& [id, o] : officers_) {
      if (o.id_number == id_number && id != exclude_id) return std::optional<std::string>(id);
    }
    return std::optional<std::string>();
  }
  absl::Status InsertOfficer(const Officer& o, absl::string_view rid) override {
    officers_[o.id] = o;
    if (!rid.empty()) officer_requests_[std::string(rid)] = o.id;
    ++writes;
    return absl::OkStatus();
  }
  absl::Status UpdateOfficer(const Officer& o, int64_t expected_version) override {
    if (officers_.at(o.id).version != expected_version) return absl::AbortedError("raced");
    officers_[o.id] = o;
    ++writes;
    return absl::OkStatus();
  }
  absl::StatusOr<std::optional<Certificate>> FindCertificate(absl::string_view number) override {
    auto it = certificates_.find(std::string(number));
    if (it == certificates_.end()) return std::optional<Certificate>();
    return std::optional<Certificate>(it->second);
  }
  absl::StatusOr<std::vector<Certificate>> CertificatesOf(absl::string_view officer_id) override {
    std::vector<Certificate> out;
    for (const std::string& number : issue_order_) {
      const Certificate& c = certificates_.at(number);
      if (c.officer_id == officer_id) out.push_back(c);
    }
    std::stable_sort(out.begin(), out.end(), [](const Certificate& a, const Certificate& b) {
      return a.issue_date() < b.issue_date();
    });
    return out;
  }
  absl::StatusOr<std::optional<std::pair<std::string, CertificateEventType>>> FindEventByRequestId(
      absl::string_view rid) override {
    using Found = std::optional<std::pair<std::string, CertificateEventType>>;
    for (const auto& [number, c] : certificates_) {
      for (const CertificateEvent& e : c.events) {
        if (!e.request_id.empty() && e.request_id == rid) return Found({number, e.type});
      }
    }
    return Found();
  }
  absl::Status InsertCertificate(const Certificate& c) override {
    certificates_[c.number] = c;
    issue_order_.push_back(c.number);
    ++writes;
    return absl::OkStatus();
  }
  absl::Status AppendEvent(const Certificate& before, const Certificate& after) override {
    if (certificates_.at(before.number).events.size() != before.events.size()) {
      return absl::AbortedError("raced");
    }
    certificates_[after.number] = after;
    ++writes;
    return absl::OkStatus();
  }

  std::map<std::string, DepartmentRef> departments;
  int writes = 0;

 private:
  std::map<std::string, Officer> officers_;
  std::map<std::string, std::string> officer_requests_;
  std::map<std::string, Certificate> certificates_;
  std::vector<std::string> issue_order_;
};

// Valid GB 11643-1999 numbers: the standard's own example and synthetic 济源 numbers whose
// check characters were computed independently.
constexpr char kStandardExampleX[] = "11010519491231002X";
constexpr char kJiyuanA[] = "410881198507151233";
constexpr char kJiyuanB[] = "410881199003070020";

class OfficerRulesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    repo_.departments["jiyuan-sthjj"] = {"jiyuan-sthjj", "济源市生态环境局", true, true};
    repo_.departments["jiyuan-kejing"] = {"jiyuan-kejing", "济源市克井镇人民政府", true, true};
    repo_.departments["jiyuan-swei"] = {"jiyuan-swei", "中共济源市委员会", true, false};
    repo_.departments["jiyuan-old"] = {"jiyuan-old", "济源市人民政府法制办公室", false, true};
    ASSERT_TRUE(Register("wang", "王建军", "jiyuan-sthjj", kJiyuanA).ok());
    ASSERT_TRUE(Register("li", "李秀英", "jiyuan-sthjj").ok());
    ASSERT_TRUE(Register("zhao", "赵磊", "jiyuan-kejing").ok());
    repo_.writes = 0;
  }

  absl::StatusOr<CreateOfficerResult> Register(const std::string& id, const std::string& name,
                                               const std::string& department,
                                               const std::string& id_number = "",
                                               const std::string& request_id = "") {
    Officer o;
    o.id = id;
    o.name = name;
    o.department_id = department;
    o.id_number = id_number;
    return CreateOfficer(repo_, o, request_id, testing::ClerkAt(now_, department));
  }
  absl::StatusOr<Certificate> Issue(const std::string& number, const std::string& officer,
                                    CivilDay issue, CivilDay expiry,
                                    const std::string& request_id = "") {
    IssueRequest r;
    r.number = number;
    r.officer_id = officer;
    r.issue_date = issue;
    r.expiry_date = expiry;
    r.request_id = request_id;
    return IssueCertificate(repo_, r, testing::CallerAt(now_));
  }
  absl::StatusOr<Certificate> Event(CertificateEventType type, const std::string& number,
                                    CivilDay day, const std::string& reason = "",
                                    std::optional<CivilDay> new_expiry = std::nullopt,
                                    const std::string& request_id = "") {
    EventRequest r;
    r.type = type;
    r.number = number;
    r.effective_date = day;
    r.reason = reason;
    r.new_expiry_date = new_expiry;
    r.request_id = request_id;
    return RecordCertificateEvent(repo_, r, testing::CallerAt(now_));
  }
  Certificate Stored(const std::string& number) { return **repo_.FindCertificate(number); }
  Officer StoredOfficer(const std::string& id) { return **repo_.FindOfficer(id); }
  Validation Validate(const std::string& officer, const std::string& department, CivilDay at) {
    std::optional<Officer> o = *repo_.FindOfficer(officer);
    std::vector<Certificate> held = *repo_.CertificatesOf(officer);
    std::map<std::string, std::string> names;
    for (const auto& [id, d] : repo_.departments) names[id] = d.name;
    return ValidateOfficer(officer, o, held, repo_.departments.at(department), names, at);
  }

  MemoryRepository repo_;
  // 2022-03-01 09:00 in China.
  absl::Time now_ =
      absl::FromCivil(absl::CivilSecond(2022, 3, 1, 9, 0, 0), time_util::ChinaTimeZone());
};

constexpr auto kRenew = CertificateEventType::kRenew;
constexpr auto kSuspend = CertificateEventType::kSuspend;
constexpr auto kReinstate = CertificateEventType::kReinstate;
constexpr auto kRevoke = CertificateEventType::kRevoke;

// --- The certificate's life -----------------------------------------------------------------

TEST_F(OfficerRulesTest, StateOnEachDayFollowsTheDatedEvents) {
  ASSERT_TRUE(
      Issue("豫济执法字第0012号", "wang", CivilDay(2021, 1, 4), CivilDay(2023, 12, 31)).ok());
  ASSERT_TRUE(
      Event(kSuspend, "豫济执法字第0012号", CivilDay(2021, 6, 1), "涉嫌违规执法，停职检查").ok());
  ASSERT_TRUE(Event(kReinstate, "豫济执法字第0012号", CivilDay(2021, 8, 16), "检查结束").ok());
  ASSERT_TRUE(
      Event(kRenew, "豫济执法字第0012号", CivilDay(2023, 12, 1), "", CivilDay(2028, 12, 31)).ok());
  ASSERT_TRUE(Event(kRevoke, "豫济执法字第0012号", CivilDay(2025, 3, 1), "调离执法岗位").ok());
  Certificate c = Stored("豫济执法字第0012号");
  ASSERT_EQ(c.events.size(), 5u);
  EXPECT_EQ(c.events.back().sequence, 5);

  struct Expect {
    CivilDay day;
    CertificateStatus status;
    CivilDay expiry;
  } expected[] = {
      {CivilDay(2021, 1, 3), CertificateStatus::kNotYetValid, CivilDay(2023, 12, 31)},
      {CivilDay(2021, 1, 4), CertificateStatus::kValid, CivilDay(2023, 12, 31)},
      {CivilDay(2021, 5, 31), CertificateStatus::kValid, CivilDay(2023, 12, 31)},
      {CivilDay(2021, 6, 1), CertificateStatus::kSuspended, CivilDay(2023, 12, 31)},
      {CivilDay(2021, 8, 15), CertificateStatus::kSuspended, CivilDay(2023, 12, 31)},
      {CivilDay(2021, 8, 16), CertificateStatus::kValid, CivilDay(2023, 12, 31)},
      {CivilDay(2023, 11, 30), CertificateStatus::kValid, CivilDay(2023, 12, 31)},
      {CivilDay(2023, 12, 1), CertificateStatus::kValid, CivilDay(2028, 12, 31)},
      {CivilDay(2024, 6, 1), CertificateStatus::kValid, CivilDay(2028, 12, 31)},
      {CivilDay(2025, 2, 28), CertificateStatus::kValid, CivilDay(2028, 12, 31)},
      {CivilDay(2025, 3, 1), CertificateStatus::kRevoked, CivilDay(2028, 12, 31)},
      {CivilDay(2030, 1, 1), CertificateStatus::kRevoked, CivilDay(2028, 12, 31)},
  };
  for (const Expect& e : expected) {
    CertificateState state = StateOn(c, e.day);
    EXPECT_EQ(state.status, e.status) << time_util::FormatDay(e.day);
    EXPECT_EQ(state.expiry, e.expiry) << time_util::FormatDay(e.day);
  }
  EXPECT_EQ(StateOn(c, CivilDay(2021, 7, 1)).cause->reason, "涉嫌违规执法，停职检查");
  EXPECT_EQ(StateOn(c, CivilDay(2026, 1, 1)).cause->reason, "调离执法岗位");
  EXPECT_EQ(c.end_day(), CivilDay(2025, 3, 1));
}

TEST_F(OfficerRulesTest, ExpiresWithoutAnyWrite) {
  ASSERT_TRUE(Issue("豫济执法字第0013号", "li", CivilDay(2019, 1, 1), CivilDay(2021, 12, 31)).ok());
  int writes = repo_.writes;
  Certificate c = Stored("豫济执法字第0013号");
  EXPECT_EQ(StateOn(c, CivilDay(2021, 12, 31)).status, CertificateStatus::kValid);
  EXPECT_EQ(StateOn(c, CivilDay(2022, 1, 1)).status, CertificateStatus::kExpired);
  EXPECT_EQ(repo_.writes, writes);
  // A renewal after the lapse leaves the gap expired in the history.
  ASSERT_TRUE(
      Event(kRenew, "豫济执法字第0013号", CivilDay(2022, 2, 10), "补办延期", CivilDay(2026, 12, 31))
          .ok());
  c = Stored("豫济执法字第0013号");
  EXPECT_EQ(StateOn(c, CivilDay(2022, 1, 20)).status, CertificateStatus::kExpired);
  EXPECT_EQ(StateOn(c, CivilDay(2022, 2, 10)).status, CertificateStatus::kValid);
}

TEST_F(OfficerRulesTest, IllegalChangesOfStateAreFailedPreconditionAndWriteNothing) {
  ASSERT_TRUE(
      Issue("豫济执法字第0014号", "wang", CivilDay(2021, 1, 4), CivilDay(2023, 12, 31)).ok());
  ASSERT_TRUE(Event(kRevoke, "豫济执法字第0014号", CivilDay(2021, 9, 1), "吊销").ok());
  int writes = repo_.writes;
  struct Case {
    CertificateEventType type;
    std::string words;
  } cases[] = {{kRevoke, "already revoked"},
               {kSuspend, "already revoked"},
               {kReinstate, "already revoked"},
               {kRenew, "already revoked"}};
  for (const Case& c : cases) {
    absl::StatusOr<Certificate> r =
        Event(c.type, "豫济执法字第0014号", CivilDay(2021, 10, 1), "再次", CivilDay(2030, 1, 1));
    EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition) << r.status();
    EXPECT_NE(r.status().message().find(c.words), absl::string_view::npos) << r.status();
  }
  EXPECT_EQ(repo_.writes, writes);
  EXPECT_EQ(Stored("豫济执法字第0014号").events.size(), 2u);

  ASSERT_TRUE(Issue("豫济执法字第0015号", "li", CivilDay(2021, 1, 4), CivilDay(2023, 12, 31)).ok());
  writes = repo_.writes;
  EXPECT_EQ(Event(kReinstate, "豫济执法字第0015号", CivilDay(2021, 3, 1)).status().code(),
            absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(Event(kSuspend, "豫济执法字第0015号", CivilDay(2021, 3, 1), "停职").ok());
  EXPECT_EQ(Event(kSuspend, "豫济执法字第0015号", CivilDay(2021, 4, 1), "再停").status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(repo_.writes, writes + 1);
  // Suspending after the final expiry suspends nothing.
  ASSERT_TRUE(Event(kReinstate, "豫济执法字第0015号", CivilDay(2021, 5, 1)).ok());
  EXPECT_EQ(Event(kSuspend, "豫济执法字第0015号", CivilDay(2024, 1, 1), "停职").status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Event(kRevoke, "no-such-number", CivilDay(2021, 5, 1), "x").status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(OfficerRulesTest, DatesOutOfOrderAreInvalidArgumentNamingTheField) {
  absl::StatusOr<Certificate> backwards =
      Issue("豫济执法字第0016号", "wang", CivilDay(2021, 1, 4), CivilDay(2021, 1, 4));
  EXPECT_EQ(backwards.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(backwards.status().message().find("certificate.expiry_date"), absl::string_view::npos)
      << backwards.status();
  IssueRequest no_expiry;
  no_expiry.number = "豫济执法字第0016号";
  no_expiry.officer_id = "wang";
  absl::StatusOr<Certificate> missing = IssueCertificate(repo_, no_expiry, testing::CallerAt(now_));
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(missing.status().message().find("certificate.expiry_date"), absl::string_view::npos);

  ASSERT_TRUE(
      Issue("豫济执法字第0016号", "wang", CivilDay(2021, 1, 4), CivilDay(2023, 12, 31)).ok());
  ASSERT_TRUE(Event(kSuspend, "豫济执法字第0016号", CivilDay(2021, 6, 1), "停职").ok());
  int writes = repo_.writes;
  // Before the previous event, and before the issue.
  for (CivilDay day : {CivilDay(2021, 5, 31), CivilDay(2020, 12, 1)}) {
    absl::StatusOr<Certificate> r = Event(kReinstate, "豫济执法字第0016号", day);
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << r.status();
    EXPECT_NE(r.status().message().find("effective_date"), absl::string_view::npos) << r.status();
  }
  // A renewal must move the expiry later, and past its own date.
  absl::StatusOr<Certificate> shorter =
      Event(kRenew, "豫济执法字第0016号", CivilDay(2021, 7, 1), "", CivilDay(2023, 12, 31));
  EXPECT_EQ(shorter.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(shorter.status().message().find("new_expiry_date"), absl::string_view::npos);
  absl::StatusOr<Certificate> no_date = Event(kRenew, "豫济执法字第0016号", CivilDay(2021, 7, 1));
  EXPECT_EQ(no_date.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(no_date.status().message().find("new_expiry_date"), absl::string_view::npos);
  // Suspension and revocation need a reason.
  absl::StatusOr<Certificate> no_reason =
      Event(kRevoke, "豫济执法字第0016号", CivilDay(2021, 7, 1));
  EXPECT_EQ(no_reason.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(no_reason.status().message().find("reason"), absl::string_view::npos);
  EXPECT_EQ(repo_.writes, writes);
  // On the same day as the previous event is in order.
  EXPECT_TRUE(Event(kReinstate, "豫济执法字第0016号", CivilDay(2021, 6, 1)).ok());
}

TEST_F(OfficerRulesTest, CertificateNumbersAreUniqueAfterNormalising) {
  ASSERT_TRUE(Issue("HN-JY-0012", "wang", CivilDay(2021, 1, 4), CivilDay(2023, 12, 31)).ok());
  for (const char* same : {"HN-JY-0012", "hn-jy-0012", "ＨＮ-ＪＹ-００１２"}) {
    absl::StatusOr<Certificate> r = Issue(same, "li", CivilDay(2021, 1, 4), CivilDay(2023, 12, 31));
    EXPECT_EQ(r.status().code(), absl::StatusCode::kAlreadyExists) << same;
    EXPECT_NE(r.status().message().find("certificate.number"), absl::string_view::npos);
  }
  absl::StatusOr<Certificate> r =
      Issue(std::string(41, '1'), "li", CivilDay(2021, 1, 4), CivilDay(2023, 12, 31));
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("certificate.number"), absl::string_view::npos);
}

TEST_F(OfficerRulesTest, AnOfficerHoldsOneCertificateAtATime) {
  ASSERT_TRUE(
      Issue("豫济执法字第0020号", "wang", CivilDay(2021, 1, 4), CivilDay(2023, 12, 31)).ok());
  absl::StatusOr<Certificate> second =
      Issue("豫济执法字第0021号", "wang", CivilDay(2022, 1, 4), CivilDay(2026, 12, 31));
  EXPECT_EQ(second.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(second.status().message().find("豫济执法字第0020号"), absl::string_view::npos);
  // Backdated before the certificate already on record: dates out of order.
  absl::StatusOr<Certificate> earlier =
      Issue("豫济执法字第0021号", "wang", CivilDay(2020, 1, 4), CivilDay(2020, 12, 31));
  EXPECT_EQ(earlier.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(earlier.status().message().find("certificate.issue_date"), absl::string_view::npos);
  // From the day after expiry, or from the day of revocation, a new one may follow.
  EXPECT_TRUE(
      Issue("豫济执法字第0021号", "wang", CivilDay(2024, 1, 1), CivilDay(2028, 12, 31)).ok());
  // The old one cannot be renewed over the new one.
  absl::StatusOr<Certificate> renew_old =
      Event(kRenew, "豫济执法字第0020号", CivilDay(2024, 2, 1), "", CivilDay(2030, 1, 1));
  EXPECT_EQ(renew_old.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(renew_old.status().message().find("superseded"), absl::string_view::npos);
  ASSERT_TRUE(Event(kRevoke, "豫济执法字第0021号", CivilDay(2025, 5, 1), "换发新证").ok());
  EXPECT_TRUE(
      Issue("豫济执法字第0022号", "wang", CivilDay(2025, 5, 1), CivilDay(2030, 4, 30)).ok());
}

TEST_F(OfficerRulesTest, RequestIdsMakeRetriesHarmless) {
  ASSERT_TRUE(
      Issue("豫济执法字第0030号", "li", CivilDay(2021, 1, 4), CivilDay(2023, 12, 31), "issue-1")
          .ok());
  int writes = repo_.writes;
  absl::StatusOr<Certificate> again =
      Issue("豫济执法字第0030号", "li", CivilDay(2021, 1, 4), CivilDay(2023, 12, 31), "issue-1");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->events.size(), 1u);
  ASSERT_TRUE(
      Event(kRevoke, "豫济执法字第0030号", CivilDay(2021, 5, 1), "吊销", std::nullopt, "revoke-1")
          .ok());
  absl::StatusOr<Certificate> revoke_again =
      Event(kRevoke, "豫济执法字第0030号", CivilDay(2021, 5, 1), "吊销", std::nullopt, "revoke-1");
  ASSERT_TRUE(revoke_again.ok()) << revoke_again.status();
  EXPECT_EQ(revoke_again->events.size(), 2u);
  EXPECT_EQ(repo_.writes, writes + 1);
  // The same request id for a different change is a caller's mistake, not a retry.
  absl::StatusOr<Certificate> misuse =
      Event(kSuspend, "豫济执法字第0030号", CivilDay(2021, 5, 1), "停职", std::nullopt, "revoke-1");
  EXPECT_EQ(misuse.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(misuse.status().message().find("request_id"), absl::string_view::npos);

  auto first = Register("sun", "孙丽", "jiyuan-kejing", "", "officer-req-1");
  auto retry = Register("sun-2", "孙丽", "jiyuan-kejing", "", "officer-req-1");
  ASSERT_TRUE(first.ok() && retry.ok());
  EXPECT_FALSE(retry->created);
  EXPECT_EQ(retry->officer.id, "sun");
}

TEST_F(OfficerRulesTest, CertificatesAreIssuedOnlyForActiveOfficersOfEnforcementBodies) {
  ASSERT_TRUE(Register("zhou", "周涛", "jiyuan-swei").ok());
  absl::StatusOr<Certificate> party =
      Issue("豫济执法字第0040号", "zhou", CivilDay(2021, 1, 4), CivilDay(2023, 12, 31));
  EXPECT_EQ(party.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(party.status().message().find("law-enforcement body"), absl::string_view::npos);
  absl::StatusOr<Certificate> nobody =
      Issue("豫济执法字第0040号", "nobody", CivilDay(2021, 1, 4), CivilDay(2023, 12, 31));
  EXPECT_EQ(nobody.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(nobody.status().message().find("certificate.officer_id"), absl::string_view::npos);
}

// --- Officers -------------------------------------------------------------------------------

TEST_F(OfficerRulesTest, RegistrationChecksDepartmentAndIdNumber) {
  auto unknown = Register("a", "甲", "jiyuan-nowhere");
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(unknown.status().message().find("officer.department_id"), absl::string_view::npos);
  auto dissolved = Register("a", "甲", "jiyuan-old");
  EXPECT_EQ(dissolved.status().code(), absl::StatusCode::kFailedPrecondition);
  auto bad_number = Register("a", "甲", "jiyuan-sthjj", "410881198507151234");
  EXPECT_EQ(bad_number.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad_number.status().message().find("officer.id_number"), absl::string_view::npos);
  EXPECT_EQ(bad_number.status().message().find("410881198507151234"), absl::string_view::npos);
  auto masked = Register("a", "甲", "jiyuan-sthjj", "410881********1233");
  EXPECT_EQ(masked.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(masked.status().message().find("masked"), absl::string_view::npos);
  // The number is wang's, of 生态环境局: its clerk is told whose it is.
  auto twice = Register("a", "甲", "jiyuan-sthjj", kJiyuanA);
  EXPECT_EQ(twice.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_NE(twice.status().message().find("'wang'"), absl::string_view::npos);
  EXPECT_EQ(twice.status().message().find(kJiyuanA), absl::string_view::npos);
  // Another unit's clerk learns only that it is taken, not by whom (no oracle for ID numbers).
  auto elsewhere = Register("a", "甲", "jiyuan-kejing", kJiyuanA);
  EXPECT_EQ(elsewhere.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(elsewhere.status().message().find("wang"), absl::string_view::npos)
      << elsewhere.status();
  EXPECT_EQ(elsewhere.status().message().find(kJiyuanA), absl::string_view::npos);
  auto taken = Register("wang", "王", "jiyuan-sthjj");
  EXPECT_EQ(taken.status().code(), absl::StatusCode::kAlreadyExists);
  auto no_name = Register("a", "", "jiyuan-sthjj");
  EXPECT_EQ(no_name.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(no_name.status().message().find("officer.name"), absl::string_view::npos);
  EXPECT_EQ(repo_.writes, 0);
  // Lower-case x is stored upper-case.
  ASSERT_TRUE(Register("b", "乙", "jiyuan-sthjj", "11010519491231002x").ok());
  EXPECT_EQ(StoredOfficer("b").id_number, kStandardExampleX);
}

TEST_F(OfficerRulesTest, MovingOrLeavingNeedsTheCertificateOutOfForce) {
  ASSERT_TRUE(
      Issue("豫济执法字第0050号", "zhao", CivilDay(2021, 1, 4), CivilDay(2025, 12, 31)).ok());
  Officer move = StoredOfficer("zhao");
  move.department_id = "jiyuan-sthjj";
  // 克井镇's clerk may write zhao where he is, but not hand him to 生态环境局: refused, recorded
  // as a refusal, nothing written.
  app::Caller kejing = testing::ClerkAt(now_, "jiyuan-kejing");
  std::vector<std::string> refused_units;
  kejing.audit_refusal = [&](absl::Status verdict, absl::string_view unit) {
    refused_units.push_back(std::string(unit));
    return verdict;
  };
  int writes = repo_.writes;
  auto handed = UpdateOfficer(repo_, move, {"department_id"}, "\"1\"", kejing);
  EXPECT_EQ(handed.status().code(), absl::StatusCode::kPermissionDenied) << handed.status();
  EXPECT_NE(handed.status().message().find("jiyuan-sthjj"), absl::string_view::npos);
  EXPECT_EQ(refused_units, std::vector<std::string>{"jiyuan-sthjj"});
  EXPECT_EQ(repo_.writes, writes);
  EXPECT_EQ(StoredOfficer("zhao").department_id, "jiyuan-kejing");
  // An admin may move him, once his certificate is out of force.
  auto moved = UpdateOfficer(repo_, move, {"department_id"}, "\"1\"", testing::AdminAt(now_));
  EXPECT_EQ(moved.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(moved.status().message().find("豫济执法字第0050号"), absl::string_view::npos);
  Officer leave = StoredOfficer("zhao");
  leave.status = OfficerStatus::kLeft;
  auto left = UpdateOfficer(repo_, leave, {"status"}, "\"1\"", testing::CallerAt(now_));
  EXPECT_EQ(left.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(left.status().message().find("officer.status"), absl::string_view::npos);
  auto stale = UpdateOfficer(repo_, move, {"name"}, "\"7\"", testing::CallerAt(now_));
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted);
  auto bad_path = UpdateOfficer(repo_, move, {"create_time"}, "\"1\"", testing::CallerAt(now_));
  EXPECT_EQ(bad_path.status().code(), absl::StatusCode::kInvalidArgument);

  // Revoked from today: the move goes through and the history keeps the old department.
  ASSERT_TRUE(Event(kRevoke, "豫济执法字第0050号", CivilDay(2022, 3, 1), "调动").ok());
  moved = UpdateOfficer(repo_, move, {"department_id"}, "\"1\"", testing::AdminAt(now_));
  ASSERT_TRUE(moved.ok()) << moved.status();
  EXPECT_EQ(moved->version, 2);
  EXPECT_EQ(Validate("zhao", "jiyuan-kejing", CivilDay(2021, 6, 1)).verdict, Verdict::kValid);
  Validation now_there = Validate("zhao", "jiyuan-sthjj", CivilDay(2022, 3, 1));
  EXPECT_EQ(now_there.verdict, Verdict::kNoCertificate) << now_there.reason;
  EXPECT_EQ(Validate("zhao", "jiyuan-kejing", CivilDay(2022, 3, 1)).verdict, Verdict::kRevoked);
  // A certificate for the old department cannot be renewed for the new one.
  EXPECT_EQ(Event(kRenew, "豫济执法字第0050号", CivilDay(2022, 3, 2), "", CivilDay(2030, 1, 1))
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
}

// --- Verdicts -------------------------------------------------------------------------------

TEST_F(OfficerRulesTest, VerdictsNameTheReason) {
  ASSERT_TRUE(
      Issue("豫济执法字第0060号", "wang", CivilDay(2021, 1, 4), CivilDay(2023, 12, 31)).ok());
  ASSERT_TRUE(Event(kSuspend, "豫济执法字第0060号", CivilDay(2021, 6, 1), "涉嫌违规执法").ok());
  ASSERT_TRUE(Event(kReinstate, "豫济执法字第0060号", CivilDay(2021, 8, 16)).ok());
  ASSERT_TRUE(Issue("豫济执法字第0061号", "li", CivilDay(2021, 3, 1), CivilDay(2026, 12, 31)).ok());
  ASSERT_TRUE(Event(kRevoke, "豫济执法字第0061号", CivilDay(2021, 9, 1), "违法执法被吊销").ok());

  struct Case {
    std::string officer;
    std::string department;
    CivilDay at;
    Verdict verdict;
    std::string words;
  } cases[] = {
      {"wang", "jiyuan-sthjj", CivilDay(2021, 3, 1), Verdict::kValid, "valid until 2023-12-31"},
      {"wang", "jiyuan-sthjj", CivilDay(2021, 7, 1), Verdict::kSuspended, "涉嫌违规执法"},
      {"wang", "jiyuan-sthjj", CivilDay(2021, 8, 16), Verdict::kValid, "豫济执法字第0060号"},
      {"wang", "jiyuan-sthjj", CivilDay(2024, 1, 1), Verdict::kExpired, "2023-12-31"},
      {"wang", "jiyuan-sthjj", CivilDay(2021, 1, 3), Verdict::kNotYetValid, "2021-01-04"},
      {"wang", "jiyuan-kejing", CivilDay(2021, 3, 1), Verdict::kOtherDepartment,
       "济源市生态环境局"},
      {"li", "jiyuan-sthjj", CivilDay(2021, 8, 31), Verdict::kValid, "李秀英"},
      {"li", "jiyuan-sthjj", CivilDay(2021, 9, 1), Verdict::kRevoked, "违法执法被吊销"},
      {"zhao", "jiyuan-kejing", CivilDay(2021, 3, 1), Verdict::kNoCertificate, "赵磊"},
      {"zhao", "jiyuan-sthjj", CivilDay(2021, 3, 1), Verdict::kOtherDepartment,
       "济源市克井镇人民政府"},
  };
  for (const Case& c : cases) {
    Validation v = Validate(c.officer, c.department, c.at);
    EXPECT_EQ(v.verdict, c.verdict)
        << c.officer << " " << time_util::FormatDay(c.at) << ": " << v.reason;
    EXPECT_EQ(v.valid(), c.verdict == Verdict::kValid);
    EXPECT_NE(v.reason.find(c.words), std::string::npos) << v.reason;
  }
  Validation unknown = ValidateOfficer(
      "ghost", std::nullopt, {}, repo_.departments.at("jiyuan-sthjj"), {}, CivilDay(2021, 3, 1));
  EXPECT_EQ(unknown.verdict, Verdict::kUnknownOfficer);
  EXPECT_NE(unknown.reason.find("ghost"), std::string::npos);
}

}  // namespace
}  // namespace fazhi::department
