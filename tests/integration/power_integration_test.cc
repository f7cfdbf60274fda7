// Power lists and delegations over gRPC against the real fazhi-department binary: builds the
// seed report's 2021 figure "17 units adjusted 736 power items", reads it back in one call,
// delegates penalty powers to the towns and subdistricts as the province did (60 and 30), asks
// what 克井镇 holds on two dates, and checks that bad input is refused and writes nothing.
//
// The tests share one server but not an order: the 2021 lists are built once, by whichever test
// needs them first (Build2021Lists), and no test changes them afterwards. The delegations test
// owns the two 2021 delegations; the bad-input test makes its own, to a town the delegations
// test does not look at, of items the delegations do not name.

#include <grpcpp/grpcpp.h>
#include <unistd.h>

#include <filesystem>
#include <set>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "fazhi/common/v1/common.grpc.pb.h"
#include "fazhi/department/v1/power.grpc.pb.h"
#include "gtest/gtest.h"
#include "services/department/demo/jiyuan.h"
#include "tests/support/auth.h"
#include "tests/support/server_process.h"
#include "tests/support/test_database.h"

namespace fazhi::department {
namespace {

namespace pb = ::fazhi::department::v1;
using ::fazhi::common::v1::AuditService;
using ::fazhi::common::v1::Date;

Date MakeDate(int y, int m, int d) {
  Date date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  return date;
}

// The 17 units the test spreads 2021's adjustments over: the city's departments and agencies,
// the tax sub-bureau and two towns.
// Item n of a unit's 2021 list takes effect on this day.
Date EffectiveDay(int n) { return MakeDate(2021, 1 + n % 12, 1 + n % 28); }

bool OnOrBefore(const Date& a, const Date& b) {
  return std::make_tuple(a.year(), a.month(), a.day()) <=
         std::make_tuple(b.year(), b.month(), b.day());
}

// How many of a unit's first `count` 2021 items are in force on day.
size_t OwnItemsInForce(int count, const Date& day) {
  size_t in_force = 0;
  for (int n = 1; n <= count; ++n) in_force += OnOrBefore(EffectiveDay(n), day);
  return in_force;
}

const std::vector<std::string>& AdjustingUnits() {
  static const auto* units = new std::vector<std::string>{
      "jiyuan-sfj",    "jiyuan-sthjj",    "jiyuan-zrzyj", "jiyuan-scjgj",      "jiyuan-cgj",
      "jiyuan-mzzjj",  "jiyuan-yjj",      "jiyuan-gaj",   "jiyuan-rsj",        "jiyuan-zjj",
      "jiyuan-sjj",    "jiyuan-shzlzx",   "jiyuan-swj",   "jiyuan-swj-jishui", "jiyuan-hwj",
      "jiyuan-kejing", "jiyuan-wulongkou"};
  return *units;
}

class PowerIntegrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<testing::TestDatabase>> t = testing::TestDatabase::Create();
    ASSERT_TRUE(t.ok()) << t.status();
    database_ = t->release();
    absl::StatusOr<std::unique_ptr<testing::ServerProcess>> server = testing::ServerProcess::Start(
        FAZHI_DEPARTMENT_BINARY,
        {absl::StrCat("--database_url=", database_->url()), "--page_token_secret=power-it"},
        (std::filesystem::temp_directory_path() / absl::StrCat("fazhi-power-it-", getpid(), ".log"))
            .string());
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = server->release();
    auto channel = testing::AuthorizedChannel(server_->grpc_address(),
                                              testing::Token({"admin"}, "", "bianban.wang"));
    powers_ = pb::PowerListService::NewStub(channel).release();
    audit_ = AuditService::NewStub(channel).release();
    auto units = pb::DepartmentService::NewStub(channel);
    absl::StatusOr<int> loaded = demo::LoadJiyuanUnits(*units);
    ASSERT_TRUE(loaded.ok()) << loaded.status();
  }
  static void TearDownTestSuite() {
    delete powers_;
    delete audit_;
    delete server_;
    delete database_;
  }

  static std::unique_ptr<grpc::ClientContext> Context() {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    return context;
  }

