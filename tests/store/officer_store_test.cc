// The officer store on SQLite and MariaDB: the same calls, the same answers.

#include "services/department/store/officer_store.h"

#include <thread>

#include "absl/strings/str_cat.h"
#include "common/time/date.h"
#include "gtest/gtest.h"
#include "services/department/app/officers.h"
#include "services/department/app/units.h"
#include "services/department/store/department_store.h"
#include "tests/support/department_app_support.h"
#include "tests/support/test_database.h"

namespace fazhi::department {
namespace {

using absl::CivilDay;

constexpr char kIdNumber[] = "410881198507151233";
constexpr char kOtherIdNumber[] = "410881199003070020";

class OfficerStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<testing::TestDatabase>> t =
        testing::TestDatabase::CreateMigrated(Migrations());
    ASSERT_TRUE(t.ok()) << t.status();
    test_db_ = *std::move(t);
    departments_ = std::make_unique<DepartmentStore>(&test_db_->db());
    store_ = std::make_unique<OfficerStore>(&test_db_->db());
    AddUnit("jiyuan", "济源市人民政府", Kind::kGovernment, "", false);
    AddUnit("jiyuan-sthjj", "济源市生态环境局", Kind::kGovernmentDepartment, "jiyuan", true);
    AddUnit("jiyuan-kejing", "济源市克井镇人民政府", Kind::kTown, "jiyuan", true);
    ASSERT_TRUE(Register("wang", "王建军", "jiyuan-sthjj", kIdNumber).ok());
    ASSERT_TRUE(Register("li", "李秀英", "jiyuan-sthjj").ok());
    ASSERT_TRUE(Register("zhao", "赵磊", "jiyuan-kejing").ok());
  }

  void AddUnit(const std::string& id, const std::string& name, Kind kind, const std::string& parent,
               bool enforcement) {
    Department d;
    d.id = id;
    d.name = name;
    d.kind = kind;
    d.level = Level::kCity;
    d.parent_id = parent;
    d.law_enforcement_body = enforcement;
    absl::Status s = departments_->InTransaction(audit_context_, [&](DepartmentRepository& repo) {
      return CreateDepartment(repo, d, "", testing::CallerAt(now_)).status();
    });
    ASSERT_TRUE(s.ok()) << id << ": " << s;
  }
  // Runs rule in a transaction and returns what it returned.
  template <typename T>
  absl::StatusOr<T> Run(const std::function<absl::StatusOr<T>(OfficerRepository&)>& rule) {
    absl::StatusOr<T> result = absl::InternalError("not run");
    absl::Status s = store_->InTransaction(audit_context_, [&](OfficerRepository& repo) {
      result = rule(repo);
      return result.status();
    });
    if (!s.ok()) return s;
    return result;
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
    return Run<CreateOfficerResult>([&](OfficerRepository& repo) {
      return CreateOfficer(repo, o, request_id, testing::CallerAt(now_));
    });
  }
  absl::StatusOr<Certificate> Issue(const std::string& number, const std::string& officer,
                                    CivilDay issue, CivilDay expiry,
                                    const std::string& request_id = "") {
    IssueRequest r;
    r.number = number;
    r.officer_id = officer;
    r.issue_date = issue;
    r.expiry_date = expiry;
    r.reason = "豫济政〔2021〕3号批准";
    r.request_id = request_id;
    return Run<Certificate>([&](OfficerRepository& repo) {
      return IssueCertificate(repo, r, testing::CallerAt(now_));
    });
  }
  absl::StatusOr<Certificate> Event(CertificateEventType type, const std::string& number,
                                    CivilDay day, const std::string& reason = "",
                                    std::optional<CivilDay> new_expiry = std::nullopt) {
    EventRequest r;
    r.type = type;
    r.number = number;
    r.effective_date = day;
    r.reason = reason;
    r.new_expiry_date = new_expiry;
    return Run<Certificate>([&](OfficerRepository& repo) {
      return RecordCertificateEvent(repo, r, testing::CallerAt(now_));
    });
  }
  std::vector<audit::AuditEntry> AuditOf(const std::string& type, const std::string& id) {
    audit::Filter filter;
    filter.target_type = type;
    filter.target_id = id;
    return *audit::List(test_db_->db(), filter, std::nullopt, 100);
  }
  int AuditCount() {
    return static_cast<int>(audit::List(test_db_->db(), {}, std::nullopt, 1000)->size());
  }

