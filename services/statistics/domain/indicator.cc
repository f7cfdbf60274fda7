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
        field, " '", validation::IsValidUtf8(code) ? code.substr(0, 100) : "?",
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
