#include "services/department/demo/jiyuan.h"

#include <grpcpp/grpcpp.h>

#include <chrono>

#include "absl/strings/str_cat.h"

namespace fazhi::department::demo {
namespace {

struct Unit {
  const char* id;
  const char* parent;
  const char* name;
  const char* short_name;
  v1::DepartmentKind kind;
  v1::AdministrativeLevel level;
  bool enforcement;
  bool legal_office;
  const char* region_code;
};

constexpr auto kGov = v1::DEPARTMENT_KIND_GOVERNMENT;
constexpr auto kDept = v1::DEPARTMENT_KIND_GOVERNMENT_DEPARTMENT;
constexpr auto kTown = v1::DEPARTMENT_KIND_TOWN;
constexpr auto kSub = v1::DEPARTMENT_KIND_SUBDISTRICT;
constexpr auto kVertical = v1::DEPARTMENT_KIND_VERTICAL_AGENCY;
constexpr auto kProvince = v1::ADMINISTRATIVE_LEVEL_PROVINCE;
constexpr auto kCity = v1::ADMINISTRATIVE_LEVEL_CITY;
constexpr auto kTownship = v1::ADMINISTRATIVE_LEVEL_TOWNSHIP;

// 济源 is a province-administered city (region code 419001) whose departments sit at city level.
// Towns and subdistricts hold enforcement powers since the province's 2021 delegation (60 and 30
// penalty powers); none has its own legal affairs office, as the report's third shortcoming says.
constexpr Unit kUnits[] = {
    {"henan", "", "河南省人民政府", "省人民政府", kGov, kProvince, false, true, "410000"},
    // The province's Party committee and 人大常委会, and the provincial departments that the
    // city's departments report to one level up.
    {"henan-swei", "", "中共河南省委员会", "省委", v1::DEPARTMENT_KIND_PARTY_COMMITTEE, kProvince,
     false, false, ""},
    {"henan-rdcwh", "", "河南省人民代表大会常务委员会", "省人大常委会",
     v1::DEPARTMENT_KIND_CONGRESS_STANDING_COMMITTEE, kProvince, false, false, ""},
    {"henan-sft", "henan", "河南省司法厅", "省司法厅", kDept, kProvince, true, true, ""},
    {"henan-sthjt", "henan", "河南省生态环境厅", "省生态环境厅", kDept, kProvince, true, true, ""},
    {"henan-sjt", "henan", "河南省审计厅", "省审计厅", kDept, kProvince, true, true, ""},
    {"jiyuan-swei", "", "中共济源市委员会", "市委", v1::DEPARTMENT_KIND_PARTY_COMMITTEE, kCity,
     false, false, ""},
    {"jiyuan-rdcwh", "", "济源市人民代表大会常务委员会", "市人大常委会",
     v1::DEPARTMENT_KIND_CONGRESS_STANDING_COMMITTEE, kCity, false, false, ""},
    {"jiyuan", "", "济源市人民政府", "市政府", kGov, kCity, false, false, "419001"},
    {"jiyuan-sfj", "jiyuan", "济源市司法局", "司法局", kDept, kCity, true, true, ""},
    {"jiyuan-sthjj", "jiyuan", "济源市生态环境局", "生态环境局", kDept, kCity, true, true, ""},
    {"jiyuan-zrzyj", "jiyuan", "济源市自然资源和规划局", "自然资源和规划局", kDept, kCity, true,
     true, ""},
    {"jiyuan-scjgj", "jiyuan", "济源市市场监督管理局", "市场监督管理局", kDept, kCity, true, true,
     ""},
    {"jiyuan-cgj", "jiyuan", "济源市城市综合管理局", "城市综合管理局", kDept, kCity, true, true,
     ""},
    {"jiyuan-mzzjj", "jiyuan", "济源市民族宗教局", "民族宗教局", kDept, kCity, true, false, ""},
    {"jiyuan-yjj", "jiyuan", "济源市应急管理局", "应急局", kDept, kCity, true, true, ""},
    {"jiyuan-gaj", "jiyuan", "济源市公安局", "公安局", kDept, kCity, true, true, ""},
    {"jiyuan-rsj", "jiyuan", "济源市人力资源和社会保障局", "人力资源和社会保障局", kDept, kCity,
     true, true, ""},
    {"jiyuan-zjj", "jiyuan", "济源市住房和城乡建设局", "住房和城乡建设局", kDept, kCity, true, true,
     ""},
    {"jiyuan-sjj", "jiyuan", "济源市审计局", "审计局", kDept, kCity, true, false, ""},
    {"jiyuan-shzlzx", "jiyuan", "济源市社会治理中心", "社会治理中心", kDept, kCity, false, false,
     ""},
    {"jiyuan-swj", "jiyuan", "国家税务总局济源产城融合示范区税务局", "税务局", kVertical, kCity,
     true, true, ""},
    {"jiyuan-swj-jishui", "jiyuan-swj", "国家税务总局济源产城融合示范区税务局济水税务分局",
     "济水税务分局", kVertical, kTownship, true, false, ""},
    {"jiyuan-hwj", "jiyuan", "济源市河务局", "河务局", kVertical, kCity, true, false, ""},
    {"jiyuan-kejing", "jiyuan", "济源市克井镇人民政府", "克井镇", kTown, kTownship, true, false,
     ""},
    {"jiyuan-wulongkou", "jiyuan", "济源市五龙口镇人民政府", "五龙口镇", kTown, kTownship, true,
     false, ""},
    {"jiyuan-zhicheng", "jiyuan", "济源市轵城镇人民政府", "轵城镇", kTown, kTownship, true, false,
     ""},
    {"jiyuan-chengliu", "jiyuan", "济源市承留镇人民政府", "承留镇", kTown, kTownship, true, false,
     ""},
    {"jiyuan-shaoyuan", "jiyuan", "济源市邵原镇人民政府", "邵原镇", kTown, kTownship, true, false,
     ""},
    {"jiyuan-potou", "jiyuan", "济源市坡头镇人民政府", "坡头镇", kTown, kTownship, true, false, ""},
    {"jiyuan-lilin", "jiyuan", "济源市梨林镇人民政府", "梨林镇", kTown, kTownship, true, false, ""},
    {"jiyuan-dayu", "jiyuan", "济源市大峪镇人民政府", "大峪镇", kTown, kTownship, true, false, ""},
    {"jiyuan-sili", "jiyuan", "济源市思礼镇人民政府", "思礼镇", kTown, kTownship, true, false, ""},
    {"jiyuan-wangwu", "jiyuan", "济源市王屋镇人民政府", "王屋镇", kTown, kTownship, true, false,
     ""},
    {"jiyuan-xiaye", "jiyuan", "济源市下冶镇人民政府", "下冶镇", kTown, kTownship, true, false, ""},
    {"jiyuan-qinyuan", "jiyuan", "济源市沁园街道办事处", "沁园街道", kSub, kTownship, true, false,
     ""},
    {"jiyuan-jishui", "jiyuan", "济源市济水街道办事处", "济水街道", kSub, kTownship, true, false,
     ""},
    {"jiyuan-beihai", "jiyuan", "济源市北海街道办事处", "北海街道", kSub, kTownship, true, false,
     ""},
    {"jiyuan-tiantan", "jiyuan", "济源市天坛街道办事处", "天坛街道", kSub, kTownship, true, false,
     ""},
    {"jiyuan-yuquan", "jiyuan", "济源市玉泉街道办事处", "玉泉街道", kSub, kTownship, true, false,
     ""},
};

struct Link {
  const char* unit;
  v1::RelationKind kind;
  const char* related;
};

// Whom the city government and the departments the seed names report to (Art. 24 of the
// regulation): the city's 市委 and 市人大常委会, the province one level up; the province's own.
constexpr Link kLinks[] = {
    {"jiyuan", v1::RELATION_KIND_PARTY_COMMITTEE, "jiyuan-swei"},
    {"jiyuan", v1::RELATION_KIND_CONGRESS_STANDING_COMMITTEE, "jiyuan-rdcwh"},
    {"jiyuan", v1::RELATION_KIND_SUPERIOR, "henan"},
    {"henan", v1::RELATION_KIND_PARTY_COMMITTEE, "henan-swei"},
    {"henan", v1::RELATION_KIND_CONGRESS_STANDING_COMMITTEE, "henan-rdcwh"},
    {"jiyuan-sfj", v1::RELATION_KIND_SUPERIOR, "henan-sft"},
    {"jiyuan-sthjj", v1::RELATION_KIND_SUPERIOR, "henan-sthjt"},
    {"jiyuan-sjj", v1::RELATION_KIND_SUPERIOR, "henan-sjt"},
};

fazhi::common::v1::Date FirstDayOfSeedYear() {
  fazhi::common::v1::Date day;
  day.set_year(2021);
  day.set_month(1);
  day.set_day(1);
  return day;
}

}  // namespace

std::vector<v1::CreateDepartmentRequest> JiyuanUnits() {
  std::vector<v1::CreateDepartmentRequest> requests;
  for (const Unit& u : kUnits) {
    v1::CreateDepartmentRequest r;
    r.set_department_id(u.id);
    r.set_request_id(absl::StrCat("demo-jiyuan-", u.id));
    v1::Department* d = r.mutable_department();
    d->set_name(u.name);
    d->set_short_name(u.short_name);
    d->set_kind(u.kind);
    d->set_level(u.level);
    d->set_parent_id(u.parent);
    d->set_law_enforcement_body(u.enforcement);
    d->set_has_legal_affairs_office(u.legal_office);
    d->set_region_code(u.region_code);
    // The seed gives no establishment dates; every demo unit exists from the first day of the
    // year the report covers, so that the year's dated records (relations) find their units.
    *d->mutable_valid_from() = FirstDayOfSeedYear();
    requests.push_back(std::move(r));
  }
  return requests;
}

absl::StatusOr<int> LoadJiyuanUnits(v1::DepartmentService::StubInterface& stub) {
  int loaded = 0;
  for (const v1::CreateDepartmentRequest& request : JiyuanUnits()) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    v1::Department response;
    grpc::Status status = stub.CreateDepartment(&context, request, &response);
    if (!status.ok()) {
      return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                          absl::StrCat(request.department_id(), ": ", status.error_message()));
    }
    ++loaded;
  }
  return loaded;
}