  std::unique_ptr<testing::TestDatabase> test_db_;
  std::unique_ptr<DepartmentStore> departments_;
  std::unique_ptr<OfficerStore> store_;
  audit::AuditContext audit_context_{"clerk-zhang", "/test.Store/Change", "req-store-1"};
  absl::Time now_ = absl::FromUnixMicros(1646096400123456);  // 2022-03-01 09:00 in China
};

TEST_F(OfficerStoreTest, OfficerRoundTripsEveryField) {
  absl::StatusOr<std::optional<Officer>> got = store_->GetOfficer("wang");
  ASSERT_TRUE(got.ok() && got->has_value()) << got.status();
  const Officer& o = **got;
  EXPECT_EQ(o.name, "王建军");
  EXPECT_EQ(o.department_id, "jiyuan-sthjj");
  EXPECT_EQ(o.id_number, kIdNumber);  // the store keeps it; only the API masks it
  EXPECT_EQ(o.status, OfficerStatus::kActive);
  EXPECT_EQ(o.create_time, now_);
  EXPECT_EQ(o.update_time, now_);
  EXPECT_EQ(o.version, 1);
  EXPECT_FALSE(store_->GetOfficer("nobody")->has_value());
  EXPECT_EQ((*store_->GetOfficer("li"))->id_number, "");
  auto many = store_->GetOfficers({"zhao", "nobody", "wang"});
  ASSERT_TRUE(many.ok());
  EXPECT_EQ(many->size(), 2u);
}

TEST_F(OfficerStoreTest, ListFiltersByDepartmentAndStatusAndPagesById) {
  auto ids = [](const std::vector<Officer>& os) {
    std::vector<std::string> out;
    for (const Officer& o : os) out.push_back(o.id);
    return out;
  };
  OfficerFilter sthjj;
  sthjj.department_id = "jiyuan-sthjj";
  EXPECT_EQ(ids(*store_->ListOfficers(sthjj, "", 10)), (std::vector<std::string>{"li", "wang"}));
  EXPECT_EQ(ids(*store_->ListOfficers(sthjj, "li", 10)), (std::vector<std::string>{"wang"}));
  EXPECT_EQ(ids(*store_->ListOfficers({}, "", 2)), (std::vector<std::string>{"li", "wang"}));
  OfficerFilter left;
  left.status = OfficerStatus::kLeft;
  EXPECT_TRUE(store_->ListOfficers(left, "", 10)->empty());
  Officer change = **store_->GetOfficer("zhao");
  change.status = OfficerStatus::kLeft;
  ASSERT_TRUE(Run<Officer>([&](OfficerRepository& repo) {
                return UpdateOfficer(repo, change, {"status"}, "\"1\"", testing::CallerAt(now_));
              }).ok());
  EXPECT_EQ(ids(*store_->ListOfficers(left, "", 10)), (std::vector<std::string>{"zhao"}));
}

