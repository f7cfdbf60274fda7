#include "services/department/demo/powers.h"

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/department/demo/jiyuan.h"

namespace fazhi::department::demo {
namespace {

struct Item {
  const char* unit;
  v1::PowerCategory category;
  const char* name;
  const char* law;
  const char* article;
};

constexpr auto kPenalty = v1::POWER_CATEGORY_PENALTY;
constexpr auto kLicensing = v1::POWER_CATEGORY_LICENSING;
constexpr auto kInspection = v1::POWER_CATEGORY_INSPECTION;
constexpr auto kCoercion = v1::POWER_CATEGORY_COERCION;

constexpr char kAir[] = "《中华人民共和国大气污染防治法》";
constexpr char kNoise[] = "《中华人民共和国噪声污染防治法》";
constexpr char kSolid[] = "《中华人民共和国固体废物污染环境防治法》";
constexpr char kLand[] = "《中华人民共和国土地管理法》";
constexpr char kPlanning[] = "《中华人民共和国城乡规划法》";
constexpr char kFood[] = "《中华人民共和国食品安全法》";
constexpr char kProduct[] = "《中华人民共和国产品质量法》";
constexpr char kCityLook[] = "《城市市容和环境卫生管理条例》";
constexpr char kRoads[] = "《城市道路管理条例》";
constexpr char kGreen[] = "《城市绿化条例》";
constexpr char kSafety[] = "《中华人民共和国安全生产法》";
constexpr char kFireworks[] = "《烟花爆竹安全管理条例》";
constexpr char kBuilding[] = "《中华人民共和国建筑法》";

// The first 60 penalty items are delegated to the towns, the first 30 also to the subdistricts.
constexpr Item kItems[] = {
    // 生态环境局
    {"jiyuan-sthjj", kPenalty, "对露天焚烧秸秆、落叶等产生烟尘污染的物质的行政处罚", kAir,
     "第一百一十九条"},
    {"jiyuan-sthjj", kPenalty,
     "对在人口集中地区焚烧沥青、油毡、橡胶、塑料、皮革、垃圾等产生有毒有害烟尘和恶臭气体的物质的行"
     "政处罚",
     kAir, "第一百一十九条"},
    {"jiyuan-sthjj", kPenalty, "对排放油烟的餐饮服务业经营者未安装油烟净化设施的行政处罚", kAir,
     "第一百一十八条"},
    {"jiyuan-sthjj", kPenalty,
     "对在居民住宅楼等非商用建筑内新建、改建、扩建产生油烟的餐饮服务项目的行政处罚", kAir,
     "第一百一十八条"},
    {"jiyuan-sthjj", kPenalty, "对在当地人民政府禁止的区域内露天烧烤食品的行政处罚", kAir,
     "第一百一十八条"},
    {"jiyuan-sthjj", kPenalty, "对施工单位未采取有效防尘降尘措施的行政处罚", kAir,
     "第一百一十五条"},
    {"jiyuan-sthjj", kPenalty, "对运输煤炭、垃圾、渣土等散装物料的车辆未采取密闭措施的行政处罚",
     kAir, "第一百一十六条"},
    {"jiyuan-sthjj", kPenalty, "对在噪声敏感建筑物集中区域夜间进行产生噪声的建筑施工作业的行政处罚",
     kNoise, "第七十七条"},
    {"jiyuan-sthjj", kPenalty, "对随意倾倒、抛撒、堆放或者焚烧生活垃圾的行政处罚", kSolid,
     "第一百一十一条"},
    {"jiyuan-sthjj", kPenalty, "对未采取防扬散、防流失、防渗漏措施贮存工业固体废物的行政处罚",
     kSolid, "第一百零二条"},
    // 自然资源和规划局
    {"jiyuan-zrzyj", kPenalty, "对未经批准或者采取欺骗手段骗取批准非法占用土地的行政处罚", kLand,
     "第七十七条"},
    {"jiyuan-zrzyj", kPenalty,
     "对农村村民未经批准或者采取欺骗手段骗取批准非法占用土地建住宅的行政处罚", kLand, "第七十八条"},
    {"jiyuan-zrzyj", kPenalty,
     "对占用耕地建窑、建坟或者擅自在耕地上建房、挖砂、采石、采矿、取土的行政处罚", kLand,
     "第七十五条"},
    {"jiyuan-zrzyj", kPenalty, "对拒不交还土地或者不按照批准的用途使用国有土地的行政处罚", kLand,
     "第八十一条"},
    {"jiyuan-zrzyj", kPenalty, "对在乡、村庄规划区内未依法取得乡村建设规划许可证进行建设的行政处罚",
     kPlanning, "第六十五条"},
    {"jiyuan-zrzyj", kPenalty, "对擅自将农用地改为建设用地的行政处罚", kLand, "第七十七条"},
    {"jiyuan-zrzyj", kPenalty, "对未取得采矿许可证擅自采矿的行政处罚",
     "《中华人民共和国矿产资源法》", "第三十九条"},
    {"jiyuan-zrzyj", kPenalty, "对破坏或者擅自改变基本农田保护区标志的行政处罚",
     "《基本农田保护条例》", "第三十二条"},
    // 市场监督管理局
    {"jiyuan-scjgj", kPenalty, "对未取得食品经营许可从事食品经营活动的行政处罚", kFood,
     "第一百二十二条"},
    {"jiyuan-scjgj", kPenalty, "对经营不符合食品安全标准的食品的行政处罚", kFood, "第一百二十四条"},
    {"jiyuan-scjgj", kPenalty, "对食品经营者未按规定查验供货者许可证和食品合格证明文件的行政处罚",
     kFood, "第一百二十六条"},
    {"jiyuan-scjgj", kPenalty, "对经营超过保质期的食品的行政处罚", kFood, "第一百二十四条"},
    {"jiyuan-scjgj", kPenalty, "对餐饮服务提供者未按规定清洗消毒餐具、饮具的行政处罚", kFood,
     "第一百二十六条"},
    {"jiyuan-scjgj", kPenalty, "对销售失效、变质产品的行政处罚", kProduct, "第五十二条"},
    {"jiyuan-scjgj", kPenalty, "对伪造产品产地、伪造或者冒用他人厂名厂址的行政处罚", kProduct,
     "第五十三条"},
    {"jiyuan-scjgj", kPenalty, "对经营者不明码标价的行政处罚", "《中华人民共和国价格法》",
     "第四十二条"},
    {"jiyuan-scjgj", kPenalty, "对从事无照经营的行政处罚", "《无证无照经营查处办法》", "第十三条"},
    {"jiyuan-scjgj", kPenalty, "对使用未取得许可生产、未经检验或者检验不合格的特种设备的行政处罚",
     "《中华人民共和国特种设备安全法》", "第八十四条"},
    // 城市综合管理局
    {"jiyuan-cgj", kPenalty,
     "对在城市建筑物、设施以及树木上涂写、刻画或者未经批准张挂、张贴宣传品的行政处罚", kCityLook,
     "第三十四条"},
    {"jiyuan-cgj", kPenalty, "对随地吐痰、便溺，乱扔果皮、纸屑和烟头等废弃物的行政处罚", kCityLook,
     "第三十四条"},
    {"jiyuan-cgj", kPenalty,
     "对在城市人民政府规定的街道的临街建筑物的阳台和窗外堆放、吊挂有碍市容的物品的行政处罚",
     kCityLook, "第三十四条"},
    {"jiyuan-cgj", kPenalty, "对未经批准擅自设置大型户外广告影响市容的行政处罚", kCityLook,
     "第三十六条"},
    {"jiyuan-cgj", kPenalty,
     "对临街工地不设置护栏或者不作遮挡、停工场地不及时整理并作必要覆盖的行政处罚", kCityLook,
     "第三十六条"},
    {"jiyuan-cgj", kPenalty, "对未经批准擅自拆除环境卫生设施的行政处罚", kCityLook, "第三十九条"},
    {"jiyuan-cgj", kPenalty, "对擅自占用城市道路的行政处罚", kRoads, "第四十二条"},
    {"jiyuan-cgj", kPenalty, "对未经批准擅自挖掘城市道路的行政处罚", kRoads, "第四十二条"},
    {"jiyuan-cgj", kPenalty, "对在城市道路上机动车拖带铁链、履带车行驶等损害道路的行政处罚", kRoads,
     "第四十二条"},
    {"jiyuan-cgj", kPenalty, "对损坏城市树木花草的行政处罚", kGreen, "第二十六条"},
    {"jiyuan-cgj", kPenalty, "对擅自砍伐城市树木的行政处罚", kGreen, "第二十六条"},
    {"jiyuan-cgj", kPenalty, "对擅自占用城市绿化用地的行政处罚", kGreen, "第二十七条"},
    {"jiyuan-cgj", kPenalty, "对在城市规划区内未取得建设工程规划许可证进行建设的行政处罚",
     kPlanning, "第六十四条"},
    {"jiyuan-cgj", kPenalty, "对在城市规划区内未经批准进行临时建设的行政处罚", kPlanning,
     "第六十六条"},
    // 应急管理局
    {"jiyuan-yjj", kPenalty, "对生产经营单位未按规定对从业人员进行安全生产教育和培训的行政处罚",
     kSafety, "第九十七条"},
    {"jiyuan-yjj", kPenalty, "对生产经营单位未如实记录安全生产教育和培训情况的行政处罚", kSafety,
     "第九十七条"},
    {"jiyuan-yjj", kPenalty,
     "对生产经营单位未在有较大危险因素的场所和设施设备上设置安全警示标志的行政处罚", kSafety,
     "第九十九条"},
    {"jiyuan-yjj", kPenalty, "对生产经营单位未采取措施消除事故隐患的行政处罚", kSafety,
     "第一百零二条"},
    {"jiyuan-yjj", kPenalty, "对生产经营场所和员工宿舍未设有符合紧急疏散要求的出口的行政处罚",
     kSafety, "第一百零五条"},
    {"jiyuan-yjj", kPenalty, "对烟花爆竹零售经营者超越许可范围经营的行政处罚", kFireworks,
     "第三十八条"},
    {"jiyuan-yjj", kPenalty, "对未经许可经营烟花爆竹制品的行政处罚", kFireworks, "第三十六条"},
    {"jiyuan-yjj", kPenalty, "对生产经营单位主要负责人未履行安全生产管理职责的行政处罚", kSafety,
     "第九十四条"},
    // 住房和城乡建设局
    {"jiyuan-zjj", kPenalty, "对建设单位未取得施工许可证擅自施工的行政处罚", kBuilding,
     "第六十四条"},
    {"jiyuan-zjj", kPenalty, "对施工单位未按照技术标准施工的行政处罚", "《建设工程质量管理条例》",
     "第六十四条"},
    {"jiyuan-zjj", kPenalty, "对未取得资质证书承揽工程的行政处罚", kBuilding, "第六十五条"},
    {"jiyuan-zjj", kPenalty, "对施工单位未采取安全防护措施的行政处罚",
     "《建设工程安全生产管理条例》", "第六十二条"},
    {"jiyuan-zjj", kPenalty, "对房屋建筑使用者擅自变动房屋建筑主体和承重结构的行政处罚",
     "《建设工程质量管理条例》", "第六十九条"},
    {"jiyuan-zjj", kPenalty, "对擅自改变物业管理用房用途的行政处罚", "《物业管理条例》",
     "第六十四条"},
    {"jiyuan-zjj", kPenalty, "对装修人未申报登记进行住宅室内装饰装修活动的行政处罚",
     "《住宅室内装饰装修管理办法》", "第三十五条"},
    {"jiyuan-zjj", kPenalty, "对擅自拆改燃气设施的行政处罚", "《城镇燃气管理条例》", "第四十九条"},
    {"jiyuan-zjj", kPenalty, "对在燃气设施保护范围内从事危害燃气设施安全活动的行政处罚",
     "《城镇燃气管理条例》", "第五十条"},
    {"jiyuan-zjj", kPenalty, "对未取得燃气经营许可从事燃气经营活动的行政处罚",
     "《城镇燃气管理条例》", "第四十五条"},
    // Items the departments keep.
    {"jiyuan-sthjj", kLicensing, "排污许可证核发", "《排污许可管理条例》", "第四条"},
    {"jiyuan-sthjj", kInspection, "对排污单位的现场检查", "《中华人民共和国环境保护法》",
     "第二十四条"},
    {"jiyuan-sthjj", kCoercion, "对造成或者可能造成严重污染的设施、设备的查封、扣押",
     "《中华人民共和国环境保护法》", "第二十五条"},
    {"jiyuan-scjgj", kLicensing, "食品经营许可", kFood, "第三十五条"},
    {"jiyuan-scjgj", kInspection, "对食品生产经营者的监督检查", kFood, "第一百一十条"},
    {"jiyuan-zrzyj", kLicensing, "建设用地规划许可", kPlanning, "第三十七条"},
    {"jiyuan-cgj", kLicensing, "城市道路占用、挖掘许可", kRoads, "第三十条"},
    {"jiyuan-yjj", kLicensing, "烟花爆竹经营（零售）许可", kFireworks, "第十九条"},
    {"jiyuan-yjj", kInspection, "对生产经营单位安全生产的监督检查", kSafety, "第六十五条"},
    {"jiyuan-zjj", kLicensing, "建筑工程施工许可", kBuilding, "第七条"},
};

constexpr int kDelegatedToTowns = 60;
constexpr int kDelegatedToSubdistricts = 30;

template <typename Request, typename Response, typename Call>
absl::Status Invoke(Call call, const Request& request, const std::string& what) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  context.AddMetadata("x-actor", "demo-loader");
  Response response;
  grpc::Status status = call(&context, request, &response);
  if (!status.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                        absl::StrCat(what, ": ", status.error_message()));
  }
  return absl::OkStatus();
}

