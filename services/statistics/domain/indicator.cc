#include "services/statistics/domain/indicator.h"

#include "absl/strings/str_cat.h"
#include "common/validation/text.h"

namespace fazhi::statistics {
namespace {

using time_util::PeriodType;

Indicator Count(std::string code, std::string name, std::string unit, std::string section,
                int demonstration = 0) {
  Indicator i;
  i.code = std::move(code);
  i.name = std::move(name);
  i.unit = std::move(unit);
  i.value_type = ValueType::kCount;
  i.aggregation = Aggregation::kSum;
  i.period_types = {PeriodType::kYear, PeriodType::kHalf, PeriodType::kQuarter, PeriodType::kMonth};
  i.report_section = std::move(section);
  i.demonstration_indicator = demonstration;
  return i;
}

Indicator Amount(std::string code, std::string name, std::string section) {
  Indicator i = Count(std::move(code), std::move(name), "元", std::move(section));
  i.value_type = ValueType::kAmountFen;
  return i;
}

// A rate the report states (in basis points, 3370 = 33.7%), kept to check against its counts.
Indicator StatedRate(std::string code, std::string name, std::string section) {
  Indicator i = Count(std::move(code), std::move(name), "‱", std::move(section));
  i.aggregation = Aggregation::kLatest;
  i.period_types = {PeriodType::kYear};
  return i;
}

}  // namespace

absl::Status CheckIndicatorCode(absl::string_view code, absl::string_view field) {
  bool ok = code.size() >= 3 && code.size() <= 100 && code.front() != '.' && code.back() != '.';
  char previous = 0;
  for (char c : code) {
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.') &&
         !(c == '.' && previous == '.');
    previous = c;
  }
  if (!ok) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, " '", validation::IsValidUtf8(code) ? validation::Excerpt(code, 100) : "?",
        "' is not an indicator code: lower-case words of a-z, 0-9 and _ joined by '.'"));
  }
  return absl::OkStatus();
}

absl::Status ValidateIndicator(const Indicator& i) {
  if (absl::Status s = CheckIndicatorCode(i.code, "indicator.code"); !s.ok()) return s;
  if (absl::Status s = validation::CheckText(i.name, "indicator.name", 1, 100); !s.ok()) return s;
  if (absl::Status s = validation::CheckText(i.unit, "indicator.unit", 1, 10); !s.ok()) return s;
  if (i.value_type == ValueType::kUnspecified) {
    return absl::InvalidArgumentError("indicator.value_type is required");
  }
  if (i.aggregation == Aggregation::kUnspecified) {
    return absl::InvalidArgumentError("indicator.aggregation is required");
  }
  if (i.period_types.empty()) {
    return absl::InvalidArgumentError("indicator.period_types: name at least one period type");
  }
  if (i.value_type == ValueType::kRatio) {
    if (absl::Status s = CheckIndicatorCode(i.numerator_code, "indicator.numerator_code");
        !s.ok()) {
      return s;
    }
    if (absl::Status s = CheckIndicatorCode(i.denominator_code, "indicator.denominator_code");
        !s.ok()) {
      return s;
    }
  } else if (!i.numerator_code.empty() || !i.denominator_code.empty()) {
    return absl::InvalidArgumentError(
        "indicator.numerator_code and denominator_code are only for ratio indicators");
  }
  if (i.demonstration_indicator < 0 || i.demonstration_indicator > 200) {
    return absl::InvalidArgumentError("indicator.demonstration_indicator must be 0 to 200");
  }
  if (absl::Status s = validation::CheckText(i.report_section, "indicator.report_section", 0, 40);
      !s.ok()) {
    return s;
  }
  return validation::CheckText(i.description, "indicator.description", 0, 500);
}