TEST_F(OfficerStoreTest, CertificateAndItsEventsRoundTripAndAnswerAsOfQuestions) {
  ASSERT_TRUE(
      Issue("豫济执法字第0012号", "wang", CivilDay(2021, 1, 4), CivilDay(2023, 12, 31), "iss-1")
          .ok());
  ASSERT_TRUE(Event(CertificateEventType::kSuspend, "豫济执法字第0012号", CivilDay(2021, 6, 1),
                    "涉嫌违规执法，停职检查")
                  .ok());
  ASSERT_TRUE(
      Event(CertificateEventType::kReinstate, "豫济执法字第0012号", CivilDay(2021, 8, 16)).ok());
  ASSERT_TRUE(Event(CertificateEventType::kRenew, "豫济执法字第0012号", CivilDay(2023, 12, 1),
                    "换发", CivilDay(2028, 12, 31))
                  .ok());
  ASSERT_TRUE(Event(CertificateEventType::kRevoke, "豫济执法字第0012号", CivilDay(2025, 3, 1),
                    "调离执法岗位")
                  .ok());

  absl::StatusOr<std::optional<Certificate>> got = store_->GetCertificate("豫济执法字第0012号");
  ASSERT_TRUE(got.ok() && got->has_value()) << got.status();
  const Certificate& c = **got;
  EXPECT_EQ(c.officer_id, "wang");
  EXPECT_EQ(c.department_id, "jiyuan-sthjj");
  EXPECT_EQ(c.create_time, now_);
  ASSERT_EQ(c.events.size(), 5u);
  EXPECT_EQ(c.events[0].type, CertificateEventType::kIssue);
  EXPECT_EQ(c.events[0].date, CivilDay(2021, 1, 4));
  EXPECT_EQ(c.events[0].expiry, CivilDay(2023, 12, 31));
  EXPECT_EQ(c.events[0].reason, "豫济政〔2021〕3号批准");
  // Kept as the caller's key (common/app/request_key.h: a SHA-256 in hex), never as sent, so
  // another caller's "iss-1" is another key.
  EXPECT_EQ(c.events[0].request_id.size(), 64u);
  EXPECT_EQ(c.events[0].request_id.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(c.events[1].type, CertificateEventType::kSuspend);
  EXPECT_EQ(c.events[1].reason, "涉嫌违规执法，停职检查");
  EXPECT_FALSE(c.events[1].expiry.has_value());
  EXPECT_EQ(c.events[3].expiry, CivilDay(2028, 12, 31));
  for (size_t i = 0; i < c.events.size(); ++i) {
    EXPECT_EQ(c.events[i].sequence, static_cast<int>(i) + 1);
    EXPECT_EQ(c.events[i].record_time, now_);
  }
  EXPECT_EQ(StateOn(c, CivilDay(2021, 1, 3)).status, CertificateStatus::kNotYetValid);
  EXPECT_EQ(StateOn(c, CivilDay(2021, 7, 1)).status, CertificateStatus::kSuspended);
  EXPECT_EQ(StateOn(c, CivilDay(2022, 7, 1)).status, CertificateStatus::kValid);
  EXPECT_EQ(StateOn(c, CivilDay(2024, 7, 1)).expiry, CivilDay(2028, 12, 31));
  EXPECT_EQ(StateOn(c, CivilDay(2025, 3, 1)).status, CertificateStatus::kRevoked);

  // An issue retried with its request id returns the stored certificate and writes nothing.
  int entries = AuditCount();
  absl::StatusOr<Certificate> again =
      Issue("豫济执法字第0012号", "wang", CivilDay(2021, 1, 4), CivilDay(2023, 12, 31), "iss-1");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->events.size(), 5u);
  EXPECT_EQ(AuditCount(), entries);
}

TEST_F(OfficerStoreTest, CertificatesOfGroupsPerOfficerOldestFirst) {
  ASSERT_TRUE(Issue("豫济执法字第0001号", "li", CivilDay(2018, 1, 1), CivilDay(2020, 12, 31)).ok());
  ASSERT_TRUE(Issue("豫济执法字第0002号", "li", CivilDay(2021, 1, 1), CivilDay(2025, 12, 31)).ok());
  ASSERT_TRUE(Issue("41900121000123", "zhao", CivilDay(2021, 2, 1), CivilDay(2025, 12, 31)).ok());
  auto by_officer = store_->CertificatesOf({"li", "zhao", "wang"});
  ASSERT_TRUE(by_officer.ok()) << by_officer.status();
  EXPECT_EQ(by_officer->count("wang"), 0u);
  ASSERT_EQ(by_officer->at("li").size(), 2u);
  EXPECT_EQ(by_officer->at("li")[0].number, "豫济执法字第0001号");
  EXPECT_EQ(by_officer->at("li")[1].number, "豫济执法字第0002号");
  ASSERT_EQ(by_officer->at("zhao").size(), 1u);
  EXPECT_EQ(by_officer->at("zhao")[0].department_id, "jiyuan-kejing");
}

