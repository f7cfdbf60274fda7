#include "services/cases/demo/jiyuan_2021.h"

#include <grpcpp/grpcpp.h>
#include <openssl/sha.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "common/api/proto_time.h"
#include "common/time/date.h"
#include "common/validation/codes.h"
#include "common/validation/id_number.h"

namespace fazhi::cases::demo {
namespace {

namespace cpb = ::fazhi::common::v1;
using absl::CivilDay;

// ---- Who enforces: the units and their officers (services/department/demo/officers.cc). ----

struct Unit {
  const char* id;
  // The department's abbreviation in document numbers: 济环罚〔2021〕12号.
  const char* prefix;
  const char* officers[2];
  // What its cases are about.
  const char* facts;
  const char* law;
  const char* article;
};

// The 生态环境局's three officers; the pairs on its cases rotate among them (刘刚 and 王建军 alone
// hold certificates valid in 2020).
constexpr const char* kSthjjPairs[][2] = {
    {"sthjj-wangjianjun", "sthjj-lixiuying"},
    {"sthjj-liugang", "sthjj-lixiuying"},
    {"sthjj-wangjianjun", "sthjj-liugang"},
};

struct Violation {
  const char* facts;
  const char* law;
  const char* article;
};

constexpr Violation kEnvironmentViolations[] = {
    {"施工工地未采取有效覆盖措施防治扬尘污染", "中华人民共和国大气污染防治法", "第一百一十五条"},
    {"通过逃避监管的方式排放水污染物，化学需氧量超标", "中华人民共和国水污染防治法", "第八十三条"},
    {"未按照国家环境保护标准贮存危险废物", "中华人民共和国固体废物污染环境防治法",
     "第一百一十二条"},
    {"建设项目环境影响报告表未经批准擅自开工建设", "中华人民共和国环境影响评价法", "第三十一条"},
    {"未保证大气污染物自动监测设备正常运行", "中华人民共和国大气污染防治法", "第一百条"},
    {"超过大气污染物排放标准排放大气污染物", "中华人民共和国大气污染防治法", "第九十九条"},
};

// The other units whose cases the demo holds, with the pair that handles them. Certificates:
// 城市综合管理局's 黄敏 from 2021-03-15 until its revocation on 2021-10-20, 应急局's from
// 2021-05-20, the towns' from 2021-08-10, 沁园 and 济水's from 2021-09-01.
constexpr Unit kScjgj = {"jiyuan-scjgj",
                         "济市监",
                         {"scjgj-liuyang", "scjgj-chenjing"},
                         "生产经营不符合食品安全标准的食品",
                         "中华人民共和国食品安全法",
                         "第一百二十四条"};
constexpr Unit kZrzyj = {"jiyuan-zrzyj",
                         "济自然资",
                         {"zrzyj-zhouqiang", "zrzyj-wuting"},
                         "未经批准非法占用集体土地建设厂房",
                         "中华人民共和国土地管理法",
                         "第七十七条"};
constexpr Unit kCgj = {"jiyuan-cgj",
                       "济城管",
                       {"cgj-zhaolei", "cgj-huangmin"},
                       "未取得建设工程规划许可证进行建设",
                       "中华人民共和国城乡规划法",
                       "第六十四条"};
constexpr Unit kYjj = {"jiyuan-yjj",
                       "济应急",
                       {"yjj-xujun", "yjj-sunli"},
                       "未对安全设备进行经常性维护、保养和定期检测",
                       "中华人民共和国安全生产法",
                       "第九十九条"};
constexpr Unit kZjj = {
    "jiyuan-zjj",           "济住建",    {"zjj-songtao", "zjj-hanxue"}, "未取得施工许可证擅自施工",
    "中华人民共和国建筑法", "第六十四条"};
constexpr Unit kSmallUnits[] = {
    {"jiyuan-rsj",
     "济人社",
     {"rsj-fengjun", "rsj-caoli"},
     "克扣、无故拖欠劳动者工资，经责令限期支付逾期不支付",
     "劳动保障监察条例",
     "第二十六条"},
    {"jiyuan-mzzjj",
     "济民宗",
     {"mzzjj-pengbo", "mzzjj-zenghui"},
     "擅自设立宗教活动场所",
     "宗教事务条例",
     "第六十九条"},
    {"jiyuan-kejing",
     "克井镇",
     {"kejing-maqiang", "kejing-zhuhong"},
     "在人口集中地区露天焚烧秸秆",
     "中华人民共和国大气污染防治法",
     "第一百一十九条"},
    {"jiyuan-wulongkou",
     "五龙口镇",
     {"wulongkou-guojie", "wulongkou-linna"},
     "在人口集中地区露天焚烧秸秆",
     "中华人民共和国大气污染防治法",
     "第一百一十九条"},
    {"jiyuan-chengliu",
     "承留镇",
     {"chengliu-hepeng", "chengliu-gaoyan"},
     "未按规定倾倒建筑垃圾",
     "城市市容和环境卫生管理条例",
     "第三十六条"},
    {"jiyuan-qinyuan",
     "沁园街道",
     {"qinyuan-luoming", "qinyuan-zhengxia"},
     "擅自占用城市道路摆摊设点",
     "城市市容和环境卫生管理条例",
     "第三十六条"},
    {"jiyuan-zhicheng",
     "轵城镇",
     {"zhicheng-xiaofeng", "zhicheng-tianjing"},
     "在人口集中地区露天焚烧秸秆",
     "中华人民共和国大气污染防治法",
     "第一百一十九条"},
    {"jiyuan-shaoyuan",
     "邵原镇",
     {"shaoyuan-dongliang", "shaoyuan-yuanfang"},
     "未经批准擅自采伐林木",
     "中华人民共和国森林法",
     "第七十六条"},
    {"jiyuan-potou",
     "坡头镇",
     {"potou-pandong", "potou-duyan"},
     "在饮用水水源保护区内从事网箱养殖",
     "中华人民共和国水污染防治法",
     "第九十一条"},
    {"jiyuan-lilin",
     "梨林镇",
     {"lilin-jiangbin", "lilin-cuihong"},
     "在人口集中地区露天焚烧秸秆",
     "中华人民共和国大气污染防治法",
     "第一百一十九条"},
    {"jiyuan-dayu",
     "大峪镇",
     {"dayu-renkai", "dayu-yaoli"},
     "未经批准擅自采伐林木",
     "中华人民共和国森林法",
     "第七十六条"},
    {"jiyuan-sili",
     "思礼镇",
     {"sili-liaowen", "sili-fanling"},
     "未按规定倾倒建筑垃圾",
     "城市市容和环境卫生管理条例",
     "第三十六条"},
    {"jiyuan-wangwu",
     "王屋镇",
     {"wangwu-fangyi", "wangwu-shiqin"},
     "在风景名胜区内未经批准设置宣传牌",
     "风景名胜区条例",
     "第四十三条"},
    {"jiyuan-jishui",
     "济水街道",
     {"jishui-xiongwei", "jishui-jinmei"},
     "擅自占用城市道路摆摊设点",
     "城市市容和环境卫生管理条例",
     "第三十六条"},
};

// ---- Parties. ----

constexpr const char* kCompanyNames[] = {"宏达", "豫光",   "金利", "万洋", "中原", "济钢",  "沁北",
                                         "玉川", "王屋山", "天坛", "愚公", "济水", "北海",  "龙潭",
                                         "承留", "克井",   "太行", "黄河", "荆梁", "小浪底"};
constexpr const char* kCompanyTrades[] = {"化工", "冶炼", "建材", "铸造", "物流", "机械",
                                          "食品", "建筑", "矿业", "商贸", "包装"};
constexpr const char* kSurnames[] = {"张", "王", "李", "赵", "刘", "陈", "杨", "黄",
                                     "周", "吴", "徐", "孙", "马", "朱", "胡", "郭"};
constexpr const char* kGivenNames[] = {"建国", "秀兰", "志强", "桂英", "海军", "丽娟",
                                       "国庆", "红梅", "卫东", "玉兰", "春生", "小平"};

template <typename T, size_t N>
const T& Pick(const T (&items)[N], int i) {
  return items[static_cast<size_t>(i) % N];
}

std::string CompanyName(int i) {
  return absl::StrCat("济源市", Pick(kCompanyNames, i), Pick(kCompanyTrades, i / 3), "有限公司");
}

std::string PersonName(int i) { return absl::StrCat(Pick(kSurnames, i), Pick(kGivenNames, i / 5)); }

// A 统一社会信用代码 of a company registered in 济源 (91 419001 MA4xxxxxx + check character).
std::string CreditCode(int i) {
  std::string first17 = absl::StrCat("91419001MA4", absl::StrFormat("%06d", 100000 + i));
  return absl::StrCat(first17, std::string(1, validation::CreditCodeCheckCharacter(first17)));
}

// A 公民身份号码 of someone born in 济源 between 1965 and 1999.
std::string IdNumber(int i) {
  std::string first17 = absl::StrFormat("410881%04d%02d%02d%03d", 1965 + i % 35, 1 + i % 12,
                                        1 + i % 28, 100 + i % 900);
  return absl::StrCat(first17, std::string(1, validation::IdNumberCheckCharacter(first17)));
}

cpb::Date Date(CivilDay day) { return api::DateToProto(day); }

// Dates the plan made itself, so always valid.
CivilDay Day(const cpb::Date& date) { return CivilDay(date.year(), date.month(), date.day()); }

// ---- Dates on the working-day calendar. ----

class Days {
 public:
  explicit Days(const time_util::WorkingDayCalendar& calendar) : calendar_(calendar) {}