const std::vector<Indicator>& ShippedIndicators() {
  static const auto* indicators = new std::vector<Indicator>{
      Count("power_list.units_adjusted", "权责清单动态调整单位数", "个", "一（二）"),
      Count("power_list.items_adjusted", "权责清单动态调整事项数", "项", "一（二）"),
      Count("inspection.random_tasks", "“双随机、一公开”抽查任务数", "项", "一（二）"),
      Count("inspection.joint_random_checks", "跨部门联合双随机抽查次数", "次", "一（二）"),
      Count("inspection.market_entities_checked", "抽查市场主体数", "家", "一（二）"),
      Count("environment.cases_filed", "环境违法行为立案数", "件", "一（二）"),
      Count("environment.penalty_decisions", "环境行政处罚决定数", "件", "一（二）"),
      Amount("environment.fines_imposed_fen", "环境违法罚款金额", "一（二）"),
      Amount("environment.fines_collected_fen", "已收缴环境违法罚款", "一（二）"),
      Count("environment.seizures", "实施查封扣押案件数", "件", "一（二）"),
      Count("environment.transfers_detention", "移送公安机关行政拘留案件数", "件", "一（二）"),
      Count("environment.transfers_criminal", "移送公安机关涉嫌犯罪案件数", "件", "一（二）"),
      Count("normative_documents.issued", "出台规范性文件数", "件", "一（三）"),
      Count("normative_documents.reviewed_for_cleanup", "清理的现行有效文件数", "件", "一（三）"),
      Count("legality_review.total", "合法性审查总数", "件", "一（三）"),
      Count("legality_review.executive_meeting_topics", "审查市政府常务会议议题数", "件",
            "一（三）"),
      Count("legality_review.director_meeting_topics", "审查管委会主任办公会议议题数", "件",
            "一（三）"),
      Count("legality_review.documents", "审查市政府（管委会）文件数", "件", "一（三）"),
      Count("legality_review.other_matters", "审查其他涉法事务数", "件", "一（三）"),
      Count("legality_review.opinions_issued", "出具合法性审查意见书数", "件", "一（三）"),
      Count("enforcement.no_penalty_items", "不予处罚事项数", "项", "一（四）"),
      Count("enforcement.reduced_penalty_items", "减轻处罚事项数", "项", "一（四）"),
      Count("enforcement.officers_trained", "参加培训考试的执法人员数", "人", "一（四）"),
      // Every department's enforcement case figures, as the cases service's SyncToStatistics
      // writes them from case records (the report states them for 生态环境局 only, as
      // environment.*).
      Count("enforcement.cases_filed", "行政执法立案数", "件", "一（四）"),
      Count("enforcement.penalty_decisions", "行政处罚决定数", "件", "一（四）"),
      Amount("enforcement.fines_imposed_fen", "行政处罚罚款金额", "一（四）"),
      Amount("enforcement.fines_collected_fen", "已收缴行政处罚罚款", "一（四）"),
      Count("enforcement.seizures", "实施查封扣押案件数", "件", "一（四）"),
      Count("enforcement.transfers_detention", "移送公安机关行政拘留案件数", "件", "一（四）"),
      Count("enforcement.transfers_criminal", "移送公安机关涉嫌犯罪案件数", "件", "一（四）"),
      Count("supervision.major_penalty_filings_received", "受理重大行政处罚备案数", "件",
            "一（四）"),
      Count("supervision.major_penalty_filings_reviewed", "审查重大行政处罚备案数", "件",
            "一（四）"),
      Count("supervision.case_files_reviewed", "评查行政执法案卷数", "本", "一（四）"),
      Count("supervision.complaints_handled", "办理执法投诉举报案件数", "件", "一（四）"),
      Count("supervision.letters_issued", "下发行政执法监督意见书数", "份", "一（四）"),
      Count("audit.projects", "审计和审计调查项目数", "个", "一（五）"),
      Count("audit.projects_national", "审计署统一组织项目数", "个", "一（五）"),
      Count("audit.projects_provincial", "省审计厅统一组织项目数", "个", "一（五）"),
      Count("audit.projects_municipal", "市本级组织项目数", "个", "一（五）"),
      Count("disclosure.municipal_items", "市级公开事项数", "个", "一（五）"),
      Count("disclosure.township_items", "镇级公开事项数", "个", "一（五）"),
      Count("reconsideration.received", "行政复议案件受理数", "件", "一（七）"),
      Count("reconsideration.concluded", "行政复议案件审结数", "件", "一（七）"),
      Count("reconsideration.upheld", "复议维持数", "件", "一（七）"),
      Count("reconsideration.corrected", "复议直接纠错数", "件", "一（七）"),
      Count("reconsideration.mediated", "复议协调解决数", "件", "一（七）"),
      Count("reconsideration.not_accepted", "复议不予受理数", "件", "一（七）"),
      Count("reconsideration.rejected", "复议驳回数", "件", "一（七）"),
      Count("reconsideration.terminated", "复议终止数", "件", "一（七）"),
      Count("litigation.government_defendant", "以市政府为被告的行政诉讼案件数", "件", "一（七）"),
      Count("litigation.department_defendant", "以部门、镇（街道）为被告的行政诉讼案件数", "件",
            "一（七）"),
      Count("litigation.head_appearances", "行政机关负责人出庭应诉数", "件", "一（七）"),
      Count("mediation.disputes", "人民调解矛盾纠纷数", "件", "一（七）"),
      Count("mediation.successful", "调解成功数", "件", "一（七）"),
      StatedRate("mediation.success_rate_bp", "调解成功率（报告所述）", "一（七）"),
      Count("mediation.court_referred", "法院委派调解案件数", "件", "一（七）"),
      Count("mediation.court_referred_successful", "法院委派调解成功数", "件", "一（七）"),
      StatedRate("mediation.court_referred_rate_bp", "委派调解分流化解率（报告所述）", "一（七）"),

      // The rest of the report's figures of the year, by section. Left out: dates, document
      // numbers, ordinals, the 2022 plans, durations that are service standards (开办企业最短2个
      // 小时, 电力接入审批5个工作日到1个工作日), the count of towns and subdistricts whose powers
      // were reviewed (11 + 5: every one, the unit tree), and the "100%" statements that say an
      // obligation was met in full (抽查结果公示, 主动公开, 及时回复).

      // 一（一）加强组织领导: the Party committee's and the government's meetings on the rule of
      // law.
      Count("leadership.standing_committee_briefings", "市委常委会专题听取法治建设工作汇报次数",
            "次", "一（一）"),
      Count("leadership.executive_meeting_law_studies", "市政府常务会议集中学法次数", "次",
            "一（一）"),
      Count("leadership.executive_meeting_topics", "市政府常务会议研究法治政府建设工作次数", "次",
            "一（一）"),

      // 一（二）深化行政审批制度改革: government services and 证明事项告知承诺.
      Count("government_service.all_window_items", "无差别全科受理事项数", "个", "一（二）"),
      Count("government_service.no_visit_items", "不见面审批政务服务事项数", "项", "一（二）"),
      StatedRate("government_service.time_limit_cut_bp", "行政许可事项承诺时限压缩比例（报告所述）",
                 "一（二）"),
      Count("government_service.online_items", "“网上办”事项数", "个", "一（二）"),
      Count("government_service.one_network_items", "一网通办事项数", "个", "一（二）"),
      Count("government_service.mobile_items", "“豫事办”分厅接入事项数", "个", "一（二）"),
      StatedRate("government_service.mobile_user_rate_bp", "“豫事办”用户普及率（报告所述）",
                 "一（二）"),
      Count("government_service.metro_area_items", "洛阳都市圈通办事项数", "项", "一（二）"),
      Count("government_service.cross_province_items", "跨省点对点通办事项数", "个", "一（二）"),
      Count("government_service.yangtze_delta_items", "与长三角地区跨省办理业务数", "项",
            "一（二）"),
      Count("certification.commitment_fields", "证明事项告知承诺覆盖重点民生领域数", "个",
            "一（二）"),
      Count("certification.commitment_items", "告知承诺证明事项数", "项", "一（二）"),
      // 一（二）权责清单: the province's powers listed and the units inspected.
      Count("power_list.delegated_powers_listed", "纳入清单管理的省赋经济社会管理权限数", "项",
            "一（二）"),
      Count("power_list.units_inspected", "权责清单执行督导检查单位数", "个", "一（二）"),
      // 一（二）双随机、信用监管、公平竞争审查 and the environment's orders.
      Count("inspection.departments", "完成“双随机、一公开”任务的职能部门数", "个", "一（二）"),
      Count("credit.industries", "信用基础档案涵盖行业数", "个", "一（二）"),
      Count("credit.enterprises_on_file", "建立信用基础档案企业数", "家", "一（二）"),
      Count("credit.records_collected", "归集涉企信息数", "条", "一（二）"),
      Count("credit.abnormal_listed", "列入经营异常名录企业数", "家", "一（二）"),
      Count("credit.abnormal_removed", "移出经营异常名录企业数", "条", "一（二）"),
      Count("credit.serious_dishonest_removed", "移出严重违法失信企业数", "条", "一（二）"),
      Count("fair_competition.documents_screened", "公平竞争审查排查规范性文件数", "件",
            "一（二）"),
      Count("fair_competition.unfair_competition_cases", "查办反不正当竞争案件数", "件",
            "一（二）"),
      Count("environment.rectification_orders", "下达责令改正违法行为决定书数", "份", "一（二）"),
      // 一（二）全面建设数字法治政府.
      Count("enforcement.recording_devices", "执法记录仪、无人机等影像设备数", "台", "一（二）"),
      Count("epidemic.health_code_scans", "“济源健康通行码”累计扫码人次", "人次", "一（二）"),

      // 一（三）规范性文件清理 and 合法性审查.
      Count("normative_documents.to_amend", "清理出需修改的文件数", "件", "一（三）"),
      Count("normative_documents.invalidated", "清理出失效的文件数", "件", "一（三）"),
      Count("legality_review.pilot_units", "法规科长、司法所长列席班子会议试点单位数", "个",
            "一（三）"),

      // 一（四）: penalty powers delegated to towns, enforcement supervision, service-oriented
      // enforcement.
      Count("delegation.town_penalty_powers", "赋予镇的行政处罚权数", "项", "一（四）"),
      Count("delegation.subdistrict_penalty_powers", "赋予街道的行政处罚权数", "项", "一（四）"),
      Count("enforcement.no_penalty_list_units", "梳理不予、减轻处罚事项的执法单位数", "个",
            "一（四）"),
      Count("supervision.three_systems_units_checked", "“三项制度”检查的重点执法部门数", "个",
            "一（四）"),
      Count("supervision.observation_units", "执法规范化现场观摩的重点执法单位数", "个",
            "一（四）"),
      Count("supervision.rectification_suggestions", "重大行政处罚备案审查提出整改建议数", "项",
            "一（四）"),
      Count("supervision.case_file_review_units", "案卷评查抽取单位数", "个", "一（四）"),
      Count("administrative_mediation.pilot_units", "行政调解融入行政执法试点单位数", "个",
            "一（四）"),
      Count("risk_prevention.units", "梳理行政相对人法律风险点的单位数", "个", "一（四）"),
      Count("risk_prevention.risk_points", "梳理行政相对人法律风险点数", "项", "一（四）"),

      // 一（五）: audit findings, internal control, disclosure and the public's ratings.
      Amount("audit.irregular_funds_fen", "查处违规和管理不规范资金", "一（五）"),
      Amount("audit.remitted_to_treasury_fen", "促进上缴财政资金", "一（五）"),
      Amount("audit.returned_to_channel_fen", "归还原渠道资金", "一（五）"),
      Count("audit.reports", "审计要情、审计建议、专题报告数", "份", "一（五）"),
      Count("audit.referrals", "出具移送处理书数", "份", "一（五）"),
      Count("audit.units_criticized", "被通报批评单位数", "个", "一（五）"),
      Count("audit.persons_warned", "给予警告处分人数", "人", "一（五）"),
      Count("audit.persons_organisationally_handled", "给予组织处理人数", "人", "一（五）"),
      Count("internal_control.units_reported", "完成内部控制评价报告汇总的单位数", "家",
            "一（五）"),
      Count("disclosure.pilot_fields", "政务公开试点领域数", "个", "一（五）"),
      Count("disclosure.documents_published", "主动公开政府文件数", "个", "一（五）"),
      Count("disclosure.policy_graphics_copies", "编印政策图解份数", "份", "一（五）"),
      Count("service_rating.evaluations", "政务服务“好差评”评价数", "条", "一（五）"),
      StatedRate("service_rating.positive_rate_bp", "“好差评”好评率（报告所述）", "一（五）"),
      Count("public_feedback.received", "群众咨询投诉建议数", "条", "一（五）"),

      // 一（六）依法预防处置突发事件.
      Count("emergency.rescue_personnel", "汛期参与应急救援人次", "人次", "一（六）"),

      // 一（七）: village legal advisers, lawyers for 万人助万企, and the 民法典 lectures.
      Count("legal_adviser.advisers", "村（居）法律顾问人数", "人", "一（七）"),
      Count("legal_adviser.visits", "法律顾问深入村（居）人次", "人次", "一（七）"),
      Count("legal_adviser.consultations", "法律顾问接受法律咨询人次", "人次", "一（七）"),
      Count("legal_adviser.mediations", "法律顾问参与调解纠纷次数", "次", "一（七）"),
      Count("legal_adviser.lectures", "法律顾问举办法治讲座场次", "场次", "一（七）"),
      Count("legal_adviser.opinions", "法律顾问提供法律意见数", "条", "一（七）"),
      Count("legal_adviser.documents_drafted", "代困难群众起草法律文书数", "份", "一（七）"),
      Count("legal_adviser.litigation", "法律顾问参与诉讼活动次数", "次", "一（七）"),
      Count("enterprise_help.lawyer_teams", "“万人助万企”律师服务团数", "个", "一（七）"),
      Count("enterprise_help.lawyer_visits", "“万人助万企”参与律师人次", "人次", "一（七）"),
      Count("enterprise_help.enterprises_examined", "“万人助万企”体检企业数", "家", "一（七）"),
      Count("enterprise_help.policy_talks", "“万人助万企”政策宣讲次数", "次", "一（七）"),
      Count("enterprise_help.consultations", "“万人助万企”法治宣传和法律咨询人次", "人次",
            "一（七）"),
      Count("enterprise_help.risk_analyses", "“万人助万企”风险分析数", "件", "一（七）"),
      Count("enterprise_help.legal_opinions", "“万人助万企”法律意见数", "条", "一（七）"),
      Count("enterprise_help.reports", "“万人助万企”体检报告数", "份", "一（七）"),
      Count("civil_code.lectures", "民法典宣讲法治讲座场数", "场", "一（七）"),
  };
  return *indicators;
}

std::vector<std::string> ShippedIndicatorCodes(ValueType value_type,
                                               time_util::PeriodType period_type) {
  std::vector<std::string> codes;
  for (const Indicator& i : ShippedIndicators()) {
    if (i.value_type == value_type && i.period_types.count(period_type)) codes.push_back(i.code);
  }
  return codes;
}

}  // namespace fazhi::statistics