TEST_F(OfficerStoreTest, CertificateNumbersAreUniqueAcrossTheRegistry) {
  ASSERT_TRUE(Issue("HN-JY-0012", "wang", CivilDay(2021, 1, 4), CivilDay(2023, 12, 31)).ok());
  int entries = AuditCount();
  absl::StatusOr<Certificate> dup =
      Issue("hn-jy-0012", "li", CivilDay(2021, 1, 4), CivilDay(2023, 12, 31));
  EXPECT_EQ(dup.status().code(), absl::StatusCode::kAlreadyExists) << dup.status();
  EXPECT_NE(dup.status().message().find("certificate.number"), absl::string_view::npos);
  // The table's key holds even when the rule is bypassed (two calls racing).
  absl::Status raced = store_->InTransaction(audit_context_, [&](OfficerRepository& repo) {
    Certificate c = **repo.FindCertificate("HN-JY-0012");
    c.officer_id = "li";
    return repo.InsertCertificate(c);
  });
  EXPECT_EQ(raced.code(), absl::StatusCode::kAlreadyExists) << raced;
  EXPECT_EQ(AuditCount(), entries);
  EXPECT_TRUE(store_->CertificatesOf({"li"})->empty());
}

TEST_F(OfficerStoreTest, IdNumberIsUniqueAndNeverInAnError) {
  absl::StatusOr<CreateOfficerResult> dup = Register("zhou", "周涛", "jiyuan-kejing", kIdNumber);
  EXPECT_EQ(dup.status().code(), absl::StatusCode::kAlreadyExists);
  // Bypassing the rule, the unique key refuses it, and the database's message (which quotes the
  // value) does not come through.
  absl::Status raced = store_->InTransaction(audit_context_, [&](OfficerRepository& repo) {
    Officer o = **repo.FindOfficer("li");
    o.id = "zhou";
    o.id_number = kIdNumber;
    return repo.InsertOfficer(o, "");
  });
  EXPECT_EQ(raced.code(), absl::StatusCode::kAlreadyExists) << raced;
  EXPECT_EQ(raced.message().find(kIdNumber), absl::string_view::npos) << raced;
  EXPECT_NE(raced.message().find("officer.id_number"), absl::string_view::npos) << raced;
  EXPECT_FALSE(store_->GetOfficer("zhou")->has_value());
  // Officers without a number do not collide.
  EXPECT_TRUE(Register("zhou", "周涛", "jiyuan-kejing").ok());
  EXPECT_TRUE(Register("sun", "孙丽", "jiyuan-kejing", kOtherIdNumber).ok());
}