std::string ItemId(int index) { return absl::StrFormat("demo-power-%03d", index + 1); }

}  // namespace

absl::StatusOr<int> LoadDemoPowers(v1::PowerListService::StubInterface& stub) {
  int n = 0;
  for (const Item& item : kItems) {
    v1::CreatePowerItemRequest r;
    r.set_item_id(ItemId(n));
    r.set_request_id(absl::StrCat("demo-", ItemId(n)));
    v1::PowerItem* p = r.mutable_item();
    p->set_department_id(item.unit);
    p->set_code(absl::StrFormat("JY-%s-%03d", item.category == kPenalty ? "CF" : "QT", n + 1));
    p->set_name(item.name);
    p->set_category(item.category);
    v1::LegalBasis* basis = p->add_legal_basis();
    basis->set_law(item.law);
    basis->set_article(item.article);
    r.mutable_adjustment()->set_reason("新版权责清单目录公布");
    r.mutable_adjustment()->set_document("济管〔2021〕7号");
    r.mutable_adjustment()->mutable_date()->set_year(2021);
    r.mutable_adjustment()->mutable_date()->set_month(3);
    r.mutable_adjustment()->mutable_date()->set_day(1);
    if (absl::Status s = Invoke<v1::CreatePowerItemRequest, v1::PowerItem>(
            [&](auto* c, const auto& req, auto* resp) {
              return stub.CreatePowerItem(c, req, resp);
            },
            r, r.item_id());
        !s.ok()) {
      return s;
    }
    ++n;
  }
  struct Grant {
    const char* id;
    int items;
    v1::DepartmentKind kind;
  };
  for (const Grant& grant :
       {Grant{"demo-delegation-2021-towns", kDelegatedToTowns, v1::DEPARTMENT_KIND_TOWN},
        Grant{"demo-delegation-2021-subdistricts", kDelegatedToSubdistricts,
              v1::DEPARTMENT_KIND_SUBDISTRICT}}) {
    v1::CreateDelegationRequest r;
    r.set_delegation_id(grant.id);
    r.set_request_id(grant.id);
    v1::Delegation* d = r.mutable_delegation();
    d->set_title(grant.kind == v1::DEPARTMENT_KIND_TOWN
                     ? "省政府批复赋予镇人民政府县级行政处罚权（60项）"
                     : "省政府批复赋予街道办事处县级行政处罚权（30项）");
    d->set_document("济编办〔2021〕1号");
    d->set_grantor_id("henan");
    for (int i = 0; i < grant.items; ++i) d->add_power_item_ids(ItemId(i));
    for (const v1::CreateDepartmentRequest& unit : JiyuanUnits()) {
      if (unit.department().kind() == grant.kind) d->add_grantee_ids(unit.department_id());
    }
    d->mutable_effective_date()->set_year(2021);
    d->mutable_effective_date()->set_month(7);
    d->mutable_effective_date()->set_day(1);
    if (absl::Status s = Invoke<v1::CreateDelegationRequest, v1::Delegation>(
            [&](auto* c, const auto& req, auto* resp) {
              return stub.CreateDelegation(c, req, resp);
            },
            r, grant.id);
        !s.ok()) {
      return s;
    }
  }
  return n;
}

}  // namespace fazhi::department::demo