  // The first working day on or after day. Outside the calendar's years (the cases filed late
  // in 2020) only weekends are skipped.
  CivilDay Working(CivilDay day) const {
    for (;;) {
      absl::StatusOr<bool> working = calendar_.IsWorkingDay(day);
      bool is_working = working.ok() ? *working
                                     : absl::GetWeekday(day) != absl::Weekday::saturday &&
                                           absl::GetWeekday(day) != absl::Weekday::sunday;
      if (is_working) return day;
      day += 1;
    }
  }

  // The last working day on or before day.
  CivilDay WorkingBefore(CivilDay day) const {
    while (Working(day) != day) day -= 1;
    return day;
  }

  // count working days spread evenly from first to last.
  std::vector<CivilDay> Spread(CivilDay first, CivilDay last, int count) const {
    std::vector<CivilDay> out;
    for (int i = 0; i < count; ++i) {
      out.push_back(Working(first + (count == 1 ? 0 : (last - first) * i / (count - 1))));
    }
    return out;
  }

 private:
  const time_util::WorkingDayCalendar& calendar_;
};

// ---- The plan: what each record is and which calls make it. ----

// One call after FileCase: a step of AdvanceCase (id and etag filled when sent), or publishing
// the decision. Each makes one event, so a case's event count says how many are done.
struct Operation {
  bool publish = false;
  v1::AdvanceCaseRequest advance;
};

struct PlannedCase {
  std::string request_id;
  v1::FileCaseRequest file;
  std::vector<Operation> operations;
  // A major case decided in 2021 is filed with the 司法局 on this day, and reviewed on the next.
  std::optional<CivilDay> filed_for_review;
  std::optional<CivilDay> reviewed;
  std::vector<std::string> suggestions;
};

struct PlannedFileReview {
  size_t case_index;
  CivilDay date;
  int score;
  std::vector<std::string> findings;
};

struct Plan {
  std::vector<PlannedCase> cases;
  std::vector<PlannedFileReview> file_reviews;
};

Operation Advance(v1::AdvanceCaseRequest request) { return Operation{false, std::move(request)}; }

Operation StartInvestigation() {
  v1::AdvanceCaseRequest r;
  r.mutable_start_investigation();
  return Advance(r);
}

Operation Notify(CivilDay day, bool hearing_requested) {
  v1::AdvanceCaseRequest r;
  *r.mutable_notify()->mutable_date() = Date(day);
  r.mutable_notify()->set_hearing_requested(hearing_requested);
  return Advance(r);
}

std::vector<Operation> LegalReview(CivilDay day) {
  v1::AdvanceCaseRequest submit;
  submit.mutable_submit_legal_review();
  v1::AdvanceCaseRequest record;
  v1::LegalReview* review = record.mutable_record_legal_review()->mutable_review();
  review->set_reviewer("法制审核科 周敏");
  review->set_result(v1::LEGAL_REVIEW_RESULT_PASSED);
  review->set_opinion("事实清楚，证据确凿，适用依据正确，程序合法，处罚适当");
  *review->mutable_date() = Date(day);
  return {Advance(submit), Advance(record)};
}

Operation Serve(CivilDay day) {
  v1::AdvanceCaseRequest r;
  *r.mutable_serve()->mutable_date() = Date(day);
  return Advance(r);
}

Operation Execute(CivilDay day, int64_t collected_fen) {
  v1::AdvanceCaseRequest r;
  r.mutable_record_execution()->set_collected_fen(collected_fen);
  *r.mutable_record_execution()->mutable_date() = Date(day);
  return Advance(r);
}

Operation Close() {
  v1::AdvanceCaseRequest r;
  r.mutable_close();
  return Advance(r);
}

Operation Publish() { return Operation{true, {}}; }

v1::Evidence Photo(const std::string& reference, CivilDay day) {
  // The demo has no archive: the hash is of the reference itself, so it is a real SHA-256.
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(reference.data()), reference.size(), digest);
  v1::Evidence e;
  e.set_kind(v1::EVIDENCE_KIND_PHOTO);
  e.set_reference(reference);
  e.set_sha256(absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), SHA256_DIGEST_LENGTH)));
  e.set_description("现场检查照片");
  *e.mutable_capture_time() = api::TimeToProto(absl::FromCivil(day, time_util::ChinaTimeZone()));
  return e;
}