TEST_F(OfficerStoreTest, EveryChangeIsAuditedWithTheIdNumberMasked) {
  std::vector<audit::AuditEntry> wang = AuditOf("officer", "wang");
  ASSERT_EQ(wang.size(), 1u);
  EXPECT_EQ(wang[0].action, "create");
  EXPECT_EQ(wang[0].actor, "clerk-zhang");
  EXPECT_EQ(wang[0].rpc, "/test.Store/Change");
  EXPECT_EQ(wang[0].request_id, "req-store-1");
  EXPECT_EQ(wang[0].changes,
            "{\"department_id\":\"jiyuan-sthjj\",\"name\":\"王建军\","
            "\"id_number\":\"410881********1233\",\"status\":\"active\"}");

  // A correction of the birth date masks the same; the entry still shows a change, not the number.
  Officer fix = **store_->GetOfficer("wang");
  fix.id_number = "410881198507231233";  // born the 23rd, not the 15th
  ASSERT_TRUE(Run<Officer>([&](OfficerRepository& repo) {
                return UpdateOfficer(repo, fix, {"id_number"}, "\"1\"", testing::CallerAt(now_));
              }).ok());
  wang = AuditOf("officer", "wang");
  ASSERT_EQ(wang.size(), 2u);
  EXPECT_EQ(wang[1].action, "update");
  EXPECT_EQ(wang[1].changes,
            "{\"id_number\":{\"from\":\"410881********1233\","
            "\"to\":\"410881********1233 (digits 7-14 corrected)\"}}")
      << wang[1].changes;

  ASSERT_TRUE(
      Issue("豫济执法字第0012号", "wang", CivilDay(2021, 1, 4), CivilDay(2023, 12, 31)).ok());
  ASSERT_TRUE(
      Event(CertificateEventType::kSuspend, "豫济执法字第0012号", CivilDay(2021, 6, 1), "停职检查")
          .ok());
  std::vector<audit::AuditEntry> cert = AuditOf("certificate", "豫济执法字第0012号");
  ASSERT_EQ(cert.size(), 2u);
  EXPECT_EQ(cert[0].action, "issue");
  EXPECT_EQ(cert[0].changes,
            "{\"officer_id\":\"wang\",\"department_id\":\"jiyuan-sthjj\","
            "\"issue_date\":\"2021-01-04\",\"expiry_date\":\"2023-12-31\","
            "\"suspended_from\":\"\",\"revoked_from\":\"\","
            "\"last_event\":\"issue 2021-01-04: 豫济政〔2021〕3号批准\"}");
  EXPECT_EQ(cert[1].action, "suspend");
  EXPECT_EQ(cert[1].changes,
            "{\"suspended_from\":{\"from\":\"\",\"to\":\"2021-06-01\"},"
            "\"last_event\":{\"from\":\"issue 2021-01-04: 豫济政〔2021〕3号批准\","
            "\"to\":\"suspend 2021-06-01: 停职检查\"}}");

  // Nothing in the whole log carries an ID number in clear.
  absl::StatusOr<std::vector<audit::AuditEntry>> log =
      audit::List(test_db_->db(), {}, std::nullopt, 1000);
  ASSERT_TRUE(log.ok()) << log.status();
  for (const audit::AuditEntry& e : *log) {
    EXPECT_EQ(e.changes.find("19850715"), std::string::npos) << e.changes;
    EXPECT_EQ(e.changes.find("19850723"), std::string::npos) << e.changes;
  }

  // A change that fails after writing leaves neither the event nor its entry.
  absl::Status failed = store_->InTransaction(audit_context_, [&](OfficerRepository& repo) {
    EventRequest r;
    r.type = CertificateEventType::kReinstate;
    r.number = "豫济执法字第0012号";
    r.effective_date = CivilDay(2021, 8, 1);
    absl::StatusOr<Certificate> done = RecordCertificateEvent(repo, r, testing::CallerAt(now_));
    if (!done.ok()) return done.status();
    return absl::InternalError("a later step failed");
  });
  EXPECT_EQ(failed.code(), absl::StatusCode::kInternal);
  EXPECT_EQ(AuditOf("certificate", "豫济执法字第0012号").size(), 2u);
  EXPECT_EQ((*store_->GetCertificate("豫济执法字第0012号"))->events.size(), 2u);
}