  static pb::CreatePowerItemRequest NewItem(const std::string& unit, int n,
                                            pb::PowerCategory category, Date date) {
    pb::CreatePowerItemRequest r;
    r.set_item_id(absl::StrFormat("%s-%03d", unit, n));
    r.set_request_id(absl::StrFormat("it-%s-%03d", unit, n));
    pb::PowerItem* item = r.mutable_item();
    item->set_department_id(unit);
    item->set_code(absl::StrFormat("QZ-%03d", n));
    item->set_name(absl::StrCat("权责事项", n));
    item->set_category(category);
    pb::LegalBasis* basis = item->add_legal_basis();
    basis->set_law("《中华人民共和国行政处罚法》");
    basis->set_article("第十八条");
    r.mutable_adjustment()->set_reason("权责清单动态调整");
    r.mutable_adjustment()->set_document("济管〔2021〕7号");
    *r.mutable_adjustment()->mutable_date() = date;
    return r;
  }

  static grpc::Status Create(const pb::CreatePowerItemRequest& r, pb::PowerItem* out) {
    return powers_->CreatePowerItem(Context().get(), r, out);
  }

  static int64_t AuditCount() {
    pb::PowerItem unused;
    int64_t total = 0;
    ::fazhi::common::v1::ListAuditEntriesRequest r;
    r.mutable_page()->set_page_size(1000);
    while (true) {
      ::fazhi::common::v1::ListAuditEntriesResponse page;
      grpc::Status s = audit_->ListAuditEntries(Context().get(), r, &page);
      EXPECT_TRUE(s.ok()) << s.error_message();
      total += page.entries_size();
      if (!s.ok() || page.page().next_page_token().empty()) return total;
      r.mutable_page()->set_page_token(page.page().next_page_token());
    }
  }