class Planner {
 public:
  explicit Planner(const Days& days) : days_(days) {}

  // A case of unit numbered n in year, filed on the day by officers, against a company (or a
  // person), about what the violation says.
  PlannedCase& File(absl::string_view unit, absl::string_view prefix, absl::string_view kind_char,
                    v1::CaseKind kind, int year, int n, CivilDay filed,
                    const char* const officers[2], const Violation& violation, bool person,
                    bool major) {
    PlannedCase& c = plan_.cases.emplace_back();
    c.request_id = absl::StrCat("demo-case-", unit, "-", kind_char, "-", year, "-", n);
    v1::EnforcementCase* e = c.file.mutable_enforcement_case();
    e->set_department_id(std::string(unit));
    e->set_kind(kind);
    e->set_case_number(absl::StrCat(prefix, kind_char, "立〔", year, "〕", n, "号"));
    int party = next_party_++;
    if (person) {
      e->mutable_party()->set_type(v1::PARTY_TYPE_PERSON);
      e->mutable_party()->set_name(PersonName(party));
      e->mutable_party()->set_id_number(IdNumber(party));
    } else {
      e->mutable_party()->set_type(v1::PARTY_TYPE_ORGANISATION);
      e->mutable_party()->set_name(CompanyName(party));
      e->mutable_party()->set_credit_code(CreditCode(party));
    }
    e->set_facts(violation.facts);
    v1::LegalBasis* basis = e->add_legal_basis();
    basis->set_law(violation.law);
    basis->set_article(violation.article);
    e->set_major(major);
    e->add_officer_ids(officers[0]);
    e->add_officer_ids(officers[1]);
    *e->mutable_filed_date() = Date(filed);
    *c.file.add_evidence() = Photo(
        absl::StrCat("demo-archive/", unit, "/", year, "/", kind_char, n, "/scene-1.jpg"), filed);
    c.file.set_request_id(c.request_id);
    c.operations.push_back(StartInvestigation());
    return c;
  }

  // Takes c to a penalty decision on the day (notified ten days before, reviewed before that when
  // major), served, and executed with collected_fen collected, then closed; left served when
  // nothing is collected (the department applies to the court for enforcement).
  void DecidePenalty(PlannedCase& c, absl::string_view prefix, int year, int n, CivilDay decided,
                     int64_t fine_fen, int64_t collected_fen, v1::DecisionOutcome outcome,
                     const char* const officers[2], bool hearing_requested) {
    // At least ten days before the decision: the party's 5 days to ask for a hearing, and the
    // hearing's 7 days' notice when asked (行政处罚法 Art. 64).
    CivilDay notified = days_.WorkingBefore(decided - 10);
    if (c.file.enforcement_case().major()) {
      std::vector<Operation> review = LegalReview(days_.WorkingBefore(notified - 3));
      c.operations.insert(c.operations.end(), review.begin(), review.end());
    }
    c.operations.push_back(Notify(notified, hearing_requested));
    v1::AdvanceCaseRequest decide;
    v1::Decision* d = decide.mutable_decide()->mutable_decision();
    d->set_document_number(absl::StrCat(prefix, "罚〔", year, "〕", n, "号"));
    *d->mutable_date() = Date(decided);
    d->set_outcome(outcome);
    if (outcome == v1::DECISION_OUTCOME_NO_PENALTY) {
      collected_fen = 0;
      d->set_no_penalty_item("首次违法、危害后果轻微并及时改正（不予处罚清单第3项）");
    } else {
      v1::Sanction* fine = d->add_sanctions();
      fine->set_type(v1::SANCTION_TYPE_FINE);
      fine->set_amount_fen(fine_fen);
      fine->set_description(absl::StrCat("罚款人民币", fine_fen / 100, "元"));
    }
    d->add_officer_ids(officers[0]);
    d->add_officer_ids(officers[1]);
    d->set_summary(absl::StrCat(c.file.enforcement_case().facts(), "，依法作出处理"));
    c.operations.push_back(Advance(decide));
    c.operations.push_back(Publish());
    CivilDay served = days_.Working(decided + 3);
    c.operations.push_back(Serve(served));
    if (collected_fen > 0 || outcome == v1::DECISION_OUTCOME_NO_PENALTY) {
      c.operations.push_back(Execute(days_.Working(served + 14), collected_fen));
      c.operations.push_back(Close());
    }
  }

  Plan& plan() { return plan_; }
  const Days& days() const { return days_; }

 private:
  const Days& days_;
  Plan plan_;
  int next_party_ = 0;
};

int64_t OrdinaryFineFen(int i) { return (8'000 + (i * 11 % 31) * 2'200) * int64_t{100}; }
int64_t MajorFineFen(int m) { return (100'000 + (m * 8 % 21) * 10'000) * int64_t{100}; }

constexpr char kSthjj[] = "jiyuan-sthjj";
constexpr char kSthjjPrefix[] = "济环";

