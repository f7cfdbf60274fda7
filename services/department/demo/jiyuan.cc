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
    {"henan", "", "河南省人民政府", "省政府", kGov, kProvince, false, true, "410000"},
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

}  // namespace fazhi::department::demo