std::vector<v1::SetDepartmentRelationRequest> JiyuanRelations() {
  std::vector<v1::SetDepartmentRelationRequest> requests;
  for (const Link& link : kLinks) {
    v1::SetDepartmentRelationRequest r;
    r.set_department_id(link.unit);
    r.set_kind(link.kind);
    r.set_related_id(link.related);
    *r.mutable_effective_date() = FirstDayOfSeedYear();
    r.set_reason("依据《法治政府建设与责任落实督察工作规定》第二十四条报告年度法治政府建设情况");
    requests.push_back(std::move(r));
  }
  return requests;
}

absl::StatusOr<int> LoadJiyuanRelations(v1::DepartmentService::StubInterface& stub) {
  int loaded = 0;
  for (const v1::SetDepartmentRelationRequest& request : JiyuanRelations()) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    v1::DepartmentRelation response;
    // Setting a relation already in force writes nothing, so loading again is harmless.
    grpc::Status status = stub.SetDepartmentRelation(&context, request, &response);
    if (!status.ok()) {
      return absl::Status(
          static_cast<absl::StatusCode>(status.error_code()),
          absl::StrCat(request.department_id(), " ", v1::RelationKind_Name(request.kind()), ": ",
                       status.error_message()));
    }
    ++loaded;
  }
  return loaded;
}

}  // namespace fazhi::department::demo