// 生态环境局: the cases filed late in 2020, the 2021 penalty cases, transfers and seizures.
void PlanEnvironment(Planner& p, std::vector<size_t>& majors) {
  const Days& days = p.days();
  const char* const pair2020[2] = {"sthjj-wangjianjun", "sthjj-liugang"};
  // Filed from 2020-11-02, decided from 2021-01-06: 65 days each, within the 90 of Art. 60.
  for (int k = 0; k < 30; ++k) {
    CivilDay filed = days.Working(CivilDay(2020, 11, 2) + k * 3 / 2);
    CivilDay decided = days.Working(CivilDay(2021, 1, 6) + k * 3 / 2);
    int64_t fine = OrdinaryFineFen(k);
    PlannedCase& c = p.File(kSthjj, kSthjjPrefix, "罚", v1::CASE_KIND_PENALTY, 2020, 300 + k, filed,
                            pair2020, Pick(kEnvironmentViolations, k), false, false);
    p.DecidePenalty(c, kSthjjPrefix, 2021, 1 + k, decided, fine, k % 3 != 0 ? fine : 0,
                    v1::DECISION_OUTCOME_PENALTY, pair2020, false);
  }
  // 172 penalty cases of 2021: 168 filed 2021-01-05 to 11-15 and decided 2021, every third of
  // the first 135 major; 4 filed in December and decided in January 2022.
  std::vector<CivilDay> filed = days.Spread(CivilDay(2021, 1, 5), CivilDay(2021, 11, 15), 168);
  for (int i = 0; i < 172; ++i) {
    bool december = i >= 168;
    CivilDay filed_day = december ? days.Working(CivilDay(2021, 12, 13) + (i - 168) * 2) : filed[i];
    bool major = !december && i % 3 == 0 && i < 135;
    const char* const* pair = kSthjjPairs[i % 3];
    PlannedCase& c = p.File(kSthjj, kSthjjPrefix, "罚", v1::CASE_KIND_PENALTY, 2021, 1 + i,
                            filed_day, pair, Pick(kEnvironmentViolations, i), false, major);
    CivilDay decided = days.Working(filed_day + (major ? 40 : 35));
    int m = i / 3;
    int64_t fine = major ? MajorFineFen(m) : OrdinaryFineFen(i);
    int64_t collected = major ? (m % 6 == 0 ? fine : 0) : (i % 3 != 1 ? fine : 0);
    // Lighter (从轻) for a party that co-operated, reduced (减轻) for one that also remedied.
    v1::DecisionOutcome outcome = i % 17 == 5   ? v1::DECISION_OUTCOME_LIGHTER
                                  : i % 29 == 7 ? v1::DECISION_OUTCOME_REDUCED
                                                : v1::DECISION_OUTCOME_PENALTY;
    p.DecidePenalty(c, kSthjjPrefix, decided.year(), 31 + i, decided, fine, collected, outcome,
                    pair, major && m % 4 == 1);
    if (major) majors.push_back(p.plan().cases.size() - 1);
  }
  // 22 transfers to the police (17 for detention, 5 as suspected crimes), of the person
  // responsible, ten days into the investigation.
  std::vector<CivilDay> transferred =
      days.Spread(CivilDay(2021, 2, 22), CivilDay(2021, 11, 26), 22);
  for (int t = 0; t < 22; ++t) {
    bool criminal = t % 4 == 3 && t < 20;
    Violation v = criminal ? Violation{"非法处置危险废物三吨以上，涉嫌污染环境罪",
                                       "中华人民共和国刑法", "第三百三十八条"}
                           : Violation{"未取得排污许可证排放污染物，被责令停止排污拒不执行",
                                       "中华人民共和国环境保护法", "第六十三条"};
    PlannedCase& c = p.File(kSthjj, kSthjjPrefix, "移", v1::CASE_KIND_PENALTY, 2021, 1 + t,
                            days.Working(transferred[t] - 10), kSthjjPairs[t % 3], v, true, false);
    v1::AdvanceCaseRequest r;
    v1::Transfer* transfer = r.mutable_transfer()->mutable_transfer();
    transfer->set_destination(criminal ? v1::TRANSFER_DESTINATION_POLICE_CRIMINAL
                                       : v1::TRANSFER_DESTINATION_POLICE_DETENTION);
    transfer->set_recipient("济源市公安局");
    transfer->set_reason(criminal ? "涉嫌污染环境罪，依法移送公安机关立案侦查"
                                  : "依照环境保护法第六十三条，移送公安机关处以行政拘留");
    *transfer->mutable_date() = Date(transferred[t]);
    c.operations.push_back(Advance(r));
  }
  // 12 seizures (查封、扣押) of polluting equipment, decided the day after filing.
  std::vector<CivilDay> seized = days.Spread(CivilDay(2021, 3, 10), CivilDay(2021, 10, 28), 12);
  for (int s = 0; s < 12; ++s) {
    PlannedCase& c = p.File(kSthjj, kSthjjPrefix, "强", v1::CASE_KIND_COERCIVE_MEASURE, 2021, 1 + s,
                            seized[s], kSthjjPairs[s % 3],
                            Violation{"超标排放污染物，造成严重污染，对有关设施、设备实施查封",
                                      "中华人民共和国环境保护法", "第二十五条"},
                            false, false);
    v1::AdvanceCaseRequest decide;
    v1::Decision* d = decide.mutable_decide()->mutable_decision();
    CivilDay decided = days.Working(seized[s] + 1);
    d->set_document_number(absl::StrCat("济环强〔2021〕", 1 + s, "号"));
    *d->mutable_date() = Date(decided);
    v1::Sanction* seizure = d->add_sanctions();
    seizure->set_type(v1::SANCTION_TYPE_SEIZURE);
    seizure->set_description("查封污染物排放设施、设备");
    d->add_officer_ids(kSthjjPairs[s % 3][0]);
    d->add_officer_ids(kSthjjPairs[s % 3][1]);
    c.operations.push_back(Advance(decide));
    c.operations.push_back(Publish());
    c.operations.push_back(Serve(decided));
    c.operations.push_back(Execute(decided, 0));
    c.operations.push_back(Close());
  }
}