TEST_F(OfficerStoreTest, ListsEventsByDateWithFiltersAndPages) {
  ASSERT_TRUE(
      Issue("豫济执法字第0001号", "wang", CivilDay(2021, 1, 4), CivilDay(2023, 12, 31)).ok());
  ASSERT_TRUE(Issue("豫济执法字第0002号", "li", CivilDay(2021, 1, 4), CivilDay(2023, 12, 31)).ok());
  ASSERT_TRUE(
      Issue("豫济执法字第0003号", "zhao", CivilDay(2021, 4, 1), CivilDay(2023, 12, 31)).ok());
  ASSERT_TRUE(
      Event(CertificateEventType::kSuspend, "豫济执法字第0001号", CivilDay(2021, 7, 5), "停职")
          .ok());
  ASSERT_TRUE(
      Event(CertificateEventType::kRevoke, "豫济执法字第0002号", CivilDay(2021, 9, 30), "吊销")
          .ok());
  ASSERT_TRUE(
      Event(CertificateEventType::kReinstate, "豫济执法字第0001号", CivilDay(2021, 10, 8)).ok());

  auto numbers = [](const std::vector<CertificateEventRow>& rows) {
    std::vector<std::string> out;
    for (const auto& r : rows) {
      out.push_back(absl::StrCat(r.certificate_number, "#", r.event.sequence));
    }
    return out;
  };
  // The third quarter of 2021.
  CertificateEventFilter q3;
  q3.start = CivilDay(2021, 7, 1);
  q3.end = CivilDay(2021, 9, 30);
  EXPECT_EQ(numbers(*store_->ListEvents(q3, std::nullopt, 10)),
            (std::vector<std::string>{"豫济执法字第0001号#2", "豫济执法字第0002号#2"}));
  CertificateEventFilter sthjj;
  sthjj.department_id = "jiyuan-sthjj";
  std::vector<CertificateEventRow> all = *store_->ListEvents(sthjj, std::nullopt, 10);
  EXPECT_EQ(numbers(all), (std::vector<std::string>{"豫济执法字第0001号#1", "豫济执法字第0002号#1",
                                                    "豫济执法字第0001号#2", "豫济执法字第0002号#2",
                                                    "豫济执法字第0001号#3"}));
  EXPECT_EQ(all[0].officer_id, "wang");
  // Page by page with the cursor of the last row, nothing is skipped or repeated.
  std::vector<CertificateEventRow> paged;
  std::optional<CertificateEventCursor> after;
  while (true) {
    std::vector<CertificateEventRow> page = *store_->ListEvents(sthjj, after, 2);
    paged.insert(paged.end(), page.begin(), page.end());
    if (page.size() < 2) break;
    const CertificateEventRow& last = page.back();
    after = CertificateEventCursor{time_util::ToYmd(last.event.date), last.certificate_number,
                                   last.event.sequence};
  }
  EXPECT_EQ(numbers(paged), numbers(all));
  CertificateEventFilter revocations;
  revocations.type = CertificateEventType::kRevoke;
  EXPECT_EQ(numbers(*store_->ListEvents(revocations, std::nullopt, 10)),
            (std::vector<std::string>{"豫济执法字第0002号#2"}));
  CertificateEventFilter zhao;
  zhao.officer_id = "zhao";
  EXPECT_EQ(store_->ListEvents(zhao, std::nullopt, 10)->size(), 1u);
}

TEST_F(OfficerStoreTest, RacingChangesToOneOfficerLeaveOneCertificateInForce) {
  // Eight clerks issue a certificate to the same officer at once; the officer row serialises
  // them, so exactly one succeeds and the others see it.
  constexpr int kClerks = 8;
  std::vector<absl::Status> results(kClerks);
  std::vector<std::thread> clerks;
  for (int i = 0; i < kClerks; ++i) {
    clerks.emplace_back([&, i] {
      results[i] = Issue(absl::StrCat("豫济执法字第07", i, "0号"), "li", CivilDay(2021, 1, 4),
                         CivilDay(2025, 12, 31))
                       .status();
    });
  }
  for (std::thread& t : clerks) t.join();
  int issued = 0;
  for (const absl::Status& s : results) {
    if (s.ok()) {
      ++issued;
    } else {
      EXPECT_TRUE(s.code() == absl::StatusCode::kFailedPrecondition ||
                  s.code() == absl::StatusCode::kAborted)
          << s;
    }
  }
  EXPECT_EQ(issued, 1);
  EXPECT_EQ(store_->CertificatesOf({"li"})->at("li").size(), 1u);
  EXPECT_EQ(AuditOf("certificate", "").size(), 1u);
}

TEST_F(OfficerStoreTest, DepartmentLookupsForTheRules) {
  auto sthjj = store_->GetDepartment("jiyuan-sthjj");
  ASSERT_TRUE(sthjj.ok() && sthjj->has_value());
  EXPECT_EQ((*sthjj)->name, "济源市生态环境局");
  EXPECT_TRUE((*sthjj)->active);
  EXPECT_TRUE((*sthjj)->law_enforcement_body);
  EXPECT_FALSE((*store_->GetDepartment("jiyuan"))->law_enforcement_body);
  EXPECT_FALSE(store_->GetDepartment("nowhere")->has_value());
  auto names = store_->DepartmentNames({"jiyuan-kejing", "nowhere"});
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(*names,
            (std::map<std::string, std::string>{{"jiyuan-kejing", "济源市克井镇人民政府"}}));
}

}  // namespace
}  // namespace fazhi::department