  static pb::ListPowerAdjustmentsResponse Adjustments2021(const std::string& unit, bool subtree) {
    pb::ListPowerAdjustmentsRequest r;
    r.mutable_period()->set_type(::fazhi::common::v1::PERIOD_TYPE_YEAR);
    r.mutable_period()->set_year(2021);
    r.set_department_id(unit);
    r.set_include_descendants(subtree);
    r.mutable_page()->set_page_size(10);
    pb::ListPowerAdjustmentsResponse out;
    grpc::Status s = powers_->ListPowerAdjustments(Context().get(), r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  static std::vector<pb::HeldPower> Held(const std::string& unit, Date day) {
    pb::ListHeldPowersRequest r;
    r.set_department_id(unit);
    *r.mutable_as_of() = day;
    r.mutable_page()->set_page_size(25);
    std::vector<pb::HeldPower> all;
    while (true) {
      pb::ListHeldPowersResponse page;
      grpc::Status s = powers_->ListHeldPowers(Context().get(), r, &page);
      EXPECT_TRUE(s.ok()) << s.error_message();
      if (!s.ok()) return all;
      all.insert(all.end(), page.powers().begin(), page.powers().end());
      if (page.page().next_page_token().empty()) return all;
      r.mutable_page()->set_page_token(page.page().next_page_token());
    }
  }

  // The 2021 lists every test reads: 生态环境局's three 2020 items, 736 items added across the
  // 17 units in 2021, ten of them renamed later that year and one 2020 item removed. Built once,
  // by whichever test calls first; a build that failed fails every later caller too.
  static void Build2021Lists() {
    static enum { kNotBuilt, kBuilding, kBuilt } state = kNotBuilt;
    if (state == kBuilt) return;
    ASSERT_EQ(state, kNotBuilt) << "building the 2021 lists failed in an earlier test";
    state = kBuilding;
    // 2020's list: three items of 生态环境局 that 2021 leaves alone or removes.
    pb::PowerItem item;
    for (int n = 901; n <= 903; ++n) {
      ASSERT_TRUE(
          Create(NewItem("jiyuan-sthjj", n, pb::POWER_CATEGORY_PENALTY, MakeDate(2020, 5, 1)),
                 &item)
              .ok());
    }
    // 2021: 736 items added across 17 units (43 each, 48 for the last), two kinds of power.
    int added = 0;
    for (size_t u = 0; u < AdjustingUnits().size(); ++u) {
      int count = u + 1 == AdjustingUnits().size() ? 48 : 43;
      for (int n = 1; n <= count; ++n) {
        pb::PowerCategory category =
            n % 3 == 0 ? pb::POWER_CATEGORY_INSPECTION : pb::POWER_CATEGORY_PENALTY;
        grpc::Status s = Create(NewItem(AdjustingUnits()[u], n, category, EffectiveDay(n)), &item);
        ASSERT_TRUE(s.ok()) << AdjustingUnits()[u] << " " << n << ": " << s.error_message();
        ++added;
      }
    }
    ASSERT_EQ(added, 736);
    // A retried create with the same request id adds nothing.
    ASSERT_TRUE(
        Create(NewItem("jiyuan-sthjj", 1, pb::POWER_CATEGORY_PENALTY, MakeDate(2021, 2, 2)), &item)
            .ok());

    // Ten of them renamed later in 2021 (same items, more adjustments), one 2020 item removed.
    for (int n = 1; n <= 10; ++n) {
      pb::PowerItem current;
      pb::GetPowerItemRequest get;
      get.set_id(absl::StrFormat("jiyuan-scjgj-%03d", n));
      ASSERT_TRUE(powers_->GetPowerItem(Context().get(), get, &current).ok());
      pb::UpdatePowerItemRequest r;
      *r.mutable_item() = current;
      r.mutable_item()->set_name(absl::StrCat(current.name(), "（规范名称）"));
      r.mutable_update_mask()->add_paths("name");
      r.mutable_adjustment()->set_reason("规范事项名称");
      r.mutable_adjustment()->set_document("济管〔2021〕9号");
      *r.mutable_adjustment()->mutable_date() = MakeDate(2021, 11, 15);
      grpc::Status s = powers_->UpdatePowerItem(Context().get(), r, &item);
      ASSERT_TRUE(s.ok()) << s.error_message();
      EXPECT_EQ(item.etag(), "\"2\"");
    }
    pb::RemovePowerItemRequest remove;
    remove.set_id("jiyuan-sthjj-901");
    remove.set_etag("\"1\"");
    remove.mutable_adjustment()->set_reason("法律修订，事项取消");
    remove.mutable_adjustment()->set_document("济管〔2021〕12号");
    *remove.mutable_adjustment()->mutable_date() = MakeDate(2021, 12, 1);
    ASSERT_TRUE(powers_->RemovePowerItem(Context().get(), remove, &item).ok());
    EXPECT_EQ(item.status(), pb::POWER_ITEM_STATUS_REMOVED);
    state = kBuilt;
  }

  static testing::TestDatabase* database_;
  static testing::ServerProcess* server_;
  static pb::PowerListService::Stub* powers_;
  static AuditService::Stub* audit_;
};

testing::TestDatabase* PowerIntegrationTest::database_ = nullptr;
testing::ServerProcess* PowerIntegrationTest::server_ = nullptr;
pb::PowerListService::Stub* PowerIntegrationTest::powers_ = nullptr;
AuditService::Stub* PowerIntegrationTest::audit_ = nullptr;

TEST_F(PowerIntegrationTest, SeventeenUnitsAdjusted736ItemsIn2021) {
  ASSERT_NO_FATAL_FAILURE(Build2021Lists());

  // The report's sentence in one call. 生态环境局's removal is a 2021 adjustment of a 2020
  // item, so 2021 touched 737 distinct items of the same 17 units; the additions alone are 736.
  pb::ListPowerAdjustmentsResponse year = Adjustments2021("", false);
  EXPECT_EQ(year.summary().department_count(), 17);
  EXPECT_EQ(year.summary().item_count(), 737);
  EXPECT_EQ(year.summary().adjustment_count(), 736 + 10 + 1);
  EXPECT_EQ(year.adjustments_size(), 10);
  EXPECT_FALSE(year.page().next_page_token().empty());
  int64_t added_sum = 0, modified_sum = 0, removed_sum = 0;
  for (const pb::DepartmentAdjustments& d : year.summary().by_department()) {
    added_sum += d.added();
    modified_sum += d.modified();
    removed_sum += d.removed();
  }
  EXPECT_EQ(added_sum, 736);
  EXPECT_EQ(modified_sum, 10);
  EXPECT_EQ(removed_sum, 1);
  // Only additions: the seed's 736.
  pb::ListPowerAdjustmentsRequest adds;
  adds.mutable_period()->set_type(::fazhi::common::v1::PERIOD_TYPE_YEAR);
  adds.mutable_period()->set_year(2021);
  adds.set_kind(pb::ADJUSTMENT_KIND_ADD);
  pb::ListPowerAdjustmentsResponse added_only;
  ASSERT_TRUE(powers_->ListPowerAdjustments(Context().get(), adds, &added_only).ok());
  EXPECT_EQ(added_only.summary().item_count(), 736);
  EXPECT_EQ(added_only.summary().department_count(), 17);
  // Scoped to the city's subtree: the same; to one unit: its own.
  EXPECT_EQ(Adjustments2021("jiyuan", true).summary().adjustment_count(), 747);
  pb::ListPowerAdjustmentsResponse scjgj = Adjustments2021("jiyuan-scjgj", false);
  EXPECT_EQ(scjgj.summary().item_count(), 43);
  EXPECT_EQ(scjgj.summary().adjustment_count(), 53);
  ASSERT_EQ(scjgj.summary().by_department_size(), 1);
  EXPECT_EQ(scjgj.summary().by_department(0).modified(), 10);

  // Paging through every 2021 adjustment sees each once, in date order.
  pb::ListPowerAdjustmentsRequest r;
  r.mutable_period()->set_type(::fazhi::common::v1::PERIOD_TYPE_YEAR);
  r.mutable_period()->set_year(2021);
  r.mutable_page()->set_page_size(200);
  std::set<std::string> ids;
  int last_date = 0;
  while (true) {
    pb::ListPowerAdjustmentsResponse page;
    ASSERT_TRUE(powers_->ListPowerAdjustments(Context().get(), r, &page).ok());
    for (const pb::PowerAdjustment& a : page.adjustments()) {
      ids.insert(a.id());
      int date = a.date().year() * 10000 + a.date().month() * 100 + a.date().day();
      EXPECT_GE(date, last_date);
      last_date = date;
      EXPECT_EQ(a.actor(), "bianban.wang");
    }
    if (page.page().next_page_token().empty()) break;
    r.mutable_page()->set_page_token(page.page().next_page_token());
  }
  EXPECT_EQ(ids.size(), 747u);

  // Items in force at the end of 2021 on the city's lists, by category.
  pb::CountPowerItemsRequest count;
  count.set_department_id("jiyuan");
  count.set_include_descendants(true);
  *count.mutable_as_of() = MakeDate(2021, 12, 31);
  pb::CountPowerItemsResponse counts;
  ASSERT_TRUE(powers_->CountPowerItems(Context().get(), count, &counts).ok());
  EXPECT_EQ(counts.total(), 736 + 3 - 1);
  // 14 of every 43 (and 16 of the last unit's 48) are inspections.
  ASSERT_EQ(counts.by_category_size(), 2);
  EXPECT_EQ(counts.by_category(0).category(), pb::POWER_CATEGORY_PENALTY);
  EXPECT_EQ(counts.by_category(1).category(), pb::POWER_CATEGORY_INSPECTION);
  EXPECT_EQ(counts.by_category(1).count(), 16 * 14 + 16);
}

TEST_F(PowerIntegrationTest, DelegationsToTownsAndSubdistrictsAndWhatKejingHolds) {
  ASSERT_NO_FATAL_FAILURE(Build2021Lists());
  // 60 penalty items for the 11 towns and 30 for the 5 subdistricts, from 2021-07-01.
  // Penalty items of the city's departments already in force on 2021-07-01.
  std::vector<std::string> penalties;
  for (const std::string& unit : AdjustingUnits()) {
    if (unit == "jiyuan-kejing" || unit == "jiyuan-wulongkou") continue;  // grantees themselves
    for (int n = 1; n <= 43 && penalties.size() < 60; ++n) {
      if (n % 3 != 0 && OnOrBefore(EffectiveDay(n), MakeDate(2021, 7, 1))) {
        penalties.push_back(absl::StrFormat("%s-%03d", unit, n));
      }
    }
  }
  ASSERT_EQ(penalties.size(), 60u);
  std::vector<std::string> towns, subdistricts;
  for (const pb::CreateDepartmentRequest& unit : demo::JiyuanUnits()) {
    if (unit.department().kind() == pb::DEPARTMENT_KIND_TOWN) towns.push_back(unit.department_id());
    if (unit.department().kind() == pb::DEPARTMENT_KIND_SUBDISTRICT) {
      subdistricts.push_back(unit.department_id());
    }
  }
  ASSERT_EQ(towns.size(), 11u);
  ASSERT_EQ(subdistricts.size(), 5u);

  auto grant = [&](const std::string& id, const std::vector<std::string>& items,
                   const std::vector<std::string>& grantees) {
    pb::CreateDelegationRequest r;
    r.set_delegation_id(id);
    pb::Delegation* d = r.mutable_delegation();
    d->set_title("关于济源市镇（街道）相对集中行政处罚权改革试点的批复");
    d->set_document("济编办〔2021〕1号");
    d->set_grantor_id("henan");
    for (const std::string& item : items) d->add_power_item_ids(item);
    for (const std::string& g : grantees) d->add_grantee_ids(g);
    *d->mutable_effective_date() = MakeDate(2021, 7, 1);
    pb::Delegation out;
    grpc::Status s = powers_->CreateDelegation(Context().get(), r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  };
  pb::Delegation to_towns = grant("delegation-2021-towns", penalties, towns);
  pb::Delegation to_subdistricts =
      grant("delegation-2021-subdistricts",
            std::vector<std::string>(penalties.begin(), penalties.begin() + 30), subdistricts);
  EXPECT_EQ(to_towns.power_item_ids_size(), 60);
  EXPECT_EQ(to_towns.grantee_ids_size(), 11);
  EXPECT_EQ(to_subdistricts.power_item_ids_size(), 30);

  // 克井镇 holds its own 43 items; from 2021-07-01 also the 60 delegated ones, each with its
  // source.
  std::vector<pb::HeldPower> before = Held("jiyuan-kejing", MakeDate(2021, 6, 30));
  std::vector<pb::HeldPower> after = Held("jiyuan-kejing", MakeDate(2021, 7, 1));
  EXPECT_EQ(before.size(), OwnItemsInForce(43, MakeDate(2021, 6, 30)));
  EXPECT_EQ(after.size(), OwnItemsInForce(43, MakeDate(2021, 7, 1)) + 60);
  int delegated = 0;
  for (const pb::HeldPower& h : after) {
    if (h.delegation_id().empty()) continue;
    ++delegated;
    EXPECT_EQ(h.delegation_id(), "delegation-2021-towns");
    EXPECT_EQ(h.delegation_document(), "济编办〔2021〕1号");
    EXPECT_EQ(h.grantor_id(), "henan");
    EXPECT_EQ(h.item().category(), pb::POWER_CATEGORY_PENALTY);
    EXPECT_EQ(h.held_since().month(), 7);
  }
  EXPECT_EQ(delegated, 60);
  EXPECT_EQ(Held("jiyuan-qinyuan", MakeDate(2021, 7, 1)).size(), 30u);

  // Revoked from 2022: the towns hold only their own lists again.
  pb::RevokeDelegationRequest revoke;
  revoke.set_id("delegation-2021-towns");
  revoke.set_etag(to_towns.etag());
  *revoke.mutable_effective_date() = MakeDate(2022, 1, 1);
  revoke.set_reason("试点期满，改由正式赋权文件规定");
  pb::Delegation revoked;
  ASSERT_TRUE(powers_->RevokeDelegation(Context().get(), revoke, &revoked).ok());
  EXPECT_EQ(revoked.status(), pb::DELEGATION_STATUS_REVOKED);
  EXPECT_EQ(Held("jiyuan-dayu", MakeDate(2021, 12, 31)).size(), 60u);
  EXPECT_EQ(Held("jiyuan-dayu", MakeDate(2022, 1, 1)).size(), 0u);

  pb::ListDelegationsRequest list;
  list.set_grantee_id("jiyuan-beihai");
  pb::ListDelegationsResponse delegations;
  ASSERT_TRUE(powers_->ListDelegations(Context().get(), list, &delegations).ok());
  ASSERT_EQ(delegations.delegations_size(), 1);
  EXPECT_EQ(delegations.delegations(0).id(), "delegation-2021-subdistricts");
}

TEST_F(PowerIntegrationTest, BadInputIsRefusedAndWritesNothing) {
  ASSERT_NO_FATAL_FAILURE(Build2021Lists());
  // Two delegations of this test's own to 下冶镇, of inspection items (the delegations test
  // delegates penalty items only): one in force, one revoked from 2022.
  pb::Delegation in_force, revoked;
  for (auto [id, item, out] :
       {std::make_tuple("delegation-it-in-force", "jiyuan-sthjj-003", &in_force),
        std::make_tuple("delegation-it-revoked", "jiyuan-sthjj-006", &revoked)}) {
    pb::CreateDelegationRequest r;
    r.set_delegation_id(id);
    r.mutable_delegation()->set_title("关于下冶镇检查权试点的批复");
    r.mutable_delegation()->set_document("济编办〔2021〕3号");
    r.mutable_delegation()->set_grantor_id("henan");
    r.mutable_delegation()->add_power_item_ids(item);
    r.mutable_delegation()->add_grantee_ids("jiyuan-xiaye");
    *r.mutable_delegation()->mutable_effective_date() = MakeDate(2021, 8, 1);
    grpc::Status s = powers_->CreateDelegation(Context().get(), r, out);
    ASSERT_TRUE(s.ok()) << id << ": " << s.error_message();
  }
  pb::RevokeDelegationRequest end;
  end.set_id("delegation-it-revoked");
  end.set_etag(revoked.etag());
  *end.mutable_effective_date() = MakeDate(2022, 1, 1);
  end.set_reason("试点期满");
  ASSERT_TRUE(powers_->RevokeDelegation(Context().get(), end, &revoked).ok());

  int64_t audit_before = AuditCount();
  int64_t adjustments_before = Adjustments2021("", false).summary().adjustment_count();
  pb::PowerItem item;
  struct Case {
    std::string what;
    std::function<void(pb::CreatePowerItemRequest&)> mutate;
    grpc::StatusCode code;
    std::string field;
  };
  std::vector<Case> cases = {
      {"unknown department", [](auto& r) { r.mutable_item()->set_department_id("nowhere"); },
       grpc::StatusCode::INVALID_ARGUMENT, "item.department_id"},
      {"no legal basis", [](auto& r) { r.mutable_item()->clear_legal_basis(); },
       grpc::StatusCode::INVALID_ARGUMENT, "item.legal_basis"},
      {"no category",
       [](auto& r) { r.mutable_item()->set_category(pb::POWER_CATEGORY_UNSPECIFIED); },
       grpc::StatusCode::INVALID_ARGUMENT, "item.category"},
      {"unknown category",
       [](auto& r) { r.mutable_item()->set_category(static_cast<pb::PowerCategory>(77)); },
       grpc::StatusCode::INVALID_ARGUMENT, "item.category"},
      {"no adjustment", [](auto& r) { r.clear_adjustment(); }, grpc::StatusCode::INVALID_ARGUMENT,
       "adjustment"},
      {"no document", [](auto& r) { r.mutable_adjustment()->clear_document(); },
       grpc::StatusCode::INVALID_ARGUMENT, "adjustment.document"},
      {"impossible date",
       [](auto& r) { *r.mutable_adjustment()->mutable_date() = MakeDate(2021, 2, 30); },
       grpc::StatusCode::INVALID_ARGUMENT, "adjustment.date"},
      {"taken code", [](auto& r) { r.mutable_item()->set_code("QZ-001"); },
       grpc::StatusCode::ALREADY_EXISTS, "item.code"},
  };
  for (const Case& c : cases) {
    pb::CreatePowerItemRequest r =
        NewItem("jiyuan-sthjj", 500, pb::POWER_CATEGORY_PENALTY, MakeDate(2021, 5, 5));
    r.clear_request_id();
    c.mutate(r);
    grpc::Status s = Create(r, &item);
    EXPECT_EQ(s.error_code(), c.code) << c.what << ": " << s.error_message();
    EXPECT_NE(s.error_message().find(c.field), std::string::npos)
        << c.what << ": " << s.error_message();
  }

  // A delegation to a unit that is not a town or subdistrict.
  pb::CreateDelegationRequest d;
  d.mutable_delegation()->set_title("错误的赋权");
  d.mutable_delegation()->set_document("济编办〔2021〕2号");
  d.mutable_delegation()->set_grantor_id("jiyuan");
  d.mutable_delegation()->add_power_item_ids("jiyuan-sthjj-001");
  d.mutable_delegation()->add_grantee_ids("jiyuan-kejing");
  d.mutable_delegation()->add_grantee_ids("jiyuan-scjgj");
  *d.mutable_delegation()->mutable_effective_date() = MakeDate(2021, 8, 1);
  pb::Delegation out;
  grpc::Status s = powers_->CreateDelegation(Context().get(), d, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("delegation.grantee_ids[1]"), std::string::npos)
      << s.error_message();

  // Dates out of order: removing before the item came into force; revoking before it began.
  pb::RemovePowerItemRequest remove;
  remove.set_id("jiyuan-sthjj-902");
  remove.set_etag("\"1\"");
  remove.mutable_adjustment()->set_reason("取消");
  remove.mutable_adjustment()->set_document("济管〔2021〕12号");
  *remove.mutable_adjustment()->mutable_date() = MakeDate(2019, 1, 1);
  s = powers_->RemovePowerItem(Context().get(), remove, &item);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("adjustment.date"), std::string::npos) << s.error_message();
  pb::RevokeDelegationRequest revoke;
  revoke.set_id("delegation-it-in-force");
  revoke.set_etag(in_force.etag());
  *revoke.mutable_effective_date() = MakeDate(2021, 1, 1);
  revoke.set_reason("撤回");
  s = powers_->RevokeDelegation(Context().get(), revoke, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("effective_date"), std::string::npos) << s.error_message();
  // Revoking twice.
  revoke.set_id("delegation-it-revoked");
  revoke.set_etag(revoked.etag());
  *revoke.mutable_effective_date() = MakeDate(2022, 3, 1);
  s = powers_->RevokeDelegation(Context().get(), revoke, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
  // Reading a unit that does not exist.
  pb::CountPowerItemsRequest count;
  count.set_department_id("nowhere");
  pb::CountPowerItemsResponse counts;
  EXPECT_EQ(powers_->CountPowerItems(Context().get(), count, &counts).error_code(),
            grpc::StatusCode::NOT_FOUND);

  EXPECT_EQ(AuditCount(), audit_before);
  EXPECT_EQ(Adjustments2021("", false).summary().adjustment_count(), adjustments_before);
}

TEST_F(PowerIntegrationTest, TheAuditLogTellsAnItemsStory) {
  ASSERT_NO_FATAL_FAILURE(Build2021Lists());
  ::fazhi::common::v1::ListAuditEntriesRequest r;
  r.set_target_type("power_item");
  r.set_target_id("jiyuan-scjgj-001");
  ::fazhi::common::v1::ListAuditEntriesResponse entries;
  ASSERT_TRUE(audit_->ListAuditEntries(Context().get(), r, &entries).ok());
  ASSERT_EQ(entries.entries_size(), 2);
  EXPECT_EQ(entries.entries(0).action(), "create");
  EXPECT_EQ(entries.entries(1).action(), "update");
  EXPECT_EQ(entries.entries(1).actor(), "bianban.wang");
  EXPECT_EQ(entries.entries(1).rpc(), "/fazhi.department.v1.PowerListService/UpdatePowerItem");
  EXPECT_NE(entries.entries(1).changes().find("（规范名称）"), std::string::npos);
  EXPECT_FALSE(entries.entries(1).request_id().empty());
}

}  // namespace
}  // namespace fazhi::department