// The major cases of the other departments that file with the 司法局, count of each, filed
// evenly between first and last.
void PlanMajors(Planner& p, const Unit& unit, int count, CivilDay first, CivilDay last,
                std::vector<size_t>& majors) {
  std::vector<CivilDay> filed = p.days().Spread(first, last, count);
  Violation v{unit.facts, unit.law, unit.article};
  for (int i = 0; i < count; ++i) {
    PlannedCase& c = p.File(unit.id, unit.prefix, "罚", v1::CASE_KIND_PENALTY, 2021, 1 + i,
                            filed[i], unit.officers, v, false, true);
    CivilDay decided = p.days().Working(filed[i] + 40);
    int64_t fine = MajorFineFen(i + 3) / 2;
    p.DecidePenalty(c, unit.prefix, 2021, 1 + i, decided, fine, i % 2 == 0 ? fine : 0,
                    v1::DECISION_OUTCOME_PENALTY, unit.officers, i % 5 == 2);
    majors.push_back(p.plan().cases.size() - 1);
  }
}

// Three small cases of each town and office (the towns' first after the delegation of August
// 2021), the last of each not punished under the 不予处罚清单.
void PlanSmallUnits(Planner& p) {
  for (const Unit& unit : kSmallUnits) {
    Violation v{unit.facts, unit.law, unit.article};
    for (int i = 0; i < 3; ++i) {
      CivilDay filed = p.days().Working(CivilDay(2021, 9, 6) + i * 9);
      PlannedCase& c = p.File(unit.id, unit.prefix, "罚", v1::CASE_KIND_PENALTY, 2021, 1 + i, filed,
                              unit.officers, v, true, false);
      int64_t fine = (500 + i * 300) * int64_t{100};
      p.DecidePenalty(c, unit.prefix, 2021, 1 + i, p.days().Working(filed + 16), fine, fine,
                      i == 2 ? v1::DECISION_OUTCOME_NO_PENALTY : v1::DECISION_OUTCOME_PENALTY,
                      unit.officers, false);
    }
  }
}

// Filings of the major cases with the 司法局 a week after each decision; reviews twenty days
// later, except the 11 filed last, reviewed in January 2022; 42 suggestions in all.
void PlanMajorFilings(Planner& p, const std::vector<size_t>& majors) {
  std::vector<std::pair<CivilDay, size_t>> by_decision;
  for (size_t index : majors) {
    const PlannedCase& c = p.plan().cases[index];
    for (const Operation& op : c.operations) {
      if (op.advance.has_decide()) {
        by_decision.emplace_back(Day(op.advance.decide().decision().date()), index);
      }
    }
  }
  std::sort(by_decision.begin(), by_decision.end());
  static constexpr const char* kSuggestions[] = {
      "调查询问笔录未载明执法人员执法证件编号，应予规范",
      "处罚决定书未充分说明自由裁量理由，应予完善",
      "送达回证填写不完整，应予补正",
  };
  int reviewed_in_2021 = 0;
  for (size_t k = 0; k < by_decision.size(); ++k) {
    PlannedCase& c = p.plan().cases[by_decision[k].second];
    c.filed_for_review = p.days().Working(by_decision[k].first + 7);
    bool late = k + 11 >= by_decision.size();
    c.reviewed = late ? p.days().Working(CivilDay(2022, 1, 10) + static_cast<int>(k % 11))
                      : p.days().Working(*c.filed_for_review + 20);
    if (late) continue;
    int j = reviewed_in_2021++;
    int suggestions = j % 8 == 0 ? 2 : j % 8 == 4 ? 1 : 0;
    for (int s = 0; s < suggestions; ++s) {
      c.suggestions.push_back(Pick(kSuggestions, j + s));
    }
  }
}

// 案卷评查 in November 2021: 52 case files of 20 units.
void PlanFileReviews(Planner& p) {
  struct Quota {
    const char* unit;
    int files;
  };
  static constexpr Quota kQuotas[] = {
      {"jiyuan-sthjj", 6},     {"jiyuan-scjgj", 5},    {"jiyuan-zrzyj", 4},
      {"jiyuan-cgj", 4},       {"jiyuan-yjj", 3},      {"jiyuan-zjj", 3},
      {"jiyuan-rsj", 2},       {"jiyuan-mzzjj", 2},    {"jiyuan-kejing", 2},
      {"jiyuan-wulongkou", 2}, {"jiyuan-chengliu", 2}, {"jiyuan-qinyuan", 2},
      {"jiyuan-zhicheng", 2},  {"jiyuan-shaoyuan", 2}, {"jiyuan-potou", 2},
      {"jiyuan-lilin", 2},     {"jiyuan-dayu", 2},     {"jiyuan-sili", 2},
      {"jiyuan-wangwu", 2},    {"jiyuan-jishui", 1},
  };
  static constexpr const char* kFindings[] = {
      "证据目录与证据材料不一致",
      "法律条款引用不具体到款、项",
      "案卷装订顺序不规范",
  };
  int n = 0;
  for (const Quota& q : kQuotas) {
    int taken = 0;
    // The unit's decided cases, the earliest first.
    for (size_t i = 0; i < p.plan().cases.size() && taken < q.files; ++i) {
      const PlannedCase& c = p.plan().cases[i];
      bool decided = false;
      for (const Operation& op : c.operations) decided = decided || op.advance.has_decide();
      if (c.file.enforcement_case().department_id() != q.unit || !decided) continue;
      PlannedFileReview& r = p.plan().file_reviews.emplace_back();
      r.case_index = i;
      r.date = p.days().Working(CivilDay(2021, 11, 15) + n % 10);
      r.score = 72 + (n * 7) % 27;
      if (r.score < 85) r.findings.push_back(Pick(kFindings, n));
      ++taken;
      ++n;
    }
  }
}

Plan MakePlan(const Days& days) {
  Planner p(days);
  std::vector<size_t> majors;
  PlanEnvironment(p, majors);
  PlanMajors(p, kScjgj, 28, CivilDay(2021, 1, 11), CivilDay(2021, 9, 30), majors);
  PlanMajors(p, kZrzyj, 20, CivilDay(2021, 1, 18), CivilDay(2021, 9, 24), majors);
  // Within 黄敏's certificate, until its revocation on 2021-10-20.
  PlanMajors(p, kCgj, 12, CivilDay(2021, 3, 16), CivilDay(2021, 7, 20), majors);
  PlanMajors(p, kYjj, 10, CivilDay(2021, 5, 24), CivilDay(2021, 9, 1), majors);
  PlanMajors(p, kZjj, 8, CivilDay(2021, 2, 22), CivilDay(2021, 10, 15), majors);
  PlanSmallUnits(p);
  PlanMajorFilings(p, majors);
  PlanFileReviews(p);
  return std::move(p.plan());
}

// ---- Calls. ----

template <typename Stub, typename Request, typename Response>
absl::Status Call(grpc::Status (Stub::*rpc)(grpc::ClientContext*, const Request&, Response*),
                  Stub& stub, const Request& request, Response* response, absl::string_view what) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  grpc::Status status = (stub.*rpc)(&context, request, response);
  if (!status.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                        absl::StrCat(what, ": ", status.error_message()));
  }
  return absl::OkStatus();
}

// A call that changes a record, counted in summary.writes when it does.
template <typename Stub, typename Request, typename Response>
absl::Status Write(grpc::Status (Stub::*rpc)(grpc::ClientContext*, const Request&, Response*),
                   Stub& stub, const Request& request, Response* response, absl::string_view what,
                   LoadSummary& summary) {
  absl::Status s = Call(rpc, stub, request, response, what);
  if (s.ok()) ++summary.writes;
  return s;
}

using CasesStub = v1::EnforcementCaseService::StubInterface;
using SupervisionStub = v1::SupervisionService::StubInterface;
using ReconsiderationStub = v1::ReconsiderationService::StubInterface;
using LitigationStub = v1::LitigationService::StubInterface;

// Files the case (or finds it filed) and applies the operations its record lacks.
absl::StatusOr<v1::EnforcementCase> LoadCase(CasesStub& stub, const PlannedCase& plan,
                                             LoadSummary& summary) {
  v1::EnforcementCase c;
  if (absl::Status s = Call(&CasesStub::FileCase, stub, plan.file, &c, plan.request_id); !s.ok()) {
    return s;
  }
  v1::GetCaseRequest get;
  get.set_id(c.id());
  if (absl::Status s = Call(&CasesStub::GetCase, stub, get, &c, plan.request_id); !s.ok()) {
    return s;
  }
  // The filing is the first event; each operation made one more.
  size_t done = c.events_size() > 0 ? static_cast<size_t>(c.events_size()) - 1 : 0;
  for (size_t i = done; i < plan.operations.size(); ++i) {
    const Operation& op = plan.operations[i];
    std::string what = absl::StrCat(plan.request_id, " step ", i + 1);
    absl::Status s;
    if (op.publish) {
      v1::PublishDecisionRequest publish;
      publish.set_id(c.id());
      publish.set_etag(c.etag());
      s = Write(&CasesStub::PublishDecision, stub, publish, &c, what, summary);
    } else {
      v1::AdvanceCaseRequest advance = op.advance;
      advance.set_id(c.id());
      advance.set_etag(c.etag());
      s = Write(&CasesStub::AdvanceCase, stub, advance, &c, what, summary);
    }
    if (!s.ok()) return s;
  }
  return c;
}

absl::Status LoadMajorFiling(SupervisionStub& stub, const PlannedCase& plan,
                             const std::string& case_id, LoadSummary& summary) {
  v1::FileMajorCaseRequest file;
  file.set_case_id(case_id);
  *file.mutable_filed_date() = Date(*plan.filed_for_review);
  file.set_request_id(absl::StrCat(plan.request_id, "-filing"));
  v1::MajorCaseFiling filing;
  if (absl::Status s =
          Call(&SupervisionStub::FileMajorCase, stub, file, &filing, file.request_id());
      !s.ok()) {
    return s;
  }
  ++summary.major_filings;
  if (filing.status() == v1::FILING_STATUS_REVIEWED) return absl::OkStatus();
  v1::ReviewMajorCaseFilingRequest review;
  review.set_id(filing.id());
  review.set_etag(filing.etag());
  *review.mutable_review_date() = Date(*plan.reviewed);
  for (const std::string& s : plan.suggestions) review.add_rectification_suggestions(s);
  return Write(&SupervisionStub::ReviewMajorCaseFiling, stub, review, &filing, file.request_id(),
               summary);
}

absl::Status LoadFileReview(SupervisionStub& stub, const PlannedFileReview& plan,
                            const v1::EnforcementCase& c, int n, LoadSummary& summary) {
  v1::CreateCaseFileReviewRequest create;
  create.set_request_id(absl::StrCat("demo-casefile-review-2021-", n));
  v1::CaseFileReview* r = create.mutable_review();
  r->set_case_id(c.id());
  r->set_department_id(c.department_id());
  r->set_reviewer("市司法局行政执法监督科");
  *r->mutable_review_date() = Date(plan.date);
  r->set_score(plan.score);
  for (const std::string& f : plan.findings) r->add_findings(f);
  v1::CaseFileReview out;
  ++summary.case_file_reviews;
  return Call(&SupervisionStub::CreateCaseFileReview, stub, create, &out, create.request_id());
}

// The two complaints of 2021, answered by supervision letters and rectified.
absl::Status LoadComplaints(SupervisionStub& stub, const Days& days, LoadSummary& summary) {
  struct Planned {
    const char* department;
    const char* complainant;
    const char* content;
    CivilDay received;
    const char* letter;
    const char* requirement;
    const char* report;
  };
  const Planned kComplaints[] = {
      {"jiyuan-cgj", "王某", "城管执法人员拆除违章搭建时未出示执法证件，未告知陈述申辩权利",
       CivilDay(2021, 6, 8), "济司监〔2021〕1号", "严格落实执法公示制度，执法时主动出示执法证件",
       "已组织全体执法人员开展亮证执法和告知程序培训"},
      {"jiyuan-scjgj", "济源市某商贸有限公司", "市场监管执法人员查封扣押货物未当场交付查封扣押清单",
       CivilDay(2021, 9, 14), "济司监〔2021〕2号", "规范查封扣押程序，当场交付查封扣押决定书和清单",
       "已补交清单并对相关执法人员进行批评教育"},
  };
  int n = 0;
  for (const Planned& p : kComplaints) {
    std::string request_id = absl::StrCat("demo-complaint-2021-", ++n);
    v1::CreateComplaintRequest create;
    create.set_request_id(request_id);
    create.mutable_complaint()->set_department_id(p.department);
    create.mutable_complaint()->set_complainant(p.complainant);
    create.mutable_complaint()->set_content(p.content);
    *create.mutable_complaint()->mutable_received_date() = Date(p.received);
    v1::Complaint c;
    if (absl::Status s = Call(&SupervisionStub::CreateComplaint, stub, create, &c, request_id);
        !s.ok()) {
      return s;
    }
    ++summary.complaints;
    if (!c.has_letter()) {
      v1::IssueSupervisionLetterRequest issue;
      issue.set_id(c.id());
      issue.set_etag(c.etag());
      CivilDay issued = days.Working(p.received + 17);
      issue.mutable_letter()->set_document_number(p.letter);
      *issue.mutable_letter()->mutable_issued_date() = Date(issued);
      issue.mutable_letter()->add_requirements(p.requirement);
      *issue.mutable_letter()->mutable_due_date() = Date(issued + 30);
      if (absl::Status s =
              Write(&SupervisionStub::IssueSupervisionLetter, stub, issue, &c, request_id, summary);
          !s.ok()) {
        return s;
      }
    }
    for (v1::RectificationStatus next :
         {v1::RECTIFICATION_STATUS_REPORTED, v1::RECTIFICATION_STATUS_CONFIRMED}) {
      if (c.rectification() >= next) continue;
      v1::UpdateRectificationRequest update;
      update.set_id(c.id());
      update.set_etag(c.etag());
      update.set_rectification(next);
      if (next == v1::RECTIFICATION_STATUS_REPORTED) update.set_report(p.report);
      if (absl::Status s =
              Write(&SupervisionStub::UpdateRectification, stub, update, &c, request_id, summary);
          !s.ok()) {
        return s;
      }
    }
  }
  return absl::OkStatus();
}

// The respondents of reconsideration and the defendants of lawsuits, in turn.
constexpr const char* kRespondents[] = {
    "jiyuan-sthjj", "jiyuan-scjgj", "jiyuan-zrzyj", "jiyuan-cgj",    "jiyuan-zjj",
    "jiyuan-gaj",   "jiyuan-rsj",   "jiyuan-yjj",   "jiyuan-kejing", "jiyuan-qinyuan",
    "jiyuan-gaj",   "jiyuan-zrzyj", "jiyuan-cgj",   "jiyuan-potou",  "jiyuan-chengliu",
};

// 159 applications to the city government. The outcome of the k-th concluded one: 9 not
// accepted, 55 upheld, 32 corrected, 44 mediated or settled, 5 terminated, interleaved.
v1::ReconsiderationOutcome ConcludedOutcome(int k, bool* not_accepted) {
  // A permutation of 0..144 (stride 7 is coprime with 145), then cut into the outcome counts.
  int slot = (k * 7) % 145;
  *not_accepted = slot < 9;
  slot -= 9;
  if (slot < 0) return v1::RECONSIDERATION_OUTCOME_UNSPECIFIED;
  if (slot < 55) return v1::RECONSIDERATION_OUTCOME_UPHELD;
  slot -= 55;
  if (slot < 32) {
    constexpr v1::ReconsiderationOutcome kCorrected[] = {
        v1::RECONSIDERATION_OUTCOME_REVOKED, v1::RECONSIDERATION_OUTCOME_ALTERED,
        v1::RECONSIDERATION_OUTCOME_CONFIRMED_ILLEGAL,
        v1::RECONSIDERATION_OUTCOME_ORDERED_TO_PERFORM};
    return Pick(kCorrected, slot);
  }
  slot -= 32;
  if (slot < 44) {
    return slot % 3 == 2 ? v1::RECONSIDERATION_OUTCOME_SETTLED
                         : v1::RECONSIDERATION_OUTCOME_MEDIATED;
  }
  return v1::RECONSIDERATION_OUTCOME_TERMINATED;
}

absl::Status LoadReconsiderations(ReconsiderationStub& stub, const Days& days,
                                  LoadSummary& summary) {
  // 145 concluded in 2021, applied for from January to mid-October; 14 applied for from
  // mid-November, decided in 2022.
  std::vector<CivilDay> concluded = days.Spread(CivilDay(2021, 1, 4), CivilDay(2021, 10, 15), 145);
  std::vector<CivilDay> pending = days.Spread(CivilDay(2021, 11, 15), CivilDay(2021, 12, 28), 14);
  for (int i = 0; i < 159; ++i) {
    bool is_pending = i >= 145;
    CivilDay applied = is_pending ? pending[i - 145] : concluded[i];
    bool not_accepted = false;
    v1::ReconsiderationOutcome outcome =
        is_pending ? v1::RECONSIDERATION_OUTCOME_UPHELD : ConcludedOutcome(i, &not_accepted);
    std::string request_id = absl::StrCat("demo-reconsideration-2021-", i + 1);
    v1::CreateReconsiderationRequest create;
    create.set_request_id(request_id);
    v1::Reconsideration* a = create.mutable_reconsideration();
    a->set_body_department_id("jiyuan");
    const char* respondent = Pick(kRespondents, i);
    a->set_respondent_department_id(respondent);
    a->set_applicant(i % 4 == 0 ? CompanyName(200 + i) : PersonName(200 + i));
    a->set_request(i % 5 == 1 ? "请求确认被申请人不履行法定职责违法并责令履行"
                              : "请求撤销被申请人作出的具体行政行为");
    *a->mutable_application_date() = Date(applied);
    v1::Reconsideration r;
    if (absl::Status s =
            Call(&ReconsiderationStub::CreateReconsideration, stub, create, &r, request_id);
        !s.ok()) {
      return s;
    }
    ++summary.reconsiderations;
    if (r.stage() == v1::RECONSIDERATION_STAGE_APPLIED) {
      v1::ExamineReconsiderationRequest examine;
      examine.set_id(r.id());
      examine.set_etag(r.etag());
      examine.set_accept(!not_accepted);
      // Within the 5 days of the examination, whatever the day of the week.
      *examine.mutable_date() = Date(applied + 3);
      if (not_accepted) {
        examine.set_reason(i % 2 == 0 ? "申请超过法定申请期限" : "不属于行政复议受案范围");
      }
      if (absl::Status s = Write(&ReconsiderationStub::ExamineReconsideration, stub, examine, &r,
                                 request_id, summary);
          !s.ok()) {
        return s;
      }
    }
    if (r.stage() != v1::RECONSIDERATION_STAGE_ACCEPTED) continue;
    // One in ten of the early ones needs the 30-day extension (complex cases).
    bool extended = !is_pending && i % 10 == 0 && applied < CivilDay(2021, 9, 20);
    if (extended && r.extension_days() == 0) {
      v1::ExtendReconsiderationRequest extend;
      extend.set_id(r.id());
      extend.set_etag(r.etag());
      extend.set_reason("案情复杂，需要现场勘验，经机构负责人批准延长30日");
      if (absl::Status s = Write(&ReconsiderationStub::ExtendReconsideration, stub, extend, &r,
                                 request_id, summary);
          !s.ok()) {
        return s;
      }
    }
    v1::DecideReconsiderationRequest decide;
    decide.set_id(r.id());
    decide.set_etag(r.etag());
    decide.set_outcome(outcome);
    int days_taken = is_pending ? 45 : (extended ? 75 : 45) - i % 9;
    *decide.mutable_date() = Date(days.Working(Day(r.acceptance_date()) + days_taken));
    decide.set_summary(outcome == v1::RECONSIDERATION_OUTCOME_UPHELD
                           ? "原行政行为认定事实清楚，证据确凿，适用依据正确，程序合法，予以维持"
                           : "依法作出复议决定");
    if (absl::Status s = Write(&ReconsiderationStub::DecideReconsideration, stub, decide, &r,
                               request_id, summary);
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

// 133 suits filed in 2021: the 11 against the city government in the intermediate court, the
// others in the basic court. One hearing each for those filed by the end of October, 55 of them
// attended by the agency head; judgments a month after the hearing.
absl::Status LoadLawsuits(LitigationStub& stub, const Days& days, LoadSummary& summary) {
  std::vector<CivilDay> filed = days.Spread(CivilDay(2021, 1, 8), CivilDay(2021, 12, 20), 133);
  int head_appearances = 0;
  for (int i = 0; i < 133; ++i) {
    bool government = i % 12 == 5;  // 11 of 133
    std::string request_id = absl::StrCat("demo-lawsuit-2021-", i + 1);
    v1::CreateLawsuitRequest create;
    create.set_request_id(request_id);
    v1::Lawsuit* l = create.mutable_lawsuit();
    l->set_court(government ? "河南省济源中级人民法院" : "济源市人民法院");
    l->set_court_case_number(government ? absl::StrCat("（2021）豫96行初", 1 + i / 12, "号")
                                        : absl::StrCat("（2021）豫9001行初", 1 + i, "号"));
    bool organisation = i % 3 == 0;
    l->set_plaintiff(organisation ? CompanyName(400 + i) : PersonName(400 + i));
    l->set_plaintiff_organisation(organisation);
    l->set_defendant_department_id(government ? "jiyuan" : Pick(kRespondents, i));
    l->set_government_defendant(government);
    *l->mutable_filed_date() = Date(filed[i]);
    v1::Lawsuit suit;
    if (absl::Status s = Call(&LitigationStub::CreateLawsuit, stub, create, &suit, request_id);
        !s.ok()) {
      return s;
    }
    ++summary.lawsuits;
    CivilDay hearing = days.Working(filed[i] + 45);
    if (hearing > CivilDay(2021, 12, 20)) continue;
    // The heads appear where the stakes are highest: every other suit, until 55.
    bool head = i % 2 == 0 && head_appearances < 55;
    if (head) ++head_appearances;
    if (suit.hearings_size() == 0) {
      v1::RecordHearingRequest record;
      record.set_id(suit.id());
      record.set_etag(suit.etag());
      *record.mutable_hearing()->mutable_date() = Date(hearing);
      record.mutable_hearing()->set_head_appeared(head);
      if (head) record.mutable_hearing()->set_head_title(government ? "副市长" : "局长");
      if (absl::Status s =
              Write(&LitigationStub::RecordHearing, stub, record, &suit, request_id, summary);
          !s.ok()) {
        return s;
      }
    }
    if (suit.outcome() == v1::JUDGMENT_OUTCOME_UNSPECIFIED) {
      v1::RecordJudgmentRequest judgment;
      judgment.set_id(suit.id());
      judgment.set_etag(suit.etag());
      judgment.set_outcome(i % 7 == 3   ? v1::JUDGMENT_OUTCOME_LOST
                           : i % 7 == 5 ? v1::JUDGMENT_OUTCOME_WITHDRAWN
                                        : v1::JUDGMENT_OUTCOME_UPHELD);
      *judgment.mutable_date() = Date(days.Working(hearing + 30));
      if (absl::Status s =
              Write(&LitigationStub::RecordJudgment, stub, judgment, &suit, request_id, summary);
          !s.ok()) {
        return s;
      }
    }
  }
  if (head_appearances != kHeadAppearances) {
    return absl::InternalError(absl::StrCat("the demo lawsuits have ", head_appearances,
                                            " head appearances, not ", kHeadAppearances));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<LoadSummary> LoadJiyuanCases(const Stubs& stubs,
                                            const time_util::WorkingDayCalendar& calendar) {
  Days days(calendar);
  Plan plan = MakePlan(days);
  LoadSummary summary;
  std::vector<v1::EnforcementCase> loaded;
  for (const PlannedCase& planned : plan.cases) {
    absl::StatusOr<v1::EnforcementCase> c = LoadCase(stubs.cases, planned, summary);
    if (!c.ok()) return c.status();
    ++summary.cases;
    if (planned.filed_for_review) {
      if (absl::Status s = LoadMajorFiling(stubs.supervision, planned, c->id(), summary); !s.ok()) {
        return s;
      }
    }
    loaded.push_back(*std::move(c));
  }
  int n = 0;
  for (const PlannedFileReview& r : plan.file_reviews) {
    if (absl::Status s = LoadFileReview(stubs.supervision, r, loaded[r.case_index], ++n, summary);
        !s.ok()) {
      return s;
    }
  }
  if (absl::Status s = LoadComplaints(stubs.supervision, days, summary); !s.ok()) return s;
  if (absl::Status s = LoadReconsiderations(stubs.reconsideration, days, summary); !s.ok()) {
    return s;
  }
  if (absl::Status s = LoadLawsuits(stubs.litigation, days, summary); !s.ok()) return s;
  return summary;
}

}  // namespace fazhi::cases::demo
